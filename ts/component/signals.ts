// wasig:signals@0.1.0 for a component, inside its worker: `control` and
// `delivery` (wasm/wit/signals.wit) implemented on wasig's core. The
// process's signal state is one process struct of the core (the same C that
// core-module guests link), whose mailbox the parent fills exactly as for an
// emscripten guest (pulled, since the component's memory is not shared);
// kill, timers, stop/continue and death go through the GuestHost's imports
// as a guest's libc sends them. What this file adds is the host's half of
// the contract in docs/wit.md: default actions are taken here, at every
// call the component makes, and only signals the component catches are
// handed over by `take`, with the action already applied.
import type { Core } from '../core/core.js';
import type { GuestHost } from '../guest/guest-host.js';
import { GuestKilled } from '../guest/guest-host.js';
import { SIGALRM, SIGPROF, SIGVTALRM } from '../constants.js';
import { CTRL_FATAL } from '../guest/protocol.js';

const ITIMER_SIGNAL = [SIGALRM, SIGVTALRM, SIGPROF];

type Env = ReturnType<GuestHost['env']>;
type Fn = (...a: number[]) => number;

export type Errno = 'eperm' | 'esrch' | 'eagain' | 'einval' | 'enotty';
export interface Action { disposition: 'default-action' | 'ignore' | 'catch'; mask: bigint; flags: ActionFlags }
export interface ActionFlags { siginfo?: boolean; restart?: boolean; nodefer?: boolean; resethand?: boolean; nocldstop?: boolean }
export interface Siginfo { signo: number; code: number; pid: number; uid: number; value: number; overrun: number; errorNumber: number; status: number; band: number }
export interface Delivery { info: Siginfo; action: Action; restoreMask: bigint }
export interface Itimer { value: bigint; interval: bigint }
export type Interest = { tag: 'deliverable' } | { tag: 'waiting'; val: bigint };
export type TimerClock = 'realtime' | 'monotonic' | 'cputime';
export type Notify = { tag: 'none' } | { tag: 'signal'; val: { signo: number; value: number } };
export interface Timespec { seconds: bigint; nanoseconds: number }
export interface Itimerspec { value: Timespec; interval: Timespec }

/** What wasm/component-host.wasm adds to the core: the component's process
 *  struct and c-src/libc/timer.c's POSIX timers (c-src/component-host). */
export interface PtimerExports {
  wasig_component_proc(pid: number, uid: number): number;
  wasig_ptimers_announced(): number;
  wasig_ptimers_due(which: number): number;
  wasig_ptimers_due_sig(): number;
  wasig_ptimers_expire(which: number, nowUs: number): void;
  wasig_ptimer_create(clock: number, notify: number, signo: number, value: number): number;
  wasig_ptimer_io(): number;
  wasig_ptimer_settime(id: number, absolute: number): number;
  wasig_ptimer_gettime(id: number): number;
  wasig_ptimer_getoverrun(id: number): number;
  wasig_ptimer_delete(id: number): number;
}

/** A failed call: jco lowers `payload` to the result's error case. Not an
 *  Error: capturing a stack costs tens of microseconds, and a component
 *  asks for failures as often as isatty(1) before every write to stdout. */
export function err(e: Errno): { payload: Errno } {
  return { payload: e };
}

/** The core's errno value e (positive) by its wasig:signals name. */
export function errnoName(L: Record<string, number>, e: number): Errno {
  return e === L.EPERM ? 'eperm' : e === L.ESRCH ? 'esrch' : e === L.EAGAIN ? 'eagain' : e === L.ENOTTY ? 'enotty' : 'einval';
}

const WHICH = { real: 0, virtual: 1, prof: 2 } as const;
const CLOCK = { realtime: 0, monotonic: 1, cputime: 2 } as const;
/** Seconds of a timespec past which no timer can tell the difference: kept
 *  below 2^62, so that a time_t holds them. */
const FAR_SECONDS = 2n ** 62n;
const ALL = (1n << 64n) - 1n;
const join = ([lo, hi]: [number, number]) => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
const lo = (m: bigint) => Number(m & 0xffffffffn);
const hi = (m: bigint) => Number((m >> 32n) & 0xffffffffn);
/** The lowest signal of a set, 0 for none. */
function lowest(m: bigint): number {
  if (!m) return 0;
  const l = Number(m & 0xffffffffn);
  if (l) return 32 - Math.clz32(l & -l);
  const h = Number((m >> 32n) & 0xffffffffn);
  return 64 - Math.clz32(h & -h);
}

