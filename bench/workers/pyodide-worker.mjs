// Pyodide in a worker running `while True: pass`, interrupted through its
// interrupt buffer (setInterruptBuffer); the except clause takes the receive
// time on the process's monotonic clock.
import { parentPort, workerData } from 'node:worker_threads';

const { loadPyodide } = await import(new URL('pyodide.mjs', `file://${workerData.dir}/`).href);
const t = process.hrtime.bigint();
const py = await loadPyodide({ indexURL: `${workerData.dir}/` });
const loadMs = Number(process.hrtime.bigint() - t) / 1e6;
py.setInterruptBuffer(new Int32Array(workerData.sab, 0, 1));
py.registerJsModule('benchmark', {
  ready: () => parentPort.postMessage({ ready: true }),
  mark: () => parentPort.postMessage({ t1: process.hrtime.bigint() }),
});
py.runPython('import benchmark');
parentPort.postMessage({ loaded: true, loadMs, version: py.version });
// `ready` is sent from inside the try, so the loop is running when the
// interrupt comes.
const code = 'try:\n    benchmark.ready()\n    while True: pass\nexcept KeyboardInterrupt:\n    benchmark.mark()\n';
parentPort.on('message', () => {
  try { py.runPython(code); } catch (e) { parentPort.postMessage({ error: String(e).split('\n').filter(Boolean).slice(-4).join(' / ') }); }
});
