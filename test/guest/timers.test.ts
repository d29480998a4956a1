// POSIX per-process timers (c-src/libc/timer.c) from a guest, both flavors:
// test/guest/c/timers_test.c checks errors, arming (absolute times too), timer_gettime, what the
// signal carries, overruns and the CPU-time clock, and prints TAP.
import { beforeAll, describe, expect, test } from 'vitest';
import { spawn } from 'wasig';
import { build, flavors, type Flavor } from './helpers.js';

describe.each(flavors)('%s guest', (flavor: Flavor) => {
  let prog: string;
  beforeAll(() => { prog = build('test/guest/c/timers_test.c', flavor); }, 120_000);

  test('timer_create, timer_settime, timer_gettime, timer_getoverrun, timer_delete as on Linux', async () => {
    const g = spawn(prog, { stdio: ['ignore', 'pipe', 'pipe'] });
    const st = await g.exited;
    expect(g.stdout.split('\n').filter((l) => l.startsWith('not ok'))).toEqual([]);
    expect(Number(/^1\.\.(\d+)$/m.exec(g.stdout)?.[1])).toBeGreaterThanOrEqual(50);
    expect(g.stderr).toBe('');
    expect(st).toEqual({ code: 0, signal: null });
  }, 60_000);
});
