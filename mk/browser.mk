# Browsers: `make serve` runs the page (web/) on a local server with
# COOP/COEP; `make test-browser` runs the browser suites (test/browser/, kept
# out of vitest) on @playwright/test in Debian's chromium, and ends with
# "N passed, M failed". One suite or test: add ARGS, as in
# `make test-browser ARGS=terminal` or `ARGS='-g "1024 px"'`.
PORT ?= 8080
SERVE_FLAGS ?=

# The page's own example guest (web/examples/*.c), both targets, built like
# the examples of mk/guest.mk; served at /web-examples/.
WEB_EXAMPLES := watch
WEB_EXAMPLE_DEPS := $(wildcard c-src/libc/*.c c-src/libc/*.h c-src/include/*.h c-src/include/sys/*.h) \
  $(CORE_SRC) $(CORE_HDR) shims/emscripten/wasig-guest.js dist/.built
WEB_EXAMPLES_OUT := $(WEB_EXAMPLES:%=build/web-examples/wasi/%.wasm) $(WEB_EXAMPLES:%=build/web-examples/emscripten/%.wasm)

build/web-examples/wasi/%.wasm: web/examples/%.c $(WEB_EXAMPLE_DEPS)
	node bin/wasig.js cc --target wasi $< -o $@

build/web-examples/emscripten/%.wasm: web/examples/%.c $(WEB_EXAMPLE_DEPS)
	node bin/wasig.js cc --target emscripten $< -o $@

.PHONY: serve serve-plain test-browser web-examples
web-examples: $(WEB_EXAMPLES_OUT)
BUILD_EXTRA += web-examples

serve: build
	node tools/serve.mjs --port $(PORT) $(SERVE_FLAGS)

# The same page without cross-origin isolation (the fallback delivery).
serve-plain: build
	node tools/serve.mjs --port $(PORT) --no-isolation $(SERVE_FLAGS)

test-browser: build
	@mkdir -p build/results
	npx playwright test -c test/browser/playwright.config.mjs $(ARGS)

TEST_SUITES += test-browser
