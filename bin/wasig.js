#!/usr/bin/env node
// The `wasig` command: see `wasig --help`. The code is the compiled
// TypeScript in dist/cli (build it with `make build`).
let mod;
try {
  mod = await import('../dist/cli/main.js');
} catch (e) {
  process.stderr.write(`wasig: cannot load dist/cli/main.js (${e.message}): build the package with 'make build'\n`);
  process.exit(2);
}
await mod.main(process.argv.slice(2));
