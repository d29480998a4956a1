// A Python process's Web Worker (worker.ts does the work): its start data
// comes as the first message. Output is always 'pipe' here.
import type { FromPython, PythonStart } from './protocol.js';
import { runPython } from './worker.js';

const scope = globalThis as unknown as {
  postMessage(m: FromPython): void;
  onmessage: ((e: MessageEvent<PythonStart>) => void) | null;
};
const post = (m: FromPython): void => scope.postMessage(m);

scope.onmessage = (e) => {
  scope.onmessage = null;
  const d = e.data;
  runPython(d, post, `${d.indexURL}pyodide.mjs`, () => { throw new Error('a browser has no host fd to inherit'); })
    .catch((err: unknown) => post({ t: 'error', message: `Python could not run: ${(err as Error)?.message ?? String(err)}` }));
};
