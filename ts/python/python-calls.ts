// The host's side of the signal calls a Python program makes (bootstrap.ts
// wraps signal.pthread_sigmask, sigpending, sigwait*, alarm, setitimer,
// raise_signal and os.kill into them): the mask, the pending signals and the
// interval timer live here, beside the queue, because that is where signals
// wait. The Python thread sends a 'call' message and waits (Atomics.wait)
// for the JSON reply in the control block, so a sigwait blocks it for real
// and wakes as soon as a signal comes.
import { NSIG, SIGALRM, SIGKILL, SIGPROF, SIGSTOP, SIGVTALRM, SI_KERNEL, SI_TKILL, SI_USER } from '../constants.js';
import { setLongTimeout, type LongTimeout } from '../clock.js';
import { errno } from '../errors.js';
import { CONTROL } from './protocol.js';

/** What the calls need of the process (spawn-python.ts). */
export interface CallTarget {
  readonly pid: number;
  readonly uid: number;
  readonly blocked: Set<number>;
  readonly handlerWaiting: boolean;
  pump(): void;
  runningUs(): number;
  pendingBlocked(): number[];
  takePending(set: ReadonlySet<number>): { sig: number; code: number; pid: number; uid: number } | null;
  killFromProgram(pid: number, sig: number, code: number): number;
  receive(sig: number, code: number, senderPid: number, senderUid: number, value: number): void;
}

const SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
/** What each interval timer (ITIMER_REAL, _VIRTUAL, _PROF) sends. */
const ITIMER_SIGNALS = [SIGALRM, SIGVTALRM, SIGPROF];
const ERRNO_NAMES = new Map<number, string>(Object.entries(errno).map(([k, v]) => [v, k]));

const isSig = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) < NSIG;
const isWhich = (v: unknown): v is number => v === 0 || v === 1 || v === 2;
const isMs = (v: unknown): v is number => typeof v === 'number' && v >= 0 && !Number.isNaN(v);

class BadCall extends Error {}

function sigList(v: unknown): number[] {
  if (!Array.isArray(v) || v.length > NSIG || !v.every(isSig)) throw new BadCall();
  return v;
}

export class PythonCalls {
  /** A sigwait in progress: the signals it takes, and its timeout. */
  private waiting: { set: Set<number>; timer: LongTimeout | null } | null = null;
  /** The interval timers: when each fires next on its clock (ms) and its
   *  period. */
  private readonly itimers: ({ end: number; interval: number; timer: LongTimeout } | null)[] = [null, null, null];
  /** Their clocks, in ms: ITIMER_REAL the wall clock; ITIMER_VIRTUAL and
   *  ITIMER_PROF the Python thread's running time (its wall time less its
   *  waits: process.ts), the same for both. */
  private readonly clocks: (() => number)[] = [
    () => performance.now(), () => this.p.runningUs() / 1000, () => this.p.runningUs() / 1000,
  ];
  private readonly bytes: Uint8Array;
  private closed = false;

  constructor(private readonly p: CallTarget, private readonly control: Int32Array) {
    this.bytes = new Uint8Array(control.buffer, CONTROL.REPLY_DATA, CONTROL.BYTES - CONTROL.REPLY_DATA);
  }

  /** Answers a call; a call no wrapper of ours makes is EINVAL. */
  call(op: unknown, args: unknown): void {
    if (this.waiting) throw new Error('a call while a sigwait waits');
    let result: unknown;
    try {
      if (!Array.isArray(args)) throw new BadCall();
      result = this.run(op, args);
    } catch (e) {
      if (!(e instanceof BadCall)) throw e;
      result = { errno: 'EINVAL' };
    }
    if (result !== undefined) this.reply(result);
  }

