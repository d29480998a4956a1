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
import { NSIG, SIGCONT, SIGKILL, SIGRTMIN, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU } from '../constants.js';
import { BlockingIOError, OSError, errno } from '../errors.js';
import { register, unregister, type KillScope, type Killable } from '../process-table.js';
import { endsByDefault } from '../signal-facts.js';
import { checkOptionNames } from '../validate.js';
import { nodeParentPlatform } from '../guest/node.js';
import { GuestError, GuestHandle } from '../guest/spawn.js';
import type { FromGuest } from '../guest/protocol.js';
import { CONTROL, DISPOSITION, type FromPython, type PythonStart, type PythonStdio } from './protocol.js';
import { PythonCalls } from './python-calls.js';

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
  /** Process group (default: a new group led by the process). */
  pgid?: number;
  /** Whom its `os.kill` may signal, as spawn()'s: 'self' (default),
   *  'group', 'all' guests, or 'host' (runtimes too). */
  killScope?: KillScope;
}

const OPTION_KEYS: Record<keyof PythonOptions, true> = {
  code: true, file: true, args: true, env: true, uid: true, pyodide: true, stdio: true, pgid: true, killScope: true,
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

/** One signal waiting for the Python program, with what siginfo says. */
interface Queued { sig: number; code: number; pid: number; uid: number }

/** A Python program running on Pyodide in a worker thread, with a pid in
 *  the process table that runtimes and guests share. */
export class PythonProcess extends GuestHandle implements Killable {
  private worker: Worker | null = null;
  private readonly interrupt = new Int32Array(new SharedArrayBuffer(4));
  private readonly dispositions = new Int32Array(new SharedArrayBuffer(NSIG * 4));
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL.BYTES));
  /** Generated, not yet written into Pyodide's buffer: blocked by the
   *  program's mask, or behind the one in the buffer. */
  private readonly pending: Queued[] = [];
  /** @internal The program's signal mask (pthread_sigmask), kept here,
   *  where the signals wait. */
  readonly blocked = new Set<number>();
  private running = false;
  private pumping = false;
  private readonly calls: PythonCalls;

  /** @internal Use spawnPython(). */
  constructor(init: Omit<PythonStart, 'pid' | 'interrupt' | 'dispositions' | 'control'>, uid: number, opts: { pgid?: number; killScope?: KillScope }) {
    super(uid, opts);
    const start: PythonStart = {
      ...init, pid: this.pid,
      interrupt: this.interrupt.buffer as SharedArrayBuffer,
      dispositions: this.dispositions.buffer as SharedArrayBuffer,
      control: this.control.buffer as SharedArrayBuffer,
    };
    this.calls = new PythonCalls(this, this.control);
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

  /** @internal kill(2) from the Python program: 0 or a negated errno. */
  killFromProgram(pid: number, sig: number, code: number): number {
    return this.guestKill(pid, sig, code, 0);
  }

  /** @internal A signal from the process table (or the program's timer).
   *  Python's handlers take no siginfo; sigwaitinfo() gets it. */
  receive(sig: number, code: number, senderPid: number, senderUid: number, _value: number): void {
    if (!Number.isInteger(sig) || sig < 0 || sig >= NSIG) throw new OSError(errno.EINVAL);
    if (this.exitStatus) throw new OSError(errno.ESRCH);
    if (sig === 0) return;
    if (sig === SIGKILL) { this.finish({ code: null, signal: SIGKILL }); return; }
    // As Linux at generation: SIGCONT resumes (whatever its disposition or
    // mask) and drops pending stops; a stop signal drops a pending SIGCONT.
    if (sig === SIGCONT) {
      this.resume();
      this.drop((q) => stopsByDefault(q.sig));
    } else if (stopsByDefault(sig)) {
      this.drop((q) => q.sig === SIGCONT);
    }
    if (sig === SIGSTOP) { this.stop(SIGSTOP); return; }
    // A fatal default acts at once and an ignored signal is dropped, unless
    // blocked (its disposition may change before it is unblocked). Before the
    // program runs every disposition reads 0 (SIG_DFL) and SIGINT would end
    // it: everything waits for 'ready'.
    if (this.running && !this.blocked.has(sig) && this.actNow(sig)) return;
    if (this.pending.length >= PYTHON_QUEUE_LIMIT) {
      throw new BlockingIOError(`the signal queue of Python process ${this.pid} is full: signal ${sig} was not queued (let the program reach a safe point)`);
    }
    // A blocked standard signal is pending once, as on Linux (realtime ones
    // queue). Unblocked ones are all delivered, one handler call each.
    if (sig < SIGRTMIN && this.blocked.has(sig) && this.pending.some((q) => q.sig === sig)) return;
    this.pending.push({ sig, code, pid: senderPid, uid: senderUid });
    this.pump();
  }

  /** @internal The pending signals that are blocked (sigpending). */
  pendingBlocked(): number[] {
    return [...new Set(this.pending.filter((q) => this.blocked.has(q.sig)).map((q) => q.sig))].sort((x, y) => x - y);
  }

  /** @internal Takes the pending signal of `set` that Linux would (the
   *  lowest number), for sigwait. */
  takePending(set: ReadonlySet<number>): Queued | null {
    let best = -1;
    for (let i = 0; i < this.pending.length; i++) {
      const q = this.pending[i];
      if (set.has(q.sig) && (best < 0 || q.sig < this.pending[best].sig)) best = i;
    }
    return best < 0 ? null : this.pending.splice(best, 1)[0];
  }

  /** @internal Whether a signal for a Python handler is in Pyodide's
   *  buffer, so the program has one to run before it blocks. */
  get handlerWaiting(): boolean {
    return Atomics.load(this.interrupt, 0) !== 0;
  }

  private drop(which: (q: Queued) => boolean): void {
    for (let i = this.pending.length - 1; i >= 0; i--) if (which(this.pending[i])) this.pending.splice(i, 1);
  }

  private stop(sig: number): void {
    if (this.stopped || this.exitStatus) return;
    this.stopped = true;
    Atomics.store(this.control, CONTROL.STOP, 1);
    this.emit('stop', sig);
  }

  private resume(): void {
    if (!this.stopped) return;
    this.stopped = false;
    Atomics.store(this.control, CONTROL.STOP, 0);
    Atomics.notify(this.control, CONTROL.STOP);
    this.emit('continue', SIGCONT);
  }

  /** Applies SIG_DFL or SIG_IGN; false when a Python handler must run. */
  private actNow(sig: number): boolean {
    const kind = Atomics.load(this.dispositions, sig);
    if (kind === DISPOSITION.HANDLER) return false;
    if (kind === DISPOSITION.DFL) {
      if (stopsByDefault(sig)) this.stop(sig);
      else if (endsByDefault(sig)) this.finish({ code: null, signal: sig });
      // SIGCONT, SIGCHLD, SIGURG, SIGWINCH: nothing to do by default.
    }
    return true;
  }

  /** @internal Moves deliverable signals (not blocked) into Pyodide's buffer, one at
   *  a time, and answers a sigwait the pending ones satisfy. The next is
   *  written only when the worker has taken the last, which it does only
   *  once the handler of the one before runs (so CPython cannot merge two). */
  pump(): void {
    this.calls.serveWait();
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
      const i = this.pending.findIndex((q) => !this.blocked.has(q.sig));
      if (i < 0) break;
      const [q] = this.pending.splice(i, 1);
      if (this.actNow(q.sig)) continue;
      Atomics.store(this.interrupt, 0, q.sig); // only the worker clears it
      Atomics.notify(this.interrupt, 0); // a pause() or sleep() wakes
      this.calls.interruptWait();
    }
    this.pumping = false;
  }

  private onMessage(m: FromPython): void {
    if (this.exitStatus) return;
    try {
      if (m.t === 'ready') {
        this.running = true;
        this.resolveReady();
        // What came before the program ran meets its first dispositions.
        this.pump();
        return;
      }
      if (m.t === 'call') { this.calls.call(m.op, m.args); return; }
      this.onCommonMessage(m as FromGuest);
    } catch (e) {
      this.brokenGuest(e);
    }
  }

  protected cleanup(): void {
    this.running = false;
    this.pending.length = 0;
    this.calls.close();
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
  const { code, file, args = [], env = {}, uid, pyodide, stdio = 'inherit', pgid, killScope } = options;
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
  }, uid ?? nodeParentPlatform.uid(), { pgid, killScope });
}
