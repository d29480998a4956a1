# make bench: side-by-side benchmarks (issue 5). Not part of `make test`.
# Builds bench/c/loop.c with the core sources for each flavor, then runs
# bench/run.mjs, which prints the table and writes docs/benchmarks.{md,json,svg}.
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

bench: build bench-wasm
	node bench/run.mjs
