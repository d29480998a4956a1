// SignalRuntime: one emulated process whose signal state lives in the C core.
//
// Two halves, as in CPython's signalmodule.c: trip() records a signal (the
// core sets pending and `tripped`) and hands it to a waiting sigwait*;
// runHandlers() is the safe point: the core delivers what is deliverable
// (default actions, the wakeup byte of a caught signal) and Python's half
// runs the handlers. The safe point runs inside the call that made a signal
// synchronous, and at the event-loop turn that brings one from outside (OS,
// timers, other runtimes).
import './dispose.js';
import { RealClock, VirtualClock, toMicros, type Clock, type TimerHandle } from './clock.js';
import {
  ITIMER_PROF, ITIMER_REAL, NSIG, SIGALRM, SIGCONT, SIGINT, SIGKILL, SIGPIPE, SIGPROF, SIGRTMIN, SIGSTOP,
  SIGVTALRM, SIGXFSZ, SIG_DFL,
  SIG_IGN, SI_TKILL, SI_USER, Handlers, type Sigmasks,
} from './constants.js';
import { describeSignal, isReservedSignal, signalName } from './signal-facts.js';
import { Core, sharedCore, type CoreExports, type Flavor } from './core/core.js';
import type { WasmSource } from './core/source.js';
import {
  BlockingIOError, ItimerError, KeyboardInterrupt, OSError, ProcessTerminated, ValueError,
  defaultIntHandler, errno,
} from './errors.js';
import { EmulatedOs } from './os.js';
import { exitRecord } from './exit-status.js';
import { abortError, waitSignal, type AbortSignalLike, type WaitOptions } from './abort.js';
import type { ItimerWhich, SignalLike } from './signal-types.js';
import type { Platform } from './platform.js';
import { allocatePid, killOrThrow, register, unregister, type Killable, type Sender } from './process-table.js';
import { bit, byName, cInt, checkOptionNames, int, signedInt, setFromHalves, sigset, signum, timestamp } from './validate.js';

/** A signal handler, called as `handler(signum, frame)` with `frame` always null. */
export type Handler = (signum: number, frame: null) => void;
/** A handler, `SIG_DFL` or `SIG_IGN`. */
export type HandlerLike = Handler | Handlers;

/** Linux's siginfo_t, as Python's `struct_siginfo`. */
export interface SigInfo {
  /** The signal's number. */
  si_signo: number;
  /** Why it was sent: `SI_USER` (kill), `SI_QUEUE`, `SI_TIMER`, `SI_TKILL`, `SI_KERNEL`. */
  si_code: number;
  /** Always 0. */
  si_errno: number;
  /** The sender's pid (0 from the host). */
  si_pid: number;
  /** The sender's uid. */
  si_uid: number;
  /** The exit status for SIGCHLD, else 0. */
  si_status: number;
  /** The band event for SIGIO, else 0. */
  si_band: number;
}

/** What `unraisableHook` receives, as Python's `sys.unraisablehook`. */
export interface UnraisableHookArgs {
  /** What is reported: Python's err_msg ("Exception ignored when trying to
   *  write to the signal wakeup fd"), or for a race the exception's text
   *  ("Signal N ignored due to race condition"). */
  errMsg: string;
  /** The exception: an OSError, as CPython reports both. */
  excValue: Error | null;
  /** The exception's class. */
  excType: Function | null;
  /** Always null. */
  excTraceback: null;
  /** What it happened in (null here). */
  object: unknown;
}

/** How an emulated process ended: by a signal's default action. */
export interface ExitStatus {
  /** The signal's number. */
  signal: number;
  /** Its name, 'SIGTERM' or 'SIGRTMIN+3' (a getter: not an own property). */
  readonly signalName: string;
}

/** Options of `createRuntime()`. Any other key is refused with a TypeError
 *  that names these. */
export interface RuntimeOptions {
  /** Which build of the core backs the runtime: `'wasi'` (clang, the
   *  default) or `'emscripten'` (emcc). Both behave identically. */
  flavor?: Flavor;
  /** `'real'` (the default) or a `VirtualClock` that every timer and timeout
   *  of the runtime follows. */
  clock?: 'real' | VirtualClock;
  /** Node only, default false: handlers set with `signal()` also receive the
   *  real OS signal. One live runtime per process may bind. */
  bindOsSignals?: boolean;
  /** Default true: SIGINT starts with `defaultIntHandler`, SIGPIPE and
   *  SIGXFSZ with `SIG_IGN`, as Python starts. */
  pythonDefaults?: boolean;
  /** The core's .wasm for `flavor` (`core-wasi.wasm`, or for emscripten
   *  `core-emscripten-web.wasm` in browsers and `core-emscripten.wasm` in
   *  Node), for apps whose bundler moves it: a URL, a `Response`, bytes or a
   *  `WebAssembly.Module`. Left out, the package finds its own. The first
   *  runtime of a flavor loads the core; later ones share it. */
  wasm?: WasmSource;
  /** Its uid for kill() between emulated processes (default the creator's:
   *  process.getuid() on Node, 0 in browsers): a sender needs the same uid,
   *  or uid 0, else EPERM. */
  uid?: number;
}

// A record over keyof RuntimeOptions, so that the list cannot drift from it.
const RUNTIME_OPTION_KEYS: Record<keyof RuntimeOptions, true> = {
  flavor: true, clock: true, bindOsSignals: true, pythonDefaults: true, wasm: true, uid: true,
};
const RUNTIME_OPTIONS = Object.keys(RUNTIME_OPTION_KEYS);


