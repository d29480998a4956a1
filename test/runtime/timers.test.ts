// itimers and alarm, on a VirtualClock (exact, deterministic) and on the
// real clock (fires at all, within a generous bound).
import { afterEach, describe, expect, it } from 'vitest';
import {
  ITIMER_PROF, ITIMER_REAL, ITIMER_VIRTUAL, ItimerError, SIGALRM, SIGPROF, SIGUSR1, SIGVTALRM,
  SIG_BLOCK, SI_KERNEL, VirtualClock, createRuntime, type Flavor, type SignalRuntime,
} from 'wasig';

const flavors: Flavor[] = ['wasi', 'emscripten'];
let open: SignalRuntime[] = [];
afterEach(() => { for (const rt of open) rt.close(); open = []; });

async function virtual(flavor: Flavor) {
  const clock = new VirtualClock();
  const rt = await createRuntime({ flavor, clock });
  open.push(rt);
  return { clock, rt };
}

describe.each(flavors)('virtual clock on %s', (flavor) => {
  it('a one-shot timer fires exactly at its due time', async () => {
    const { clock, rt } = await virtual(flavor);
    const at: number[] = [];
    rt.signal(SIGALRM, () => at.push(clock.now()));
    expect(rt.setitimer(ITIMER_REAL, 1.5)).toEqual([0, 0]);
    clock.advance(1.499999);
    expect(at).toEqual([]);
    expect(rt.getitimer(ITIMER_REAL)[0]).toBeCloseTo(1e-6, 9);
    clock.advance(0.000001);
    expect(at).toEqual([1.5]);
    expect(rt.getitimer(ITIMER_REAL)).toEqual([0, 0]);
    clock.advance(10);
    expect(at).toEqual([1.5]);
  });

  it('an interval due k times within one advance fires k times, each at its due time', async () => {
    const { clock, rt } = await virtual(flavor);
    const at: number[] = [];
    rt.signal(SIGALRM, () => at.push(clock.now()));
    rt.setitimer(ITIMER_REAL, 0.25, 0.5);
    clock.advance(2);
    expect(at).toEqual([0.25, 0.75, 1.25, 1.75]);
    expect(clock.now()).toBe(2);
    expect(rt.getitimer(ITIMER_REAL)).toEqual([0.25, 0.5]);
  });

  it('timers of several runtimes and kinds fire in one deterministic order', async () => {
    const clock = new VirtualClock();
    const a = await createRuntime({ flavor, clock });
    const b = await createRuntime({ flavor, clock });
    open.push(a, b);
    const log: string[] = [];
    a.signal(SIGALRM, () => log.push(`a:ALRM@${clock.now()}`));
    a.signal(SIGVTALRM, () => log.push(`a:VTALRM@${clock.now()}`));
    b.signal(SIGPROF, () => log.push(`b:PROF@${clock.now()}`));
    a.setitimer(ITIMER_REAL, 0.3, 0.3);
    a.setitimer(ITIMER_VIRTUAL, 0.2);
    b.setitimer(ITIMER_PROF, 0.1, 0.2);
    clock.advance(0.6);
    expect(log).toEqual([
      'b:PROF@0.1', 'a:VTALRM@0.2', 'a:ALRM@0.3', 'b:PROF@0.3', 'b:PROF@0.5', 'a:ALRM@0.6',
    ]);
  });

  it('a handler exception propagates from advance(); later timers fire at the next advance', async () => {
    const { clock, rt } = await virtual(flavor);
    const at: number[] = [];
    rt.signal(SIGALRM, () => {
      at.push(clock.now());
      if (at.length === 2) throw new Error('second');
    });
    rt.setitimer(ITIMER_REAL, 1, 1);
    expect(() => clock.advance(5)).toThrow('second');
    expect(at).toEqual([1, 2]);
    expect(clock.now()).toBe(2);
    clock.advance(3);
    expect(at).toEqual([1, 2, 3, 4, 5]);
  });

  it('setitimer(ITIMER_REAL, 1e-6) still fires: no rounding to 0', async () => {
    const { clock, rt } = await virtual(flavor);
    let n = 0;
    rt.signal(SIGALRM, () => { n++; });
    rt.setitimer(ITIMER_REAL, 1e-6);
    expect(rt.getitimer(ITIMER_REAL)[0]).toBeGreaterThan(0);
    clock.advance(1e-6);
    expect(n).toBe(1);
    rt.setitimer(ITIMER_REAL, 1e-9);
    clock.advance(1e-6);
    expect(n).toBe(2);
  });

  it('setitimer returns the previous [delay, interval]; 0 disarms', async () => {
    const { clock, rt } = await virtual(flavor);
    rt.setitimer(ITIMER_REAL, 5, 2);
    clock.advance(1);
    expect(rt.setitimer(ITIMER_REAL, 0)).toEqual([4, 2]);
    expect(rt.getitimer(ITIMER_REAL)).toEqual([0, 0]);
  });

  it('alarm returns the seconds left, rounded, at least 1 while pending; it is ITIMER_REAL', async () => {
    const { clock, rt } = await virtual(flavor);
    let n = 0;
    rt.signal(SIGALRM, () => { n++; });
    expect(rt.alarm(10)).toBe(0);
    clock.advance(3.4);
    expect(rt.alarm(10)).toBe(7);  // 6.6 rounds to 7
    clock.advance(9.9);
    expect(rt.getitimer(ITIMER_REAL)[0]).toBeCloseTo(0.1, 6);
    expect(rt.alarm(5)).toBe(1);   // 0.1 left: at least 1
    expect(rt.getitimer(ITIMER_REAL)).toEqual([5, 0]);
    rt.setitimer(ITIMER_REAL, 2.5);
    expect(rt.alarm(0)).toBe(3);   // 2.5 rounds up, as Linux does
    clock.advance(100);
    expect(n).toBe(0);
    rt.alarm(1);
    clock.advance(1);
    expect(n).toBe(1);
    expect(rt.alarm(0)).toBe(0);
  });

  it('timer signals carry SI_KERNEL; a blocked timer signal waits in sigtimedwait', async () => {
    const { clock, rt } = await virtual(flavor);
    rt.pthreadSigmask(SIG_BLOCK, [SIGALRM]);
    rt.setitimer(ITIMER_REAL, 0.5);
    const p = rt.sigtimedwait([SIGALRM], 10);
    clock.advance(0.5);
    const info = await p;
    expect(info).not.toBeNull();
    expect(info!.si_signo).toBe(SIGALRM);
    expect(info!.si_code).toBe(SI_KERNEL);
  });

  it('sigtimedwait times out on the virtual clock, not the real one', async () => {
    const { clock, rt } = await virtual(flavor);
    let done: unknown = 'pending';
    const p = rt.sigtimedwait([SIGUSR1], 3).then((v) => { done = v; });
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe('pending');
    clock.advance(2.999999);
    await Promise.resolve();
    expect(done).toBe('pending');
    clock.advance(0.000001);
    await p;
    expect(done).toBeNull();
  });

  it('an interval timer keeps its phase across a cancel and a new setitimer', async () => {
    const { clock, rt } = await virtual(flavor);
    const at: number[] = [];
    rt.signal(SIGPROF, () => at.push(clock.now()));
    rt.setitimer(ITIMER_PROF, 0.1, 0.1);
    clock.advance(0.25);
    rt.setitimer(ITIMER_PROF, 0.2, 0.1);
    clock.advance(0.35);
    expect(at).toEqual([0.1, 0.2, 0.45, 0.55]);
  });
});

