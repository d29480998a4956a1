// 10. Components (wasig cc --component, hosted through jco): latency of a
// real OS signal (kill(2) from this process to `wasig run`) into a busy and
// a blocked component, against the same program as a shared-memory
// core-module guest and against bare Node, all in one run, shuffled; and the
// cost of one safe point with nothing pending, wasig_poll() through the
// wasig:signals import (`take`) against the core-module guest's inline load.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signalLatency } from './lib/receivers.mjs';
import { quantile, row, shuffle, summary } from './lib/stats.mjs';

const SAMPLES = Number(process.env.BENCH_COMPONENT_SAMPLES ?? 200);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const run = (wasm, mode) => ['node', [here('../bin/wasig.js'), 'run', here(wasm), mode]];
const RECEIVERS = {
  node: ['node', [here('./receivers/node_bare.mjs')], "bare Node process.on('SIGUSR1'), idle main thread"],
  'guest-busy': [...run('../build/bench/guest/wasi/guest.wasm', 'busy'), 'core-module guest (wasi, shared memory) busy, `while (!got) wasig_poll();`, under `wasig run`'],
  'component-busy': [...run('../build/bench/component/guest.wasm', 'busy'), 'component (wasig cc --component) busy, `while (!got) wasig_poll();`, under `wasig run`'],
  'guest-wait': [...run('../build/bench/guest/wasi/guest.wasm', 'wait'), 'core-module guest (wasi) blocked in sigtimedwait, under `wasig run`'],
  'component-wait': [...run('../build/bench/component/guest.wasm', 'wait'), 'component blocked in sigtimedwait (poll over the subscription and a clock), under `wasig run`'],
};

/** ns per wasig_poll() of each build, alternating, one batch per round. */
function pull() {
  const builds = { guest: '../build/bench/guest/wasi/pull.wasm', component: '../build/bench/component/pull.wasm' };
  const ns = { guest: [], component: [] };
  for (let round = 0; round < 5; round++) {
    for (const k of shuffle(Object.keys(builds))) {
      const out = execFileSync('node', [here('../bin/wasig.js'), 'run', here(builds[k]), 'pull', '5', k === 'guest' ? '2000000' : '20000'], { encoding: 'utf8' });
      const [word, ...xs] = out.trim().split(' ');
      if (word !== 'pull') throw new Error(`pull ${k}: ${out}`);
      // The first batch warms up (tiers, caches).
      ns[k].push(...xs.slice(1).map(Number));
    }
  }
  return ns;
}

export async function measure() {
  return { lat: await signalLatency(RECEIVERS, SAMPLES), pull: pull() };
}

export function rows({ lat, pull: ns }) {
  const g = '10. Components: OS signal -> handler, and the safe point (Node)';
  const ratio = (a, b) => ({ median: quantile(a, 0.5) / quantile(b, 0.5), p99: quantile(a, 0.99) / quantile(b, 0.99), of: 'this/peer' });
  const out = Object.entries(RECEIVERS).map(([k, [, , name]]) => {
    const peer = k === 'node' ? null : k.startsWith('component') ? k.replace('component', 'guest') : 'node';
    return row({
      id: `component.${k}`, group: g, name, unit: 'us', ...summary(lat[k]),
      peer: peer && `component.${peer}`, ratio: peer ? ratio(lat[k], lat[peer]) : null,
    });
  });
  out.push(row({
    id: 'component.pull-guest', group: g, unit: 'ns', ...summary(ns.guest),
    name: 'one safe point, nothing pending: wasig_poll() in a core-module guest (inline load of the shared mailbox)',
  }));
  out.push(row({
    id: 'component.pull-component', group: g, unit: 'ns', ...summary(ns.component),
    name: 'one safe point, nothing pending: wasig_poll() in a component (`take` through the wasig:signals import, jco)',
    peer: 'component.pull-guest', ratio: ratio(ns.component, ns.guest),
    note: 'The preemption pass calls it once per 1024 loop iterations, so a tight loop pays this /1024 per iteration.',
  }));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = rows(await measure());
  for (const x of r) console.log(`${x.id}: median ${x.median?.toFixed(2)} ${x.unit} p99 ${x.p99?.toFixed(2)}${x.ratio ? `  ratio ${x.ratio.median.toFixed(2)}x (p99 ${x.ratio.p99.toFixed(2)}) vs ${x.peer}` : ''}`);
}