/** What `signalfd()` returns: the signals of its set as `SigInfo` records. */
export interface SignalFd extends AsyncIterable<SigInfo> {
  /** The next record; done once closed. */
  next(): Promise<IteratorResult<SigInfo, undefined>>;
  /** Ends it: a pending `next()` resolves done. */
  close(): void;
  /** Itself as an iterator; leaving a `for await` loop closes it. */
  [Symbol.asyncIterator](): AsyncIterator<SigInfo, undefined>;
  /** `close()`, for `using`. */
  [Symbol.dispose](): void;
  /** `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

interface Waiter {
  lo: number;
  hi: number;
  resolve(info: SigInfo | null): void;
  reject(e: unknown): void;
  timer?: TimerHandle;
  release(): void;
}

interface PauseWaiter {
  resolve(): void;
  reject(e: unknown): void;
  release(): void;
}

/** The one runtime per host process that holds real OS signals. */
let boundRuntime: SignalRuntime | null = null;

/** One emulated process with Python's `signal` API; its signal state lives
 *  in the C core. Made by `createRuntime()`. */
export class SignalRuntime implements Killable {
  /** The runtime's emulated process id. */
  readonly pid: number;
  /** Each runtime leads its own process group. */
  readonly pgid: number;
  /** Its uid for kill() between emulated processes. */
  readonly uid: number;
  /** @internal */
  readonly isRuntime = true;
  /** The id of its main thread (as on Linux, the pid). */
  readonly threadId: number;
  /** Resolves when a signal's default action ends the runtime. */
  readonly exited: Promise<ExitStatus>;
  /** How it ended, else null. */
  exitStatus: ExitStatus | null = null;
  /** Receives what Python reports as "Exception ignored …"; settable. The
   *  default writes Python's text to stderr. */
  unraisableHook: (args: UnraisableHookArgs) => void;
  /** Python's `os` functions, emulated per runtime: pipes, kill, getpid. */
  readonly os: RuntimeOs;

  private readonly x: CoreExports;
  private readonly p: number;
  /** Indices in the core's int32 view of the fields the safe point reads. */
  private readonly at: { lastAction: number; wakeupFd: number; stopped: number };
  private readonly hostThread: number;
  private readonly clock: Clock;
  private readonly pipes: EmulatedOs;
  private readonly handlers = new Map<number, Handler>();
  private nextHandlerId = 1;
  private readonly timers: (TimerHandle | undefined)[] = [undefined, undefined, undefined];
  /** Insertion-ordered: the oldest waiter for a signal is served first, and
   *  one leaves in O(1). */
  private waiters = new Set<Waiter>();
  private pauses: PauseWaiter[] = [];
  private readonly listening = new Set<number>();
  private closed = false;
  /** Python's half of the safe point: deliveries whose handler has not run
   *  yet (CPython's Handlers[i].tripped), and the flag that any are set. */
  private readonly tripped = new Int32Array(NSIG);
  private pyTripped = false;
  /** True while deliverAsync runs handlers: a handler's exception then goes
   *  to the oldest pending pause/sigwait instead of resolving the pauses. */
  private outsideTurn = false;
  private resolveExited!: (s: ExitStatus) => void;
  // Numbers from the core's layout table, read once.
  private readonly K: {
    DISP_DFL: number; DISP_IGN: number; DISP_HANDLER: number; SA_RESTART: number;
    SA_NODEFER: number; ACT_HANDLER: number; ACT_TERM: number; ACT_CORE: number;
    ACT_STOP: number; ACT_RACE: number; EAGAIN: number;
  };

  /** @internal Use createRuntime(). */
  constructor(
    private readonly core: Core,
    private readonly platform: Platform,
    clock: Clock,
    private readonly bound: boolean,
    uid?: number,
  ) {
    this.x = core.x;
    const k = (n: string) => core.k(n);
    this.K = {
      DISP_DFL: k('DISP_DFL'), DISP_IGN: k('DISP_IGN'), DISP_HANDLER: k('DISP_HANDLER'),
      SA_RESTART: k('SA_RESTART'), SA_NODEFER: k('SA_NODEFER'), ACT_HANDLER: k('ACT_HANDLER'),
      ACT_TERM: k('ACT_TERM'), ACT_CORE: k('ACT_CORE'), ACT_STOP: k('ACT_STOP'),
      ACT_RACE: k('ACT_RACE'), EAGAIN: k('EAGAIN'),
    };
    // A virtual clock may run centuries ahead: the runtime sees it from an
    // origin that moves up with it, and its core's deadlines move too.
    this.clock = clock instanceof VirtualClock ? clock.view((us) => this.x.wasig_timers_shift(this.p, us)) : clock;
    this.pid = allocatePid();
    // Linux: the main thread's id is the process id.
    this.threadId = this.pid;
    this.pgid = this.pid;
    this.uid = uid ?? platform.uid();
    this.hostThread = platform.hostThread();
    this.p = core.newProc(this.pid, this.uid);
    this.at = {
      lastAction: core.i32Index(this.p, 'last_action'),
      wakeupFd: core.i32Index(this.p, 'wakeup_fd'),
      stopped: core.i32Index(this.p, 'stopped'),
    };
    this.pipes = new EmulatedOs(() => this.trip(SIGPIPE, SI_USER, this.pid, this.uid, 0));
    this.os = new RuntimeOs(this, this.pipes);
    this.exited = new Promise((resolve) => { this.resolveExited = resolve; });
    this.unraisableHook = (args) => this.platform.stderr(formatUnraisable(args));
    register(this);
  }

