// A reference model of one emulated process, written from /work/shared/API.md,
// POSIX/Linux (signal(7), sigprocmask(2), setitimer(2), alarm(2)) and CPython's
// signal module. It is deliberately small and independent of ts/runtime.ts.
//
// Two levels, as in a real Python process on Linux:
//  - the kernel level: dispositions, the blocked mask, the kernel-pending set
//    (standard signals coalesce, realtime signals queue), default actions.
//    A signal generated while unblocked is delivered at once; a blocked one
//    stays pending until it is unblocked (then delivered, lowest number first)
//    or taken by sigtimedwait. Delivery to a Python handler "trips" it (and
//    writes the wakeup byte, as CPython's C-level handler does); delivery to
//    SIG_IGN or to an Ign default discards it; a Term default ends the process.
//  - the Python level: the safe point (checkSignals, and the calls that run
//    it: signal, raiseSignal, pthreadSigmask, each timer firing in advance)
//    runs tripped handlers in ascending signal number. A realtime signal
//    tripped n times runs its handler n times (the brief: each raise yields
//    one call). A handler's exception propagates from the safe point; the
//    rest stay tripped and run at the next safe point. Tripped signals are no
//    longer kernel-pending: blocking them afterwards does not hold them back,
//    sigpending() does not list them, sigtimedwait cannot take them.

export const SIGKILL = 9;
export const SIGUSR1 = 10;
export const SIGUSR2 = 12;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGCHLD = 17;
export const SIGSTOP = 19;
export const SIGVTALRM = 26;
export const SIGPROF = 27;
export const SIGWINCH = 28;
export const SIGRTMIN = 34;
export const SIGRTMAX = 64;
export const NSIG = 65;

export const SI_KERNEL = 0x80;
export const SI_TKILL = -6;

export const TIMER_SIGNAL = [SIGALRM, SIGVTALRM, SIGPROF] as const;

/** The handlers the test installs (recording functions) and the constants. */
export type HName = 'h0' | 'h1' | 'hThrow' | 'hRaise';
export type Disp = 'DFL' | 'IGN' | HName;

/** hRaise raises this signal from inside itself (not when nested in itself). */
export const HRAISE_TARGET = SIGUSR2;

/** signal(7) default actions, for the signals the model may meet. */
export function defaultAction(sig: number): 'term' | 'core' | 'ign' | 'stop' | 'cont' {
  if (sig >= SIGRTMIN && sig <= SIGRTMAX) return 'term';
  switch (sig) {
    case 17: case 23: case 28: return 'ign'; // SIGCHLD, SIGURG, SIGWINCH
    case 18: return 'cont';
    case 19: case 20: case 21: case 22: return 'stop';
    case 3: case 4: case 5: case 6: case 7: case 8: case 11: case 24: case 25: case 31: return 'core';
    default: return 'term';
  }
}

const isRT = (sig: number) => sig >= SIGRTMIN && sig <= SIGRTMAX;

/** What the model expects a call to throw. Fields left undefined are not compared. */
export interface ErrSpec {
  name: string; // 'ValueError', 'TypeError', 'OSError', 'ItimerError', 'ProcessTerminated', 'HandlerError'
  message?: string;
  errno?: number;
  signal?: number; // ProcessTerminated.signal, HandlerError.sig
}

export class ModelThrow extends Error {
  constructor(readonly spec: ErrSpec) {
    super(`${spec.name}${spec.message ? `: ${spec.message}` : ''}`);
  }
}

const valueError = (message: string) => new ModelThrow({ name: 'ValueError', message });
const typeError = (message?: string) => new ModelThrow({ name: 'TypeError', message });
const osError = (errno: number) => new ModelThrow({ name: 'OSError', errno });
const itimerError = () => new ModelThrow({ name: 'ItimerError' });

export interface LogEntry { handler: HName; sig: number; nowUs: number }

interface Timer { due: number | null; interval: number; seq: number }

export interface WaitResult { signo: number; code: number }