describe.each(flavors)('real clock on %s', (flavor) => {
  it('a short alarm and setitimer fire with no virtual clock', async () => {
    const rt = await createRuntime({ flavor });
    open.push(rt);
    const got: number[] = [];
    const both = new Promise<void>((resolve) => {
      rt.signal(SIGALRM, (s) => { got.push(s); if (got.length === 3) resolve(); });
    });
    rt.setitimer(ITIMER_REAL, 0.01, 0.01);
    await both;
    rt.setitimer(ITIMER_REAL, 0);
    expect(got).toEqual([SIGALRM, SIGALRM, SIGALRM]);
    const alarmed = new Promise<number>((resolve) => rt.signal(SIGALRM, (s) => resolve(s)));
    const t0 = performance.now();
    rt.alarm(1);
    expect(await alarmed).toBe(SIGALRM);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(990);
  });

  it('ITIMER_PROF follows CPU time', async () => {
    const rt = await createRuntime({ flavor });
    open.push(rt);
    const fired = new Promise<void>((resolve) => rt.signal(SIGPROF, () => resolve()));
    rt.setitimer(ITIMER_PROF, 0.02);
    const spin = () => { const end = performance.now() + 5; while (performance.now() < end); };
    let done = false;
    fired.then(() => { done = true; });
    for (let i = 0; i < 400 && !done; i++) { spin(); await new Promise((r) => setTimeout(r, 0)); }
    expect(done).toBe(true);
  });

  it('ItimerError for a bad which or negative seconds', async () => {
    const rt = await createRuntime({ flavor });
    open.push(rt);
    expect(() => rt.setitimer(3, 1)).toThrow(ItimerError);
    expect(() => rt.getitimer(-1)).toThrow(ItimerError);
    expect(() => rt.setitimer(ITIMER_REAL, -1)).toThrow(ItimerError);
    expect(() => rt.setitimer(ITIMER_REAL, 1, -0.5)).toThrow(ItimerError);
    expect(rt.getitimer(ITIMER_REAL)).toEqual([0, 0]);
  });
});
