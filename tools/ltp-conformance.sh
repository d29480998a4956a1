#!/usr/bin/env bash
# LTP's open_posix_testsuite signal tests, built natively (gcc, glibc) and
# with `wasig cc` for both targets, run, and compared with the native run.
#   LTP=/path/to/ltp/testcases/open_posix_testsuite bash tools/ltp-conformance.sh [DIR...]
# The suite's sources are not part of this repository: LTP names a checkout
# (or any copy of its open_posix_testsuite folder). DIRs are folder names
# under conformance/interfaces; by default every signal-related one.
# Results go to build/conformance/: one line per test in results.txt
# ("dir/test native wasi emscripten", each PASS, FAIL, UNRESOLVED,
# UNSUPPORTED, UNTESTED, TIMEOUT, BUILD or rcN), counts per folder in
# table.md. A test whose .sh wrapper runs an N-core program with an argument
# is run that way. JOBS (default 2) tests run at once; TIMEOUT (default 90)
# seconds bound each run. The last line is "N passed, M failed": a test
# passes when both targets end as the native build does.
set -u

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${LTP:?set LTP to an open_posix_testsuite folder (see docs/conformance.md)}"
ltp=$(cd "$LTP" && pwd)
ifaces=$ltp/conformance/interfaces
[ -d "$ifaces" ] || { echo "no $ifaces" >&2; exit 2; }
out=${OUT:-$root/build/conformance}
jobs=${JOBS:-2}
timeout=${TIMEOUT:-90}
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}

default_dirs="sigaction signal sigset sighold sigrelse sigignore sigpause
sigprocmask pthread_sigmask sigpending sigsuspend sigaddset sigdelset
sigemptyset sigfillset sigismember raise kill killpg sigqueue sigwait
sigwaitinfo sigtimedwait sigaltstack alarm pause nanosleep clock_nanosleep
clock clock_gettime clock_getres timer_create timer_settime timer_gettime timer_getoverrun timer_delete
abort pthread_kill strsignal psignal"
if [ $# -gt 0 ]; then dirs="$*"; else dirs=$default_dirs; fi

mkdir -p "$out/bin" "$out/res"

# One line per test: "name source argument"; name is dir/N-M (or
# dir/speculative/N-M), argument is empty unless a .sh wrapper gives one.
list=$out/tests.list
: > "$list"
for d in $dirs; do
  [ -d "$ifaces/$d" ] || continue
  for f in "$ifaces/$d"/*.c "$ifaces/$d"/speculative/*.c; do
    [ -e "$f" ] || continue
    b=$(basename "$f" .c)
    case $b in *-core|*-core-buildonly|*-buildonly|[!0-9]*) continue ;; esac
    rel=${f#"$ifaces/"}
    echo "${rel%.c} $f -" >> "$list"
  done
  for s in "$ifaces/$d"/*.sh; do
    [ -e "$s" ] || continue
    # conformance/interfaces/D/N-core[-buildonly].test ARG
    line=$(grep -oE '[0-9]+-core(-buildonly)?\.test +[^ ]+' "$s" | head -1)
    [ -n "$line" ] || continue
    core=${line%%.test*}
    arg=${line##* }
    src=$ifaces/$d/$core.c
    [ -e "$src" ] || src=$ifaces/$d/${core%-buildonly}.c
    [ -e "$src" ] || continue
    echo "$d/$(basename "$s" .sh) $src $arg" >> "$list"
  done
done

one() {
  name=$1 src=$2 arg=$3
  [ "$arg" = - ] && arg=
  key=${name//\//_}
  # glibc declares sigset, sighold and SIG_HOLD only for XSI: without it gcc
  # takes sigset for an int function and the native run fails.
  inc="-D_XOPEN_SOURCE=700 -I$ltp/include -I$(dirname "$src")"
  for tg in native wasi emscripten; do
    bin=$out/bin/$key.$tg
    log=$out/res/$key.$tg
    case $tg in
      native) gcc -w $inc -pthread "$src" -o "$bin" -lrt -lm > "$log.build" 2>&1 ;;
      wasi) node "$root/bin/wasig.js" cc --target wasi -w $inc "$src" -o "$bin.wasm" > "$log.build" 2>&1 ;;
      emscripten) node "$root/bin/wasig.js" cc --target emscripten -w $inc "$src" -o "$bin.mjs" > "$log.build" 2>&1 ;;
    esac
    if [ $? -ne 0 ]; then echo build > "$log.rc"; continue; fi
    # Tests that name other programs by relative path run from the suite's folder.
    case $tg in
      native) (cd "$ltp" && timeout "$timeout" "$bin" $arg) ;;
      wasi) (cd "$ltp" && timeout "$timeout" node "$root/bin/wasig.js" run "$bin.wasm" $arg) ;;
      emscripten) (cd "$ltp" && timeout "$timeout" node "$root/bin/wasig.js" run "$bin.mjs" $arg) ;;
    esac < /dev/null > "$log.out" 2>&1
    echo $? > "$log.rc"
  done
}
export -f one
export out ltp root timeout
xargs -P "$jobs" -L 1 bash -c 'one "$@"' _ < "$list"

word() {
  case $1 in 0) echo PASS ;; 1) echo FAIL ;; 2) echo UNRESOLVED ;; 4) echo UNSUPPORTED ;;
    5) echo UNTESTED ;; 124) echo TIMEOUT ;; build) echo BUILD ;; *) echo "rc$1" ;; esac
}
res=$out/results.txt
: > "$res"
while read -r name _ _; do
  key=${name//\//_}
  line=$name
  for tg in native wasi emscripten; do
    line="$line $(word "$(cat "$out/res/$key.$tg.rc" 2>/dev/null || echo missing)")"
  done
  echo "$line" >> "$res"
done < "$list"
sort -V -o "$res" "$res"

# Per folder and target: "P PASS, F FAIL, U UNRESOLVED, ..." (only kinds seen).
tally() { awk -v c="$2" -v d="$1" '{ split($1, p, "/"); if (p[1] == d) n[$c]++ }
  END { s = ""; for (k in n) s = s (s ? ", " : "") n[k] " " k; print s }' "$res" | tr -d '\n'; }
{
  echo "| folder | tests | native | wasi | emscripten |"
  echo "|---|---|---|---|---|"
  for d in $dirs; do
    n=$(awk -v d="$d" '{ split($1, p, "/"); if (p[1] == d) c++ } END { print c + 0 }' "$res")
    [ "$n" -gt 0 ] || continue
    echo "| $d | $n | $(tally "$d" 2) | $(tally "$d" 3) | $(tally "$d" 4) |"
  done
} > "$out/table.md"
cat "$out/table.md"
echo
echo "Tests that end differently from the native build:"
awk '$2 != $3 || $2 != $4' "$res"
same=$(awk '$2 == $3 && $2 == $4' "$res" | wc -l)
diff=$(awk '$2 != $3 || $2 != $4' "$res" | wc -l)
echo "$same passed, $diff failed"
[ "$diff" -eq 0 ]
