// A Python program on Pyodide as a wasig process: the host side, the same in
// Node and browsers (spawn-python.ts, spawn-python.browser.ts start the
// worker). Signals go through Pyodide's interrupt buffer, which holds one
// signal number: the host keeps the rest in a queue and writes the next one
// only once Python has taken the last (the buffer is 0 again), so none is
// overwritten; the worker takes a number only when the handler of the one
// before has started, so none is merged with another. Dispositions are
// mirrored from Python (bootstrap.ts), so the host ends the process for
// SIG_DFL Term/Core signals and drops SIG_IGN ones.
import { NSIG, SIGCONT, SIGKILL, SIGRTMIN, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU } from '../constants.js';
import { BlockingIOError, OSError, errno } from '../errors.js';
import { register, unregister, type KillScope, type Killable } from '../process-table.js';
import { endsByDefault } from '../signal-facts.js';
import { GuestHandle, type GuestStdin } from '../guest/spawn.js';
import type { FromGuest } from '../guest/protocol.js';
import { StdinPipe } from '../guest/stdin-pipe.js';
import { CONTROL, DISPOSITION, RUN_CLOCK, type FromPython, type PythonStart } from './protocol.js';
import { PythonCalls } from './python-calls.js';

/** Signals the host keeps for one Python process beyond the one in Pyodide's
 *  buffer; more is refused with BlockingIOError (EAGAIN), as a full mailbox
 *  of a C guest is. */
export const PYTHON_QUEUE_LIMIT = 65536;

/** @internal The worker of a Python process, as a host starts it. */
export interface PythonWorker { terminate(): void; unref(): void }
/** @internal Starts the worker with its start data. */
export type StartPythonWorker = (start: PythonStart, onMessage: (m: FromPython) => void,
  onError: (e: Error) => void, onExit: (code: number) => void) => PythonWorker;
/** @internal Reads the host's fd 0 (stdin 'inherit'); returns how to stop. */
export type ReadHostStdin = (onData: (d: Uint8Array) => void, onEnd: () => void) => () => void;

// Atomics.waitAsync (Node >= 16, Chromium) is in TypeScript's ES2024 lib, past ours.
const waitAsync = (Atomics as unknown as {
  waitAsync(a: Int32Array, i: number, v: number, ms: number): { async: false; value: string } | { async: true; value: Promise<string> };
}).waitAsync;

function stopsByDefault(sig: number): boolean {
  return sig === SIGSTOP || sig === SIGTSTP || sig === SIGTTIN || sig === SIGTTOU;
}

/** One signal waiting for the Python program, with what siginfo says, its
 *  arrival number (CONTROL.ARRIVALS), and whether it was blocked when it
 *  came (then it is numbered again when it is delivered). */
interface Queued { sig: number; code: number; pid: number; uid: number; seq: number; held: boolean }

/** A Python program running on Pyodide in a worker thread, with a pid in
 *  the process table that runtimes and guests share. */
