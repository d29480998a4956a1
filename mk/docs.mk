# The API reference: TypeDoc (pinned in devDependencies) renders the doc
# comments of both entries (Node, browser) into docs/api/, a build output.
# test/package/package.test.ts fails on any TypeDoc warning, such as an
# undocumented public item.
.PHONY: docs
docs: build
	npx typedoc
