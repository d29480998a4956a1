// 8. Preemption of recursion: a naive recursive fib (bench/c/fib.c), which
// the preemption pass checks at entry as a function on a call cycle, under
// `wasig run` per target, as `wasig cc` builds it and with --no-preempt.
// Every round runs each variant once, in a shuffled order, as its own
// process; a row's ratio is the median of its per-round ratios to its peer.
// The time is the program's own, around the calls (start-up apart).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { quantile, row, shuffle, summary } from './lib/stats.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const dir = `${root}build/bench/recursion/`;
const wasig = `${root}bin/wasig.js`;
const ROUNDS = Number(process.env.BENCH_FIB_ROUNDS ?? 11);
const N = Number(process.env.BENCH_FIB_N ?? 32);
const REPS = Number(process.env.BENCH_FIB_REPS ?? 10);

function build() {
  const v = [];
  for (const t of ['wasi', 'emscripten']) {
    for (const [suffix, flags] of [['', []], ['.np', ['--no-preempt']]]) {
      const out = `${dir}${t}${suffix}/fib.${t === 'wasi' ? 'wasm' : 'mjs'}`;
      mkdirSync(`${dir}${t}${suffix}`, { recursive: true });
      execFileSync(process.execPath, [wasig, 'cc', '--target', t, ...flags, `${root}bench/c/fib.c`, '-o', out], { stdio: ['ignore', 'ignore', 'inherit'] });
      v.push({ id: `${t}${suffix}`, file: out });
    }
  }
  return v;
}

export async function measure() {
  const vs = build();
  const times = Object.fromEntries(vs.map((v) => [v.id, []]));
  let sum = null;
  for (let r = 0; r < ROUNDS; r++) {
    for (const v of shuffle([...vs])) {
      const out = execFileSync(process.execPath, [wasig, 'run', v.file, String(N), String(REPS)], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
      const m = /fib ([\d.]+) (\d+)/.exec(out);
      if (!m) throw new Error(`${v.id}: unexpected output ${JSON.stringify(out.slice(0, 200))}`);
      if (sum !== null && m[2] !== sum) throw new Error(`${v.id} computed ${m[2]}, not ${sum}`);
      sum = m[2];
      times[v.id].push(Number(m[1]));
    }
  }
  return { times };
}

function ratio(a, b) {
  const rs = a.map((x, i) => x / b[i]);
  return { median: quantile(rs, 0.5), p99: quantile(rs, 0.99), of: 'this/peer' };
}

export function rows({ times }) {
  const out = [];
  const group = '8. preemption of recursion (naive fib)';
  for (const t of ['wasi', 'emscripten']) {
    out.push(row({ id: `fib.${t}.np`, group, name: `${t}: ${REPS} x fib(${N}), wasig cc --no-preempt`, unit: 'ms', ...summary(times[`${t}.np`]) }));
    const r = ratio(times[t], times[`${t}.np`]);
    out.push(row({
      id: `fib.${t}`, group, name: `${t}: ${REPS} x fib(${N}), as wasig cc builds it (a check at each entry)`, unit: 'ms',
      ...summary(times[t]), peer: `fib.${t}.np`, ratio: r,
      goal: { text: 'overhead <= 10%', op: '<=', value: 1.1, met: r.median <= 1.1 },
    }));
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(rows(await measure()), null, 1));
}
