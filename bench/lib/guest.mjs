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

/** A spawned guest's stdout as lines: next(ms) resolves with the next
 *  line, { timeout: true } after ms, or { exited, stderr | error } once the
 *  guest is gone. */
export function lineReader(g) {
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
  return (ms = 60000) => (lines.length ? Promise.resolve(lines.shift()) : new Promise((resolve) => {
    const timer = setTimeout(() => { const i = waiting.indexOf(r); if (i >= 0) { waiting.splice(i, 1); resolve({ timeout: true }); } }, ms);
    const r = (v) => { clearTimeout(timer); resolve(v); };
    waiting.push(r);
  }));
}

/** Spawns the guest with args; next(ms) reads its stdout (lineReader). */
export function startGuest(flavor, args, { np = false } = {}) {
  const g = spawn(guestPath(flavor, np), { args, stdio: ['pipe', 'pipe', 'pipe'] });
  return { g, next: lineReader(g) };
}

/** The guest's `raise` mode: `warm` batches, then `batches` timed batches of
 *  `batch` raise() calls to its own handler, timed inside the guest, as
 *  ns/call (a fresh guest each time). */
export async function guestRaise(flavor, batches, batch, warm, { np = false } = {}) {
  const { g, next } = startGuest(flavor, ['raise', String(batches + warm), String(batch)], { np });
  const line = await next(60000);
  const count = await next(60000);
  const st = await g.exited;
  if (typeof line !== 'string' || !line.startsWith('raise') || count !== `count ${(batches + warm) * batch}` || st.code !== 0) {
    throw new Error(`guest raise (${flavor}${np ? ', --no-preempt' : ''}): ${JSON.stringify([line, count, st, g.stderr])}`);
  }
  return line.split(' ').slice(1 + warm).map(Number);
}
