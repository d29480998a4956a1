// Every entry point refuses bad input with Python's error, and leaves the
// runtime's state as it was.
import { afterEach, describe, expect, it } from 'vitest';
import {
  ITIMER_REAL, ItimerError, NSIG, OSError, OverflowError, SIGINT, SIGKILL, SIGSTOP, SIGUSR1, SIGUSR2,
  SIG_BLOCK, SIG_DFL, SIG_IGN, ValueError, VirtualClock, createRuntime, type Flavor,
  type SignalRuntime,
} from 'wasig';

const flavors: Flavor[] = ['wasi', 'emscripten'];
let open: SignalRuntime[] = [];
afterEach(() => { for (const rt of open) rt.close(); open = []; });

const notInts: unknown[] = ['2', 2.5, NaN, Infinity, null, undefined, {}, [], true, 2n];
// Out of 1..NSIG-1 but a C int (past that, Python's converter raises first:
// OverflowError, tested below).
const outOfRange: number[] = [0, -1, NSIG, NSIG + 1, 2 ** 31 - 1, -(2 ** 31)];

/** The observable state that no failed call may change. */
function snapshot(rt: SignalRuntime, clockNow = 0) {
  const handlers = [...rt.validSignals()].map((s) => rt.getsignal(s));
  return {
    handlers,
    mask: rt.pthreadSigmask(SIG_BLOCK, []),
    pending: rt.sigpending(),
    itimer: rt.getitimer(ITIMER_REAL),
    clockNow,
  };
}

async function armed(flavor: Flavor) {
  const clock = new VirtualClock();
  const rt = await createRuntime({ flavor, clock });
  open.push(rt);
  const seen: number[] = [];
  rt.signal(SIGUSR1, (s) => seen.push(s));
  rt.pthreadSigmask(SIG_BLOCK, [SIGUSR2]);
  rt.raiseSignal(SIGUSR2);
  rt.setitimer(ITIMER_REAL, 5, 1);
  return { rt, seen, clock };
}

