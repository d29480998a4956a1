// Time for a runtime's timers: the real clocks of the host, or a VirtualClock
// that moves only when told to, so that timer signals are deterministic.
import { ValueError } from './errors.js';
import { seconds as secondsArg } from './validate.js';

/** Seconds to whole microseconds (Linux's itimer resolution), rounding up,
 *  but not past a value that float arithmetic only nudged (0.3 s is 300000). */
export function toMicros(s: number): number {
  const us = s * 1e6;
  const near = Math.round(us);
  const r = Math.abs(us - near) < 1e-3 ? near : Math.ceil(us);
  // Linux rounds a non-zero timeval up to one tick: 5e-10 s arms, never disarms.
  return r === 0 && s > 0 ? 1 : r;
}

export interface TimerHandle { cancel(): void }

/** setTimeout's longest delay (a 32-bit signed count of ms); past it Node
 *  warns and fires after 1 ms. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface LongTimeout { cancel(): void }

/** setTimeout for any delay: a chain of steps no longer than the host
 *  allows, so a timer of years costs one wakeup per ~24 days. Unref'd when
 *  `unref` (it does not keep the host alive). */
export function setLongTimeout(fire: () => void, ms: number, unref = false): LongTimeout {
  if (!(ms < Infinity)) return { cancel: () => {} };
  let handle: ReturnType<typeof setTimeout> | undefined;
  const end = performance.now() + ms;
  const arm = (left: number) => {
    handle = setTimeout(() => {
      const rest = end - performance.now();
      if (rest > 0.5) arm(rest);
      else fire();
    }, Math.max(0, Math.min(MAX_TIMEOUT_MS, left)));
    if (unref) (handle as { unref?: () => void }).unref?.();
  };
  arm(ms);
  return { cancel: () => clearTimeout(handle) };
}

/** What a runtime needs from time. `which` is the ITIMER_* numbering:
 *  real time, the process's user CPU time, user plus system time. */
export interface Clock {
  readonly synchronous: boolean;
  nowUs(which: number): number;
  at(dueUs: number, which: number, fire: () => void): TimerHandle;
}

interface Entry { due: bigint; seq: number; fire: () => void; live: boolean }

/** A runtime's times stay below this many microseconds from its clock's
 *  origin for it: past it the origin moves up (the core's deadlines with
 *  it), so that every time crossing into the core, plus the longest timer
 *  it takes (9e15 us), stays an exact double (< 2^53). */
const REBASE_US = 2n ** 42n;

/** The largest value <= v (> 0) that a double holds exactly: its top 53 bits. */
function exactBelow(v: bigint): bigint {
  const extra = v.toString(2).length - 53;
  return extra > 0 ? (v >> BigInt(extra)) << BigInt(extra) : v;
}

/** A clock's due time in microseconds from a caller's number: a timer set
 *  past any reachable time never fires (null). */
function dueOf(us: number, base: bigint): bigint | null {
  return us < Infinity ? base + BigInt(Math.ceil(us)) : null;
}

/** A clock that moves only when `advance()` is called: every timer and
 *  timeout of the runtimes made with it (itimers, `alarm`, `sigtimedwait`,
 *  `pause`) follows it, so timer signals are deterministic. Its time is kept
 *  exactly (whole microseconds, as a bigint) however far it is advanced. */
export class VirtualClock implements Clock {
  /** @internal Timers fire inside advance(), not on a later turn. */
  readonly synchronous = true;
  private t = 0n;
  private seq = 0;
  private entries: Entry[] = [];

  /** Seconds since the clock was made. */
  now(): number {
    return Number(this.t) / 1e6;
  }

  /** @internal Microseconds since the clock was made (exact below 2^53). */
  nowUs(_which?: number): number {
    return Number(this.t);
  }

  /** @internal */
  at(dueUs: number, _which: number, fire: () => void): TimerHandle {
    return this.schedule(dueOf(dueUs, 0n), fire);
  }

  private schedule(due: bigint | null, fire: () => void): TimerHandle {
    if (due === null) return { cancel: () => {} };
    const e: Entry = { due, seq: this.seq++, fire, live: true };
    this.entries.push(e);
    return { cancel: () => { e.live = false; } };
  }

  /** @internal The clock as one runtime sees it: microseconds from an
   *  origin of its own, which moves up whenever the time from it would get
   *  large; `shift(us)` is told each move (the runtime moves its core's
   *  deadlines by as much), so the runtime's numbers stay exact. */
  view(shift: (us: number) => void): Clock {
    let base = this.t;
    const rel = (): number => {
      let d = this.t - base;
      while (d > REBASE_US) {
        const step = exactBelow(d);
        base += step;
        shift(Number(step));
        d = this.t - base;
      }
      return Number(d);
    };
    return {
      synchronous: true,
      nowUs: () => rel(),
      at: (dueUs, _which, fire) => {
        rel();
        return this.schedule(dueOf(dueUs, base), fire);
      },
    };
  }

  /** Moves time forward, firing every due timer in due order (ties in the
   *  order they were set), with now() at each timer's due time while its
   *  handlers run. A handler's exception propagates from here; the clock then
   *  stays at that timer's due time and the later timers fire at the next
   *  advance. */
  advance(seconds: number): void {
    const s = secondsArg(seconds);
    if (s < 0 || !Number.isFinite(s)) throw new ValueError('advance() needs a finite, non-negative number of seconds');
    const target = this.t + BigInt(toMicros(s));
    for (;;) {
      let next: Entry | undefined;
      for (const e of this.entries) {
        if (e.live && e.due <= target && (!next || e.due < next.due || (e.due === next.due && e.seq < next.seq))) next = e;
      }
      if (!next) break;
      next.live = false;
      this.entries = this.entries.filter((e) => e.live);
      if (next.due > this.t) this.t = next.due;
      next.fire();
    }
    this.t = target;
    this.entries = this.entries.filter((e) => e.live);
  }
}

/** The host's clocks through setTimeout. CPU-time clocks run no faster than
 *  real time, so a timer wakes at the remaining real time, checks its own
 *  clock, and waits again if it is not yet due. */
export class RealClock implements Clock {
  readonly synchronous = false;
  constructor(private readonly now: (which: number) => number) {}

  nowUs(which: number): number {
    return this.now(which);
  }

  at(dueUs: number, which: number, fire: () => void): TimerHandle {
    let handle: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      const wait = Math.min(MAX_TIMEOUT_MS, Math.max(0, (dueUs - this.now(which)) / 1000));
      handle = setTimeout(() => {
        if (this.now(which) < dueUs) arm();
        else fire();
      }, wait);
      // An armed timer does not keep the host alive by itself, as an alarm
      // does not keep a process from exiting; waiting calls do (runtime.ts).
      (handle as { unref?: () => void }).unref?.();
    };
    arm();
    return { cancel: () => clearTimeout(handle) };
  }
}
