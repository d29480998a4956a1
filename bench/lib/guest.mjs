// The bench guest (bench/c/guest.c, built by mk/bench.mk with `wasig cc`)
// spawned in this process through ts/guest's spawn(), with its stdout read
// as lines.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawn } from '../../dist/index.node.js';

/** Path of the guest for a flavor; `np`: the --no-preempt build. */
export function guestPath(flavor, np = false) {
  const f = fileURLToPath(new URL(`../../build/bench/guest${np ? '-np' : ''}/${flavor}/guest.${flavor === 'wasi' ? 'wasm' : 'mjs'}`, import.meta.url));
  if (!existsSync(f)) throw new Error(`${f} is missing: run \`make bench\` (it builds the bench guests)`);
  return f;
}

/** Spawns the guest with args; next(ms) resolves with its next stdout line,
 *  or { timeout: true } after ms. */
export function startGuest(flavor, args, { np = false } = {}) {
  const g = spawn(guestPath(flavor, np), { args, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = [], waiting = [];
  let buf = '';
  const dec = new TextDecoder();
  g.on('stdout', (d) => {
    buf += dec.decode(d, { stream: true });
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const l = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (waiting.length) waiting.shift()(l); else lines.push(l);
    }
  });
  g.exited.then(() => { while (waiting.length) waiting.shift()({ exited: true, stderr: g.stderr }); }, (e) => { while (waiting.length) waiting.shift()({ exited: true, error: e.message }); });
  const next = (ms = 60000) => (lines.length ? Promise.resolve(lines.shift()) : new Promise((resolve) => {
    const timer = setTimeout(() => { const i = waiting.indexOf(r); if (i >= 0) { waiting.splice(i, 1); resolve({ timeout: true }); } }, ms);
    const r = (v) => { clearTimeout(timer); resolve(v); };
    waiting.push(r);
  }));
  return { g, next };
}