  // ---- handlers ------------------------------------------------------------

  /** Sets the handler of a signal and returns the previous one; runs
   *  pending handlers first. Python's `signal.signal`. */
  signal(signalnum: SignalLike, handler: HandlerLike): HandlerLike {
    const sig = cInt(byName(signalnum), 'argument: signalnum');
    this.alive();
    this.mainThreadOnly('signal only works in main thread of the main interpreter');
    if (sig < 1 || sig >= NSIG) throw new ValueError('signal number out of range');
    if (typeof handler !== 'function' && handler !== SIG_DFL && handler !== SIG_IGN) {
      throw new TypeError('signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object');
    }
    if (this.bound && handler !== SIG_DFL) this.platform.osSignals!.checkListenable(sig);
    // CPython checks for pending signals before changing the handler, so that
    // a signal that arrived under the old handler runs it.
    this.runHandlers();
    if (sig === SIGKILL || sig === SIGSTOP || isReservedSignal(sig)) throw new OSError(errno.EINVAL);
    const old = this.getsignal(sig);
    this.install(sig, handler);
    return old as HandlerLike;
  }

  private install(sig: number, handler: HandlerLike): void {
    const oldId = this.x.wasig_get_action(this.p, sig, 1);
    let kind = this.K.DISP_DFL, id = 0;
    if (typeof handler === 'function') {
      kind = this.K.DISP_HANDLER;
      id = this.nextHandlerId++;
      this.handlers.set(id, handler);
    } else if (handler === SIG_IGN) {
      kind = this.K.DISP_IGN;
    }
    // Python handlers run at a safe point, long after the C-level delivery,
    // with nothing blocked: SA_NODEFER and an empty sa_mask say that to the
    // core. No SA_RESTART: Python's signal() leaves system calls interrupted.
    const r = this.x.wasig_set_action(this.p, sig, kind, id, this.K.SA_NODEFER, 0, 0);
    if (r < 0) throw new OSError(-r);
    if (oldId) this.handlers.delete(oldId);
    this.bindOs(sig, kind);
  }

  private bindOs(sig: number, kind: number): void {
    if (!this.bound) return;
    const os = this.platform.osSignals!;
    if (kind === this.K.DISP_DFL) {
      if (this.listening.delete(sig)) os.unlisten(sig);
    } else if (!this.listening.has(sig)) {
      os.listen(sig, () => this.fromOutside(sig, SI_USER, 0, 0, 0));
      this.listening.add(sig);
    }
  }

  /** The handler of a signal, `SIG_DFL`, `SIG_IGN`, or null. */
  getsignal(signalnum: SignalLike): HandlerLike | null {
    const sig = signum(signalnum);
    this.alive();
    // glibc refuses sigaction() on 32 and 33 (its own SIGCANCEL, SIGSETXID),
    // so CPython's handler table holds None for them: no handler from Python.
    if (isReservedSignal(sig)) return null;
    return this.handlerOf(sig);
  }

  private handlerOf(sig: number): HandlerLike | null {
    const kind = this.x.wasig_get_action(this.p, sig, 0);
    if (kind === this.K.DISP_IGN) return SIG_IGN;
    if (kind === this.K.DISP_HANDLER) return this.handlers.get(this.x.wasig_get_action(this.p, sig, 1)) ?? null;
    return SIG_DFL;
  }

  /** Whether a handled signal interrupts blocking waits (true) or lets them
   *  restart (false, SA_RESTART). */
  siginterrupt(signalnum: SignalLike, flag: boolean | number): void {
    // Argument Clinic converts both arguments before the range check, so a bad
    // flag is its TypeError (Python's type name) even with a bad signal number.
    const on = typeof flag === 'boolean' ? flag : cInt(flag, 'argument: flag') !== 0;
    const sig = signum(signalnum);
    this.alive();
    if (sig === SIGKILL || sig === SIGSTOP || isReservedSignal(sig)) throw new OSError(errno.EINVAL);
    const { x, p } = this;
    const flags = x.wasig_get_action(p, sig, 2) >>> 0;
    const next = on ? flags & ~this.K.SA_RESTART : flags | this.K.SA_RESTART;
    x.wasig_set_action(p, sig, x.wasig_get_action(p, sig, 0), x.wasig_get_action(p, sig, 1), next >>> 0,
      x.wasig_get_action(p, sig, 3), x.wasig_get_action(p, sig, 4));
  }

  /** Whether waits restart after this signal's handler (SA_RESTART). */
  restarts(signalnum: SignalLike): boolean {
    const sig = signum(signalnum);
    this.alive();
    return ((this.x.wasig_get_action(this.p, sig, 2) >>> 0) & this.K.SA_RESTART) !== 0;
  }

  /** glibc's description ('Interrupt', 'Terminated'), or null. */
  strsignal(signalnum: SignalLike): string | null {
    return describeSignal(signum(signalnum));
  }

  /** The valid signal numbers: 1–31 and 34–64, as glibc. */
  validSignals(): Set<number> {
    const out = new Set<number>();
    for (let s = 1; s < NSIG; s++) if (!isReservedSignal(s)) out.add(s);
    return out;
  }

  // ---- sending ---------------------------------------------------------------

  /** Sends a signal to this runtime (SI_TKILL); handlers run before it
   *  returns and their exceptions propagate from it. */
  raiseSignal(signum_: SignalLike): void {
    const sig = signum(signum_);
    this.alive();
    this.trip(sig, SI_TKILL, this.pid, this.uid, 0);
    this.runHandlers();
  }

