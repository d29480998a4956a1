#!/bin/bash
# Lua 5.4 from Debian's source package, built for the interpreter rows of
# `make bench` (bench/lua.mjs): natively with the flags of its Linux build,
# and with `wasig cc` for each target, with and without --no-preempt.
# The source comes from tools/debian-source.sh (cached under build/debian/).
# Each build that fails is reported and skipped: its rows say so.
set -u
cd "$(dirname "$0")/../.."
OUT=build/bench/lua
tools/debian-source.sh lua5.4 || { echo "bench/lua: could not fetch lua5.4's source: the Lua rows will say so"; exit 0; }
SRC=build/debian/lua5.4/src
# As test/programs/recipes.mjs builds it: debian/rules' multiarch header,
# src/Makefile's linux flags without readline.
[ -f "$SRC/src/lua5.4-deb-multiarch.h" ] || printf '#ifndef _LUA_DEB_MULTIARCH_\n#define _LUA_DEB_MULTIARCH_\n#define DEB_HOST_MULTIARCH "%s"\n#endif\n' \
  "$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)" > "$SRC/src/lua5.4-deb-multiarch.h"
FILES=$(ls "$SRC"/src/*.c | grep -v '/luac\.c$')
FLAGS="-std=gnu99 -O2 -DLUA_COMPAT_5_3 -DLUA_USE_LINUX"
build() {
  local name=$1; shift
  mkdir -p "$(dirname "$OUT/$name")"
  if [ -e "$OUT/$name" ] && [ "$OUT/$name" -nt "$0" ]; then return; fi
  "$@" || echo "bench/lua: building $name failed: its rows will say so"
}
build native/lua gcc $FLAGS $FILES -lm -ldl -o $OUT/native/lua
for t in wasi emscripten; do
  ext=$([ $t = wasi ] && echo wasm || echo mjs)
  build $t/lua.$ext node bin/wasig.js cc --target $t $FLAGS $FILES -lm -ldl -o $OUT/$t/lua.$ext
  build $t-np/lua.$ext node bin/wasig.js cc --no-preempt --target $t $FLAGS $FILES -lm -ldl -o $OUT/$t-np/lua.$ext
done