/** Something poll() can wait for: ready() never blocks. */
export abstract class Waitable {
  abstract ready(): boolean;
  /** Deadline in host microseconds (pf.now(0)), or Infinity. */
  deadline(): number { return Infinity; }
}

export class ComponentSignals {
  private readonly e: Env;
  private readonly L: Record<string, number>;
  private readonly announced = [-1, -1, -1];
  /** SA_NOCLDSTOP per signal: the core keeps Linux's other flags; this one
   *  matters only to SIGCHLD of children, which components have none of. */
  private readonly nocldstop = new Set<number>();

  /** The parent's mailbox and the index of its `tripped` word. */
  private readonly box: Int32Array;
  private readonly tripped: number;
  /** Nothing was deliverable at the last look and nothing has been done
   *  since: a safe point then needs only the mailbox's `tripped` word. */
  private idle = false;

  /** The parent's CTRL_FATAL words (spawn.ts reads them). */
  private readonly fatal: Int32Array;

  constructor(private readonly core: Core, private readonly p: number, host: GuestHost,
    private readonly now: (which: number) => number, private readonly pt: PtimerExports) {
    this.e = host.env();
    this.L = core.layout;
    this.box = new Int32Array(host.pfStart().mailbox);
    this.tripped = host.m.tripped >> 2;
    this.fatal = new Int32Array(host.pfStart().ctrl, CTRL_FATAL * 4, 2);
  }

  /** Tells the parent which signals would end the component if they came
   *  now (default Term/Core, not blocked): it ends it at once for those,
   *  whether or not the component ever calls in again. After every change
   *  of a disposition or of the mask. */
  private publish(): void {
    Atomics.store(this.fatal, 0, this.x.wasig_fatal(this.p, 0) | 0);
    Atomics.store(this.fatal, 1, this.x.wasig_fatal(this.p, 1) | 0);
  }

  private get x() { return this.core.x; }
  private call(name: string, ...a: number[]): number { return (this.e[name] as Fn)(...a); }

  // ---- the host's safe point ------------------------------------------------

  /** Moves what arrived into the process state and expires due timers. */
  private drain(): void {
    const pulled = this.call('wasig_pull_js', this.p);
    const tripped = this.x.wasig_check(this.p);
    // What arrived may be deliverable: the next safe point must look.
    if (pulled || tripped) this.idle = false;
    if (tripped && this.announced.some((d) => d >= 0)) this.timers();
  }

  /** The earliest due time on clock w, the itimer's or a POSIX timer's
   *  (-1: none), and the signal that expiry sends (0: none), as a
   *  core-module guest's libc tells its host (c-src/libc/guest.c). */
  private dueOn(w: number): [number, number] {
    const a = this.x.wasig_timer_due(this.p, w), b = this.pt.wasig_ptimers_due(w);
    if (a >= 0 && (b < 0 || a <= b)) return [a, ITIMER_SIGNAL[w]];
    return [b, b >= 0 ? this.pt.wasig_ptimers_due_sig() : 0];
  }

  private announce(w: number): void {
    const [due, sig] = this.dueOn(w);
    if (due < 0) {
      if (this.announced[w] >= 0) this.call('wasig_timer_js', this.p, w, -1, 0);
      this.announced[w] = -1;
      return;
    }
    const now = this.now(w);
    this.announced[w] = due;
    this.call('wasig_timer_js', this.p, w, due > now ? due - now : 0, sig);
  }

  private timers(): void {
    for (let w = 0; w < 3; w++) {
      if (this.dueOn(w)[0] < 0) continue;
      const now = this.now(w), itimer = this.x.wasig_timer_due(this.p, w);
      if (itimer >= 0 && itimer <= now) this.x.wasig_timer_expire(this.p, w, now);
      // Every time: a POSIX timer whose signal is pending counts its
      // overruns whenever it is looked at.
      this.pt.wasig_ptimers_expire(w, now);
      this.announce(w);
    }
  }

  private mask(name: string): bigint { return join(this.core.maskAt(this.p, name)); }
  private kind(sig: number): number { return this.x.wasig_get_action(this.p, sig, 0); }

