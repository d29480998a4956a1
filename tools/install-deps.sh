#!/usr/bin/env bash
# Installs what building and testing wasig needs, from Debian's packages and
# the npm registry only. Idempotent: each step runs only when its result is
# missing, so a second run costs a few checks.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PKGS=(emscripten wasi-libc libclang-rt-14-dev-wasm32 libclang-rt-14-dev clang-14 lld-14 chromium
  # The real-programs suite (mk/programs.mk): Debian source packages fetched
  # and unpacked (dpkg-source, the archive key), their native builds and
  # generation steps (sqlite's amalgamation needs tclsh).
  dpkg-dev debian-archive-keyring gcc make tcl)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm: reinstall when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "install-deps: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