/** One emulated process. Every method mirrors the runtime call of the same
 *  name: it returns the expected value or throws a ModelThrow. */
export class Model {
  nowUs = 0;
  terminated: number | null = null;
  readonly log: LogEntry[] = [];
  readonly unraisable: string[] = [];

  private readonly disp = new Map<number, Disp>();
  private readonly blocked = new Set<number>();
  /** Kernel-pending: the si_code of each queued instance (one for standard signals). */
  private readonly kpending = new Map<number, number[]>();
  /** Python level: how many handler calls are owed per signal. */
  private readonly tripped = new Map<number, number>();
  private isTripped = false;
  private inRaise = false;

  private readonly timers: Timer[] = [0, 1, 2].map(() => ({ due: null, interval: 0, seq: 0 }));
  private seq = 0;

  // the emulated pipe used as the wakeup fd
  private wakeupFd = -1;
  private warnOnFullBuffer = true;
  readonly pipeBuf: number[] = [];

  constructor(readonly readFd: number, readonly writeFd: number, readonly capacity: number) {}

  // ---- argument checks, in Python's order ----------------------------------

  private int(v: unknown): number {
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    throw typeError();
  }

  private signum(v: unknown): number {
    const n = this.int(v);
    if (n < 1 || n >= NSIG) throw valueError('signal number out of range');
    return n;
  }

  private mask(v: unknown): Set<number> {
    if (!Array.isArray(v)) throw typeError();
    const out = new Set<number>();
    for (const item of v) {
      const n = this.int(item);
      if (n < 1 || n >= NSIG) throw valueError(`signal number ${n} out of range`);
      out.add(n);
    }
    return out;
  }

  private alive(): void {
    if (this.terminated !== null) throw new ModelThrow({ name: 'ProcessTerminated', signal: this.terminated });
  }

  // ---- kernel level ----------------------------------------------------------

  private getDisp(sig: number): Disp {
    return this.disp.get(sig) ?? 'DFL';
  }

  private terminate(sig: number): never {
    this.terminated = sig;
    for (const t of this.timers) { t.due = null; t.interval = 0; }
    throw new ModelThrow({ name: 'ProcessTerminated', signal: sig });
  }

  /** A signal is generated for the process (raise, timer). */
  private generate(sig: number, code: number): void {
    if (sig === SIGKILL) this.terminate(sig); // can be neither blocked nor caught
    if (this.blocked.has(sig)) {
      // Linux keeps a blocked signal pending even when its action is to
      // ignore it ("blocked signals are never ignored"): sigwait may take it.
      const q = this.kpending.get(sig) ?? [];
      if (isRT(sig) || q.length === 0) q.push(code);
      this.kpending.set(sig, q);
      return;
    }
    this.deliver(sig);
  }

  /** Kernel delivery of one instance: the action in force now. */
  private deliver(sig: number): void {
    const d = this.getDisp(sig);
    if (d === 'IGN') return;
    if (d === 'DFL') {
      const act = defaultAction(sig);
      if (act === 'term' || act === 'core') this.terminate(sig);
      return; // ign (stop/cont are not generated by the tests)
    }
    // CPython's C handler: set the flags, then write the wakeup byte.
    this.tripped.set(sig, isRT(sig) ? (this.tripped.get(sig) ?? 0) + 1 : 1);
    this.isTripped = true;
    this.writeWakeup(sig);
  }

  private writeWakeup(sig: number): void {
    const fd = this.wakeupFd;
    if (fd < 0) return;
    if (fd === this.writeFd) {
      if (this.pipeBuf.length >= this.capacity) {
        if (this.warnOnFullBuffer) this.unraisable.push('wakeup-write');
        return;
      }
      this.pipeBuf.push(sig & 0xff);
      return;
    }
    // the read end: the write fails with EBADF, always reported
    this.unraisable.push('wakeup-write');
  }