  /** Pending, unblocked signals (none while stopped). */
  private deliverableSet(): bigint {
    if (this.core.i32At(this.p, 'stopped')) return 0n;
    return this.mask('pending') & ~this.mask('blocked');
  }

  /** Takes the default action of every deliverable signal the component does
   *  not catch, lowest first, up to the first one it does: Term and Core end
   *  it (GuestKilled unwinds the component), Stop holds it here until
   *  SIGCONT, Ign drops. A busy component meets this at its next safe point;
   *  one that never calls in is ended by its parent (spawn.ts). */
  private defaults(): void {
    for (;;) {
      this.drain();
      const sig = lowest(this.deliverableSet());
      if (!sig || this.kind(sig) === this.L.DISP_HANDLER) return;
      this.x.wasig_next(this.p);
      this.act(sig, this.core.i32At(this.p, 'last_action'));
    }
  }

  private act(sig: number, a: number): void {
    const L = this.L;
    if (a === L.ACT_RACE) a = this.x.wasig_default_action(sig);
    if (a === L.ACT_TERM || a === L.ACT_CORE) this.call('wasig_default_js', this.p, sig, a);
    if (a === L.ACT_STOP) this.park(sig);
  }

  private park(sig: number): void {
    const stopped = this.core.i32Index(this.p, 'stopped');
    this.core.heap32[stopped] = 1;
    this.call('wasig_default_js', this.p, sig, this.L.ACT_STOP);
    while (this.core.heap32[stopped]) {
      const seen = this.call('wasig_seen_js', this.p);
      this.drain();
      if (!this.core.heap32[stopped]) break;
      this.call('wasig_wait_js', this.p, seen, -1);
    }
    this.call('wasig_default_js', this.p, this.L.SIGCONT, this.L.ACT_CONT);
  }

  /** Blocks until one of the waitables is ready; returns their indices. */
  poll(list: Waitable[]): Uint32Array {
    if (!list.length) throw err('einval');
    for (;;) {
      const seen = this.call('wasig_seen_js', this.p);
      this.defaults();
      const ready = list.flatMap((w, i) => (w.ready() ? [i] : []));
      if (ready.length) return Uint32Array.from(ready);
      const until = Math.min(...list.map((w) => w.deadline()));
      const left = until === Infinity ? -1 : Math.max(0, until - this.now(0));
      this.call('wasig_wait_js', this.p, seen, left);
    }
  }

  // ---- control ----------------------------------------------------------------

  private checkSig(sig: number): void {
    if (!(sig >= 1 && sig <= 64) || sig === 32 || sig === 33) throw err('einval');
  }

  private actionOf(sig: number): Action {
    const L = this.L, k = this.kind(sig), f = this.x.wasig_get_action(this.p, sig, 2) >>> 0;
    return {
      disposition: k === L.DISP_HANDLER ? 'catch' : k === L.DISP_IGN ? 'ignore' : 'default-action',
      mask: join([this.x.wasig_get_action(this.p, sig, 3), this.x.wasig_get_action(this.p, sig, 4)]),
      flags: {
        siginfo: !!(f & L.SA_SIGINFO), restart: !!(f & L.SA_RESTART), nodefer: !!(f & L.SA_NODEFER),
        resethand: !!(f & (L.SA_RESETHAND >>> 0)), nocldstop: this.nocldstop.has(sig),
      },
    };
  }

