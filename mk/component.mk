# Components: the examples built with `wasig cc --component` into
# build/examples/component/ (each .wasm with its transpiled .jco/ folder,
# which the browser suite serves at /examples/component/). The Node tests
# (test/component, test/wit) run in test-js.
COMPONENT_EXAMPLES := progress eventloop reactor
COMPONENT_DEPS := $(wildcard c-src/component/*.c c-src/component/*.h c-src/libc/*.c c-src/libc/*.h) \
  $(wildcard c-src/include/*.h c-src/include/sys/*.h) dist/.built
COMPONENT_EXAMPLES_OUT := $(COMPONENT_EXAMPLES:%=build/examples/component/%.wasm)

build/examples/component/%.wasm: examples/%.c $(COMPONENT_DEPS)
	node bin/wasig.js cc --component $< -o $@

# A reactor: no main, the host calls its handlers (wasig:signals/reactor).
build/examples/component/reactor.wasm: examples/reactor.c $(COMPONENT_DEPS)
	node bin/wasig.js cc --component -mexec-model=reactor $< -o $@

.PHONY: component-examples
component-examples: $(COMPONENT_EXAMPLES_OUT)

BUILD_EXTRA += component-examples

# The component suites alone (test-js runs them with the rest): the Node
# tests of components and of the WIT package. Their browser half is
# `make test-browser ARGS=component`.
.PHONY: test-component
test-component: build
	@mkdir -p build/results
	node tools/vitest-summary.mjs test/component test/wit
