#!/bin/sh
# Builds the AssemblyScript examples with wasig's library and its asc
# transform. In a project of your own, with wasig and assemblyscript
# installed, the same is:
#   npx asc tour.ts --transform wasig/transform -O3 -o tour.wasm
# Here, inside wasig's repository, `wasig` is this checkout: a --path folder
# where "wasig" links to it, and the transform from dist/ (make build).
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$here}
mkdir -p "$root/build/asc-modules" "$out"
[ -e "$root/build/asc-modules/wasig" ] || ln -s ../.. "$root/build/asc-modules/wasig"
for src in "$here"/*.ts; do
  name=$(basename "$src" .ts)
  "$root/node_modules/.bin/asc" "$src" --path "$root/build/asc-modules" \
    --transform "$root/dist/asc/transform.js" -O3 -o "$out/$name.wasm"
  echo "built $out/$name.wasm"
done