  readonly control = this.busy({
    selfPid: (): number => this.core.i32At(this.p, 'pid'),
    selfUid: (): number => this.core.i32At(this.p, 'uid') >>> 0,
    sigaction: (sig: number, next: Action | undefined): Action => {
      this.checkSig(sig);
      this.drain();
      const old = this.actionOf(sig);
      if (next) {
        const L = this.L, f = next.flags ?? {};
        const kind = next.disposition === 'catch' ? L.DISP_HANDLER : next.disposition === 'ignore' ? L.DISP_IGN : L.DISP_DFL;
        const flags = (f.siginfo ? L.SA_SIGINFO : 0) | (f.restart ? L.SA_RESTART : 0) | (f.nodefer ? L.SA_NODEFER : 0) | (f.resethand ? L.SA_RESETHAND : 0);
        // The core's handler word is the component's business: any nonzero.
        if (this.x.wasig_set_action(this.p, sig, kind, kind === L.DISP_HANDLER ? 1 : 0, flags >>> 0, lo(next.mask), hi(next.mask)) < 0) throw err('einval');
        if (f.nocldstop) this.nocldstop.add(sig); else this.nocldstop.delete(sig);
        this.publish();
      }
      this.defaults();
      return old;
    },
    sigprocmask: (how: 'block' | 'unblock' | 'set-mask', set: bigint): bigint => {
      const L = this.L;
      this.drain();
      const h = how === 'block' ? L.SIG_BLOCK : how === 'unblock' ? L.SIG_UNBLOCK : L.SIG_SETMASK;
      this.x.wasig_sigmask(this.p, h, lo(set & ALL), hi(set & ALL));
      const old = this.mask('old_mask');
      this.publish();
      this.defaults();
      return old;
    },
    sigpending: (): bigint => {
      this.drain();
      return this.mask('pending') & this.mask('blocked');
    },
    raise: (sig: number): void => {
      this.send(this.control.selfPid(), sig, this.L.SI_TKILL, 0);
    },
    kill: (pid: number, sig: number): void => {
      this.send(pid, sig, this.L.SI_USER, 0);
    },
    sigqueue: (pid: number, sig: number, value: number): void => {
      if (!(sig >= 0 && sig <= 64) || sig === 32 || sig === 33) throw err('einval');
      if (pid <= 0) throw err('esrch');
      this.send(pid, sig, this.L.SI_QUEUE, value);
    },
    setitimer: (which: keyof typeof WHICH, next: Itimer): Itimer => {
      const w = WHICH[which];
      const us = (ns: bigint) => Number((ns + 999n) / 1000n);
      if (this.x.wasig_setitimer(this.p, w, this.now(w), us(next.value), us(next.interval)) < 0) throw err('einval');
      const old = { value: BigInt(Math.round(this.core.f64At(this.p, 'out_d', 0) * 1000)), interval: BigInt(Math.round(this.core.f64At(this.p, 'out_d', 1) * 1000)) };
      this.announce(w);
      return old;
    },
    getitimer: (which: keyof typeof WHICH): Itimer => {
      const w = WHICH[which];
      this.x.wasig_getitimer(this.p, w, this.now(w));
      return { value: BigInt(Math.round(this.core.f64At(this.p, 'out_d', 0) * 1000)), interval: BigInt(Math.round(this.core.f64At(this.p, 'out_d', 1) * 1000)) };
    },
    alarm: (seconds: number): number => {
      const left = this.x.wasig_alarm(this.p, this.now(0), seconds >>> 0) >>> 0;
      this.announce(0);
      return left;
    },
  });

  // ---- timer: c-src/libc/timer.c in wasm/component-host.wasm ---------------

  /** A ptimer call's result: negated errno values fail; the clocks whose due
   *  time it changed are announced to the parent. */
  private ptimer(r: number): number {
    const changed = this.pt.wasig_ptimers_announced();
    for (let w = 0; w < 3; w++) if (changed & (1 << w)) this.announce(w);
    if (r < 0) throw err(this.errnoName(-r));
    return r;
  }

  private io(): Float64Array { return new Float64Array(this.core.x.memory.buffer, this.pt.wasig_ptimer_io(), 4); }

  private itimerspec(): Itimerspec {
    const io = this.io();
    return { value: { seconds: BigInt(io[0]), nanoseconds: io[1] }, interval: { seconds: BigInt(io[2]), nanoseconds: io[3] } };
  }

  readonly timer = this.busy({
    timerCreate: (clock: TimerClock, event: Notify | undefined): number => {
      this.drain();
      const c = CLOCK[clock];
      if (c === undefined) throw err('einval');
      const r = !event ? this.pt.wasig_ptimer_create(c, -1, 0, 0)
        : event.tag === 'none' ? this.pt.wasig_ptimer_create(c, 0, 0, 0)
        : this.pt.wasig_ptimer_create(c, 1, event.val.signo, event.val.value);
      return this.ptimer(r);
    },
    timerSettime: (id: number, absolute: boolean, next: Itimerspec): Itimerspec => {
      this.drain();
      const io = this.io();
      const secs = (t: Timespec) => Number(t.seconds > FAR_SECONDS ? FAR_SECONDS : t.seconds);
      io.set([secs(next.value), next.value.nanoseconds, secs(next.interval), next.interval.nanoseconds]);
      this.ptimer(this.pt.wasig_ptimer_settime(id | 0, absolute ? 1 : 0));
      return this.itimerspec();
    },
    timerGettime: (id: number): Itimerspec => {
      this.drain();
      this.ptimer(this.pt.wasig_ptimer_gettime(id | 0));
      return this.itimerspec();
    },
    timerGetoverrun: (id: number): number => {
      this.drain();
      return this.ptimer(this.pt.wasig_ptimer_getoverrun(id | 0));
    },
    timerDelete: (id: number): void => {
      this.drain();
      this.ptimer(this.pt.wasig_ptimer_delete(id | 0));
    },
  });

