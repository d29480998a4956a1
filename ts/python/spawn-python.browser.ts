// spawnPython() in browsers: a Python program on Pyodide as a wasig process,
// in a module Web Worker (the process itself: process.ts). It needs
// SharedArrayBuffer, so a cross-origin isolated page.
import { browserPlatform } from '../platform.browser.js';
import type { KillScope } from '../process-table.js';
import { checkOptionNames } from '../validate.js';
import { GuestError } from '../guest/spawn.js';
import type { FromPython, PythonStart } from './protocol.js';
import { PythonProcess, type StartPythonWorker } from './process.js';

export { PythonProcess, PYTHON_QUEUE_LIMIT } from './process.js';

/** Options of the browser's `spawnPython()`. stdio is always 'pipe':
 *  `proc.stdin.write()`/`end()` feed its stdin, output comes as events. */
export interface BrowserPythonOptions {
  /** The program's text, run as `python3 -c code`. */
  code: string;
  /** The URL of the folder the pyodide package is served from (its
   *  pyodide.mjs, pyodide.asm.wasm, python_stdlib.zip), ending in '/'.
   *  Tested with pyodide 0.27. */
  pyodide: string;
  /** sys.argv[1..]. */
  args?: string[];
  /** os.environ. */
  env?: Record<string, string>;
  /** The uid the process runs as (default the page's). */
  uid?: number;
  /** Process group (default: a new group led by the process). */
  pgid?: number;
  /** Whom its `os.kill` may signal, as spawn()'s (default 'self'). */
  killScope?: KillScope;
  /** Where worker.browser.js is, for apps whose bundler moves it. */
  workerUrl?: string | URL;
}

const OPTION_KEYS: Record<keyof BrowserPythonOptions, true> = {
  code: true, pyodide: true, args: true, env: true, uid: true, pgid: true, killScope: true, workerUrl: true,
};

/** Runs a Python program on Pyodide in a Web Worker, as a wasig process
 *  (see the Node spawnPython: the same signals and module). */
export function spawnPython(options: BrowserPythonOptions): PythonProcess {
  if (options === null || typeof options !== 'object') throw new TypeError('spawnPython() options must be an object');
  checkOptionNames('spawnPython', options, Object.keys(OPTION_KEYS));
  const { code, pyodide, args = [], env = {}, uid, pgid, killScope, workerUrl } = options;
  if (typeof code !== 'string') throw new TypeError('spawnPython(): code must be a string (a browser has no files to run)');
  if (typeof pyodide !== 'string') throw new TypeError("spawnPython(): pass the URL of the pyodide package's folder as 'pyodide' (serve node_modules/pyodide, or use its CDN URL)");
  if (!Array.isArray(args)) throw new TypeError('spawnPython(): args must be an array of strings');
  if (uid !== undefined && !(Number.isInteger(uid) && uid >= 0)) throw new TypeError('spawnPython(): uid must be a non-negative integer');
  if (typeof SharedArrayBuffer !== 'function' || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) {
    throw new GuestError('spawnPython(): the page is not cross-origin isolated (no SharedArrayBuffer): serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp');
  }
  let dir = new URL(pyodide, String(globalThis.location ?? 'http://localhost/')).href;
  if (!dir.endsWith('/')) dir += '/';
  const start: StartPythonWorker = (data: PythonStart, onMessage, onError) => {
    const w = new Worker(workerUrl ?? new URL('./worker.browser.js', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<FromPython>) => onMessage(e.data);
    w.onerror = (e) => { e.preventDefault(); onError(new GuestError(`the Python worker failed: ${e.message}`)); };
    w.postMessage(data);
    return { terminate: () => w.terminate(), unref: () => {} };
  };
  return new PythonProcess({
    indexURL: dir, source: code, filename: '<string>', argv: ['-c', ...args.map(String)],
    env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])),
    stdin: 'pipe', stdout: 'pipe', stderr: 'pipe',
  }, uid ?? browserPlatform.uid(), { pgid, killScope }, start);
}
