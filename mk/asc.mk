# AssemblyScript guests: the signal library they import, the core
# and c-src/libc built as one WASI reactor with its own shared memory
# (c-src/aslib/aslib.c says why). The library's AssemblyScript side is
# assembly/index.ts, its asc transform ts/asc/transform.ts (dist/asc/). The
# tests (test/assemblyscript/) compile their programs with asc themselves.
ASLIB_DEPS := c-src/aslib/aslib.c $(wildcard c-src/libc/*.c c-src/libc/*.h c-src/include/*.h c-src/include/sys/*.h) \
  $(CORE_SRC) $(CORE_HDR) dist/.built

wasm/aslib.wasm: $(ASLIB_DEPS)
	node bin/wasig.js cc --target wasi --no-preempt -mexec-model=reactor c-src/aslib/aslib.c -o $@

BUILD_EXTRA += wasm/aslib.wasm

# The AssemblyScript examples (examples/assemblyscript/build.sh, as a user
# would build them), into build/examples/assemblyscript/.
ASC_EXAMPLES := $(patsubst examples/assemblyscript/%.ts,build/examples/assemblyscript/%.wasm,$(wildcard examples/assemblyscript/*.ts))
$(ASC_EXAMPLES) &: $(wildcard examples/assemblyscript/*.ts) examples/assemblyscript/build.sh assembly/index.ts dist/.built
	sh examples/assemblyscript/build.sh build/examples/assemblyscript

BUILD_EXTRA += $(ASC_EXAMPLES)