  /** To `threadId` (this runtime's): like `raiseSignal`; 0 only checks. */
  pthreadKill(threadId: number, signalnum: SignalLike | 0): void {
    const tid = int(threadId, 'argument: thread_id');
    const sig = cInt(byName(signalnum), 'argument: signalnum');
    this.alive();
    if (sig < 0 || sig >= NSIG) throw new OSError(errno.EINVAL);
    if (tid !== this.threadId) throw new OSError(errno.ESRCH);
    if (sig === 0) return;
    this.trip(sig, SI_TKILL, this.pid, this.uid, 0);
    this.runHandlers();
  }

  /** @internal A signal from the process table (another runtime or guest). */
  receive(sig: number, code: number, senderPid: number, senderUid: number, value: number): void {
    this.alive();
    if (sig === 0) return;
    this.trip(sig, code, senderPid, senderUid, value);
    if (senderPid === this.pid) this.runHandlers();
    else queueMicrotask(() => this.deliverAsync());
  }

  /** Record sig in the core, then hand it to a waiting sigwait*, which
   *  takes it before any handler could (as a thread blocked in sigwait does
   *  on Linux). The wakeup byte is written at delivery (deliver()), after
   *  the core's flags, so that a reader woken by it finds the signal
   *  (CPython bpo-30038). */
  private trip(sig: number, code: number, pid: number, uid: number, value: number): void {
    const r = this.x.wasig_send(this.p, sig, code, pid, uid, value);
    if (r === -this.K.EAGAIN) throw new BlockingIOError(`the queue of real-time signal ${sig} is full: let the process take some before sending more`);
    if (r < 0) throw new OSError(-r);
    if (r === 0) this.afterTrip(sig);
  }

  private afterTrip(sig: number): void {
    if (this.waiters.size) this.serveWaiters(sig);
  }

  private fromOutside(sig: number, code: number, pid: number, uid: number, value: number): void {
    if (this.closed || this.exitStatus) return;
    this.trip(sig, code, pid, uid, value);
    this.deliverAsync();
  }

  // ---- the safe point ----------------------------------------------------------

  /** The safe point: runs the handlers of pending unblocked signals
   *  (`PyErr_CheckSignals`). */
  checkSignals(): void {
    this.alive();
    this.runHandlers();
  }

  /** The safe point, in two halves as a Python process over a kernel has
   *  them. First the core delivers every deliverable signal at once, as the
   *  kernel does before returning to user code: a default action (Term, Core,
   *  Stop) takes effect now, before any handler; a handled signal is marked
   *  tripped for Python's half and writes the wakeup byte, as CPython's
   *  C-level handler does. Then Python's half runs the tripped handlers. */
  private runHandlers(): void {
    this.deliver();
    if (this.pyTripped) this.runTripped();
  }

  private deliver(): void {
    const { x, p, core, K } = this;
    if (!x.wasig_check(p)) return;
    for (;;) {
      const sig = x.wasig_next(p);
      if (sig === 0) return;
      const action = core.heap32[this.at.lastAction];
      if (action === K.ACT_HANDLER || action === K.ACT_RACE) {
        // RACE: a handler was installed when it arrived, so CPython's
        // C-level handler has seen it; Python's half reports the race.
        // Standard signals coalesce here too; realtime ones count.
        this.tripped[sig] = sig >= SIGRTMIN ? this.tripped[sig] + 1 : 1;
        this.pyTripped = true;
        if (core.heap32[this.at.wakeupFd] >= 0) this.writeWakeup(sig);
      } else if (action === K.ACT_TERM || action === K.ACT_CORE) {
        this.terminate(sig);
      } else if (action === K.ACT_STOP) {
        this.stop(sig);
      }
    }
  }

  /** Python's half (CPython's _PyErr_CheckSignalsTstate): clear the global
   *  flag first, so that a signal arriving during a handler sets it again
   *  and is not lost; scan in ascending order; look each handler up again,
   *  since an earlier one may have changed it; if a handler throws, set the
   *  flag again so that the rest run at the next safe point. A nested safe
   *  point (a handler calling signal()) finds the flag clear and returns. */
  private runTripped(): void {
    while (this.pyTripped) {
      if (this.stopped) return; // a stopped process runs no code until SIGCONT
      this.pyTripped = false;
      for (let sig = 1; sig < NSIG; sig++) {
        while (this.tripped[sig] > 0) {
          // A handler that closed the runtime (or a default action that
          // ended it) ends the delivery: nothing runs for a closed process.
          if (this.closed || this.exitStatus) { this.tripped.fill(0); return; }
          this.tripped[sig]--;
          const fn = this.handlerOf(sig);
          if (typeof fn !== 'function') {
            // CPython: PyErr_Format(OSError, ...) then PyErr_WriteUnraisable.
            const text = `Signal ${sig} ignored due to race condition`;
            this.reportUnraisable({ errMsg: text, excValue: new OSError(text), excType: OSError, excTraceback: null, object: null });
            continue;
          }
          try {
            fn(sig, null);
          } catch (e) {
            this.pyTripped = true;
            // At an outside turn the exception belongs to the oldest pending
            // pause() (deliverAsync rejects it), as Python raises it from
            // signal.pause(): resolving the pauses here first would swallow
            // it. At a synchronous safe point it propagates from that call,
            // and pending pauses resolve: a handler has run.
            if (!this.outsideTurn) this.handlerRan();
            throw e;
          }
          this.handlerRan();
        }
      }
    }
  }

