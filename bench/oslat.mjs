// 2. OS signal -> handler latency on Node. This process sends SIGUSR1 with
// kill(2) to separate receiver processes; t0 is taken just before kill, t1 by
// the receiver's handler; both are CLOCK_MONOTONIC (process.hrtime in Node,
// time.monotonic_ns in Python). Receivers take turns in a shuffled order; only
// the one being measured is told to get ready (the Python one and the busy
// guests spin then). The guests run under `wasig run` (bench/c/guest.c).
import { fileURLToPath } from 'node:url';
import { signalLatency } from './lib/receivers.mjs';
import { quantile, row, summary } from './lib/stats.mjs';

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

export async function measure() {
  const lat = await signalLatency(RECEIVERS, SAMPLES);
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
