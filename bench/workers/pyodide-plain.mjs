// Plain Pyodide in a worker, as an app runs it without wasig: the program's
// stdout lines are posted back; with `sab`, its first Int32 is Pyodide's
// interrupt buffer (setInterruptBuffer), which the parent writes.
import { parentPort, workerData } from 'node:worker_threads';

const { loadPyodide } = await import(new URL('pyodide.mjs', `file://${workerData.dir}/`).href);
const py = await loadPyodide({ indexURL: `${workerData.dir}/` });
py.setStdout({ batched: (line) => parentPort.postMessage({ line, t1: process.hrtime.bigint() }) });
if (workerData.sab) py.setInterruptBuffer(new Int32Array(workerData.sab, 0, 1));
try {
  py.runPython(workerData.code);
} catch (e) {
  parentPort.postMessage({ error: String(e).split('\n').filter(Boolean).slice(-4).join(' / ') });
}