  /** The event-loop turn that brings a signal from outside. An exception
   *  from a handler goes to the oldest pending wait (pause, sigwait), as
   *  Python raises it from the blocking call; with none, it is thrown to the
   *  host as an uncaught error, as Python's would end the program. */
  private deliverAsync(): void {
    if (this.closed || this.exitStatus) return;
    try {
      this.outsideTurn = true;
      this.runHandlers();
    } catch (e) {
      if (e instanceof ProcessTerminated) return; // `exited` tells it
      const w = this.pauses.shift() ?? this.oldestWaiter();
      if (w) {
        w.release();
        if ('timer' in w) w.timer?.cancel();
        w.reject(e);
        this.handlerRan(); // any other pause: a handler has run
        queueMicrotask(() => this.deliverAsync());
        return;
      }
      if (this.bound && e instanceof KeyboardInterrupt) {
        // Python ends an uncaught KeyboardInterrupt by dying of SIGINT, so
        // that the shell sees it.
        this.platform.stderr('Traceback (most recent call last):\nKeyboardInterrupt\n');
        this.platform.osSignals!.unlisten(SIGINT);
        this.platform.osSignals!.killSelf(SIGINT);
      }
      throw e;
    } finally {
      this.outsideTurn = false;
    }
  }

  private handlerRan(): void {
    const ps = this.pauses;
    if (!ps.length) return;
    this.pauses = [];
    for (const w of ps) { w.release(); w.resolve(); }
  }

  private terminate(sig: number): never {
    if (this.bound) {
      // The real process takes the default, as Python's does.
      if (this.listening.delete(sig)) this.platform.osSignals!.unlisten(sig);
      this.platform.osSignals!.killSelf(sig);
    }
    this.exitStatus = exitRecord({ signal: sig }) as ExitStatus;
    const err = new ProcessTerminated(sig, `process ${this.pid} terminated by ${signalName(sig)} (${describeSignal(sig)})`);
    this.release(err);
    this.freeSlot();
    this.resolveExited(this.exitStatus);
    throw err;
  }

  private stop(sig: number): void {
    if (!this.bound) return; // the core marks the process stopped until SIGCONT
    this.platform.osSignals!.killSelf(sig);
    // Running again: the real SIGCONT arrived. Mirror it in the core unless a
    // SIGCONT handler will hear of it through its own listener.
    if (!this.listening.has(SIGCONT)) this.x.wasig_send(this.p, SIGCONT, SI_USER, 0, 0, 0);
  }

  /** True while a stop signal's default action holds the process, until SIGCONT. */
  /** True while a stop signal's default action holds the runtime. */
  get stopped(): boolean {
    return this.core.heap32[this.at.stopped] !== 0;
  }

  // ---- masks -----------------------------------------------------------------

  /** Changes the blocked set (`SIG_BLOCK`, `SIG_UNBLOCK`, `SIG_SETMASK`)
   *  and returns the previous one; handlers of newly unblocked pending
   *  signals run before it returns. */
  pthreadSigmask(how: Sigmasks, mask: Iterable<SignalLike>): Set<number> {
    const h = cInt(how, 'argument: how');
    let [lo, hi] = sigset(mask);
    this.alive();
    // glibc's pthread_sigmask silently leaves 32 and 33 (SIGCANCEL,
    // SIGSETXID) unblocked, so Python never reports them in a mask: the set
    // it returns stays within valid_signals().
    lo = (lo & 0x7fffffff) >>> 0;
    hi = (hi & ~1) >>> 0;
    const r = this.x.wasig_sigmask(this.p, h, lo, hi);
    if (r < 0) throw new OSError(-r);
    const old = setFromHalves(...this.core.maskAt(this.p, 'old_mask'));
    this.runHandlers();
    return old;
  }

  /** The pending (blocked) signals. */
  sigpending(): Set<number> {
    this.alive();
    return setFromHalves(...this.core.maskAt(this.p, 'pending'));
  }

  // ---- waits -----------------------------------------------------------------

  /** Waits for a signal of `set` (blocked ones, as in C) and takes it from
   *  the pending set; its handler is not called. Python's `sigwait`. */
  async sigwait(set: Iterable<SignalLike>, options?: WaitOptions): Promise<number> {
    const info = await this.sigwaitinfo(set, options);
    return info.si_signo;
  }

  /** Like `sigwait`, resolving with the signal's `SigInfo`. */
  async sigwaitinfo(set: Iterable<SignalLike>, options?: WaitOptions): Promise<SigInfo> {
    const [lo, hi] = sigset(set);
    const abort = waitSignal(options, 'sigwaitinfo');
    this.alive();
    return (await this.wait(lo, hi, -1, abort).promise)!;
  }

  /** Like `sigwaitinfo`, resolving with null once `timeout` seconds pass
   *  (0 polls). */
  async sigtimedwait(set: Iterable<SignalLike>, timeout: number, options?: WaitOptions): Promise<SigInfo | null> {
    const [lo, hi] = sigset(set);
    const t = timestamp(timeout, 'timeout');
    if (t < 0) throw new ValueError('timeout must be non-negative');
    const abort = waitSignal(options, 'sigtimedwait');
    this.alive();
    return this.wait(lo, hi, Number.isFinite(t) ? toMicros(t) : -1, abort).promise;
  }

