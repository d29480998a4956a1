// spawnPython() in Node: a Python program on Pyodide as a wasig process, in a
// worker thread (the process itself: process.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { KillScope } from '../process-table.js';
import { checkOptionNames } from '../validate.js';
import { nodeParentPlatform } from '../guest/node.js';
import { GuestError } from '../guest/spawn.js';
import type { FromPython, PythonStart, PythonStdin, PythonStdio } from './protocol.js';
import { PythonProcess, type StartPythonWorker } from './process.js';

export type { PythonStdin, PythonStdio };
export { PythonProcess, PYTHON_QUEUE_LIMIT } from './process.js';

/** Options of `spawnPython()`. Exactly one of `code` and `file`. */
export interface PythonOptions {
  /** The program's text, run as `python3 -c code` (sys.argv[0] is '-c'). */
  code?: string;
  /** The path of a script on the host, run as `python3 file`. Only the file
   *  itself is copied into Pyodide's file system (at the same path). */
  file?: string;
  /** sys.argv[1..]. */
  args?: string[];
  /** os.environ (nothing of the host's is passed on; Pyodide adds HOME). */
  env?: Record<string, string>;
  /** The uid the process runs as, the sender's uid of its `kill()`
   *  (default: the host process's). */
  uid?: number;
  /** The directory of the pyodide package (its pyodide.mjs,
   *  pyodide.asm.wasm and python_stdlib.zip); default: the `pyodide` npm
   *  package that Node resolves. Tested with pyodide 0.27. */
  pyodide?: string;
  /** [stdin, stdout, stderr], or one value for all three, as spawn()'s.
   *  stdin: 'inherit' (default) reads the host's fd 0 (from the program's
   *  first read on), 'pipe' takes `proc.stdin.write()`/`end()`, 'ignore'
   *  is end of file. A read with nothing there blocks the Python thread;
   *  a signal for a handler interrupts it (the handler runs and the read
   *  goes on, or its exception, such as KeyboardInterrupt, is raised).
   *  stdout and stderr: 'inherit' (default) writes to the host's fds 1 and
   *  2; 'pipe' gives 'stdout'/'stderr' events and strings. */
  stdio?: PythonStdio | [PythonStdin?, PythonStdio?, PythonStdio?];
  /** Process group (default: a new group led by the process). */
  pgid?: number;
  /** Whom its `os.kill` may signal, as spawn()'s: 'self' (default),
   *  'group', 'all' guests, or 'host' (runtimes too). */
  killScope?: KillScope;
}

const OPTION_KEYS: Record<keyof PythonOptions, true> = {
  code: true, file: true, args: true, env: true, uid: true, pyodide: true, stdio: true, pgid: true, killScope: true,
};

function defaultPyodideDir(): string {
  let main: string;
  try {
    main = createRequire(import.meta.url).resolve('pyodide/package.json');
  } catch {
    throw new GuestError("spawnPython(): the pyodide package was not found: install it (npm install pyodide@0.27) or pass its directory as the 'pyodide' option");
  }
  return dirname(main);
}

/** Runs a Python program (`code` or `file`) on Pyodide in a worker thread,
 *  as a wasig process: `kill(pid, sig)` from a runtime, a guest or the
 *  handle reaches its `signal` handlers at the next bytecode check, none
 *  lost; SIGINT raises KeyboardInterrupt; a SIG_DFL Term signal ends it with
 *  `{ signal }`; SIGKILL ends it at once. */
export function spawnPython(options: PythonOptions): PythonProcess {
  if (options === null || typeof options !== 'object') throw new TypeError('spawnPython() options must be an object');
  checkOptionNames('spawnPython', options, Object.keys(OPTION_KEYS));
  const { code, file, args = [], env = {}, uid, pyodide, stdio = 'inherit', pgid, killScope } = options;
  if ((code === undefined) === (file === undefined)) throw new TypeError('spawnPython() takes exactly one of code and file');
  if (code !== undefined && typeof code !== 'string') throw new TypeError('spawnPython(): code must be a string');
  if (file !== undefined && typeof file !== 'string') throw new TypeError('spawnPython(): file must be a path');
  if (!Array.isArray(args)) throw new TypeError('spawnPython(): args must be an array of strings');
  if (uid !== undefined && !(Number.isInteger(uid) && uid >= 0)) throw new TypeError('spawnPython(): uid must be a non-negative integer');
  const [input = 'inherit', out = 'inherit', err = 'inherit'] = Array.isArray(stdio) ? stdio : [stdio, stdio, stdio];
  if (input !== 'pipe' && input !== 'inherit' && input !== 'ignore') {
    throw new TypeError("spawnPython(): stdin is 'pipe', 'inherit' or 'ignore'");
  }
  for (const s of [out, err]) {
    if (s !== 'pipe' && s !== 'inherit') throw new TypeError("spawnPython(): stdout and stderr are 'pipe' or 'inherit': stdio is one of those or [stdin, stdout, stderr]");
  }
  const filename = file === undefined ? '<string>' : resolve(file);
  let source: string;
  if (code !== undefined) source = code;
  else {
    try { source = readFileSync(filename, 'utf8'); } catch (e) {
      throw new GuestError(`spawnPython(): cannot read ${filename}: ${(e as Error).message}`);
    }
  }
  let dir = pyodide === undefined ? defaultPyodideDir() : resolve(pyodide);
  if (!dir.endsWith('/')) dir += '/';
  return new PythonProcess({
    indexURL: dir, source, filename, argv: [file === undefined ? '-c' : file, ...args.map(String)],
    env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])),
    stdin: input, stdout: out, stderr: err,
  }, uid ?? nodeParentPlatform.uid(), { pgid, killScope }, startNodeWorker, (onData, onEnd) => nodeParentPlatform.readStdin(onData, onEnd));
}

const startNodeWorker: StartPythonWorker = (start: PythonStart, onMessage, onError, onExit) => {
  const w = new Worker(new URL('./worker.node.js', import.meta.url), { workerData: start, stdout: false, stderr: false });
  w.on('message', (m: FromPython) => onMessage(m));
  w.on('error', onError);
  w.on('exit', onExit);
  return { terminate: () => { void w.terminate(); }, unref: () => w.unref() };
};
