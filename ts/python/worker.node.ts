// A Python process's worker thread in Node (worker.ts does the work).
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { writeFd } from '../write-fd.node.js';
import type { FromPython, PythonStart } from './protocol.js';
import { runPython } from './worker.js';

const d = workerData as PythonStart;
const post = (m: FromPython): void => parentPort!.postMessage(m);

runPython(d, post, pathToFileURL(`${d.indexURL}pyodide.mjs`).href, writeFd)
  .catch((e: unknown) => post({ t: 'error', message: `Python could not run: ${(e as Error)?.message ?? String(e)}` }));
