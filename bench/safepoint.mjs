// 1. Safe-point overhead: the same tight wasm loop with no safe point, with
// wasig_check() (a call, one atomic exchange), with an inline load of
// `tripped`, and with a host-import poll on every / every 50th iteration.
// Variants are timed in a shuffled order inside each round, and each round
// gives one ratio variant/none, so that the machine's drift cancels.
import { loadLoop, FLAVORS } from './lib/wasm.mjs';
import { now, quantile, row, shuffle, summary } from './lib/stats.mjs';

const ROUNDS = Number(process.env.BENCH_SP_ROUNDS ?? 201);
const TARGET_NS = 2e6; // one timed call of the bare loop takes about 2 ms
const VARIANTS = [
  ['free', 'no safe point, compiler free to unroll'],
  ['none', 'no safe point'],
  ['check', 'wasig_check(p) every iteration (an out-of-line call: load, exchange only when set)'],
  ['fast', 'inline load of mb.tripped, wasig_check() only when set'],
  ['poll1', 'host-import poll every iteration'],
  ['poll50', 'host-import poll every 50th iteration (CPython/Pyodide)'],
];

export function measure(flavor) {
  let flag = 0;
  const { x } = loadLoop(flavor, { poll: () => flag });
  const p = x.bench_setup(10);
  const fns = Object.fromEntries(VARIANTS.map(([v]) => [v, x[`loop_${v}`]]));
  // Warm up every variant until the optimizing tier has it, then calibrate.
  for (let w = 0; w < 30; w++) for (const [v] of VARIANTS) fns[v](p, 200000);
  let n = 1 << 16;
  for (;;) {
    const t = now(); fns.none(p, n); const dt = now() - t;
    if (dt > TARGET_NS / 2 || n > 1 << 28) { n = Math.round(n * TARGET_NS / dt); break; }
    n *= 2;
  }
  const times = Object.fromEntries(VARIANTS.map(([v]) => [v, []]));
  const ratios = Object.fromEntries(VARIANTS.map(([v]) => [v, []]));
  const order = VARIANTS.map(([v]) => v);
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t = {};
    for (const v of shuffle(order)) {
      const t0 = now();
      sink ^= fns[v](p, n);
      t[v] = now() - t0;
    }
    for (const v of order) { times[v].push(t[v] / n); ratios[v].push(t[v] / t.none); }
  }
  if (x.bench_handled() !== 0) throw new Error('a safe point dispatched without a signal');
  return { flavor, n, sink, times, ratios };
}

export function rows(results) {
  const out = [];
  for (const { flavor, n, times, ratios } of results) {
    for (const [v, desc] of VARIANTS) {
      const s = summary(times[v]);
      const r = v === 'none' ? null : { median: quantile(ratios[v], 0.5), p99: quantile(ratios[v], 0.99), of: 'this/peer' };
      let goal = null;
      if (v === 'check' || v === 'fast') {
        goal = { text: 'overhead <= 5%', op: '<=', value: 1.05, met: r.median <= 1.05 };
      }
      out.push(row({
        id: `safepoint.${flavor}.${v}`, group: '1. safe-point overhead', name: `${flavor}: ${desc}`,
        unit: 'ns/iter', ...s, peer: v === 'none' ? null : `safepoint.${flavor}.none`, ratio: r, goal,
        note: v === 'none' ? `${n} iterations per timed call` : '',
      }));
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = FLAVORS.map(measure);
  process.stdout.write(JSON.stringify(rows(results)));
}
