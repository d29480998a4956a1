// SignalRuntime: one emulated process whose signal state lives in the C core.
//
// Two halves, as in CPython's signalmodule.c: trip() records a signal (the
// core sets pending and `tripped`) and hands it to a waiting sigwait*;
// runHandlers() is the safe point: the core delivers what is deliverable
// (default actions, the wakeup byte of a caught signal) and Python's half
// runs the handlers. The safe point runs inside the call that made a signal
// synchronous, and at the event-loop turn that brings one from outside (OS,
// timers, other runtimes).
import { RealClock, VirtualClock, toMicros, type Clock, type TimerHandle } from './clock.js';
import {
  ITIMER_PROF, ITIMER_REAL, NSIG, SIGALRM, SIGCONT, SIGINT, SIGKILL, SIGPIPE, SIGPROF, SIGRTMIN, SIGSTOP,
  SIGVTALRM, SIGXFSZ, SIG_DFL,
  SIG_IGN, SI_TKILL, SI_USER, Handlers,
} from './constants.js';
import { describeSignal, isReservedSignal, signalName } from './signal-facts.js';
import { Core, sharedCore, type CoreExports, type Flavor } from './core/core.js';
import {
  BlockingIOError, ItimerError, KeyboardInterrupt, OSError, ProcessTerminated, ValueError,
  defaultIntHandler, errno,
} from './errors.js';
import { EmulatedOs } from './os.js';
import type { Platform } from './platform.js';
import { allocatePid, broadcast, lookup, register, unregister, type Killable } from './process-table.js';
import { bit, int, seconds as secondsArg, setFromHalves, sigset, signum } from './validate.js';

export type Handler = (signum: number, frame: null) => void;
export type HandlerLike = Handler | Handlers;

export interface SigInfo {
  si_signo: number;
  si_code: number;
  si_errno: number;
  si_pid: number;
  si_uid: number;
  si_status: number;
  si_band: number;
}

export interface UnraisableHookArgs {
  /** What is reported: Python's err_msg ("Exception ignored when trying to
   *  write to the signal wakeup fd"), or for a race the exception's text
   *  ("Signal N ignored due to race condition"). */
  errMsg: string;
  /** The exception: an OSError, as CPython reports both. */
  excValue: Error | null;
  excType: Function | null;
  excTraceback: null;
  object: unknown;
}

export interface ExitStatus { signal: number }

export interface RuntimeOptions {
  flavor?: Flavor;
  clock?: 'real' | VirtualClock;
  bindOsSignals?: boolean;
  pythonDefaults?: boolean;
}

export interface SignalFd extends AsyncIterable<SigInfo> {
  next(): Promise<IteratorResult<SigInfo, undefined>>;
  close(): void;
  [Symbol.asyncIterator](): AsyncIterator<SigInfo, undefined>;
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

export class SignalRuntime implements Killable {
  readonly pid: number;
  readonly threadId: number;
  readonly exited: Promise<ExitStatus>;
  exitStatus: ExitStatus | null = null;
  unraisableHook: (args: UnraisableHookArgs) => void;
  readonly os: RuntimeOs;

  private readonly x: CoreExports;
  private readonly p: number;
  /** Indices in the core's int32 view of the fields the safe point reads. */
  private readonly at: { lastAction: number; wakeupFd: number; stopped: number };
  private readonly uid: number;
  private readonly hostThread: number;
  private readonly clock: Clock;
  private readonly pipes: EmulatedOs;
  private readonly handlers = new Map<number, Handler>();
  private nextHandlerId = 1;
  private readonly timers: (TimerHandle | undefined)[] = [undefined, undefined, undefined];
  private waiters: Waiter[] = [];
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