export class PythonProcess extends GuestHandle implements Killable {
  private worker: PythonWorker | null = null;
  private readonly interrupt = new Int32Array(new SharedArrayBuffer(4));
  private readonly dispositions = new Int32Array(new SharedArrayBuffer(NSIG * 4));
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL.BYTES));
  private readonly runClock = new BigInt64Array(new SharedArrayBuffer(RUN_CLOCK.WORDS * 8));
  private readonly stdinPipe = new StdinPipe(() => this.wake());
  private stopStdin: (() => void) | null = null;
  /** The writing end of its stdin when stdin is 'pipe' (stdio). */
  readonly stdin: GuestStdin;
  /** Generated, not yet written into Pyodide's buffer: blocked by the
   *  program's mask, or behind the one in the buffer. */
  private readonly pending: Queued[] = [];
  /** @internal The program's signal mask (pthread_sigmask), kept here,
   *  where the signals wait. */
  readonly blocked = new Set<number>();
  private running = false;
  private pumping = false;
  private arrivals = 0;
  private readonly calls: PythonCalls;

  /** @internal Use spawnPython(). */
  constructor(init: Omit<PythonStart, 'pid' | 'interrupt' | 'dispositions' | 'control' | 'runClock' | 'stdinBuf'>, uid: number,
    opts: { pgid?: number; killScope?: KillScope }, startWorker: StartPythonWorker,
    private readonly readHostStdin: ReadHostStdin | null = null) {
    super(uid, opts);
    const start: PythonStart = {
      ...init, pid: this.pid,
      interrupt: this.interrupt.buffer as SharedArrayBuffer,
      dispositions: this.dispositions.buffer as SharedArrayBuffer,
      control: this.control.buffer as SharedArrayBuffer,
      runClock: this.runClock.buffer as SharedArrayBuffer,
      stdinBuf: this.stdinPipe.buffer,
    };
    const piped = init.stdin === 'pipe';
    this.stdin = {
      write: (data) => {
        if (!piped) throw new Error("wasig: the Python program's stdin is not a pipe: spawn it with stdio: ['pipe', …]");
        this.stdinPipe.feed(typeof data === 'string' ? new TextEncoder().encode(data) : data);
      },
      end: () => { if (piped) this.stdinPipe.end(); },
    };
    this.calls = new PythonCalls(this, this.control);
    register(this);
    this.worker = startWorker(start, (m) => this.onMessage(m), (e) => this.fail(e),
      (code) => this.finish({ code: code || 1, signal: null, error: 'the Python worker ended without reporting' }));
  }

  /** Lets the host exit while the program still runs (Node). */
  unref(): void {
    this.worker?.unref();
  }

  /** Tells a read of stdin waiting in the worker to look again. */
  private wake(): void {
    Atomics.add(this.control, CONTROL.WAKE, 1);
    Atomics.notify(this.control, CONTROL.WAKE);
  }

  /** @internal The Python thread's running time now, in microseconds of
   *  the epoch clock: the wall time less its waits (RUN_CLOCK). */
  runningUs(): number {
    const now = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
    const since = Atomics.load(this.runClock, RUN_CLOCK.SINCE);
    const blocked = Atomics.load(this.runClock, RUN_CLOCK.BLOCKED) + (since === 0n ? 0n : now - since);
    return Number(now - blocked);
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
    // Numbered before SIGCONT resumes the program: a handler that starts on
    // the resume then counts SIGCONT as pending with it (as Linux has it
    // pending at once), so SIGCONT's handler runs after it, not nested in
    // its print.
    const seq = this.arrive();
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
    this.pending.push({ sig, code, pid: senderPid, uid: senderUid, seq, held: this.blocked.has(sig) });
    this.pump();
  }

  /** Numbers an arrival (CONTROL.ARRIVALS; wraps, compared by difference). */
  private arrive(): number {
    this.arrivals = (this.arrivals + 1) | 0;
    Atomics.store(this.control, CONTROL.ARRIVALS, this.arrivals);
    return this.arrivals;
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
    Atomics.add(this.control, CONTROL.STOP, 1);
    this.emit('stop', sig);
  }

  private resume(): void {
    if (!this.stopped) return;
    this.stopped = false;
    Atomics.add(this.control, CONTROL.STOP, 1);
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
      // Unblocked now: it arrives now, as far as a running handler goes.
      Atomics.store(this.control, CONTROL.ARRIVED, q.held ? this.arrive() : q.seq);
      Atomics.store(this.interrupt, 0, q.sig); // only the worker clears it
      Atomics.notify(this.interrupt, 0); // a pause() or sleep() wakes
      this.wake(); // and a read of stdin
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
      if (m.t === 'stdin') {
        if (this.readHostStdin && !this.stopStdin) this.stopStdin = this.readHostStdin((d) => this.stdinPipe.feed(d), () => this.stdinPipe.end());
        return;
      }
      this.onCommonMessage(m as FromGuest);
    } catch (e) {
      this.brokenGuest(e);
    }
  }

  protected cleanup(): void {
    this.running = false;
    this.pending.length = 0;
    this.calls.close();
    this.stdinPipe.close();
    this.stopStdin?.();
    this.stopStdin = null;
    Atomics.notify(this.interrupt, 0); // a pump waiting on the buffer sees the end
    this.worker?.terminate();
    unregister(this.pid);
  }
}