  /** Takes a pending signal of the set now, or waits for one (timeoutUs < 0:
   *  forever). The waiter claims signals at the trip, before any handler.
   *  An abort rejects the wait before it takes anything. */
  private wait(lo: number, hi: number, timeoutUs: number, abort?: AbortSignalLike): { promise: Promise<SigInfo | null>; cancel(): void } {
    if (abort?.aborted) return { promise: Promise.reject(abortError(abort)), cancel() {} };
    if (this.x.wasig_take(this.p, lo, hi)) return { promise: Promise.resolve(this.takenInfo()), cancel() {} };
    if (timeoutUs === 0) return { promise: Promise.resolve(null), cancel() {} };
    let w!: Waiter;
    const promise = new Promise<SigInfo | null>((resolve, reject) => {
      w = { lo, hi, resolve, reject, release: this.platform.keepAlive() };
    });
    const onAbort = () => { drop(); w.reject(abortError(abort!)); };
    const drop = () => {
      this.waiters.delete(w);
      w.release();
      w.timer?.cancel();
      abort?.removeEventListener('abort', onAbort);
    };
    const release = w.release;
    w.release = () => { release(); abort?.removeEventListener('abort', onAbort); };
    if (timeoutUs > 0) {
      w.timer = this.clock.at(this.clock.nowUs(ITIMER_REAL) + timeoutUs, ITIMER_REAL, () => {
        drop();
        w.resolve(null);
      });
    }
    abort?.addEventListener('abort', onAbort, { once: true });
    this.waiters.add(w);
    return { promise, cancel: () => { drop(); w.resolve(null); } };
  }

  private oldestWaiter(): Waiter | undefined {
    for (const w of this.waiters) { this.waiters.delete(w); return w; }
    return undefined;
  }

  private serveWaiters(sig: number): void {
    const [blo, bhi] = bit(sig);
    for (const w of this.waiters) {
      if (!((w.lo & blo) | (w.hi & bhi))) continue;
      if (!this.x.wasig_take(this.p, w.lo, w.hi)) return;
      this.waiters.delete(w);
      w.release();
      w.timer?.cancel();
      w.resolve(this.takenInfo());
      return;
    }
  }

  private takenInfo(): SigInfo {
    const i = this.core.info(this.p);
    return {
      si_signo: i.si_signo, si_code: i.si_code, si_errno: i.si_errno, si_pid: i.si_pid,
      si_uid: i.si_uid, si_status: i.si_status, si_band: i.si_band,
    };
  }

