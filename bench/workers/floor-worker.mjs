// The floor of main thread -> worker latency with no wasm and no signal
// logic: a worker that spins on, or blocks in Atomics.wait on, one word of a
// SharedArrayBuffer; the main thread stores to it (and notifies) and the
// worker takes the receive time. What any mailbox design pays at least.
import { parentPort, workerData } from 'node:worker_threads';

const a = new Int32Array(workerData.sab);
parentPort.on('message', ({ cmd }) => {
  Atomics.store(a, 0, 0);
  parentPort.postMessage({ ready: true });
  if (cmd === 'spin') while (Atomics.load(a, 0) === 0);
  else while (Atomics.load(a, 0) === 0) Atomics.wait(a, 0, 0);
  parentPort.postMessage({ t1: process.hrtime.bigint() });
});
