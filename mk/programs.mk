# Real programs: Debian source packages (lua5.4, sqlite3, bc, dash, ed, zstd, less with ncurses)
# fetched with a private apt list (tools/debian-source.sh), built natively
# and with a plain `wasig cc` for both targets (test/programs/build.mjs,
# both cached per user by content: test/programs/test-cache.mjs), and run
# through the scenarios of test/programs/ against the native build. `make test-programs` ends with "N passed, M failed".
.PHONY: test-programs programs
programs: build
	node test/programs/build.mjs

test-programs: build
	@mkdir -p build/results
	node tools/vitest-summary.mjs --config test/programs/vitest.config.ts

TEST_SUITES += test-programs
