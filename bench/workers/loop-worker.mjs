// A wasm loop with the wasig core in shared memory, in a worker: busy
// (spin_until: the inline safe point on every iteration) or blocked
// (wait_until: Atomics.wait on the mailbox's wake word). Its C handler calls
// bench_mark_js, which takes the receive time on the process's monotonic clock.
import { parentPort } from 'node:worker_threads';
import { loadLoop } from '../lib/wasm.mjs';
import { readLayout } from '../lib/stats.mjs';

const memory = new WebAssembly.Memory({ initial: 64, maximum: 1024, shared: true });
let wakeOff = 0;
const { x } = loadLoop('wasi-shared', {
  memory,
  mark: (sig, value) => parentPort.postMessage({ t1: process.hrtime.bigint(), sig, value }),
});
const p = x.bench_setup(10);
const layout = readLayout(x, memory);
const i32 = new Int32Array(memory.buffer); // after bench_setup grew the memory
wakeOff = layout['mb.wake'];
// The wasig_wait_js import (bench/lib/wasm.mjs) calls this.
globalThis.benchWait = (pp, seen, timeoutUs) => {
  const r = Atomics.wait(i32, (pp + wakeOff) >> 2, seen, timeoutUs < 0 ? Infinity : timeoutUs / 1000);
  return r === 'timed-out' ? 1 : 0;
};
x.bench_mark(1);
parentPort.postMessage({ memory, p, layout });
let want = 0;
parentPort.on('message', (m) => {
  want += 1;
  parentPort.postMessage({ ready: true });
  if (m.cmd === 'spin') x.spin_until(p, want);
  else x.wait_until(p, want);
});
