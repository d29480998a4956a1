# wasig: `make demo` runs the example, `make test` runs every suite.
# Each installs what it needs (tools/install-deps.sh is idempotent) and builds.
SHELL := /bin/bash
export NODE_PATH := /usr/share/nodejs

CORE_SRC := c-src/core/core.c c-src/core/layout.c c-src/core/pool.c
CORE_HDR := $(wildcard c-src/core/*.h)
CORE_EXPORTS := $(shell grep -ho 'WASIG_EXPORT(wasig_[a-z_]*)' c-src/core/boundary.h | sed 's/WASIG_EXPORT(\(.*\))/"_\1"/' | paste -sd, )
WASI_CC := clang-14
CFLAGS_WASM := -O2 -Wall -Wextra -Werror
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

WASM_OUT := wasm/core-wasi.wasm wasm/core-emscripten.mjs wasm/core-emscripten-web.mjs wasm/component-host.wasm
TS_SRC := $(shell find ts -name '*.ts' 2>/dev/null)

.PHONY: all deps build wasm ts test test-c test-js demo clean fuzz print-suites
all: build

# Suites that `make test` runs, in order; each target prints a closing line
# "N passed, M failed" that tools/run-all-tests.mjs adds up. Files in mk/ add
# their own build steps and suites.
TEST_SUITES := test-c test-js
BUILD_EXTRA :=
-include mk/*.mk

deps:
	@bash tools/install-deps.sh

build: deps wasm ts $(BUILD_EXTRA)

wasm: $(WASM_OUT)

wasm/core-wasi.wasm: $(CORE_SRC) $(CORE_HDR)
	@mkdir -p wasm
	$(WASI_CC) --target=wasm32-wasi $(CFLAGS_WASM) -mbulk-memory -nostdlib \
	  -Wl,--no-entry -Wl,--export-dynamic -o $@ $(CORE_SRC)

# What a component's worker keeps of its process (ts/component): the core
# and the POSIX timers of the file core-module guests link, which the
# component reaches through wasig:signals/timer (c-src/component-host says
# why). timer.c needs wasi-libc (errno, clock_gettime), whose thread-local
# errno clang-14 compiles only without bulk memory: the C files of the
# libc layer are compiled apart from the core.
COMPONENT_HOST_C := c-src/libc/timer.c c-src/component-host/timers.c
wasm/component-host.wasm: $(CORE_SRC) $(CORE_HDR) $(COMPONENT_HOST_C) c-src/libc/internal.h c-src/libc/sigevent.h $(wildcard c-src/include/*.h)
	@mkdir -p wasm build/component-host
	for f in $(COMPONENT_HOST_C); do \
	  $(WASI_CC) --target=wasm32-wasi $(CFLAGS_WASM) -Ic-src/include -c $$f -o build/component-host/$$(basename $$f .c).o || exit 1; done
	$(WASI_CC) --target=wasm32-wasi $(CFLAGS_WASM) -mbulk-memory -mexec-model=reactor -Wl,--strip-debug -o $@ \
	  $(CORE_SRC) $(patsubst %.c,build/component-host/%.o,$(notdir $(COMPONENT_HOST_C)))

# The same sources through emcc; the .mjs loader comes with a .wasm beside it.
wasm/core-emscripten.mjs: $(CORE_SRC) $(CORE_HDR) shims/emscripten/esm-node-prelude.js
	@mkdir -p wasm
	emcc $(CFLAGS_WASM) $(CORE_SRC) -o $@ --no-entry \
	  -sEXPORTED_FUNCTIONS='[$(CORE_EXPORTS)]' -sMODULARIZE -sEXPORT_ES6 \
	  -sEXPORT_NAME=createCore -sALLOW_MEMORY_GROWTH -sINITIAL_MEMORY=1MB \
	  -sTOTAL_STACK=64KB -sENVIRONMENT=web,worker,node -sFILESYSTEM=0 \
	  -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0 \
	  --extern-pre-js shims/emscripten/esm-node-prelude.js

# The browser build's loader: web and worker only, so that bundlers see no
# Node module (no require, no top-level await) when they follow it.
wasm/core-emscripten-web.mjs: $(CORE_SRC) $(CORE_HDR)
	@mkdir -p wasm
	emcc $(CFLAGS_WASM) $(CORE_SRC) -o $@ --no-entry \
	  -sEXPORTED_FUNCTIONS='[$(CORE_EXPORTS)]' -sMODULARIZE -sEXPORT_ES6 \
	  -sEXPORT_NAME=createCore -sALLOW_MEMORY_GROWTH -sINITIAL_MEMORY=1MB \
	  -sTOTAL_STACK=64KB -sENVIRONMENT=web,worker -sFILESYSTEM=0

# dist/ is rebuilt whole, and also when a source is removed or renamed (the
# list of sources changes), so that no output of a deleted file lingers in
# dist/ or in the packed package.
TS_LIST := build/ts-sources.list
$(shell mkdir -p build && printf '%s\n' $(TS_SRC) > $(TS_LIST).new && \
  { cmp -s $(TS_LIST).new $(TS_LIST) && rm -f $(TS_LIST).new || mv $(TS_LIST).new $(TS_LIST); })
ts: dist/.built
dist/.built: $(TS_SRC) tsconfig.json $(TS_LIST)
	rm -rf dist
	npx tsc -p tsconfig.json
	@touch $@

# C unit tests of the core, natively, under ASan and UBSan.
build/test-core: test/c/test_core.c $(CORE_SRC) $(CORE_HDR)
	@mkdir -p build
	clang-14 -g -O1 $(SAN) -Wall -Wextra -Ic-src/core -o $@ test/c/test_core.c $(CORE_SRC)

build/fuzz-core: test/c/fuzz_core.c $(CORE_SRC) $(CORE_HDR)
	@mkdir -p build
	clang-14 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Ic-src/core -o $@ test/c/fuzz_core.c $(CORE_SRC)

test-c: build/test-core build/fuzz-core
	@mkdir -p build/results
	./build/test-core | tee build/results/c.txt
	bash tools/run-fuzz.sh build/fuzz-core | tee build/results/fuzz.txt

test-js: build
	@mkdir -p build/results
	node tools/vitest-summary.mjs

test: deps build
	@rm -rf build/results
	@node tools/run-all-tests.mjs $(TEST_SUITES)

print-suites:
	@echo $(TEST_SUITES)

demo: deps build
	node examples/demo.mjs

clean:
	rm -rf build dist wasm/*.wasm wasm/*.mjs
