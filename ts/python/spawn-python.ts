// spawnPython(): a Python program on Pyodide as a wasig process, in a Node
// worker thread. Signals go through Pyodide's interrupt buffer, which holds
// one signal number: the host keeps the rest in a queue and writes the next
// one only once Python has taken the last (the buffer is 0 again), so none is
// overwritten; the worker takes a number only when the handler of the one
// before has started, so none is merged with another. Dispositions are mirrored from Python (bootstrap.ts), so the
// host ends the process for SIG_DFL Term/Core signals and drops SIG_IGN ones.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { NSIG, SIGKILL, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU } from '../constants.js';
import { BlockingIOError, OSError, errno } from '../errors.js';
import { register, unregister, type Killable } from '../process-table.js';
import { endsByDefault } from '../signal-facts.js';
import { checkOptionNames } from '../validate.js';
import { nodeParentPlatform } from '../guest/node.js';
import { GuestError, GuestHandle } from '../guest/spawn.js';
import type { FromGuest } from '../guest/protocol.js';
import { DISPOSITION, type FromPython, type PythonStart, type PythonStdio } from './protocol.js';

export type { PythonStdio };

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
  /** stdout and stderr: 'inherit' (default) writes to the host's fds 1
   *  and 2; 'pipe' gives 'stdout'/'stderr' events and strings. One value or
   *  [stdout, stderr]. stdin is not connected: Python reads end of file. */
  stdio?: PythonStdio | [PythonStdio?, PythonStdio?];
}

const OPTION_KEYS: Record<keyof PythonOptions, true> = {
  code: true, file: true, args: true, env: true, uid: true, pyodide: true, stdio: true,
};

/** Signals the host keeps for one Python process beyond the one in Pyodide's
 *  buffer; more is refused with BlockingIOError (EAGAIN), as a full mailbox
 *  of a C guest is. */
export const PYTHON_QUEUE_LIMIT = 65536;

// Atomics.waitAsync (Node >= 16) is in TypeScript's ES2024 lib, past ours.
const waitAsync = (Atomics as unknown as {
  waitAsync(a: Int32Array, i: number, v: number, ms: number): { async: false; value: string } | { async: true; value: Promise<string> };
}).waitAsync;

function defaultPyodideDir(): string {
  let main: string;
  try {
    main = createRequire(import.meta.url).resolve('pyodide/package.json');
  } catch {
    throw new GuestError("spawnPython(): the pyodide package was not found: install it (npm install pyodide@0.27) or pass its directory as the 'pyodide' option");
  }
  return dirname(main);
}

function stopsByDefault(sig: number): boolean {
  return sig === SIGSTOP || sig === SIGTSTP || sig === SIGTTIN || sig === SIGTTOU;
}

/** A Python program running on Pyodide in a worker thread, with a pid in
 *  the process table that runtimes and guests share. */
export class PythonProcess extends GuestHandle implements Killable {
  private worker: Worker | null = null;
  private readonly interrupt = new Int32Array(new SharedArrayBuffer(4));
  private readonly dispositions = new Int32Array(new SharedArrayBuffer(NSIG * 4));
  private readonly pending: number[] = [];
  private running = false;
  private pumping = false;

  /** @internal Use spawnPython(). */
  constructor(init: Omit<PythonStart, 'pid' | 'interrupt' | 'dispositions'>, uid: number) {
    super(uid);
    const start: PythonStart = {
      ...init, pid: this.pid,
      interrupt: this.interrupt.buffer as SharedArrayBuffer,
      dispositions: this.dispositions.buffer as SharedArrayBuffer,
    };
    register(this);
    const w = new Worker(new URL('./worker.node.js', import.meta.url), { workerData: start, stdout: false, stderr: false });
    this.worker = w;
    w.on('message', (m: FromPython) => this.onMessage(m));
    w.on('error', (e) => this.fail(e));
    w.on('exit', (code) => this.finish({ code: code || 1, signal: null, error: 'the Python worker ended without reporting' }));
  }

  /** Lets the host exit while the program still runs. */
  unref(): void {
    this.worker?.unref();
  }

