#!/usr/bin/env bash
# Run a libFuzzer binary for a bounded time and report it as one test.
#   bash tools/run-fuzz.sh build/fuzz-core [seconds]
# The corpus lives in build/fuzz-corpus (reruns start from it), libFuzzer's
# log goes to build/fuzz.log and crash inputs to build/fuzz-artifacts/. The
# last line is "N passed, M failed"; the exit status is non-zero on failure.
set -u

if [ $# -lt 1 ]; then
  echo "usage: $0 FUZZER [SECONDS]" >&2
  echo "0 passed, 1 failed"
  exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$1
secs=${2:-20}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac

build=$root/build
corpus=$build/fuzz-corpus
artifacts=$build/fuzz-artifacts
log=$build/fuzz.log
mkdir -p "$corpus" "$artifacts"

if [ ! -x "$bin" ]; then
  echo "fuzz: $bin is missing or not executable (build it with: make build/fuzz-core)"
  echo "0 passed, 1 failed"
  exit 1
fi

"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
  -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1
rc=$?

if [ $rc -eq 0 ]; then
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1)
  echo "fuzz: $(basename "$bin") ran ${runs:-?} inputs in ${secs}s, no failure (log: build/fuzz.log)"
  echo "1 passed, 0 failed"
  exit 0
fi

echo "fuzz: $(basename "$bin") failed with status $rc; last lines of build/fuzz.log:"
tail -n 25 "$log" | sed 's/^/  /'
crash=$(ls -t "$artifacts" 2>/dev/null | head -n 1)
[ -n "$crash" ] && echo "fuzz: reproduce with: $bin build/fuzz-artifacts/$crash"
echo "0 passed, 1 failed"
exit 1
