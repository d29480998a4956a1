// Soak: N guests signal each other for a fixed time with mixed
// standard, realtime and SIGSTOP/SIGCONT traffic, each sender counting what
// was accepted and each receiver what it took. Realtime signals queue, so
// accepted must equal delivered (0 lost); standard ones coalesce (delivered
// ≤ accepted, never refused). Also the host's event-loop lag meanwhile.
// Usage: node bench/soak.mjs [guests=100] [ms=5000] [flavor=wasi]
// A guest sends its stop/continue pairs to its peers, never to itself: one
// that stopped itself would stay stopped until another sent SIGCONT (as on
// Linux), and near the end of the traffic nobody might.
import { spawn } from '../dist/index.node.js';

const [n = 100, ms = 5000, flavor = 'wasi'] = process.argv.slice(2).map((a, i) => (i < 2 ? Number(a) : a));
const prog = flavor === 'wasi' ? 'build/bench/guest/wasi/soak.wasm' : 'build/bench/guest/emscripten/soak.mjs';

const t0 = performance.now();
const gs = Array.from({ length: n }, () => spawn(prog, { args: [String(ms)], stdio: ['pipe', 'pipe', 'inherit'], killScope: 'all' }));
// Every guest has its handlers before any is told whom to signal: a signal
// at its default ends a guest at once.
const until = (g, text) => new Promise((res) => {
  const check = () => { if (g.stdout.includes(text) || g.exitStatus) res(); else setTimeout(check, 20); };
  check();
});
await Promise.all(gs.map((g) => until(g, 'armed')));
// The lag while the traffic runs (not while the guests compile and start).
let worst = 0, last = performance.now();
const lag = setInterval(() => { const t = performance.now(); worst = Math.max(worst, t - last - 10); last = t; }, 10);
const pids = gs.map((g) => g.pid).join(' ');
for (const g of gs) { g.stdin.write(pids + '\n'); g.stdin.end(); }
await Promise.all(gs.map((g) => until(g, 'sent')));
for (const g of gs) g.kill('SIGUSR2');
const sts = await Promise.all(gs.map((g) => g.exited));
clearInterval(lag);

const sum = {};
for (const g of gs) {
  const m = /rt_sent=.*/.exec(g.stdout);
  if (!m) continue;
  for (const [, k, v] of m[0].matchAll(/(\w+)=(\d+)/g)) sum[k] = (sum[k] ?? 0) + Number(v);
}
const bad = sts.filter((s) => s.code !== 0).length;
const lost = sum.rt_acc - sum.rt_got;
console.log(`soak: ${n} ${flavor} guests, ${ms} ms of traffic, ${((performance.now() - t0) / 1000).toFixed(1)} s in all`);
console.log(`  realtime: sent ${sum.rt_sent}, accepted ${sum.rt_acc}, delivered ${sum.rt_got}, lost ${lost}, refused (EAGAIN) ${sum.eagain}`);
console.log(`  standard: sent ${sum.std_sent}, accepted ${sum.std_acc}, delivered ${sum.std_got} (coalesced ${sum.std_acc - sum.std_got})`);
console.log(`  stop/cont pairs: sent ${sum.stop_sent}, accepted ${sum.stop_acc}, SIGCONT handled ${sum.cont_got}`);
console.log(`  guests that did not exit 0: ${bad}; host event-loop lag, worst: ${worst.toFixed(1)} ms`);
if (lost !== 0 || bad) process.exitCode = 1;