  /** Deliver the kernel-pending signals that are not blocked, lowest first. */
  private deliverUnblocked(): void {
    for (let sig = 1; sig < NSIG; sig++) {
      if (this.blocked.has(sig)) continue;
      const q = this.kpending.get(sig);
      if (!q) continue;
      while (q.length) {
        q.shift();
        if (q.length === 0) this.kpending.delete(sig);
        this.deliver(sig);
      }
    }
  }

  // ---- Python level ----------------------------------------------------------

  /** The safe point (PyErr_CheckSignals). */
  private check(): void {
    if (!this.isTripped) return;
    this.isTripped = false;
    for (let sig = 1; sig < NSIG; sig++) {
      while ((this.tripped.get(sig) ?? 0) > 0) {
        this.tripped.set(sig, this.tripped.get(sig)! - 1);
        const d = this.getDisp(sig);
        if (d === 'DFL' || d === 'IGN') {
          this.unraisable.push(`race:${sig}`);
          continue;
        }
        try {
          this.call(d, sig);
        } catch (e) {
          this.isTripped = true;
          throw e;
        }
      }
    }
  }

  /** What the recording handlers do (the test's real handlers do the same). */
  private call(h: HName, sig: number): void {
    this.log.push({ handler: h, sig, nowUs: this.nowUs });
    if (h === 'hThrow') throw new ModelThrow({ name: 'HandlerError', signal: sig });
    if (h === 'hRaise' && !this.inRaise) {
      this.inRaise = true;
      try {
        this.raiseSignal(HRAISE_TARGET);
      } finally {
        this.inRaise = false;
      }
    }
  }

  // ---- the API -----------------------------------------------------------------

  signal(signalnum: unknown, handler: unknown): Disp {
    const sig = this.int(signalnum);
    this.alive();
    if (sig < 1 || sig >= NSIG) throw valueError('signal number out of range');
    const ok = handler === 'DFL' || handler === 'IGN' || handler === 'h0' || handler === 'h1' ||
      handler === 'hThrow' || handler === 'hRaise';
    if (!ok) throw typeError('signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object');
    // CPython: "Check for pending signals before changing signal handler".
    this.check();
    if (sig === SIGKILL || sig === SIGSTOP) throw osError(22);
    const old = this.getDisp(sig);
    const h = handler as Disp;
    this.disp.set(sig, h);
    // POSIX: setting SIG_IGN, or SIG_DFL for a signal whose default is to
    // ignore, discards a pending signal, blocked or not.
    if (h === 'IGN' || (h === 'DFL' && defaultAction(sig) === 'ign')) this.kpending.delete(sig);
    return old;
  }

  getsignal(signalnum: unknown): Disp {
    const sig = this.signum(signalnum);
    this.alive();
    return this.getDisp(sig);
  }

  raiseSignal(signalnum: unknown): void {
    const sig = this.signum(signalnum);
    this.alive();
    this.generate(sig, SI_TKILL);
    this.check();
  }

  checkSignals(): void {
    this.alive();
    this.check();
  }

  pthreadSigmask(how: unknown, maskArg: unknown): Set<number> {
    const h = this.int(how);
    const mask = this.mask(maskArg);
    this.alive();
    if (h !== 0 && h !== 1 && h !== 2) throw osError(22);
    // SIGKILL and SIGSTOP cannot be blocked; the system drops them silently.
    mask.delete(SIGKILL);
    mask.delete(SIGSTOP);
    const old = new Set(this.blocked);
    if (h === 0) for (const s of mask) this.blocked.add(s);
    else if (h === 1) for (const s of mask) this.blocked.delete(s);
    else { this.blocked.clear(); for (const s of mask) this.blocked.add(s); }
    this.deliverUnblocked();
    this.check();
    return old;
  }

  sigpending(): Set<number> {
    this.alive();
    return new Set([...this.kpending.keys()].filter((s) => (this.kpending.get(s)?.length ?? 0) > 0));
  }

