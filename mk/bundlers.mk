# Bundlers: the README's app built with esbuild, vite (dev and
# build) and webpack 5 from the packed package, served with COOP/COEP and run
# in Chromium (test/bundlers/run.mjs). The bundlers, pinned in
# test/bundlers/package.json, are installed once under build/bundlers/.
.PHONY: test-bundlers
test-bundlers: build
	node test/bundlers/run.mjs

TEST_SUITES += test-bundlers