describe.each(flavors)('bad input on %s', (flavor) => {
  const sigFns: [string, (rt: SignalRuntime, v: any) => unknown][] = [
    ['signal', (rt, v) => rt.signal(v, SIG_IGN)],
    ['getsignal', (rt, v) => rt.getsignal(v)],
    ['strsignal', (rt, v) => rt.strsignal(v)],
    ['siginterrupt', (rt, v) => rt.siginterrupt(v, true)],
    ['raiseSignal', (rt, v) => rt.raiseSignal(v)],
  ];

  for (const [name, call] of sigFns) {
    it(`${name}: out-of-range numbers give ValueError('signal number out of range'), non-integers TypeError`, async () => {
      const { rt, seen } = await armed(flavor);
      const before = snapshot(rt);
      for (const v of outOfRange) {
        expect(() => call(rt, v), String(v)).toThrow(ValueError);
        expect(() => call(rt, v)).toThrow('signal number out of range');
      }
      for (const v of notInts) expect(() => call(rt, v), String(v)).toThrow(TypeError);
      expect(snapshot(rt)).toEqual(before);
      expect(seen).toEqual([]);
    });
  }

  it('siginterrupt: a flag that is no integer is Python\'s TypeError with Python\'s type name, before the signal number is checked', async () => {
    const { rt } = await armed(flavor);
    const before = snapshot(rt);
    for (const [v, type] of [['x', 'str'], [1.5, 'float'], [null, 'NoneType'], [[1], 'list'], [{}, 'dict'], [new Set([1]), 'set']] as const) {
      expect(() => rt.siginterrupt(SIGUSR1, v as any)).toThrow(new TypeError(`'${type}' object cannot be interpreted as an integer`));
      expect(() => rt.siginterrupt(4242, v as any)).toThrow(TypeError);
    }
    expect(() => rt.siginterrupt(SIGUSR1, 2 ** 31)).toThrow(new OverflowError('Python int too large to convert to C int'));
    expect(snapshot(rt)).toEqual(before);
  });

  it('signal: a handler that is not callable, SIG_DFL or SIG_IGN is a TypeError', async () => {
    const { rt } = await armed(flavor);
    const before = snapshot(rt);
    for (const h of [2, -1, 'SIG_IGN', null, undefined, {}, 1.5, true]) {
      expect(() => rt.signal(SIGUSR1, h as any)).toThrow(TypeError);
      expect(() => rt.signal(SIGUSR1, h as any)).toThrow('signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object');
    }
    expect(snapshot(rt)).toEqual(before);
  });

  it('signal(SIGKILL | SIGSTOP, …) is OSError EINVAL, for any handler', async () => {
    const { rt } = await armed(flavor);
    const before = snapshot(rt);
    for (const s of [SIGKILL, SIGSTOP]) {
      for (const h of [() => {}, SIG_IGN, SIG_DFL]) {
        let e: any;
        try { rt.signal(s, h as any); } catch (x) { e = x; }
        expect(e).toBeInstanceOf(OSError);
        expect(e.errno).toBe(22);
        expect(e.code).toBe('EINVAL');
      }
    }
    expect(snapshot(rt)).toEqual(before);
    expect(rt.getsignal(SIGKILL)).toBe(SIG_DFL);
  });

  it('pthreadSigmask: bad how is OSError EINVAL; bad masks are TypeError / ValueError; nothing changes', async () => {
    const { rt } = await armed(flavor);
    const before = snapshot(rt);
    for (const how of [3, -1, 99]) {
      expect(() => rt.pthreadSigmask(how, [SIGUSR1])).toThrow(expect.objectContaining({ errno: 22, code: 'EINVAL' }));
    }
    for (const how of ['0', 0.5, NaN, undefined]) expect(() => rt.pthreadSigmask(how as any, [])).toThrow(TypeError);
    for (const mask of [5, null, undefined, 'abc', [1, '2'], [2.5], [NaN]]) {
      expect(() => rt.pthreadSigmask(SIG_BLOCK, mask as any), String(mask)).toThrow(TypeError);
    }
    // Python's words: an int is an 'int', a fraction a 'float'
    expect(() => rt.pthreadSigmask(SIG_BLOCK, 5 as any)).toThrow("'int' object is not iterable");
    expect(() => rt.pthreadSigmask(SIG_BLOCK, 2.5 as any)).toThrow("'float' object is not iterable");
    for (const bad of [0, -3, NSIG, 1000]) {
      expect(() => rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1, bad])).toThrow(new ValueError(`signal number ${bad} out of range`));
    }
    expect(snapshot(rt)).toEqual(before);
  });

  it('sigwait family: bad sets and negative timeouts are refused', async () => {
    const { rt } = await armed(flavor);
    const before = snapshot(rt);
    await expect(rt.sigwait([0] as any)).rejects.toThrow(ValueError);
    await expect(rt.sigwaitinfo('x' as any)).rejects.toThrow(TypeError);
    await expect(rt.sigtimedwait([SIGUSR2], -1)).rejects.toThrow(new ValueError('timeout must be non-negative'));
    await expect(rt.sigtimedwait([SIGUSR2], '1' as any)).rejects.toThrow(TypeError);
    await expect(rt.sigtimedwait([SIGUSR2], NaN)).rejects.toThrow(ValueError);
    expect(() => rt.signalfd([NSIG])).toThrow(ValueError);
    expect(snapshot(rt)).toEqual(before);
  });

  it('setitimer / getitimer: bad which and negative seconds are ItimerError; non-numbers TypeError', async () => {
    const { rt } = await armed(flavor);
    const before = snapshot(rt);
    for (const w of [3, -1, 100]) {
      expect(() => rt.setitimer(w, 1)).toThrow(ItimerError);
      expect(() => rt.getitimer(w)).toThrow(ItimerError);
    }
    expect(() => rt.setitimer(ITIMER_REAL, -0.001)).toThrow(ItimerError);
    expect(() => rt.setitimer(ITIMER_REAL, 1, -1)).toThrow(ItimerError);
    // Past Python's 64-bit nanoseconds, infinities too: OverflowError, as in Python.
    for (const v of [Infinity, -Infinity, 1e300, -1e300, 2 ** 40, 9.3e9]) {
      expect(() => rt.setitimer(ITIMER_REAL, v)).toThrow(OverflowError);
      expect(() => rt.setitimer(ITIMER_REAL, 1, v)).toThrow(OverflowError);
    }
    expect(() => rt.setitimer(ITIMER_REAL, NaN)).toThrow(ValueError);
    for (const v of ['1', null, undefined, {}]) expect(() => rt.setitimer(ITIMER_REAL, v as any)).toThrow(TypeError);
    for (const w of ['0', 0.5, NaN]) expect(() => rt.getitimer(w as any)).toThrow(TypeError);
    expect(snapshot(rt)).toEqual(before);
  });

  it('alarm: non-integers TypeError, past a C int OverflowError', async () => {
    const { rt } = await armed(flavor);
    const before = snapshot(rt);
    for (const v of ['1', 1.5, NaN, undefined]) expect(() => rt.alarm(v as any)).toThrow(TypeError);
    for (const v of [2 ** 31, 2 ** 32, -(2 ** 31) - 1]) expect(() => rt.alarm(v)).toThrow(OverflowError);
    expect(snapshot(rt)).toEqual(before);
  });

  it('a number past a C int is OverflowError, as Python\'s converters say, and changes nothing', async () => {
    const { rt } = await armed(flavor);
    const before = snapshot(rt);
    for (const big of [2 ** 31, 2 ** 40, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e300]) {
      expect(() => rt.signal(big, SIG_DFL)).toThrow(OverflowError);
      expect(() => rt.getsignal(big)).toThrow(OverflowError);
      expect(() => rt.strsignal(big)).toThrow(OverflowError);
      expect(() => rt.siginterrupt(big, true)).toThrow(OverflowError);
      expect(() => rt.raiseSignal(big)).toThrow(OverflowError);
      expect(() => rt.pthreadKill(rt.threadId, big)).toThrow(OverflowError);
      expect(() => rt.os.read(big, 1)).toThrow(OverflowError);
    }
    expect(() => rt.setWakeupFd(2 ** 31)).toThrow(new OverflowError('signed integer is greater than maximum'));
    expect(() => rt.setWakeupFd(-(2 ** 31) - 1)).toThrow(new OverflowError('signed integer is less than minimum'));
    expect(snapshot(rt)).toEqual(before);
  });

  it('sigtimedwait: a timeout past Python\'s range is OverflowError, not a wait that never ends', async () => {
    const { rt } = await armed(flavor);
    for (const t of [Infinity, 1e300, 2 ** 40]) await expect(rt.sigtimedwait([SIGUSR1], t)).rejects.toThrow(OverflowError);
    await expect(rt.sigtimedwait([SIGUSR1], -Infinity)).rejects.toThrow(OverflowError);
    expect(await rt.sigtimedwait([SIGUSR1], 0)).toBeNull();
  });

  it('alarm: a negative int is the unsigned alarm(2) takes, as signal.alarm(-1) in Python', async () => {
    const { rt } = await armed(flavor);
    rt.alarm(0);
    expect(rt.alarm(-1)).toBe(0);
    expect(rt.alarm(0)).toBe(4294967295);
    expect(rt.alarm(-(2 ** 31))).toBe(0);
    expect(rt.alarm(0)).toBe(2147483648);
  });

  it('setWakeupFd: blocking fd ValueError, closed fd EBADF, non-integers TypeError', async () => {
    const { rt } = await armed(flavor);
    const [r, w] = rt.os.pipe();
    rt.os.setBlocking(w, true);
    expect(() => rt.setWakeupFd(w)).toThrow(new ValueError(`the fd ${w} must be in non-blocking mode`));
    expect(() => rt.setWakeupFd(9999)).toThrow(expect.objectContaining({ errno: 9, code: 'EBADF' }));
    expect(() => rt.setWakeupFd(-5)).toThrow(expect.objectContaining({ code: 'EBADF' }));
    for (const v of ['3', 3.5, NaN, undefined]) expect(() => rt.setWakeupFd(v as any)).toThrow(TypeError);
    rt.os.setBlocking(w, false);
    expect(rt.setWakeupFd(w)).toBe(-1);
    rt.os.close(r);
  });

  it('pthreadKill: non-integers TypeError, bad signal EINVAL, unknown thread ESRCH', async () => {
    const { rt, seen } = await armed(flavor);
    expect(() => rt.pthreadKill('1' as any, SIGUSR1)).toThrow(TypeError);
    expect(() => rt.pthreadKill(rt.threadId, 2.5)).toThrow(TypeError);
    expect(() => rt.pthreadKill(rt.threadId, NSIG)).toThrow(expect.objectContaining({ code: 'EINVAL' }));
    expect(() => rt.pthreadKill(rt.threadId, -1)).toThrow(expect.objectContaining({ code: 'EINVAL' }));
    expect(() => rt.pthreadKill(-7, SIGUSR1)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(seen).toEqual([]);
  });

  it('os pipes: bad fds are EBADF; a full non-blocking pipe is BlockingIOError', async () => {
    const { rt } = await armed(flavor);
    const [r, w] = rt.os.pipe({ capacity: 4 });
    expect(rt.os.write(w, new Uint8Array([1, 2, 3, 4, 5, 6]))).toBe(4);
    expect(() => rt.os.write(w, [7])).toThrow(expect.objectContaining({ name: 'BlockingIOError', errno: 11 }));
    expect(() => rt.os.write(r, [7])).toThrow(expect.objectContaining({ code: 'EBADF' }));
    expect(() => rt.os.read(w, 1)).toThrow(expect.objectContaining({ code: 'EBADF' }));
    expect([...rt.os.read(r, 10)]).toEqual([1, 2, 3, 4]);
    rt.os.close(w);
    expect(() => rt.os.close(w)).toThrow(expect.objectContaining({ code: 'EBADF' }));
    expect(rt.os.read(r, 10).length).toBe(0);
    expect(() => rt.os.pipe({ capacity: 0 })).toThrow(ValueError);
  });

  it('createRuntime: bad options are refused', async () => {
    await expect(createRuntime({ flavor: 'wasm64' as any })).rejects.toThrow(ValueError);
    await expect(createRuntime({ clock: 'fake' as any })).rejects.toThrow(TypeError);
    await expect(createRuntime({ bindOsSignals: 'yes' as any })).rejects.toThrow(TypeError);
    await expect(createRuntime({ pythonDefaults: 1 as any })).rejects.toThrow(TypeError);
  });

  it('VirtualClock.advance refuses negative and non-number steps', () => {
    const c = new VirtualClock();
    expect(() => c.advance(-1)).toThrow(ValueError);
    expect(() => c.advance('1' as any)).toThrow(TypeError);
    expect(() => c.advance(NaN)).toThrow(ValueError);
    expect(c.now()).toBe(0);
  });

  it('missing arguments are TypeErrors', async () => {
    const { rt } = await armed(flavor);
    expect(() => (rt.signal as any)()).toThrow(TypeError);
    expect(() => (rt.signal as any)(SIGINT)).toThrow(TypeError);
    expect(() => (rt.raiseSignal as any)()).toThrow(TypeError);
    expect(() => (rt.pthreadSigmask as any)(SIG_BLOCK)).toThrow(TypeError);
    expect(() => (rt.setitimer as any)(ITIMER_REAL)).toThrow(TypeError);
  });
});
