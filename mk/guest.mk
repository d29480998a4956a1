# Guests: the libc layer's examples, built with `wasig cc` for both
# targets into build/examples/{wasi,emscripten}/. The guest tests live in
# test/guest/*.test.ts (vitest) and build their own programs the same way.
GUEST_EXAMPLES := graceful progress eventloop timeout
GUEST_DEPS := $(wildcard c-src/libc/*.c c-src/libc/*.h c-src/include/*.h c-src/include/sys/*.h) \
  $(CORE_SRC) $(CORE_HDR) shims/emscripten/wasig-guest.js dist/.built
GUEST_EXAMPLES_OUT := $(GUEST_EXAMPLES:%=build/examples/wasi/%.wasm) \
  $(GUEST_EXAMPLES:%=build/examples/emscripten/%.wasm)

build/examples/wasi/%.wasm: examples/%.c $(GUEST_DEPS)
	node bin/wasig.js cc --target wasi $< -o $@

build/examples/emscripten/%.wasm: examples/%.c $(GUEST_DEPS)
	node bin/wasig.js cc --target emscripten $< -o $@

.PHONY: guest-examples
guest-examples: $(GUEST_EXAMPLES_OUT)

BUILD_EXTRA += guest-examples