  private run(op: unknown, a: unknown[]): unknown {
    switch (op) {
      case 'mask': {
        const [how, list] = a;
        const sigs = sigList(list);
        if (how !== SIG_BLOCK && how !== SIG_UNBLOCK && how !== SIG_SETMASK) throw new BadCall();
        const old = [...this.p.blocked].sort((x, y) => x - y);
        if (how === SIG_SETMASK) this.p.blocked.clear();
        // SIGKILL and SIGSTOP cannot be blocked; Linux leaves them out silently.
        for (const s of sigs) {
          if (s === SIGKILL || s === SIGSTOP) continue;
          if (how === SIG_UNBLOCK) this.p.blocked.delete(s); else this.p.blocked.add(s);
        }
        // An unblocked pending signal goes into Pyodide's buffer before the
        // reply: the wrapper runs its handler before pthread_sigmask returns.
        this.p.pump();
        return old;
      }
      case 'pending':
        return this.p.pendingBlocked();
      case 'kill': {
        const [pid, sig, thread] = a;
        if (!Number.isSafeInteger(pid) || !Number.isInteger(sig) || typeof thread !== 'boolean') throw new BadCall();
        const r = this.p.killFromProgram(pid as number, sig as number, thread ? SI_TKILL : SI_USER);
        return r < 0 ? { errno: ERRNO_NAMES.get(-r) ?? 'EINVAL' } : 0;
      }
      case 'sigwait': {
        const [list, ms] = a;
        const set = new Set(sigList(list));
        if (ms !== null && !isMs(ms)) throw new BadCall();
        // A handler to run first: the wrapper runs it and calls again (PEP 475).
        if (this.p.handlerWaiting) return 'EINTR';
        const q = this.p.takePending(set);
        if (q) return [q.sig, q.code, q.pid, q.uid];
        if (ms === 0) return null;
        this.waiting = { set, timer: ms === null ? null : setLongTimeout(() => this.endWait(null), ms as number) };
        return undefined;
      }
      case 'setitimer': {
        const [which, value, interval] = a;
        if (!isWhich(which) || !isMs(value) || !isMs(interval)) throw new BadCall();
        const old = this.getitimer(which);
        this.itimers[which]?.timer.cancel();
        this.itimers[which] = null;
        if (value > 0) this.arm(which, value, interval);
        return old;
      }
      case 'getitimer': {
        const [which] = a;
        if (!isWhich(which)) throw new BadCall();
        return this.getitimer(which);
      }
      default:
        throw new BadCall();
    }
  }

  /** [value, interval] in ms, as getitimer gives them. */
  private getitimer(which: number): [number, number] {
    const t = this.itimers[which];
    if (!t) return [0, 0];
    return [Math.max(0.001, t.end - this.clocks[which]()), t.interval];
  }

  /** Arms a timer. A timer of the running time is looked at when the wall
   *  time it has left passes (running time grows no faster), and again
   *  for what it still has left. */
  private arm(which: number, ms: number, interval: number): void {
    const clock = this.clocks[which];
    const t = { end: clock() + ms, interval, timer: null as unknown as LongTimeout };
    const due = (): void => {
      if (this.itimers[which] !== t || this.closed) return;
      const left = t.end - clock();
      if (left > 0) { t.timer = setLongTimeout(due, Math.max(1, left)); return; }
      this.itimers[which] = null;
      if (interval > 0) this.arm(which, interval, interval);
      try { this.p.receive(ITIMER_SIGNALS[which], SI_KERNEL, 0, 0, 0); } catch { /* it ended meanwhile */ }
    };
    t.timer = setLongTimeout(due, ms);
    this.itimers[which] = t;
  }

  /** A sigwait whose signal came (process side: after a signal queued). */
  serveWait(): void {
    if (!this.waiting) return;
    const q = this.p.takePending(this.waiting.set);
    if (q) this.endWait([q.sig, q.code, q.pid, q.uid]);
  }

  /** A handler's signal went into the buffer: a sigwait returns EINTR so
   *  the program runs it, and then waits again. */
  interruptWait(): void {
    if (this.waiting) this.endWait('EINTR');
  }

  private endWait(result: unknown): void {
    this.waiting?.timer?.cancel();
    this.waiting = null;
    this.reply(result);
  }

  private reply(v: unknown): void {
    if (this.closed) return;
    const data = new TextEncoder().encode(JSON.stringify(v));
    if (data.length > this.bytes.length) throw new Error('a reply too long for the control block');
    this.bytes.set(data);
    Atomics.store(this.control, CONTROL.REPLY_LEN, data.length);
    Atomics.store(this.control, CONTROL.REPLY, 1);
    Atomics.notify(this.control, CONTROL.REPLY);
  }

  close(): void {
    this.closed = true;
    this.waiting?.timer?.cancel();
    this.waiting = null;
    for (const t of this.itimers) t?.timer.cancel();
    this.itimers.fill(null);
  }
}