  /** Resolves after the next handler has run (Python's `pause`); an abort
   *  rejects it with an AbortError. */
  pause(options?: WaitOptions): Promise<void> {
    let abort: AbortSignalLike | undefined;
    try {
      abort = waitSignal(options, 'pause');
      this.alive();
      if (abort?.aborted) throw abortError(abort);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.pauses = this.pauses.filter((o) => o !== p);
        p.release();
        reject(abortError(abort!));
      };
      const keep = this.platform.keepAlive();
      const p: PauseWaiter = {
        resolve, reject,
        release: () => { keep(); abort?.removeEventListener('abort', onAbort); },
      };
      abort?.addEventListener('abort', onAbort, { once: true });
      this.pauses.push(p);
    });
  }

  /** The signals of `set` (which should be blocked) as an async iterable of
   *  `SigInfo` records, in order, as Linux's signalfd. `close()` (or leaving
   *  a `for await`, or `using`) ends it; aborting `options.signal` ends it
   *  too, rejecting a pending `next()` with an AbortError. */
  signalfd(set: Iterable<SignalLike>, options?: WaitOptions): SignalFd {
    const [lo, hi] = sigset(set);
    const abort = waitSignal(options, 'signalfd');
    this.alive();
    let closed = false;
    let current: { cancel(): void } | null = null;
    const close = () => {
      closed = true;
      current?.cancel();
    };
    const fd: SignalFd = {
      next: async () => {
        // A closed fd, or a runtime that is closed or ended, has no more.
        if (closed || this.closed || this.exitStatus) return { done: true, value: undefined };
        if (abort?.aborted) { close(); throw abortError(abort); }
        const w = this.wait(lo, hi, -1, abort);
        current = w;
        let info: SigInfo | null;
        try {
          info = await w.promise;
        } catch (e) {
          close();
          throw e;
        } finally {
          current = null;
        }
        return info && !closed ? { done: false, value: info } : { done: true, value: undefined };
      },
      close,
      [Symbol.asyncIterator]: () => ({
        next: () => fd.next(),
        return: async () => { fd.close(); return { done: true, value: undefined }; },
      }),
      [Symbol.dispose]: close,
      [Symbol.asyncDispose]: async () => close(),
    };
    return fd;
  }

  // ---- wakeup fd ---------------------------------------------------------------

  /** Each signal writes one byte, its number, to this `os.pipe()` fd (which
   *  must be non-blocking); -1 disables. Returns the previous fd or -1. */
  setWakeupFd(fd: number, options: { warnOnFullBuffer?: boolean } = {}): number {
    // Python's warn_on_full_buffer is keyword-only: set_wakeup_fd(fd, False)
    // is a TypeError. Here a bare second argument (setWakeupFd(fd, false))
    // would otherwise destructure silently and keep the warnings on.
    if (options === null || typeof options !== 'object') {
      throw new TypeError('set_wakeup_fd() takes exactly 1 positional argument (2 given): pass { warnOnFullBuffer }');
    }
    const { warnOnFullBuffer = true } = options;
    const n = signedInt(fd, 'argument: fd');
    this.alive();
    this.mainThreadOnly('set_wakeup_fd only works in main thread of the main interpreter');
    if (n !== -1) {
      if (!this.pipes.isOpen(n)) throw new OSError(errno.EBADF);
      if (this.pipes.getBlocking(n)) throw new ValueError(`the fd ${n} must be in non-blocking mode`);
    }
    return this.x.wasig_set_wakeup(this.p, n, warnOnFullBuffer ? 1 : 0);
  }

  private writeWakeup(sig: number): void {
    const fd = this.core.i32At(this.p, 'wakeup_fd');
    try {
      this.pipes.write(fd, Uint8Array.of(sig & 0xff), false);
    } catch (e) {
      if (e instanceof BlockingIOError && !this.core.i32At(this.p, 'wakeup_flags')) return;
      this.reportUnraisable({
        errMsg: 'Exception ignored when trying to write to the signal wakeup fd',
        excValue: e as Error, excType: (e as Error).constructor, excTraceback: null, object: null,
      });
    }
  }

  private reportUnraisable(args: UnraisableHookArgs): void {
    try {
      this.unraisableHook(args);
    } catch (e) {
      this.platform.stderr(`Exception ignored in unraisableHook: ${(e as Error)?.stack ?? e}\n`);
    }
  }

  // ---- timers --------------------------------------------------------------------

  /** SIGALRM after `seconds` (0 cancels); the seconds left of the previous
   *  alarm. One timer with ITIMER_REAL, as on Linux. `seconds` is a C int,
   *  as in Python: past 32 bits an OverflowError, and a negative one is the
   *  unsigned alarm(2) gets (-1 arms 4294967295 s), as `signal.alarm(-1)`. */
  alarm(seconds: number): number {
    const s = cInt(seconds, 'argument: seconds') >>> 0;
    this.alive();
    const left = this.x.wasig_alarm(this.p, this.clock.nowUs(ITIMER_REAL), s) >>> 0;
    this.reschedule(ITIMER_REAL);
    return left;
  }

  /** Arms an interval timer; returns its previous `[delay, interval]`. */
  setitimer(which: ItimerWhich, seconds: number, interval: number = 0): [number, number] {
    const w = cInt(which, 'argument: which');
    const s = timestamp(seconds);
    const i = timestamp(interval, 'interval');
    this.alive();
    if (w < ITIMER_REAL || w > ITIMER_PROF || s < 0 || i < 0) {
      throw new ItimerError(errno.EINVAL);
    }
    const r = this.x.wasig_setitimer(this.p, w, this.clock.nowUs(w), toMicros(s), toMicros(i));
    if (r < 0) throw new ItimerError(-r);
    const old = this.itimerOut();
    this.reschedule(w);
    return old;
  }

  /** A timer's `[delay, interval]`; `[0, 0]` when disarmed. */
  getitimer(which: ItimerWhich): [number, number] {
    const w = cInt(which, 'argument: which');
    this.alive();
    const r = this.x.wasig_getitimer(this.p, w, w >= ITIMER_REAL && w <= ITIMER_PROF ? this.clock.nowUs(w) : 0);
    if (r < 0) throw new ItimerError(-r);
    return this.itimerOut();
  }

  private itimerOut(): [number, number] {
    return [this.core.f64At(this.p, 'out_d', 0) / 1e6, this.core.f64At(this.p, 'out_d', 1) / 1e6];
  }

  private reschedule(which: number): void {
    this.timers[which]?.cancel();
    this.timers[which] = undefined;
    const due = this.x.wasig_timer_due(this.p, which);
    if (due >= 0) this.timers[which] = this.clock.at(due, which, () => this.onTimer(which));
  }

  private onTimer(which: number): void {
    this.timers[which] = undefined;
    if (this.closed || this.exitStatus) return;
    const fired = this.x.wasig_timer_expire(this.p, which, this.clock.nowUs(which));
    this.reschedule(which);
    if (!fired) return;
    this.afterTrip([SIGALRM, SIGVTALRM, SIGPROF][which]);
    // A virtual clock fires timers inside advance(), which is the safe point:
    // a handler's exception propagates from there.
    if (this.clock.synchronous) this.runHandlers();
    else this.deliverAsync();
  }

  // ---- lifetime ----------------------------------------------------------------------

  /** Releases OS bindings, timers and waits; the runtime is unusable
   *  afterwards. */
  close(): void {
    if (this.closed) return;
    this.release(new Error('wasig: the runtime was closed'));
    this.closed = true;
    this.freeSlot();
  }

  private slotFreed = false;

  /** The core's process struct goes back to the shared pool once: at
   *  close(), or when a default action ended the process. */
  private freeSlot(): void {
    if (this.slotFreed) return;
    this.slotFreed = true;
    this.x.wasig_proc_free(this.p);
  }

  /** `close()`, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** `close()`, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  /** Releases timers, OS listeners and waits; the process is gone. */
  private release(reason: unknown): void {
    for (let w = 0; w < 3; w++) { this.timers[w]?.cancel(); this.timers[w] = undefined; }
    if (this.bound) {
      for (const sig of this.listening) this.platform.osSignals!.unlisten(sig);
      this.listening.clear();
      if (boundRuntime === this) boundRuntime = null;
    }
    const waits = [...this.waiters, ...this.pauses];
    this.waiters = new Set();
    this.pauses = [];
    for (const w of waits) {
      w.release();
      if ('timer' in w) w.timer?.cancel();
      w.reject(reason);
    }
    unregister(this.pid);
  }

  /** @internal This runtime as a sender of kill(2): host code, so no guest
   *  scope; a closed or ended runtime sends nothing. */
  get sender(): Sender {
    this.alive();
    return { pid: this.pid, uid: this.uid, pgid: this.pgid, scope: null };
  }

  private alive(): void {
    if (this.exitStatus) throw new ProcessTerminated(this.exitStatus.signal, `process ${this.pid} was terminated by ${signalName(this.exitStatus.signal)}`);
    if (this.closed) throw new ValueError('this runtime is closed: create another with createRuntime()');
  }

  private mainThreadOnly(message: string): void {
    if (this.platform.hostThread() !== this.hostThread) throw new ValueError(message);
  }

  /** Sets up Python's start state: SIGINT raises KeyboardInterrupt, SIGPIPE
   *  and SIGXFSZ are ignored. */
  /** @internal SIGINT to defaultIntHandler, SIGPIPE and SIGXFSZ ignored. */
  applyPythonDefaults(): void {
    this.install(SIGINT, defaultIntHandler);
    this.install(SIGPIPE, SIG_IGN);
    this.install(SIGXFSZ, SIG_IGN);
  }

  /** Internal: used by createRuntime. */
  /** @internal */
  static claimOsSignals(rt: SignalRuntime): void {
    boundRuntime = rt;
  }
  /** @internal */
  static osSignalsClaimed(): boolean {
    return boundRuntime !== null;
  }
}