  /** sigtimedwait(set, 0): takes the lowest kernel-pending signal of the set. */
  sigtimedwaitPoll(setArg: unknown): WaitResult | null {
    const set = this.mask(setArg);
    this.alive();
    for (let sig = 1; sig < NSIG; sig++) {
      if (!set.has(sig)) continue;
      const q = this.kpending.get(sig);
      if (!q || !q.length) continue;
      const code = q.shift()!;
      if (!q.length) this.kpending.delete(sig);
      return { signo: sig, code };
    }
    return null;
  }

  // ---- timers --------------------------------------------------------------------

  /** [remaining µs, interval µs]; remaining may be 0 for an armed timer that
   *  is due exactly now but has not fired (a handler of an earlier timer
   *  threw inside advance). */
  timerValue(which: number): [number, number] {
    const t = this.timers[which];
    if (t.due === null) return [0, 0];
    return [Math.max(0, t.due - this.nowUs), t.interval];
  }

  timerArmed(which: number): boolean {
    return this.timers[which].due !== null;
  }

  private arm(which: number, valueUs: number, intervalUs: number): void {
    const t = this.timers[which];
    if (valueUs === 0) { t.due = null; t.interval = 0; return; }
    t.due = this.nowUs + valueUs;
    t.interval = intervalUs;
    t.seq = this.seq++;
  }

  setitimer(which: unknown, valueUs: number, intervalUs: number): [number, number] {
    const w = this.int(which);
    this.alive();
    if (w < 0 || w > 2 || valueUs < 0 || intervalUs < 0) throw itimerError();
    const old = this.timerValue(w);
    this.arm(w, valueUs, intervalUs);
    return old;
  }

  getitimer(which: unknown): [number, number] {
    const w = this.int(which);
    this.alive();
    if (w < 0 || w > 2) throw itimerError();
    return this.timerValue(w);
  }

  /** alarm(2): ITIMER_REAL with no interval; the old value in whole seconds,
   *  rounded to nearest (half up) and at least 1 while an alarm is pending. */
  alarm(seconds: unknown): number {
    const s = this.int(seconds);
    this.alive();
    const armed = this.timerArmed(0);
    const [rem] = this.timerValue(0);
    this.arm(0, s * 1_000_000, 0);
    if (!armed) return 0;
    let sec = Math.floor(rem / 1e6);
    const usec = rem % 1e6;
    if ((sec === 0 && usec > 0) || usec >= 500000) sec++;
    return Math.max(sec, 1);
  }

  /** VirtualClock.advance: every due timer fires in due order (ties in the
   *  order they were armed), with now at its due time; each firing is a safe
   *  point. A throw leaves the clock at that due time. */
  advance(deltaUs: number): void {
    const target = this.nowUs + deltaUs;
    for (;;) {
      if (this.terminated !== null) break;
      let next = -1;
      for (let w = 0; w < 3; w++) {
        const t = this.timers[w];
        if (t.due === null || t.due > target) continue;
        if (next < 0) { next = w; continue; }
        const n = this.timers[next];
        if (t.due < n.due! || (t.due === n.due && t.seq < n.seq)) next = w;
      }
      if (next < 0) break;
      const t = this.timers[next];
      if (t.due! > this.nowUs) this.nowUs = t.due!;
      if (t.interval > 0) { t.due = t.due! + t.interval; t.seq = this.seq++; }
      else { t.due = null; t.interval = 0; }
      this.generate(TIMER_SIGNAL[next], SI_KERNEL);
      this.check();
    }
    this.nowUs = target;
  }

  // ---- wakeup fd ---------------------------------------------------------------------

  setWakeupFd(fd: unknown, warnOnFullBuffer: boolean, openFds: Set<number>, blockingFds: Set<number>): number {
    const n = this.int(fd);
    this.alive();
    if (n !== -1) {
      if (!openFds.has(n)) throw osError(9);
      if (blockingFds.has(n)) throw valueError(`the fd ${n} must be in non-blocking mode`);
    }
    const old = this.wakeupFd;
    this.wakeupFd = n;
    this.warnOnFullBuffer = warnOnFullBuffer;
    return old;
  }

  read(n: number): number[] {
    return this.pipeBuf.splice(0, n);
  }
}
