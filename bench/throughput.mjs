// 4. Throughput: raiseSignal() with a JS handler (each flavor), a C program
// raising to its own C handler through the core (bench/c/loop.c raise_loop),
// the C guest (bench/c/guest.c built by `wasig cc`, spawned) raising with
// c-src/libc raise() to its own handler,
// against python3's signal.raise_signal with a handler. Rounds alternate
// between this process and a python3 child; each round gives per-batch
// ns/call figures and one ratio python3/wasig of the round medians.
import { createRuntime, SIGUSR1 } from '../dist/index.node.js';
import { loadLoop } from './lib/wasm.mjs';
import { guestRaise } from './lib/guest.mjs';
import { pythonRaise, pythonVersion } from './lib/python-raise.mjs';
import { now, quantile, row, summary } from './lib/stats.mjs';

const ROUNDS = Number(process.env.BENCH_TP_ROUNDS ?? 9);
const BATCHES = 200, BATCH = 1000;


function batches(fn) {
  const out = [];
  for (let b = 0; b < BATCHES + 20; b++) {
    const t = now();
    fn();
    out.push((now() - t) / BATCH);
  }
  return out.slice(20);
}

export async function measure() {
  const subjects = {};
  for (const flavor of ['wasi', 'emscripten']) {
    const rt = await createRuntime({ flavor });
    let n = 0;
    rt.signal(SIGUSR1, () => { n++; });
    subjects[`raise-${flavor}`] = () => batches(() => { for (let i = 0; i < BATCH; i++) rt.raiseSignal(SIGUSR1); });
    subjects[`raise-${flavor}`].check = () => n;
  }
  for (const flavor of ['wasi', 'emscripten']) {
    const { x } = loadLoop(flavor);
    const p = x.bench_setup(10);
    subjects[`c-${flavor}`] = () => batches(() => { if (x.raise_loop(p, 10, BATCH) !== BATCH) throw new Error('raise_loop lost signals'); });
  }
  // The guest (bench/c/guest.c, `wasig cc`): raise() of c-src/libc to its own
  // C handler, timed inside the guest; a fresh guest per round.
  for (const flavor of ['wasi', 'emscripten']) {
    for (const np of [false, true]) {
      const k = `guest-${flavor}${np ? '-np' : ''}`;
      subjects[k] = () => guestRaise(flavor, BATCHES, BATCH, 20, { np });
    }
  }
  subjects.python3 = () => pythonRaise(BATCHES, BATCH, 20);
  const all = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]));
  const ratios = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]));
  for (const k of Object.keys(subjects)) await subjects[k](); // warm up
  for (let r = 0; r < ROUNDS; r++) {
    const med = {};
    for (const k of Object.keys(subjects)) { const b = await subjects[k](); all[k].push(...b); med[k] = quantile(b, 0.5); }
    for (const k of Object.keys(subjects)) ratios[k].push(med.python3 / med[k]);
  }
  return { all, ratios, python: pythonVersion() };
}

export function rows({ all, ratios, python }) {
  const g = '4. throughput: raise to own handler';
  const names = {
    'raise-wasi': 'rt.raiseSignal + JS handler (wasi core)',
    'raise-emscripten': 'rt.raiseSignal + JS handler (emscripten core)',
    'c-wasi': 'C raising to its own C handler through the core (wasi, bench harness)',
    'c-emscripten': 'C raising to its own C handler through the core (emscripten, bench harness)',
    'guest-wasi': 'C guest (wasi, `wasig cc`): c-src/libc raise() to its own C handler',
    'guest-emscripten': 'C guest (emscripten, `wasig cc`): c-src/libc raise() to its own C handler',
    'guest-wasi-np': 'the same, wasi, `wasig cc --no-preempt` (no per-edge safe points)',
    'guest-emscripten-np': 'the same, emscripten, `wasig cc --no-preempt`',
    python3: `${python}: signal.raise_signal + handler`,
  };
  return Object.keys(names).map((k) => {
    const r = k === 'python3' ? null : { median: quantile(ratios[k], 0.5), p99: quantile(ratios[k], 0.01), of: 'peer/this' };
    return row({
      id: `throughput.${k}`, group: g, name: names[k], unit: 'ns/call', ...summary(all[k]),
      peer: k === 'python3' ? null : 'throughput.python3', ratio: r,
      goal: k.startsWith('raise') || /^guest-[a-z]+$/.test(k) ? { text: '>= 5x python3', op: '>=', value: 5, met: r.median >= 5 } : null,
      note: k === 'python3' ? `${ROUNDS} rounds x ${BATCHES} batches of ${BATCH} calls` : (r ? 'ratio = python3 time / this time (speed-up); "p99" column of the ratio is its 1st percentile (worst round)' : ''),
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(rows(await measure())));
}