/** Python's os functions that touch this runtime: pipes and kill. */
/** Python's `os` functions, emulated for one runtime (`rt.os`). */
export class RuntimeOs {
  /** @internal */
  constructor(private readonly rt: SignalRuntime, private readonly pipes: EmulatedOs) {}
  /** `[readFd, writeFd]`: a pipe with a finite buffer, non-blocking. */
  pipe(opts?: { capacity?: number }): [number, number] { return this.pipes.pipe(opts); }
  /** Up to `n` bytes; empty when nothing is there on a non-blocking fd. */
  read(fd: number, n: number): Uint8Array { return this.pipes.read(fd, n); }
  /** The bytes written: as many as fit; BlockingIOError when none fit. */
  write(fd: number, bytes: Uint8Array | ArrayLike<number>): number { return this.pipes.write(fd, bytes); }
  /** Closes an fd. */
  close(fd: number): void { this.pipes.close(fd); }
  /** `os.set_blocking`. */
  setBlocking(fd: number, flag: boolean): void { this.pipes.setBlocking(fd, flag); }
  /** `os.get_blocking`. */
  getBlocking(fd: number): boolean { return this.pipes.getBlocking(fd); }
  /** The runtime's pid. */
  getpid(): number { return this.rt.pid; }
  /** os.kill: to this or another emulated process, with SI_USER. Signal 0
   *  only checks that the process exists. As on Linux, 0 and -pid name this
   *  process's own group (each process leads its own), and -1 every process
   *  but this one. */
  kill(pid: number, sig: SignalLike | 0): void {
    const target = signedInt(pid, 'argument: pid');
    const s = cInt(byName(sig), 'argument: signal');
    if (s < 0 || s >= NSIG) throw new OSError(errno.EINVAL);
    killOrThrow(this.rt.sender, target, s, SI_USER, 0);
  }

}

/** Python's default unraisable hook text: its own message when it has one
 *  ("Exception ignored when …"), else "Exception ignored in: None". */
export function formatUnraisable(a: UnraisableHookArgs): string {
  const head = a.errMsg.startsWith('Exception ignored') ? `${a.errMsg}:` : 'Exception ignored in: None';
  return a.excValue ? `${head}\n${a.excValue.name}: ${a.excValue.message}\n` : `${head}\n${a.errMsg}\n`;
}

export async function createRuntimeOn(platform: Platform, options: RuntimeOptions = {}): Promise<SignalRuntime> {
  if (options === null || typeof options !== 'object') throw new TypeError('createRuntime options must be an object');
  checkOptionNames('createRuntime', options, RUNTIME_OPTIONS);
  const { flavor = 'wasi', clock = 'real', bindOsSignals = false, pythonDefaults = true, wasm, uid } = options;
  if (uid !== undefined && (!Number.isSafeInteger(uid) || uid < 0 || uid > 0x7fffffff)) throw new TypeError(`uid must be an integer from 0 to 2147483647, not ${String(uid)}`);
  if (flavor !== 'wasi' && flavor !== 'emscripten') throw new ValueError(`flavor must be 'wasi' or 'emscripten', not ${JSON.stringify(flavor)}`);
  if (clock !== 'real' && !(clock instanceof VirtualClock)) throw new TypeError("clock must be 'real' or a VirtualClock");
  if (typeof bindOsSignals !== 'boolean') throw new TypeError('bindOsSignals must be a boolean');
  if (typeof pythonDefaults !== 'boolean') throw new TypeError('pythonDefaults must be a boolean');
  if (bindOsSignals) {
    if (!platform.osSignals) throw new ValueError(platform.noOsSignals ?? 'bindOsSignals: this host has no OS signals');
    if (SignalRuntime.osSignalsClaimed()) throw new ValueError('another live runtime already binds the OS signals of this process: close() it first');
  }
  const core = await sharedCore(flavor, (f) => platform.loadCore(f, wasm));
  if (bindOsSignals && SignalRuntime.osSignalsClaimed()) throw new ValueError('another live runtime already binds the OS signals of this process: close() it first');
  const rt = new SignalRuntime(core, platform, clock === 'real' ? new RealClock(platform.now) : clock, bindOsSignals, uid);
  if (bindOsSignals) SignalRuntime.claimOsSignals(rt);
  if (pythonDefaults) rt.applyPythonDefaults();
  return rt;
}
