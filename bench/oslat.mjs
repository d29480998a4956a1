// 2. OS signal -> handler latency on Node. This process sends SIGUSR1 with
// kill(2) to separate receiver processes; t0 is taken just before kill, t1 by
// the receiver's handler; both are CLOCK_MONOTONIC (process.hrtime in Node,
// time.monotonic_ns in Python). Receivers take turns in a shuffled order; only
// the one being measured is told to get ready (the Python one and the busy
// guests spin then). The guests run under `wasig run` (bench/c/guest.c).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { jitter, now, quantile, row, shuffle, summary } from './lib/stats.mjs';

const SAMPLES = Number(process.env.BENCH_OS_SAMPLES ?? 300);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const RECEIVERS = {
  python3: ['python3', [here('./receivers/py_busy.py')], 'native python3 3.x, handler, busy loop `while not got: pass`'],
  node: ['node', [here('./receivers/node_bare.mjs')], "bare Node process.on('SIGUSR1'), idle main thread"],
  'node-control': ['node', [here('./receivers/node_bare.mjs')], 'bare Node again (control: the noise floor of the ratio)'],
  'wasig-wasi': ['node', [here('./receivers/node_wasig.mjs'), 'wasi'], 'wasig runtime (wasi core), bindOsSignals: true, JS handler, idle'],
  'wasig-emscripten': ['node', [here('./receivers/node_wasig.mjs'), 'emscripten'], 'wasig runtime (emscripten core), bindOsSignals: true, JS handler, idle'],
  // Guests (bench/c/guest.c, built by `wasig cc`) under `wasig run`, which
  // forwards the OS signal to the guest's worker; the guest prints the time.
  'guest-busy': ['node', [here('../bin/wasig.js'), 'run', here('../build/bench/guest/wasi/guest.wasm'), 'busy'], 'wasig guest (wasi) busy in a worker, `while (!got) wasig_poll();`, C handler, under `wasig run`'],
  'guest-busy-emscripten': ['node', [here('../bin/wasig.js'), 'run', here('../build/bench/guest/emscripten/guest.mjs'), 'busy'], 'wasig guest (emscripten) busy in a worker, `while (!got) wasig_poll();`, C handler, under `wasig run`'],
  'guest-sigtimedwait': ['node', [here('../bin/wasig.js'), 'run', here('../build/bench/guest/wasi/guest.wasm'), 'wait'], 'wasig guest (wasi) blocked in sigtimedwait in a worker, under `wasig run`'],
  'guest-sigtimedwait-emscripten': ['node', [here('../bin/wasig.js'), 'run', here('../build/bench/guest/emscripten/guest.mjs'), 'wait'], 'wasig guest (emscripten) blocked in sigtimedwait in a worker, under `wasig run`'],
};

function start(cmd, args) {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = [], waiting = [];
  createInterface({ input: child.stdout }).on('line', (l) => (waiting.length ? waiting.shift()(l) : lines.push(l)));
  const next = () => (lines.length ? Promise.resolve(lines.shift()) : new Promise((r) => waiting.push(r)));
  return { child, next };
}

export async function measure() {
  const rs = {};
  for (const [k, [cmd, args]] of Object.entries(RECEIVERS)) {
    rs[k] = start(cmd, args);
    if ((await rs[k].next()) !== 'up') throw new Error(`receiver ${k} did not start`);
  }
  const lat = Object.fromEntries(Object.keys(rs).map((k) => [k, []]));
  const one = async (k) => {
    const r = rs[k];
    r.child.stdin.write('go\n');
    if ((await r.next()) !== 'ready') throw new Error(`receiver ${k}: protocol`);
    await jitter(2, 5);
    const t0 = now();
    process.kill(r.child.pid, 'SIGUSR1');
    const line = await r.next();
    const t1 = Number(line);
    if (!Number.isFinite(t1)) throw new Error(`receiver ${k}: ${line}`);
    return t1 - t0;
  };
  const names = Object.keys(rs);
  for (let w = 0; w < 10; w++) for (const k of names) await one(k);
  for (let i = 0; i < SAMPLES; i++) for (const k of shuffle([...names])) lat[k].push((await one(k)) / 1e3);
  for (const r of Object.values(rs)) r.child.kill('SIGKILL');
  return { lat, python: (await import('node:child_process')).execFileSync('python3', ['--version']).toString().trim() };
}

export function rows({ lat, python }) {
  const g = '2. OS signal -> handler (Node, kill(2) from another process)';
  return Object.entries(RECEIVERS).map(([k, [, , name]]) => {
    const isW = k.startsWith('wasig') || k.startsWith('guest');
    const r = k === 'node' ? null : { median: quantile(lat[k], 0.5) / quantile(lat.node, 0.5), p99: quantile(lat[k], 0.99) / quantile(lat.node, 0.99), of: 'this/peer' };
    return row({
      id: `oslat.${k}`, group: g, name: name.replace('python3 3.x', python), unit: 'us', ...summary(lat[k]),
      peer: k === 'node' ? null : 'oslat.node', ratio: r,
      goal: isW ? { text: '<= 2x bare Node', op: '<=', value: 2, met: r.median <= 2 } : null,
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(rows(await measure())));
}
