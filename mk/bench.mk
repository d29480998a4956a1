# make bench: side-by-side benchmarks. Not part of `make test`.
# Builds bench/c/loop.c with the core sources for each flavor, the bench
# guests (bench/c/guest.c, `wasig cc`, both targets) and the footprint
# programs,
# then runs bench/run.mjs, which prints the table and writes
# docs/benchmarks.{md,json,svg} (Chromium rows: /usr/bin/chromium).
# `node bench/run.mjs --render` rewrites the .md and .svg from the .json and
# bench/notes.md without measuring.
.PHONY: bench bench-wasm
BENCH_WASM := build/bench/loop-wasi.wasm build/bench/loop-wasi-shared.wasm build/bench/loop-emscripten.wasm
BENCH_CFLAGS := -O2 -Wall -Wextra -Werror -Ic-src/core

bench-wasm: $(BENCH_WASM)

build/bench/loop-wasi.wasm: bench/c/loop.c $(CORE_SRC) $(CORE_HDR)
	@mkdir -p build/bench
	$(WASI_CC) --target=wasm32-wasi $(BENCH_CFLAGS) -mbulk-memory -nostdlib \
	  -Wl,--no-entry -Wl,--export-dynamic -Wl,--allow-undefined -o $@ bench/c/loop.c $(CORE_SRC)

# The same with the memory shared (a guest whose mailbox the host writes in place).
build/bench/loop-wasi-shared.wasm: bench/c/loop.c $(CORE_SRC) $(CORE_HDR)
	@mkdir -p build/bench
	$(WASI_CC) --target=wasm32-wasi $(BENCH_CFLAGS) -matomics -mbulk-memory -nostdlib \
	  -Wl,--no-entry -Wl,--export-dynamic -Wl,--allow-undefined \
	  -Wl,--shared-memory,--import-memory,--max-memory=67108864,--no-check-features \
	  -o $@ bench/c/loop.c $(CORE_SRC)

build/bench/loop-emscripten.wasm: bench/c/loop.c $(CORE_SRC) $(CORE_HDR)
	@mkdir -p build/bench
	set -o pipefail; emcc $(BENCH_CFLAGS) -Wno-undefined bench/c/loop.c $(CORE_SRC) -o $@ --no-entry \
	  -sSTANDALONE_WASM -sERROR_ON_UNDEFINED_SYMBOLS=0 -sALLOW_MEMORY_GROWTH \
	  -sINITIAL_MEMORY=1MB -sTOTAL_STACK=64KB 2>&1 | { grep -v 'undefined symbol: \(bench_\|wasig_wait_js\)' || true; }

bench: build bench-wasm bench-guests bench-asc bench-lua bench-soak-guests bench-component
	node bench/run.mjs
	node bench/soak.mjs 100 1000 wasi
	node bench/soak.mjs 100 1000 emscripten

# The soak (bench/soak.mjs): 100 guests signalling each other.
.PHONY: bench-soak-guests
bench-soak-guests: build/bench/guest/wasi/soak.wasm build/bench/guest/emscripten/soak.mjs

# Lua 5.4 from Debian's source package, native and with `wasig cc` (section 7,
# bench/lua.mjs). A build that cannot be made leaves rows that say so.
.PHONY: bench-lua
bench-lua: build
	bench/lua/build.sh

# Guest rows (bench/guest.mjs, oslat.mjs, throughput.mjs, storm.mjs,
# browser.mjs): bench/c/guest.c built with `wasig cc` for both targets as a
# user would (default flags, so with the preemption instrumentation), and once
# with --no-preempt. Footprint: minimal programs with and without the library.
BENCH_GUEST_DEPS := $(wildcard c-src/libc/*.c c-src/libc/*.h c-src/include/*.h c-src/include/sys/*.h) \
  $(CORE_SRC) $(CORE_HDR) shims/emscripten/wasig-guest.js dist/.built
BENCH_GUEST := build/bench/guest/wasi/guest.wasm build/bench/guest/emscripten/guest.mjs \
  build/bench/guest-np/wasi/guest.wasm build/bench/guest-np/emscripten/guest.mjs
BENCH_MIN := $(foreach f,wasi emscripten,build/bench/min/plain-$(f)/minimal.wasm \
  build/bench/min/wasig-$(f)/minimal.wasm build/bench/min/wasig-$(f)/minimal-signal.wasm)

build/bench/guest/wasi/%.wasm: bench/c/%.c $(BENCH_GUEST_DEPS)
	node bin/wasig.js cc --target wasi $< -o $@
build/bench/guest/emscripten/%.mjs: bench/c/%.c $(BENCH_GUEST_DEPS)
	node bin/wasig.js cc --target emscripten $< -o $@
build/bench/guest-np/wasi/%.wasm: bench/c/%.c $(BENCH_GUEST_DEPS)
	node bin/wasig.js cc --no-preempt --target wasi $< -o $@
build/bench/guest-np/emscripten/%.mjs: bench/c/%.c $(BENCH_GUEST_DEPS)
	node bin/wasig.js cc --no-preempt --target emscripten $< -o $@

# Without the library: the toolchain's own defaults, -O2.
build/bench/min/plain-wasi/%.wasm: bench/c/%.c
	@mkdir -p $(@D)
	$(WASI_CC) --target=wasm32-wasi -O2 $< -o $@
build/bench/min/plain-emscripten/%.wasm: bench/c/%.c
	@mkdir -p $(@D)
	emcc -O2 -sMODULARIZE -sEXPORT_ES6 $< -o $(@:.wasm=.mjs)
# With it: `wasig cc --no-preempt` (the instrumentation is the program's, not the library's).
build/bench/min/wasig-wasi/%.wasm: bench/c/%.c $(BENCH_GUEST_DEPS)
	node bin/wasig.js cc --no-preempt --target wasi $< -o $@
build/bench/min/wasig-emscripten/%.wasm: bench/c/%.c $(BENCH_GUEST_DEPS)
	node bin/wasig.js cc --no-preempt --target emscripten $< -o $(@:.wasm=.mjs)

.PHONY: bench-guests
bench-guests: $(BENCH_GUEST) $(BENCH_MIN)

# The AssemblyScript bench guest (bench/assemblyscript.mjs): built with the
# wasig transform, and with its no-preempt entry for the loop-overhead rows.
BENCH_ASC := build/bench/asc/guest-transform.wasm build/bench/asc/guest-transform-no-preempt.wasm
build/bench/asc/guest-%.wasm: bench/assemblyscript/guest.ts assembly/index.ts dist/.built
	@mkdir -p $(@D) build/asc-modules
	@test -e build/asc-modules/wasig || ln -s ../.. build/asc-modules/wasig
	npx asc $< --path build/asc-modules --transform ./dist/asc/$*.js -O3 -o $@
.PHONY: bench-asc
bench-asc: $(BENCH_ASC)

# Section 10 (bench/component.mjs): bench/c/guest.c and bench/c/pull.c as
# components, pull.c also as a core-module guest.
.PHONY: bench-component
BENCH_COMPONENT_DEPS := $(wildcard c-src/component/*.c c-src/component/*.h c-src/libc/*.c c-src/libc/*.h) dist/.built
bench-component: build/bench/component/guest.wasm build/bench/component/pull.wasm build/bench/guest/wasi/pull.wasm
build/bench/component/%.wasm: bench/c/%.c $(BENCH_COMPONENT_DEPS)
	node bin/wasig.js cc --component $< -o $@