  /** Use createRuntime(). */
  constructor(
    private readonly core: Core,
    private readonly platform: Platform,
    clock: Clock,
    private readonly bound: boolean,
  ) {
    this.x = core.x;
    const k = (n: string) => core.k(n);
    this.K = {
      DISP_DFL: k('DISP_DFL'), DISP_IGN: k('DISP_IGN'), DISP_HANDLER: k('DISP_HANDLER'),
      SA_RESTART: k('SA_RESTART'), SA_NODEFER: k('SA_NODEFER'), ACT_HANDLER: k('ACT_HANDLER'),
      ACT_TERM: k('ACT_TERM'), ACT_CORE: k('ACT_CORE'), ACT_STOP: k('ACT_STOP'),
      ACT_RACE: k('ACT_RACE'), EAGAIN: k('EAGAIN'),
    };
    this.clock = clock;
    this.pid = allocatePid();
    // Linux: the main thread's id is the process id.
    this.threadId = this.pid;
    this.uid = platform.uid();
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

  signal(signalnum: number, handler: HandlerLike): HandlerLike {
    const sig = int(signalnum, 'argument: signalnum');
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

  getsignal(signalnum: number): HandlerLike | null {
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

  siginterrupt(signalnum: number, flag: boolean | number): void {
    const sig = signum(signalnum);
    if (typeof flag !== 'boolean' && !(typeof flag === 'number' && Number.isInteger(flag))) {
      throw new TypeError(`'${typeof flag}' object cannot be interpreted as an integer`);
    }
    this.alive();
    if (sig === SIGKILL || sig === SIGSTOP || isReservedSignal(sig)) throw new OSError(errno.EINVAL);
    const { x, p } = this;
    const flags = x.wasig_get_action(p, sig, 2) >>> 0;
    const next = flag ? flags & ~this.K.SA_RESTART : flags | this.K.SA_RESTART;
    x.wasig_set_action(p, sig, x.wasig_get_action(p, sig, 0), x.wasig_get_action(p, sig, 1), next >>> 0,
      x.wasig_get_action(p, sig, 3), x.wasig_get_action(p, sig, 4));
  }

  /** Whether blocking waits are restarted (SA_RESTART) for this signal. */
  restarts(signalnum: number): boolean {
    const sig = signum(signalnum);
    return ((this.x.wasig_get_action(this.p, sig, 2) >>> 0) & this.K.SA_RESTART) !== 0;
  }

  strsignal(signalnum: number): string | null {
    return describeSignal(signum(signalnum));
  }

  validSignals(): Set<number> {
    const out = new Set<number>();
    for (let s = 1; s < NSIG; s++) if (!isReservedSignal(s)) out.add(s);
    return out;
  }

  // ---- sending ---------------------------------------------------------------

  raiseSignal(signum_: number): void {
    const sig = signum(signum_);
    this.alive();
    this.trip(sig, SI_TKILL, this.pid, this.uid, 0);
    this.runHandlers();
  }

  pthreadKill(threadId: number, signalnum: number): void {
    const tid = int(threadId, 'argument: thread_id');
    const sig = int(signalnum, 'argument: signalnum');
    this.alive();
    if (sig < 0 || sig >= NSIG) throw new OSError(errno.EINVAL);
    if (tid !== this.threadId) throw new OSError(errno.ESRCH);
    if (sig === 0) return;
    this.trip(sig, SI_TKILL, this.pid, this.uid, 0);
    this.runHandlers();
  }

  /** From the process table: a signal sent by another emulated process. */
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
    if (this.waiters.length) this.serveWaiters(sig);
  }

  private fromOutside(sig: number, code: number, pid: number, uid: number, value: number): void {
    if (this.closed || this.exitStatus) return;
    this.trip(sig, code, pid, uid, value);
    this.deliverAsync();
  }

  // ---- the safe point ----------------------------------------------------------

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
      const w = this.pauses.shift() ?? this.waiters.shift();
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
    this.exitStatus = { signal: sig };
    const err = new ProcessTerminated(sig, `process ${this.pid} terminated by ${signalName(sig)} (${describeSignal(sig)})`);
    this.release(err);
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
  get stopped(): boolean {
    return this.core.heap32[this.at.stopped] !== 0;
  }

  // ---- masks -----------------------------------------------------------------

  pthreadSigmask(how: number, mask: Iterable<number>): Set<number> {
    const h = int(how, 'argument: how');
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

  sigpending(): Set<number> {
    this.alive();
    return setFromHalves(...this.core.maskAt(this.p, 'pending'));
  }

  // ---- waits -----------------------------------------------------------------

  async sigwait(set: Iterable<number>): Promise<number> {
    const info = await this.sigwaitinfo(set);
    return info.si_signo;
  }

  async sigwaitinfo(set: Iterable<number>): Promise<SigInfo> {
    const [lo, hi] = sigset(set);
    this.alive();
    return (await this.wait(lo, hi, -1).promise)!;
  }

  async sigtimedwait(set: Iterable<number>, timeout: number): Promise<SigInfo | null> {
    const [lo, hi] = sigset(set);
    const t = secondsArg(timeout, 'timeout');
    if (t < 0) throw new ValueError('timeout must be non-negative');
    this.alive();
    return this.wait(lo, hi, Number.isFinite(t) ? toMicros(t) : -1).promise;
  }

  /** Takes a pending signal of the set now, or waits for one (timeoutUs < 0:
   *  forever). The waiter claims signals at the trip, before any handler. */
  private wait(lo: number, hi: number, timeoutUs: number): { promise: Promise<SigInfo | null>; cancel(): void } {
    if (this.x.wasig_take(this.p, lo, hi)) return { promise: Promise.resolve(this.takenInfo()), cancel() {} };
    if (timeoutUs === 0) return { promise: Promise.resolve(null), cancel() {} };
    let w!: Waiter;
    const promise = new Promise<SigInfo | null>((resolve, reject) => {
      w = { lo, hi, resolve, reject, release: this.platform.keepAlive() };
    });
    const drop = () => {
      this.waiters = this.waiters.filter((o) => o !== w);
      w.release();
      w.timer?.cancel();
    };
    if (timeoutUs > 0) {
      w.timer = this.clock.at(this.clock.nowUs(ITIMER_REAL) + timeoutUs, ITIMER_REAL, () => {
        drop();
        w.resolve(null);
      });
    }
    this.waiters.push(w);
    return { promise, cancel: () => { drop(); w.resolve(null); } };
  }

  private serveWaiters(sig: number): void {
    const [blo, bhi] = bit(sig);
    for (const w of this.waiters) {
      if (!((w.lo & blo) | (w.hi & bhi))) continue;
      if (!this.x.wasig_take(this.p, w.lo, w.hi)) return;
      this.waiters = this.waiters.filter((o) => o !== w);
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

  pause(): Promise<void> {
    try {
      this.alive();
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      this.pauses.push({ resolve, reject, release: this.platform.keepAlive() });
    });
  }

  signalfd(set: Iterable<number>): SignalFd {
    const [lo, hi] = sigset(set);
    this.alive();
    let closed = false;
    let current: { cancel(): void } | null = null;
    const fd: SignalFd = {
      next: async () => {
        if (closed) return { done: true, value: undefined };
        const w = this.wait(lo, hi, -1);
        current = w;
        const info = await w.promise;
        current = null;
        return info && !closed ? { done: false, value: info } : { done: true, value: undefined };
      },
      close: () => {
        closed = true;
        current?.cancel();
      },
      [Symbol.asyncIterator]: () => ({
        next: () => fd.next(),
        return: async () => { fd.close(); return { done: true, value: undefined }; },
      }),
    };
    return fd;
  }

  // ---- wakeup fd ---------------------------------------------------------------

  setWakeupFd(fd: number, options: { warnOnFullBuffer?: boolean } = {}): number {
    // Python's warn_on_full_buffer is keyword-only: set_wakeup_fd(fd, False)
    // is a TypeError. Here a bare second argument (setWakeupFd(fd, false))
    // would otherwise destructure silently and keep the warnings on.
    if (options === null || typeof options !== 'object') {
      throw new TypeError('set_wakeup_fd() takes exactly 1 positional argument (2 given): pass { warnOnFullBuffer }');
    }
    const { warnOnFullBuffer = true } = options;
    const n = int(fd, 'argument: fd');
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

  alarm(seconds: number): number {
    const s = int(seconds, 'argument: seconds');
    this.alive();
    if (s < 0 || s > 0xffffffff) throw new ValueError('alarm() seconds must be in 0..4294967295');
    const left = this.x.wasig_alarm(this.p, this.clock.nowUs(ITIMER_REAL), s) >>> 0;
    this.reschedule(ITIMER_REAL);
    return left;
  }

  setitimer(which: number, seconds: number, interval: number = 0): [number, number] {
    const w = int(which, 'argument: which');
    const s = secondsArg(seconds);
    const i = secondsArg(interval, 'interval');
    this.alive();
    if (w < ITIMER_REAL || w > ITIMER_PROF || s < 0 || i < 0 || !Number.isFinite(s) || !Number.isFinite(i)) {
      throw new ItimerError(errno.EINVAL);
    }
    const r = this.x.wasig_setitimer(this.p, w, this.clock.nowUs(w), toMicros(s), toMicros(i));
    if (r < 0) throw new ItimerError(-r);
    const old = this.itimerOut();
    this.reschedule(w);
    return old;
  }

  getitimer(which: number): [number, number] {
    const w = int(which, 'argument: which');
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

  close(): void {
    if (this.closed) return;
    this.release(new Error('wasig: the runtime was closed'));
    this.closed = true;
    this.x.wasig_proc_free(this.p);
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
    this.waiters = [];
    this.pauses = [];
    for (const w of waits) {
      w.release();
      if ('timer' in w) w.timer?.cancel();
      w.reject(reason);
    }
    unregister(this.pid);
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
  applyPythonDefaults(): void {
    this.install(SIGINT, defaultIntHandler);
    this.install(SIGPIPE, SIG_IGN);
    this.install(SIGXFSZ, SIG_IGN);
  }

  /** Internal: used by createRuntime. */
  static claimOsSignals(rt: SignalRuntime): void {
    boundRuntime = rt;
  }
  static osSignalsClaimed(): boolean {
    return boundRuntime !== null;
  }
}

/** Python's os functions that touch this runtime: pipes and kill. */
export class RuntimeOs {
  constructor(private readonly rt: SignalRuntime, private readonly pipes: EmulatedOs) {}
  pipe(opts?: { capacity?: number }): [number, number] { return this.pipes.pipe(opts); }
  read(fd: number, n: number): Uint8Array { return this.pipes.read(fd, n); }
  write(fd: number, bytes: Uint8Array | ArrayLike<number>): number { return this.pipes.write(fd, bytes); }
  close(fd: number): void { this.pipes.close(fd); }
  setBlocking(fd: number, flag: boolean): void { this.pipes.setBlocking(fd, flag); }
  getBlocking(fd: number): boolean { return this.pipes.getBlocking(fd); }
  getpid(): number { return this.rt.pid; }
  /** os.kill: to this or another emulated process, with SI_USER. Signal 0
   *  only checks that the process exists. As on Linux, 0 and -pid name this
   *  process's own group (each process leads its own), and -1 every process
   *  but this one. */
  kill(pid: number, sig: number): void {
    let target = int(pid, 'argument: pid');
    const s = int(sig, 'argument: signal');
    if (s < 0 || s >= NSIG) throw new OSError(errno.EINVAL);
    if (target === -1) {
      const { count, error } = broadcast(this.rt.pid, (p) => p.receive(s, SI_USER, this.rt.pid, 0, 0));
      if (!count) throw error ?? new OSError(errno.ESRCH);
      return;
    }
    if (target === 0) target = this.rt.pid;
    else if (target < 0) target = -target;
    const proc = lookup(target);
    if (!proc) throw new OSError(errno.ESRCH);
    proc.receive(s, SI_USER, this.rt.pid, 0, 0);
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
  const { flavor = 'wasi', clock = 'real', bindOsSignals = false, pythonDefaults = true } = options;
  if (flavor !== 'wasi' && flavor !== 'emscripten') throw new ValueError(`flavor must be 'wasi' or 'emscripten', not ${JSON.stringify(flavor)}`);
  if (clock !== 'real' && !(clock instanceof VirtualClock)) throw new TypeError("clock must be 'real' or a VirtualClock");
  if (typeof bindOsSignals !== 'boolean') throw new TypeError('bindOsSignals must be a boolean');
  if (typeof pythonDefaults !== 'boolean') throw new TypeError('pythonDefaults must be a boolean');
  if (bindOsSignals) {
    if (!platform.osSignals) throw new ValueError(platform.noOsSignals ?? 'bindOsSignals: this host has no OS signals');
    if (SignalRuntime.osSignalsClaimed()) throw new ValueError('another live runtime already binds the OS signals of this process: close() it first');
  }
  const core = await sharedCore(flavor, platform.loadCore);
  if (bindOsSignals && SignalRuntime.osSignalsClaimed()) throw new ValueError('another live runtime already binds the OS signals of this process: close() it first');
  const rt = new SignalRuntime(core, platform, clock === 'real' ? new RealClock(platform.now) : clock, bindOsSignals);
  if (bindOsSignals) SignalRuntime.claimOsSignals(rt);
  if (pythonDefaults) rt.applyPythonDefaults();
  return rt;
}
