# LTP's open_posix_testsuite signal tests (docs/conformance.md): built
# natively and with wasig cc for both targets, run, and compared with the
# native run. The suite is not fetched: LTP names its open_posix_testsuite
# folder. Not part of `make test` (a full sweep takes hours on a loaded
# 2-core machine); `make conformance-ltp LTP=... DIRS="signal sigset"` runs
# some folders only. Ends with "N passed, M failed".
.PHONY: conformance-ltp
conformance-ltp: build
	@test -n "$(LTP)" || { echo "set LTP to an open_posix_testsuite folder, e.g. make conformance-ltp LTP=~/ltp/testcases/open_posix_testsuite"; exit 2; }
	LTP="$(LTP)" bash tools/ltp-conformance.sh $(DIRS)