  /** @internal A signal from the process table. Python handlers take no
   *  siginfo, so only the number travels. */
  receive(sig: number, _code: number, _senderPid: number, _senderUid: number, _value: number): void {
    if (!Number.isInteger(sig) || sig < 0 || sig >= NSIG) throw new OSError(errno.EINVAL);
    if (this.exitStatus) throw new OSError(errno.ESRCH);
    if (sig === 0) return;
    if (sig === SIGKILL) { this.finish({ code: null, signal: SIGKILL }); return; }
    if (sig === SIGSTOP) throw new OSError(errno.EINVAL, 'a Python process cannot be stopped yet (SIGSTOP): end it with SIGTERM or SIGKILL');
    // As Linux does at generation: a fatal default acts at once, an ignored
    // signal is dropped. Before the program runs, every disposition reads 0
    // (SIG_DFL) and SIGINT would end it: hold everything until 'ready'.
    if (this.running && this.actNow(sig)) return;
    if (this.pending.length >= PYTHON_QUEUE_LIMIT) {
      throw new BlockingIOError(`the signal queue of Python process ${this.pid} is full: signal ${sig} was not queued (let the program reach a safe point)`);
    }
    this.pending.push(sig);
    this.pump();
  }

  /** Applies SIG_DFL or SIG_IGN; false when a Python handler must run. */
  private actNow(sig: number): boolean {
    const kind = Atomics.load(this.dispositions, sig);
    if (kind === DISPOSITION.HANDLER) return false;
    if (kind === DISPOSITION.DFL) {
      if (stopsByDefault(sig)) throw new OSError(errno.EINVAL, `a Python process cannot be stopped yet (signal ${sig} has its default action): end it with SIGTERM or SIGKILL, or give the signal a handler`);
      if (endsByDefault(sig)) this.finish({ code: null, signal: sig });
      // SIGCONT, SIGCHLD, SIGURG, SIGWINCH: nothing to do by default.
    }
    return true;
  }

  /** Moves queued signals into Pyodide's buffer, one at a time: the next
   *  only when the worker has taken the last, which it does only once the
   *  handler of the one before runs (so CPython cannot merge two). */
  private pump(): void {
    if (!this.running || this.pumping) return;
    this.pumping = true;
    for (;;) {
      if (this.exitStatus) break;
      const cur = Atomics.load(this.interrupt, 0);
      if (cur !== 0) {
        // The worker wakes us when it takes the number (worker.node.ts).
        const w = waitAsync(this.interrupt, 0, cur, Infinity);
        if (w.async) {
          void w.value.then(() => { this.pumping = false; this.pump(); });
          return;
        }
        continue;
      }
      const sig = this.pending.shift();
      if (sig === undefined) break;
      let handled = true;
      try { handled = this.actNow(sig); } catch { /* a stop signal's default: refused when sent */ }
      if (!handled) Atomics.compareExchange(this.interrupt, 0, 0, sig); // only the worker clears it
    }
    this.pumping = false;
  }

  private onMessage(m: FromPython): void {
    if (this.exitStatus) return;
    if (m.t === 'ready') {
      this.running = true;
      this.resolveReady();
      // What came before the program ran meets its first dispositions.
      this.pump();
      return;
    }
    this.onCommonMessage(m as FromGuest);
  }

  protected cleanup(): void {
    this.running = false;
    this.pending.length = 0;
    Atomics.notify(this.interrupt, 0); // a pump waiting on the buffer sees the end
    void this.worker?.terminate();
    unregister(this.pid);
  }
}

/** Runs a Python program (`code` or `file`) on Pyodide in a worker thread,
 *  as a wasig process: `kill(pid, sig)` from a runtime, a guest or the
 *  handle reaches its `signal` handlers at the next bytecode check, none
 *  lost; SIGINT raises KeyboardInterrupt; a SIG_DFL Term signal ends it with
 *  `{ signal }`; SIGKILL ends it at once. */
export function spawnPython(options: PythonOptions): PythonProcess {
  if (options === null || typeof options !== 'object') throw new TypeError('spawnPython() options must be an object');
  checkOptionNames('spawnPython', options, Object.keys(OPTION_KEYS));
  const { code, file, args = [], env = {}, uid, pyodide, stdio = 'inherit' } = options;
  if ((code === undefined) === (file === undefined)) throw new TypeError('spawnPython() takes exactly one of code and file');
  if (code !== undefined && typeof code !== 'string') throw new TypeError('spawnPython(): code must be a string');
  if (file !== undefined && typeof file !== 'string') throw new TypeError('spawnPython(): file must be a path');
  if (!Array.isArray(args)) throw new TypeError('spawnPython(): args must be an array of strings');
  if (uid !== undefined && !(Number.isInteger(uid) && uid >= 0)) throw new TypeError('spawnPython(): uid must be a non-negative integer');
  const [out = 'inherit', err = 'inherit'] = Array.isArray(stdio) ? stdio : [stdio, stdio];
  for (const s of [out, err]) {
    if (s !== 'pipe' && s !== 'inherit') throw new TypeError("spawnPython(): stdio is 'pipe' or 'inherit', or [stdout, stderr] of those");
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
    stdout: out, stderr: err,
  }, uid ?? nodeParentPlatform.uid());
}
