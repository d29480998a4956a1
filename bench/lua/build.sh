#!/bin/bash
# Lua 5.4 from Debian's source package, built for the interpreter rows of
# `make bench` (bench/lua.mjs): natively with the flags of its Linux build,
# and with `wasig cc` for each target, with and without --no-preempt.
# The source comes from tools/debian-source.sh when there is one, else from a
# private apt source list (never the machine's apt configuration), cached
# under build/debian/. Each build that fails is reported and skipped: its
# rows say so.
set -u
cd "$(dirname "$0")/../.."
OUT=build/bench/lua
SRC=
if [ -x tools/debian-source.sh ]; then
  SRC=$(tools/debian-source.sh lua5.4 2>/dev/null | tail -1)
fi
if [ -z "$SRC" ] || [ ! -f "$SRC/src/lvm.c" ]; then
  D=build/debian/apt
  SRC=$(ls -d build/debian/lua5.4/lua-5.4* 2>/dev/null | head -1)
  if [ -z "$SRC" ]; then
    mkdir -p $D/parts $D/lists/partial build/debian/lua5.4
    URI=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
    printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "${URI:-http://deb.debian.org/debian}" > $D/parts/src.sources
    O="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$PWD/$D/parts -o Dir::State::Lists=$PWD/$D/lists"
    apt-get $O update >/dev/null 2>&1
    (cd build/debian/lua5.4 && apt-get $O source --download-only lua5.4 >/dev/null 2>&1 && tar xzf lua5.4_*.orig.tar.gz) \
      || { echo "bench/lua: could not fetch lua5.4's source: the Lua rows will say so"; exit 0; }
    SRC=$(ls -d build/debian/lua5.4/lua-5.4* | head -1)
  fi
fi
FILES=$(ls "$SRC"/src/*.c | grep -v '/luac\.c$')
# Debian's build: -DLUA_COMPAT_5_3 -DLUA_USE_LINUX (dlopen, readline: not
# used by the rows, left out so that one set of flags builds everywhere).
FLAGS="-O2 -DLUA_COMPAT_5_3 -DLUA_USE_POSIX"
# wasi has no setjmp yet: Lua's errors then abort (the rows' script raises
# none); with a <setjmp.h> in the sysroot the real one is used.
NOJMP="-DLUAI_THROW(L,c)=abort() -DLUAI_TRY(L,c,a)=a -Dluai_jmpbuf=int -include stdlib.h -I$PWD/bench/lua/nosetjmp"
build() {
  local name=$1; shift
  mkdir -p "$(dirname "$OUT/$name")"
  if [ -e "$OUT/$name" ] && [ "$OUT/$name" -nt "$0" ]; then return; fi
  "$@" || echo "bench/lua: building $name failed: its rows will say so"
}
build native/lua gcc $FLAGS $FILES -lm -o $OUT/native/lua
for t in wasi emscripten; do
  ext=$([ $t = wasi ] && echo wasm || echo mjs)
  extra=
  if [ $t = wasi ] && ! echo '#include <setjmp.h>' | node bin/wasig.js cc --target wasi -x c -E - -o /dev/null >/dev/null 2>&1; then
    extra=$NOJMP
  fi
  build $t/lua.$ext node bin/wasig.js cc --target $t $FLAGS $extra $FILES -lm -o $OUT/$t/lua.$ext
  build $t-np/lua.$ext node bin/wasig.js cc --no-preempt --target $t $FLAGS $extra $FILES -lm -o $OUT/$t-np/lua.$ext
done
