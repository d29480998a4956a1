// A VirtualClock past ~285 years (2^53 us) broke alarm
// and setitimer (the core refused the time, alarm armed nothing) and lost
// microseconds in advance(). Its time is now exact at any distance, and
// each runtime sees it from an origin that moves up with it.
import { describe, expect, test } from 'vitest';
import { createRuntime, ITIMER_REAL, SIGALRM, VirtualClock } from 'wasig';

const YEAR = 365.25 * 86400;

describe.each(['wasi', 'emscripten'] as const)('%s: a VirtualClock centuries ahead', (flavor) => {
  test('alarm and getitimer are exact after 300 and after 100000 years', async () => {
    const clock = new VirtualClock();
    const rt = await createRuntime({ flavor, clock });
    try {
      const at: number[] = [];
      rt.signal(SIGALRM, () => { at.push(clock.now()); });
      for (const years of [300, 100_000]) {
        // In steps, and in one jump.
        for (let i = 0; i < 10; i++) clock.advance((years * YEAR) / 20);
        clock.advance((years * YEAR) / 2);
        const t0 = clock.now();
        expect(rt.alarm(3)).toBe(0);
        clock.advance(1);
        expect(rt.getitimer(ITIMER_REAL)).toEqual([2, 0]);
        clock.advance(1.999999);
        expect(rt.getitimer(ITIMER_REAL)).toEqual([0.000001, 0]);
        expect(at).toHaveLength(0);
        clock.advance(0.000001);
        expect(at).toHaveLength(1);
        expect(at[0]).toBeCloseTo(t0 + 3, 2);
        expect(rt.getitimer(ITIMER_REAL)).toEqual([0, 0]);
        at.length = 0;
      }
    } finally {
      rt.close();
    }
  });

  test('an interval timer fires k times across many moves of the runtime\'s origin', async () => {
    const clock = new VirtualClock();
    clock.advance(400 * YEAR);
    const rt = await createRuntime({ flavor, clock });
    try {
      let n = 0;
      rt.signal(SIGALRM, () => { n++; });
      expect(rt.setitimer(ITIMER_REAL, 86400, 86400)).toEqual([0, 0]);
      clock.advance(200 * 86400); // 200 days: the origin moves every ~51
      expect(n).toBe(200);
      expect(rt.getitimer(ITIMER_REAL)).toEqual([86400, 86400]);
      clock.advance(86400 - 0.000001);
      expect(n).toBe(200);
      clock.advance(0.000001);
      expect(n).toBe(201);
    } finally {
      rt.close();
    }
  });

  test('an alarm armed before a jump of 30000 years fires once, at its time', async () => {
    const clock = new VirtualClock();
    const rt = await createRuntime({ flavor, clock });
    try {
      const at: number[] = [];
      rt.signal(SIGALRM, () => { at.push(clock.now()); });
      clock.advance(12.5);
      rt.alarm(10);
      clock.advance(30_000 * YEAR);
      expect(at).toEqual([22.5]);
      // and the runtime still arms timers afterwards
      rt.setitimer(ITIMER_REAL, 0.5);
      clock.advance(0.5);
      expect(at).toHaveLength(2);
    } finally {
      rt.close();
    }
  });

  test('a sigtimedwait timeout far ahead follows the clock', async () => {
    const clock = new VirtualClock();
    clock.advance(1000 * YEAR);
    const rt = await createRuntime({ flavor, clock });
    try {
      let done = false;
      const w = rt.sigtimedwait([SIGALRM], 5).then((r) => { done = true; return r; });
      clock.advance(4.999999);
      await Promise.resolve();
      expect(done).toBe(false);
      clock.advance(0.000001);
      expect(await w).toBeNull();
    } finally {
      rt.close();
    }
  });
});

test('advance() keeps every microsecond past 2^53 us', async () => {
  const clock = new VirtualClock();
  clock.advance(2 ** 53 / 1e6);
  const rt = await createRuntime({ clock });
  try {
    let n = 0;
    rt.signal(SIGALRM, () => { n++; });
    rt.setitimer(ITIMER_REAL, 0.001);
    for (let i = 0; i < 999; i++) clock.advance(0.000001);
    expect(n).toBe(0);
    expect(rt.getitimer(ITIMER_REAL)).toEqual([0.000001, 0]);
    clock.advance(0.000001);
    expect(n).toBe(1);
  } finally {
    rt.close();
  }
});