  /** The control functions, each clearing `idle` first: any of them may
   *  make a signal deliverable without the mailbox hearing of it. */
  private busy<T extends Record<string, (...a: any[]) => unknown>>(fns: T): T {
    for (const k of Object.keys(fns) as (keyof T)[]) {
      const f = fns[k];
      fns[k] = ((...a: unknown[]) => { this.idle = false; return f(...a); }) as T[keyof T];
    }
    return fns;
  }

  /** kill/sigqueue/raise: to itself through the core, to others through the
   *  parent's process table (which checks permission and scope). */
  private send(pid: number, sig: number, code: number, value: number): void {
    if (!(sig >= 0 && sig <= 64) || sig === 32 || sig === 33) throw err('einval');
    this.drain();
    const me = this.control.selfPid();
    let r: number;
    if (pid === me || pid === 0 || pid === -me) {
      r = sig === 0 ? 0 : this.x.wasig_send(this.p, sig, code, me, this.core.i32At(this.p, 'uid'), value);
      if (r > 0) r = 0; // discarded because ignored
    } else {
      r = this.call('wasig_kill_js', pid < -1 ? -pid : pid, sig, code, value);
    }
    if (r < 0) throw err(this.errnoName(-r));
    this.defaults();
  }

  private errnoName(e: number): Errno { return errnoName(this.L, e); }

  // ---- delivery ------------------------------------------------------------------

  private info(): Siginfo {
    const i = this.core.info(this.p);
    return {
      signo: i.si_signo, code: i.si_code, pid: i.si_pid, value: i.si_value,
      // A timer's signal carries its overrun where others carry the uid
      // (they share the word in siginfo_t, as in the core's record).
      ...(i.si_code === this.L.SI_TIMER ? { uid: 0, overrun: i.si_uid | 0 } : { uid: i.si_uid >>> 0, overrun: 0 }),
      errorNumber: i.si_errno, status: i.si_status, band: i.si_band,
    };
  }

  /** One catchable signal with its action applied, or undefined. The
   *  common case, a safe point with nothing new, is one atomic load. */
  takeDeliverable(): Delivery | undefined {
    if (this.idle && !Atomics.load(this.box, this.tripped)) return undefined;
    for (;;) {
      this.defaults();
      const sig = lowest(this.deliverableSet());
      if (!sig) { this.idle = true; return undefined; }
      const action = this.actionOf(sig);
      this.x.wasig_next(this.p);
      const a = this.core.i32At(this.p, 'last_action');
      if (a !== this.L.ACT_HANDLER) { this.act(sig, a); continue; }
      // The handler's sa_mask, and SA_RESETHAND's default.
      this.publish();
      return { info: this.info(), action, restoreMask: this.mask('old_mask') };
    }
  }

  /** sigwait's take: a pending signal of the set, blocked or not. */
  takeWaiting(set: bigint): Delivery | undefined {
    this.idle = false;
    this.defaults();
    if (this.core.i32At(this.p, 'stopped')) return undefined;
    const sig = this.x.wasig_take(this.p, lo(set & ALL), hi(set & ALL));
    if (!sig) return undefined;
    return { info: this.info(), action: this.actionOf(sig), restoreMask: this.mask('blocked') };
  }

  /** A call into the host that is no signal call (output): default actions
   *  of what arrived, so that a component that imports nothing of
   *  wasig:signals still stops there. One atomic load when nothing did. */
  checkpoint(): void {
    if (Atomics.load(this.box, this.tripped)) this.defaults();
  }

  hasDeliverable(): boolean {
    this.defaults();
    return this.deliverableSet() !== 0n;
  }

  hasWaiting(set: bigint): boolean {
    this.defaults();
    return !this.core.i32At(this.p, 'stopped') && (this.mask('pending') & set) !== 0n;
  }
}

export { GuestKilled };
