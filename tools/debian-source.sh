#!/usr/bin/env bash
# Fetches Debian source packages into build/debian/<package>/ (the unpacked
# tree) with a private apt source list: the machine's apt configuration is
# never read for sources nor changed. Idempotent: a package whose tree is
# there is skipped. Usage: tools/debian-source.sh lua5.4 sqlite3 bc ...
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
D=${WASIG_DEBIAN_DIR:-$root/build/debian}
SUITE=${WASIG_DEBIAN_SUITE:-bookworm}
mkdir -p "$D"

todo=()
for p in "$@"; do [ -f "$D/$p/.fetched" ] || todo+=("$p"); done
[ ${#todo[@]} -eq 0 ] && exit 0

mkdir -p "$D/apt/parts" "$D/apt/lists/partial" "$D/apt/archives"
uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$uri" ] || uri=$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$uri" ] || uri=http://deb.debian.org/debian
printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
  "$uri" "$SUITE" > "$D/apt/parts/src.sources"
O=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$D/apt/parts" -o "Dir::State::Lists=$D/apt/lists"
   -o "Dir::Cache::Archives=$D/apt/archives" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
# The lists are fetched once; delete build/debian/apt to refresh them.
if ! ls "$D/apt/lists/"*Sources* >/dev/null 2>&1; then
  apt-get "${O[@]}" -qq update
fi
for p in "${todo[@]}"; do
  work=$(mktemp -d "$D/.fetch-$p.XXXXXX")
  (cd "$work" && apt-get "${O[@]}" -qq source --download-only "$p" >/dev/null)
  dsc=$(ls "$work"/*.dsc | head -1)
  # dpkg-source unpacks and applies Debian's patches, as a Debian build does.
  (cd "$work" && dpkg-source --no-check -x "$(basename "$dsc")" src >/dev/null)
  rm -rf "${D:?}/$p"
  mkdir -p "$D/$p"
  mv "$work/src" "$D/$p/src"
  mv "$work"/*.dsc "$D/$p/"
  rm -rf "$work"
  touch "$D/$p/.fetched"
  echo "debian-source: $p -> $D/$p/src ($(basename "$dsc"))"
done
