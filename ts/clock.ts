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

interface Entry { due: number; seq: number; fire: () => void; live: boolean }

/** A clock that moves only when `advance()` is called: every timer and
 *  timeout of the runtimes made with it (itimers, `alarm`, `sigtimedwait`,
 *  `pause`) follows it, so timer signals are deterministic. */
export class VirtualClock implements Clock {
  /** @internal Timers fire inside advance(), not on a later turn. */
  readonly synchronous = true;
  private t = 0;
  private seq = 0;
  private entries: Entry[] = [];

  /** Seconds since the clock was made. */
  now(): number {
    return this.t / 1e6;
  }

  /** @internal */
  nowUs(_which?: number): number {
    return this.t;
  }

  /** @internal */
  at(dueUs: number, _which: number, fire: () => void): TimerHandle {
    const e: Entry = { due: dueUs, seq: this.seq++, fire, live: true };
    this.entries.push(e);
    return { cancel: () => { e.live = false; } };
  }

  /** Moves time forward, firing every due timer in due order (ties in the
   *  order they were set), with now() at each timer's due time while its
   *  handlers run. A handler's exception propagates from here; the clock then
   *  stays at that timer's due time and the later timers fire at the next
   *  advance. */
  advance(seconds: number): void {
    const s = secondsArg(seconds);
    if (s < 0 || !Number.isFinite(s)) throw new ValueError('advance() needs a finite, non-negative number of seconds');
    const target = this.t + toMicros(s);
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
