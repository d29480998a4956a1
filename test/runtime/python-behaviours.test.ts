// Python's signal behaviours (CPython's Lib/test/test_signal.py and the
// signal module's documentation), restated against API.md and run on both
// flavors of the core. os.kill(os.getpid(), sig) becomes rt.os.kill(rt.pid, sig);
// signal.alarm + signal.pause become rt.alarm + await rt.pause() on a
// VirtualClock, so no test waits for real time.
import { afterEach, describe, expect, it } from 'vitest';
import {
  BlockingIOError, Handlers, ITIMER_PROF, ITIMER_REAL, ITIMER_VIRTUAL, ItimerError,
  KeyboardInterrupt, NSIG, OSError, ProcessTerminated, SIGABRT, SIGALRM, SIGCHLD, SIGHUP, SIGINT,
  SIGIO, SIGKILL, SIGPIPE, SIGPROF, SIGRTMAX, SIGRTMIN, SIGSTOP, SIGTERM, SIGUSR1, SIGUSR2,
  SIGVTALRM, SIGXFSZ, SIG_BLOCK, SIG_DFL, SIG_IGN, SIG_SETMASK, SIG_UNBLOCK, SI_KERNEL, SI_TKILL,
  SI_USER, Signals, Sigmasks, ValueError, VirtualClock, createRuntime, defaultIntHandler,
  type Flavor, type SignalRuntime, type UnraisableHookArgs,
} from 'wasig';

const flavors: Flavor[] = ['wasi', 'emscripten'];
let open: SignalRuntime[] = [];
afterEach(() => { for (const rt of open) rt.close(); open = []; });

async function make(flavor: Flavor, opts: Parameters<typeof createRuntime>[0] = {}) {
  const rt = await createRuntime({ flavor, ...opts });
  open.push(rt);
  return rt;
}

async function virtual(flavor: Flavor, opts: Parameters<typeof createRuntime>[0] = {}) {
  const clock = new VirtualClock();
  const rt = await make(flavor, { clock, ...opts });
  return { rt, clock };
}

class ZeroDivisionError extends Error {}
const divide = () => { throw new ZeroDivisionError('division by zero'); };

/** The error a synchronous call throws. */
function caught(fn: () => unknown): any {
  try { fn(); } catch (e) { return e; }
  throw new Error('expected the call to throw');
}

/** Lets queued microtasks and a macrotask run. */
const turn = () => new Promise<void>((r) => setTimeout(r, 0));

describe('module-level behaviour (GenericTests)', () => {
  it('Signals, Handlers and Sigmasks are reverse-mapped numeric enums', () => {
    for (const [name, value] of Object.entries({ SIGHUP, SIGINT, SIGKILL, SIGUSR1, SIGALRM, SIGTERM, SIGCHLD, SIGRTMIN, SIGRTMAX })) {
      expect((Signals as any)[name]).toBe(value);
      expect(Signals[value]).toBe(name);
    }
    expect(Handlers[SIG_DFL]).toBe('SIG_DFL');
    expect(Handlers[SIG_IGN]).toBe('SIG_IGN');
    expect(Handlers.SIG_DFL).toBe(0);
    expect(Handlers.SIG_IGN).toBe(1);
    expect(Sigmasks[SIG_BLOCK]).toBe('SIG_BLOCK');
    expect(Sigmasks[SIG_UNBLOCK]).toBe('SIG_UNBLOCK');
    expect(Sigmasks[SIG_SETMASK]).toBe('SIG_SETMASK');
  });

  it('aliases share a number and the reverse map gives the main name', () => {
    const S = Signals as unknown as Record<string, number>;
    expect(S.SIGIOT).toBe(SIGABRT);
    expect(S.SIGCLD).toBe(SIGCHLD);
    expect(S.SIGPOLL).toBe(SIGIO);
    expect(Signals[6]).toBe('SIGABRT');
    expect(Signals[17]).toBe('SIGCHLD');
    expect(Signals[29]).toBe('SIGIO');
  });

  it('every SIGxxx constant is in [1, NSIG) (gh-91145)', async () => {
    const mod = await import('wasig') as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (!/^SIG[A-Z0-9]+$/.test(name)) continue;
      expect(typeof value, name).toBe('number');
      expect(value as number, name).toBeGreaterThanOrEqual(1);
      expect(value as number, name).toBeLessThan(NSIG);
    }
    expect(NSIG).toBe(65);
  });

  it('defaultIntHandler throws KeyboardInterrupt', () => {
    const e = caught(() => defaultIntHandler(SIGINT, null));
    expect(e).toBeInstanceOf(KeyboardInterrupt);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('KeyboardInterrupt');
  });

  it('error classes: OSError subclasses carry errno and code', () => {
    const e = new ItimerError();
    expect(e).toBeInstanceOf(OSError);
    expect(e.name).toBe('ItimerError');
    const b = new BlockingIOError();
    expect(b).toBeInstanceOf(OSError);
    expect([b.errno, b.code]).toEqual([11, 'EAGAIN']);
  });
});

describe.each(flavors)('Python behaviours on %s', (flavor) => {
  // ---- PosixTests ----------------------------------------------------------

  it('out-of-range signal numbers raise ValueError (4242)', async () => {
    const rt = await make(flavor);
    for (const call of [() => rt.getsignal(4242), () => rt.signal(4242, () => {}), () => rt.strsignal(4242),
      () => rt.siginterrupt(4242, true), () => rt.raiseSignal(4242)]) {
      const e = caught(call);
      expect(e).toBeInstanceOf(ValueError);
      expect(e.message).toBe('signal number out of range');
    }
  });

  it('a handler of null (None) is a TypeError with Python\'s message', async () => {
    const rt = await make(flavor);
    for (const bad of [null, undefined, 'SIG_IGN', 2, {}, -1]) {
      const e = caught(() => rt.signal(SIGUSR1, bad as any));
      expect(e, String(bad)).toBeInstanceOf(TypeError);
      expect(e.message).toBe('signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object');
    }
    expect(rt.getsignal(SIGUSR1)).toBe(SIG_DFL);
  });

  it('getsignal: the previous handler is a Handlers member, and handlers round-trip by identity', async () => {
    const rt = await make(flavor);
    const trivial = () => {};
    const hup = rt.signal(SIGHUP, trivial);
    expect(hup).toBe(SIG_DFL);
    expect(Handlers[hup as number]).toBe('SIG_DFL');
    expect(rt.getsignal(SIGHUP)).toBe(trivial);
    expect(rt.signal(SIGHUP, hup)).toBe(trivial);
    expect(rt.getsignal(SIGHUP)).toBe(hup);
    // A bound function, like functools.partial, keeps its identity too.
    const partial = trivial.bind(null);
    rt.signal(SIGHUP, partial);
    expect(rt.getsignal(SIGHUP)).toBe(partial);
    expect(rt.getsignal(SIGHUP)).not.toBe(trivial);
  });

  it('the same function may handle several signals; each keeps its own entry', async () => {
    const rt = await make(flavor);
    const seen: number[] = [];
    const h = (s: number) => { seen.push(s); };
    rt.signal(SIGUSR1, h);
    rt.signal(SIGUSR2, h);
    rt.signal(SIGUSR1, SIG_IGN);
    expect(rt.getsignal(SIGUSR2)).toBe(h);
    rt.raiseSignal(SIGUSR2);
    rt.raiseSignal(SIGUSR1);
    expect(seen).toEqual([SIGUSR2]);
  });

  it('getsignal of SIGKILL and SIGSTOP is SIG_DFL; setting them is OSError EINVAL and changes nothing', async () => {
    const rt = await make(flavor);
    for (const sig of [SIGKILL, SIGSTOP]) {
      expect(rt.getsignal(sig)).toBe(SIG_DFL);
      for (const h of [() => {}, SIG_IGN, SIG_DFL]) {
        const e = caught(() => rt.signal(sig, h as any));
        expect(e).toBeInstanceOf(OSError);
        expect(e.errno).toBe(22);
        expect(e.code).toBe('EINVAL');
      }
      expect(rt.getsignal(sig)).toBe(SIG_DFL);
    }
  });

  it('strsignal gives glibc\'s texts, null for a number with none', async () => {
    const rt = await make(flavor);
    expect(rt.strsignal(SIGINT)).toContain('Interrupt');
    expect(rt.strsignal(SIGTERM)).toContain('Terminated');
    expect(rt.strsignal(SIGHUP)).toContain('Hangup');
    expect(rt.strsignal(SIGINT)).toBe('Interrupt');
    expect(rt.strsignal(SIGTERM)).toBe('Terminated');
    expect(rt.strsignal(SIGHUP)).toBe('Hangup');
    expect(rt.strsignal(SIGKILL)).toBe('Killed');
    expect(rt.strsignal(SIGALRM)).toBe('Alarm clock');
    expect(rt.strsignal(SIGUSR1)).toBe('User defined signal 1');
    expect(rt.strsignal(SIGRTMIN)).toBe('Real-time signal 0');
    expect(rt.strsignal(SIGRTMAX)).toBe('Real-time signal 30');
    expect(rt.strsignal(32)).toBeNull();
    expect(rt.strsignal(33)).toBeNull();
    for (const bad of [0, -1, NSIG]) expect(() => rt.strsignal(bad)).toThrow(new ValueError('signal number out of range'));
  });

  it('validSignals is a Set with SIGINT and SIGALRM, no 0, nothing ≥ NSIG, fewer than NSIG', async () => {
    const rt = await make(flavor);
    const s = rt.validSignals();
    expect(s).toBeInstanceOf(Set);
    expect(s.has(Signals.SIGINT)).toBe(true);
    expect(s.has(Signals.SIGALRM)).toBe(true);
    expect(s.has(0)).toBe(false);
    expect(s.has(NSIG)).toBe(false);
    expect(s.size).toBeLessThan(NSIG);
    const expected = new Set<number>();
    for (let i = 1; i < NSIG; i++) if (i !== 32 && i !== 33) expected.add(i);
    expect(s).toEqual(expected);
    // A fresh Set each time: mutating it does not change the next one.
    s.clear();
    expect(rt.validSignals().size).toBe(62);
  });

  it('Python\'s start: SIGINT has defaultIntHandler, SIGPIPE and SIGXFSZ SIG_IGN, the rest SIG_DFL', async () => {
    const rt = await make(flavor);
    expect(rt.getsignal(SIGINT)).toBe(defaultIntHandler);
    expect(rt.getsignal(SIGPIPE)).toBe(SIG_IGN);
    expect(rt.getsignal(SIGXFSZ)).toBe(SIG_IGN);
    for (const sig of rt.validSignals()) {
      if (sig === SIGINT || sig === SIGPIPE || sig === SIGXFSZ) continue;
      expect(rt.getsignal(sig), String(sig)).toBe(SIG_DFL);
    }
    expect(rt.signal(SIGINT, SIG_DFL)).toBe(defaultIntHandler);
    expect(rt.signal(SIGINT, defaultIntHandler)).toBe(SIG_DFL);
    expect(() => rt.raiseSignal(SIGINT)).toThrow(KeyboardInterrupt);
  });

  it('os.kill to itself with SIGINT raises KeyboardInterrupt from the call', async () => {
    const rt = await make(flavor);
    expect(rt.os.getpid()).toBe(rt.pid);
    expect(() => rt.os.kill(rt.pid, SIGINT)).toThrow(KeyboardInterrupt);
    expect(rt.exitStatus).toBeNull();
  });

  it('32 and 33 (glibc\'s own) have no handler from Python: getsignal null, signal() EINVAL, never blocked', async () => {
    const rt = await make(flavor);
    for (const sig of [32, 33]) {
      expect(rt.getsignal(sig)).toBeNull();
      const e = caught(() => rt.signal(sig, () => {}));
      expect(e).toBeInstanceOf(OSError);
      expect(e.errno).toBe(22);
      expect(rt.getsignal(sig)).toBeNull();
    }
    const all: number[] = [];
    for (let i = 1; i < NSIG; i++) all.push(i);
    rt.pthreadSigmask(SIG_BLOCK, all);
    const blocked = rt.pthreadSigmask(SIG_SETMASK, []);
    const valid = rt.validSignals();
    valid.delete(SIGKILL);
    valid.delete(SIGSTOP);
    expect(blocked).toEqual(valid);
  });

  // ---- argument-check order --------------------------------------------------

  it('signal(): signalnum type, then range, then the handler, then pending handlers, then EINVAL', async () => {
    const rt = await make(flavor);
    expect(() => rt.signal('2' as any, 'x' as any)).toThrow(TypeError);
    expect(() => rt.signal(0, 'x' as any)).toThrow(new ValueError('signal number out of range'));
    expect(() => rt.signal(NSIG, null as any)).toThrow(ValueError);
    const e = caught(() => rt.signal(SIGKILL, 'x' as any));
    expect(e).toBeInstanceOf(TypeError);
    expect(e).not.toBeInstanceOf(OSError);
    // A pending handler runs before the swap, and its exception wins over EINVAL.
    rt.signal(SIGUSR1, divide);
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1]);
    rt.raiseSignal(SIGUSR1);
    // Unblocked but not yet dispatched: deliver it through a blocked -> unblocked
    // sequence that throws, leaving nothing pending afterwards.
    expect(() => rt.pthreadSigmask(SIG_UNBLOCK, [SIGUSR1])).toThrow(ZeroDivisionError);
    expect(rt.sigpending()).toEqual(new Set());
  });

  it('signal() runs pending handlers before swapping: a signal that arrived under the old handler runs it', async () => {
    const rt = await make(flavor);
    const seen: string[] = [];
    rt.signal(SIGUSR1, () => seen.push('old-usr1'));
    rt.signal(SIGUSR2, () => { seen.push('usr2'); rt.raiseSignal(SIGUSR1); });
    // SIGUSR2's handler raises SIGUSR1, whose old handler runs inside it.
    rt.raiseSignal(SIGUSR2);
    expect(seen).toEqual(['usr2', 'old-usr1']);
  });

  it('signal() with a throwing pending handler propagates that error and leaves the handler unchanged', async () => {
    const rt = await make(flavor);
    const seen: number[] = [];
    rt.signal(SIGUSR1, () => { throw new ZeroDivisionError(); });
    rt.signal(SIGUSR2, (s) => { seen.push(s); });
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1, SIGUSR2]);
    rt.raiseSignal(SIGUSR1);
    rt.raiseSignal(SIGUSR2);
    expect(rt.sigpending()).toEqual(new Set([SIGUSR1, SIGUSR2]));
    // Unblocking delivers both; SIGUSR1's handler throws first, SIGUSR2's
    // waits for the next safe point.
    expect(() => rt.pthreadSigmask(SIG_UNBLOCK, [SIGUSR1, SIGUSR2])).toThrow(ZeroDivisionError);
    expect(seen).toEqual([]);
    expect(rt.sigpending()).toEqual(new Set());
    const h = () => {};
    // signal() is a safe point: SIGUSR2's handler runs before the swap.
    expect(rt.signal(SIGHUP, h)).toBe(SIG_DFL);
    expect(seen).toEqual([SIGUSR2]);
    expect(rt.getsignal(SIGHUP)).toBe(h);
  });

  it('a handler that throws leaves the other tripped handlers for the next safe point (checkSignals)', async () => {
    const rt = await make(flavor);
    const seen: number[] = [];
    rt.signal(SIGHUP, (s) => { seen.push(s); throw new ZeroDivisionError(); });
    rt.signal(SIGUSR1, (s) => { seen.push(s); });
    rt.signal(SIGTERM, (s) => { seen.push(s); });
    rt.pthreadSigmask(SIG_BLOCK, [SIGHUP, SIGUSR1, SIGTERM]);
    rt.raiseSignal(SIGTERM);
    rt.raiseSignal(SIGUSR1);
    rt.raiseSignal(SIGHUP);
    expect(() => rt.pthreadSigmask(SIG_UNBLOCK, [SIGHUP, SIGUSR1, SIGTERM])).toThrow(ZeroDivisionError);
    expect(seen).toEqual([SIGHUP]);
    rt.checkSignals();
    expect(seen).toEqual([SIGHUP, SIGUSR1, SIGTERM]);
    rt.checkSignals();
    expect(seen).toEqual([SIGHUP, SIGUSR1, SIGTERM]);
    expect(rt.exitStatus).toBeNull();
  });

  // ---- raise_signal ------------------------------------------------------------

  it('raiseSignal(SIGINT) raises KeyboardInterrupt; with a handler the handler runs before it returns', async () => {
    const rt = await make(flavor);
    expect(() => rt.raiseSignal(SIGINT)).toThrow(KeyboardInterrupt);
    let ok = false;
    const old = rt.signal(SIGINT, (a, b) => { ok = true; expect([a, b]).toEqual([SIGINT, null]); });
    expect(old).toBe(defaultIntHandler);
    expect(rt.raiseSignal(SIGINT)).toBeUndefined();
    expect(ok).toBe(true);
  });

  it('raiseSignal propagates the handler\'s exception, the same object', async () => {
    const rt = await make(flavor);
    const err = new ZeroDivisionError('x');
    rt.signal(SIGUSR1, () => { throw err; });
    expect(caught(() => rt.raiseSignal(SIGUSR1))).toBe(err);
    // Nothing is left pending or tripped.
    expect(rt.sigpending()).toEqual(new Set());
    expect(() => rt.checkSignals()).not.toThrow();
  });

  it('raiseSignal of a SIG_IGN signal does nothing; of a blocked one leaves it pending', async () => {
    const rt = await make(flavor);
    rt.signal(SIGUSR1, SIG_IGN);
    rt.raiseSignal(SIGUSR1);
    expect(rt.sigpending()).toEqual(new Set());
    let n = 0;
    rt.signal(SIGUSR2, () => { n++; });
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR2]);
    rt.raiseSignal(SIGUSR2);
    rt.raiseSignal(SIGUSR2);
    expect(n).toBe(0);
    expect(rt.sigpending()).toEqual(new Set([SIGUSR2]));
    rt.pthreadSigmask(SIG_UNBLOCK, [SIGUSR2]);
    expect(n).toBe(1); // standard signals coalesce
  });

  it('raiseSignal with SIG_DFL Term ends the emulated process with ProcessTerminated', async () => {
    const rt = await make(flavor);
    const e = caught(() => rt.raiseSignal(SIGTERM));
    expect(e).toBeInstanceOf(ProcessTerminated);
    expect(e.signal).toBe(SIGTERM);
    expect(rt.exitStatus).toEqual({ signal: SIGTERM });
    await expect(rt.exited).resolves.toEqual({ signal: SIGTERM });
    expect(() => rt.getsignal(SIGUSR1)).toThrow(ProcessTerminated);
  });

  it('raiseSignal: non-integers are TypeError', async () => {
    const rt = await make(flavor);
    for (const bad of ['2', 2.5, NaN, null, undefined]) expect(() => rt.raiseSignal(bad as any)).toThrow(TypeError);
  });

  // ---- wakeup fd -----------------------------------------------------------------

  it('setWakeupFd returns the previous fd; -1 disables and returns -1 when nothing was set', async () => {
    const rt = await make(flavor);
    const [r1, w1] = rt.os.pipe();
    const [r2, w2] = rt.os.pipe();
    rt.os.setBlocking(w1, false);
    rt.os.setBlocking(w2, false);
    expect(rt.setWakeupFd(w1)).toBe(-1);
    expect(rt.setWakeupFd(w2)).toBe(w1);
    expect(rt.setWakeupFd(-1)).toBe(w2);
    expect(rt.setWakeupFd(-1)).toBe(-1);
    expect(typeof rt.setWakeupFd(-1)).toBe('number');
    for (const fd of [r1, w1, r2, w2]) rt.os.close(fd);
  });

  it('setWakeupFd: warnOnFullBuffer is an option, never positional (test_invalid_call)', async () => {
    const rt = await make(flavor);
    const [, w] = rt.os.pipe();
    expect(() => rt.setWakeupFd(w, false as any)).toThrow(TypeError);
    expect(() => rt.setWakeupFd(w, true as any)).toThrow(TypeError);
    expect(() => rt.setWakeupFd(w, null as any)).toThrow(TypeError);
    expect(() => (rt.setWakeupFd as any)()).toThrow(TypeError);
    expect(rt.setWakeupFd(-1)).toBe(-1); // nothing was set
    expect(rt.setWakeupFd(w, {})).toBe(-1);
    expect(rt.setWakeupFd(w, { warnOnFullBuffer: false })).toBe(w);
    expect(rt.setWakeupFd(-1, undefined)).toBe(w);
  });

  it('setWakeupFd on a blocking fd: ValueError("the fd N must be in non-blocking mode"); non-blocking is fine', async () => {
    const rt = await make(flavor);
    const [, w] = rt.os.pipe();
    rt.os.setBlocking(w, true);
    const e = caught(() => rt.setWakeupFd(w));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toBe(`the fd ${w} must be in non-blocking mode`);
    expect(rt.setWakeupFd(-1)).toBe(-1); // the failed call set nothing
    rt.os.setBlocking(w, false);
    expect(rt.setWakeupFd(w)).toBe(-1);
    expect(rt.setWakeupFd(-1)).toBe(w);
  });

  it('setWakeupFd on an fd that is not open is OSError EBADF; non-integers TypeError', async () => {
    const rt = await make(flavor);
    const [r, w] = rt.os.pipe();
    rt.os.close(r);
    rt.os.close(w);
    for (const bad of [w, 12345, -2]) {
      const e = caught(() => rt.setWakeupFd(bad));
      expect(e).toBeInstanceOf(OSError);
      expect(e.errno).toBe(9);
      expect(e.code).toBe('EBADF');
    }
    for (const bad of ['3', 3.5, NaN, null]) expect(() => rt.setWakeupFd(bad as any)).toThrow(TypeError);
    expect(rt.setWakeupFd(-1)).toBe(-1);
  });

  it('wakeup: each handled signal writes one byte, its number (test_signum)', async () => {
    const rt = await make(flavor);
    rt.signal(SIGALRM, () => {});
    const [r, w] = rt.os.pipe();
    rt.setWakeupFd(w);
    rt.signal(SIGUSR1, () => {});
    rt.raiseSignal(SIGUSR1);
    rt.raiseSignal(SIGALRM);
    const data = rt.os.read(r, 3);
    expect(data).toBeInstanceOf(Uint8Array);
    expect([...data]).toEqual([SIGUSR1, SIGALRM]);
  });

  it('wakeup: blocked signals write their bytes when unblocked (test_pending)', async () => {
    const rt = await make(flavor);
    const [r, w] = rt.os.pipe();
    rt.setWakeupFd(w);
    rt.signal(SIGUSR1, () => {});
    rt.signal(SIGUSR2, () => {});
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1, SIGUSR2]);
    rt.raiseSignal(SIGUSR1);
    rt.raiseSignal(SIGUSR2);
    expect(rt.os.read(r, 10).length).toBe(0);
    rt.pthreadSigmask(SIG_UNBLOCK, [SIGUSR1, SIGUSR2]);
    expect(new Set(rt.os.read(r, 10))).toEqual(new Set([SIGUSR1, SIGUSR2]));
  });

  it('wakeup: the byte is written even when the handler raises; a timer signal writes it too', async () => {
    const { rt, clock } = await virtual(flavor);
    const [r, w] = rt.os.pipe();
    rt.setWakeupFd(w);
    rt.signal(SIGALRM, divide);
    rt.alarm(1);
    expect(() => clock.advance(1)).toThrow(ZeroDivisionError);
    expect([...rt.os.read(r, 10)]).toEqual([SIGALRM]);
  });

  it('wakeup: a write error is reported as unraisable and the handler\'s exception still propagates (test_wakeup_write_error)', async () => {
    const rt = await make(flavor);
    const reports: UnraisableHookArgs[] = [];
    rt.unraisableHook = (a) => reports.push(a);
    rt.signal(SIGALRM, divide);
    const [r, w] = rt.os.pipe();
    rt.os.setBlocking(r, false);
    // The read end as the wakeup fd: the write fails with EBADF.
    rt.setWakeupFd(r);
    expect(() => rt.raiseSignal(SIGALRM)).toThrow(ZeroDivisionError);
    expect(reports.length).toBe(1);
    expect(reports[0].errMsg).toBe('Exception ignored when trying to write to the signal wakeup fd');
    expect(reports[0].excValue).toBeInstanceOf(OSError);
    expect((reports[0].excValue as OSError).errno).toBe(9);
    rt.os.close(r);
    rt.os.close(w);
  });

  it('wakeup: a closed wakeup fd is reported even with warnOnFullBuffer false (test_send_error)', async () => {
    for (const warnOnFullBuffer of [true, false]) {
      const rt = await make(flavor);
      const reports: UnraisableHookArgs[] = [];
      rt.unraisableHook = (a) => reports.push(a);
      let ran = 0;
      rt.signal(SIGINT, () => { ran++; });
      const [r, w] = rt.os.pipe();
      rt.setWakeupFd(w, { warnOnFullBuffer });
      rt.os.close(r);
      rt.os.close(w);
      rt.raiseSignal(SIGINT);
      expect(ran).toBe(1);
      expect(reports.map((a) => a.errMsg)).toEqual(['Exception ignored when trying to write to the signal wakeup fd']);
      expect(reports[0].excValue).toBeInstanceOf(OSError);
    }
  });

  it('warnOnFullBuffer: default warns, true warns, false is silent, and the default comes back (test_warn_on_full_buffer)', async () => {
    const rt = await make(flavor);
    const reports: UnraisableHookArgs[] = [];
    rt.unraisableHook = (a) => reports.push(a);
    let ran = 0;
    rt.signal(SIGINT, () => { ran++; });
    const [, w] = rt.os.pipe({ capacity: 8 });
    // Fill the pipe.
    let written = 0;
    for (;;) {
      try { written += rt.os.write(w, new Uint8Array(4).fill(120)); } catch (e) { expect(e).toBeInstanceOf(BlockingIOError); break; }
    }
    expect(written).toBe(8);
    const msg = 'Exception ignored when trying to write to the signal wakeup fd';
    rt.setWakeupFd(w);
    rt.raiseSignal(SIGINT);
    expect(reports.map((a) => a.errMsg)).toEqual([msg]);
    expect(reports[0].excValue).toBeInstanceOf(BlockingIOError);
    rt.setWakeupFd(w, { warnOnFullBuffer: true });
    rt.raiseSignal(SIGINT);
    expect(reports.length).toBe(2);
    rt.setWakeupFd(w, { warnOnFullBuffer: false });
    rt.raiseSignal(SIGINT);
    expect(reports.length).toBe(2);
    rt.setWakeupFd(w);
    rt.raiseSignal(SIGINT);
    expect(reports.length).toBe(3);
    expect(ran).toBe(4);
  });

  it('the default unraisable hook writes "Exception ignored when trying to write to the signal wakeup fd" to stderr', async () => {
    const rt = await make(flavor);
    const [r, w] = rt.os.pipe();
    rt.signal(SIGUSR1, () => {});
    rt.setWakeupFd(w);
    rt.os.close(r);
    const write = process.stderr.write;
    let text = '';
    process.stderr.write = ((s: string) => { text += s; return true; }) as typeof write;
    try { rt.raiseSignal(SIGUSR1); } finally { process.stderr.write = write; }
    expect(text).toContain('Exception ignored when trying to write to the signal wakeup fd');
    expect(text).toContain('[Errno 32]');
  });

  // ---- siginterrupt ---------------------------------------------------------------

  it('siginterrupt: signal() makes waits interruptible again; flag false restarts', async () => {
    const rt = await make(flavor);
    rt.signal(SIGALRM, divide);
    expect(rt.siginterrupt(SIGALRM, false)).toBeUndefined();
    expect(rt.restarts(SIGALRM)).toBe(true);
    expect(rt.getsignal(SIGALRM)).toBe(divide);
    rt.siginterrupt(SIGALRM, true);
    expect(rt.restarts(SIGALRM)).toBe(false);
    rt.siginterrupt(SIGALRM, false);
    // Installing a handler implicitly calls siginterrupt(sig, true).
    rt.signal(SIGALRM, divide);
    expect(rt.restarts(SIGALRM)).toBe(false);
  });

  it('siginterrupt: ranges are ValueError; SIGKILL and SIGSTOP are OSError EINVAL', async () => {
    const rt = await make(flavor);
    for (const bad of [0, NSIG, -1]) expect(() => rt.siginterrupt(bad, true)).toThrow(new ValueError('signal number out of range'));
    for (const sig of [SIGKILL, SIGSTOP]) {
      const e = caught(() => rt.siginterrupt(sig, true));
      expect(e).toBeInstanceOf(OSError);
      expect(e.errno).toBe(22);
    }
    expect(() => rt.siginterrupt('1' as any, true)).toThrow(TypeError);
  });

  // ---- itimers ------------------------------------------------------------------------

  it('ItimerError: bad which to setitimer and getitimer, negative seconds or interval', async () => {
    const rt = await make(flavor);
    for (const call of [() => rt.setitimer(-1, 0), () => rt.setitimer(3, 1), () => rt.getitimer(-1), () => rt.getitimer(3),
      () => rt.setitimer(ITIMER_REAL, -1), () => rt.setitimer(ITIMER_REAL, 1, -1)]) {
      const e = caught(call);
      expect(e).toBeInstanceOf(ItimerError);
      expect(e).toBeInstanceOf(OSError);
      expect(e.errno).toBe(22);
    }
    expect(rt.getitimer(ITIMER_REAL)).toEqual([0, 0]);
    // Argument types are checked before which and the sign.
    expect(() => rt.setitimer('0' as any, -1)).toThrow(TypeError);
    expect(() => rt.setitimer(-1, '1' as any)).toThrow(TypeError);
    expect(() => rt.setitimer(-1, 1, '1' as any)).toThrow(TypeError);
    expect(() => rt.getitimer(0.5)).toThrow(TypeError);
  });

  it('setitimer(ITIMER_REAL, 1.0) then pause(): the handler ran (test_itimer_real)', async () => {
    const { rt, clock } = await virtual(flavor);
    let called = false;
    rt.signal(SIGALRM, () => { called = true; });
    expect(rt.setitimer(ITIMER_REAL, 1.0)).toEqual([0, 0]);
    const p = rt.pause();
    clock.advance(0.999);
    expect(called).toBe(false);
    clock.advance(0.001);
    await p;
    expect(called).toBe(true);
    expect(rt.getitimer(ITIMER_REAL)).toEqual([0, 0]);
  });

  it('setitimer(1e-6) is not rounded down to zero (test_setitimer_tiny)', async () => {
    const { rt, clock } = await virtual(flavor);
    let called = false;
    rt.signal(SIGALRM, () => { called = true; });
    rt.setitimer(ITIMER_REAL, 1e-6);
    const [delay, interval] = rt.getitimer(ITIMER_REAL);
    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThanOrEqual(1e-6);
    expect(interval).toBe(0);
    clock.advance(1);
    expect(called).toBe(true);
  });

  it('a tiny real itimer fires with the real clock too', async () => {
    const rt = await make(flavor);
    let called = false;
    rt.signal(SIGALRM, () => { called = true; });
    rt.setitimer(ITIMER_REAL, 1e-6);
    const p = rt.pause();
    await p;
    expect(called).toBe(true);
  });

  it('ITIMER_VIRTUAL with an interval: the handler disables it and getitimer gives [0, 0] (test_itimer_virtual)', async () => {
    const { rt, clock } = await virtual(flavor);
    let count = 0;
    rt.signal(SIGVTALRM, () => {
      if (count > 3) throw new ItimerError(22, "setitimer didn't disable ITIMER_VIRTUAL timer.");
      if (count === 3) rt.setitimer(ITIMER_VIRTUAL, 0);
      count++;
    });
    rt.setitimer(ITIMER_VIRTUAL, 0.3, 0.2);
    expect(rt.getitimer(ITIMER_VIRTUAL)[1]).toBeCloseTo(0.2, 6);
    for (let i = 0; i < 20 && rt.getitimer(ITIMER_VIRTUAL)[0] !== 0; i++) clock.advance(0.1);
    expect(rt.getitimer(ITIMER_VIRTUAL)).toEqual([0, 0]);
    expect(count).toBe(4);
  });

  it('ITIMER_PROF: the handler disables it (test_itimer_prof)', async () => {
    const { rt, clock } = await virtual(flavor);
    let called = 0;
    rt.signal(SIGPROF, () => { called++; rt.setitimer(ITIMER_PROF, 0); });
    rt.setitimer(ITIMER_PROF, 0.2, 0.2);
    clock.advance(1);
    expect(called).toBe(1);
    expect(rt.getitimer(ITIMER_PROF)).toEqual([0, 0]);
  });

  it('getitimer tracks the remaining delay and the interval; setitimer returns the previous pair', async () => {
    const { rt, clock } = await virtual(flavor);
    const times: number[] = [];
    rt.signal(SIGALRM, () => { times.push(clock.now()); });
    expect(rt.setitimer(ITIMER_REAL, 5, 1)).toEqual([0, 0]);
    clock.advance(2);
    expect(rt.getitimer(ITIMER_REAL)).toEqual([3, 1]);
    clock.advance(3.5);
    expect(times).toEqual([5]);
    expect(rt.getitimer(ITIMER_REAL)).toEqual([0.5, 1]);
    clock.advance(2.5);
    expect(times).toEqual([5, 6, 7, 8]);
    const old = rt.setitimer(ITIMER_REAL, 0);
    expect(old[0]).toBeCloseTo(1, 6);
    expect(old[1]).toBe(1);
    expect(rt.getitimer(ITIMER_REAL)).toEqual([0, 0]);
    expect(rt.setitimer(ITIMER_REAL, 0)).toEqual([0, 0]);
  });

  it('an expired one-shot itimer reads [0, 0]; a zero delay with an interval does not arm', async () => {
    const { rt, clock } = await virtual(flavor);
    let n = 0;
    rt.signal(SIGALRM, () => { n++; });
    rt.setitimer(ITIMER_REAL, 0.5);
    clock.advance(0.5);
    expect(n).toBe(1);
    expect(rt.getitimer(ITIMER_REAL)).toEqual([0, 0]);
    rt.setitimer(ITIMER_REAL, 0, 1);
    expect(rt.getitimer(ITIMER_REAL)).toEqual([0, 0]);
    clock.advance(5);
    expect(n).toBe(1);
  });

  it('the three itimers are independent; returned values are plain numbers', async () => {
    const { rt } = await virtual(flavor);
    rt.setitimer(ITIMER_REAL, 3, 0);
    rt.setitimer(ITIMER_VIRTUAL, 4, 0.5);
    rt.setitimer(ITIMER_PROF, 5, 0.25);
    const pairs = [rt.getitimer(ITIMER_REAL), rt.getitimer(ITIMER_VIRTUAL), rt.getitimer(ITIMER_PROF)];
    expect(pairs).toEqual([[3, 0], [4, 0.5], [5, 0.25]]);
    for (const p of pairs) {
      expect(Array.isArray(p)).toBe(true);
      expect(p.length).toBe(2);
      for (const v of p) expect(typeof v).toBe('number');
    }
  });

  it('an interval timer whose signal is blocked leaves one pending signal; the handler runs once on unblock', async () => {
    const { rt, clock } = await virtual(flavor);
    let n = 0;
    rt.signal(SIGALRM, () => { n++; });
    rt.pthreadSigmask(SIG_BLOCK, [SIGALRM]);
    rt.setitimer(ITIMER_REAL, 0.1, 0.1);
    clock.advance(0.35);
    expect(n).toBe(0);
    expect(rt.sigpending()).toEqual(new Set([SIGALRM]));
    expect(rt.getitimer(ITIMER_REAL)[1]).toBeCloseTo(0.1, 6);
    rt.pthreadSigmask(SIG_UNBLOCK, [SIGALRM]);
    expect(n).toBe(1);
    clock.advance(0.05);
    expect(n).toBe(2);
  });

  // ---- alarm ------------------------------------------------------------------------

  it('alarm returns the seconds left of the previous alarm, 0 when none; alarm(0) cancels', async () => {
    const { rt, clock } = await virtual(flavor);
    let n = 0;
    rt.signal(SIGALRM, () => { n++; });
    expect(rt.alarm(0)).toBe(0);
    expect(rt.alarm(10)).toBe(0);
    clock.advance(3.4);
    expect(rt.alarm(10)).toBe(7); // 6.6 rounds to 7
    clock.advance(9.7);
    expect(rt.alarm(0)).toBe(1); // 0.3 left: at least 1 while pending
    clock.advance(100);
    expect(n).toBe(0);
    expect(rt.alarm(0)).toBe(0);
  });

  it('alarm(1) + pause(): the handler runs and pause resolves; alarm and ITIMER_REAL are one timer', async () => {
    const { rt, clock } = await virtual(flavor);
    let n = 0;
    rt.signal(SIGALRM, () => { n++; });
    rt.alarm(1);
    expect(rt.getitimer(ITIMER_REAL)).toEqual([1, 0]);
    const p = rt.pause();
    clock.advance(1);
    await p;
    expect(n).toBe(1);
    rt.setitimer(ITIMER_REAL, 2.5);
    expect(rt.alarm(0)).toBe(3);
    expect(rt.getitimer(ITIMER_REAL)).toEqual([0, 0]);
  });

  it('alarm at SIG_DFL ends the emulated process with SIGALRM', async () => {
    const { rt, clock } = await virtual(flavor);
    rt.alarm(1);
    expect(() => clock.advance(1)).toThrow(ProcessTerminated);
    expect(rt.exitStatus).toEqual({ signal: SIGALRM });
  });

  it('alarm: non-integers TypeError', async () => {
    const rt = await make(flavor);
    for (const bad of ['1', 1.5, NaN, null]) expect(() => rt.alarm(bad as any)).toThrow(TypeError);
  });

  // ---- pending signals, masks --------------------------------------------------------

  it('sigpending is an empty Set at the start (test_sigpending_empty)', async () => {
    const rt = await make(flavor);
    const s = rt.sigpending();
    expect(s).toBeInstanceOf(Set);
    expect(s).toEqual(new Set());
  });

  it('sigpending after a blocked os.kill; unblocking runs the handler and its exception propagates (test_sigpending)', async () => {
    const rt = await make(flavor);
    rt.signal(SIGUSR1, divide);
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1]);
    rt.os.kill(rt.pid, SIGUSR1);
    const pending = rt.sigpending();
    for (const s of pending) expect(typeof s).toBe('number');
    expect(pending).toEqual(new Set([SIGUSR1]));
    expect(() => rt.pthreadSigmask(SIG_UNBLOCK, [SIGUSR1])).toThrow(ZeroDivisionError);
    expect(rt.sigpending()).toEqual(new Set());
  });

  it('pthreadKill to the main thread runs the handler before returning (test_pthread_kill)', async () => {
    const rt = await make(flavor);
    expect(typeof rt.threadId).toBe('number');
    rt.signal(SIGUSR1, divide);
    expect(() => rt.pthreadKill(rt.threadId, SIGUSR1)).toThrow(ZeroDivisionError);
    let n = 0;
    rt.signal(SIGUSR1, () => { n++; });
    rt.pthreadKill(rt.threadId, SIGUSR1);
    expect(n).toBe(1);
    rt.pthreadKill(rt.threadId, 0);
    expect(n).toBe(1);
  });

  it('pthreadSigmask arguments: missing TypeError, bad how OSError, bad entries ValueError (test_pthread_sigmask_arguments)', async () => {
    const rt = await make(flavor);
    expect(() => (rt.pthreadSigmask as any)()).toThrow(TypeError);
    expect(() => (rt.pthreadSigmask as any)(1)).toThrow(TypeError);
    const e = caught(() => rt.pthreadSigmask(1700, []));
    expect(e).toBeInstanceOf(OSError);
    expect([e.errno, e.code]).toEqual([22, 'EINVAL']);
    for (const bad of [NSIG, 0, 2 ** 1000]) {
      const v = caught(() => rt.pthreadSigmask(SIG_BLOCK, [bad]));
      expect(v, String(bad)).toBeInstanceOf(ValueError);
    }
    expect(() => rt.pthreadSigmask(SIG_BLOCK, [NSIG])).toThrow(`signal number ${NSIG} out of range`);
    expect(() => rt.pthreadSigmask(SIG_BLOCK, [0])).toThrow('signal number 0 out of range');
    // how's type is checked first, then the mask, then how's value.
    expect(() => rt.pthreadSigmask('0' as any, [0])).toThrow(TypeError);
    expect(() => rt.pthreadSigmask(1700, [0])).toThrow(ValueError);
    expect(() => rt.pthreadSigmask(1700, ['1' as any])).toThrow(TypeError);
    expect(() => rt.pthreadSigmask(SIG_BLOCK, 5 as any)).toThrow(TypeError);
    expect(() => rt.pthreadSigmask(SIG_BLOCK, null as any)).toThrow(TypeError);
    expect(rt.pthreadSigmask(SIG_BLOCK, [])).toEqual(new Set());
  });

  it('pthreadSigmask accepts validSignals(); the blocked set it returns is within them (test_pthread_sigmask_valid_signals)', async () => {
    const rt = await make(flavor);
    const before = rt.pthreadSigmask(SIG_BLOCK, rt.validSignals());
    expect(before).toEqual(new Set());
    const blocked = rt.pthreadSigmask(SIG_UNBLOCK, rt.validSignals());
    for (const s of blocked) expect(rt.validSignals().has(s)).toBe(true);
    expect(blocked.has(SIGKILL)).toBe(false);
    expect(blocked.has(SIGSTOP)).toBe(false);
    expect(blocked.has(SIGUSR1)).toBe(true);
    expect(blocked.has(SIGRTMAX)).toBe(true);
    expect(rt.pthreadSigmask(SIG_SETMASK, before)).toEqual(new Set());
  });

  it('pthreadSigmask: block, kill, read, unblock, as test_pthread_sigmask does it', async () => {
    const rt = await make(flavor);
    const readSigmask = () => rt.pthreadSigmask(SIG_BLOCK, []);
    const signum = SIGUSR1;
    rt.signal(signum, divide);
    const oldMask = rt.pthreadSigmask(SIG_UNBLOCK, [signum]);
    expect(oldMask).toBeInstanceOf(Set);
    expect(() => rt.os.kill(rt.pid, signum)).toThrow(ZeroDivisionError);
    const mask = rt.pthreadSigmask(SIG_BLOCK, [signum]);
    expect(mask).toEqual(oldMask);
    rt.os.kill(rt.pid, signum);
    const blocked = readSigmask();
    expect(blocked.has(signum)).toBe(true);
    const xor = (a: Set<number>, b: Set<number>) => new Set([...a, ...b].filter((x) => a.has(x) !== b.has(x)));
    expect(xor(oldMask, blocked)).toEqual(new Set([signum]));
    expect(() => rt.pthreadSigmask(SIG_UNBLOCK, [signum])).toThrow(ZeroDivisionError);
    expect(() => rt.os.kill(rt.pid, signum)).toThrow(ZeroDivisionError);
    const unblocked = readSigmask();
    expect(unblocked.has(signum)).toBe(false);
    expect(xor(blocked, unblocked)).toEqual(new Set([signum]));
    expect(unblocked).toEqual(oldMask);
  });

  it('SIG_SETMASK replaces the mask; SIGKILL and SIGSTOP are silently never blocked', async () => {
    const rt = await make(flavor);
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1, SIGKILL, SIGSTOP]);
    expect(rt.pthreadSigmask(SIG_SETMASK, [SIGUSR2, SIGHUP])).toEqual(new Set([SIGUSR1]));
    expect(rt.pthreadSigmask(SIG_SETMASK, [])).toEqual(new Set([SIGUSR2, SIGHUP]));
    // Iterables other than arrays are accepted, duplicates are harmless.
    rt.pthreadSigmask(SIG_BLOCK, new Set([SIGUSR1]));
    rt.pthreadSigmask(SIG_BLOCK, (function* () { yield SIGUSR2; yield SIGUSR2; })());
    expect(rt.pthreadSigmask(SIG_BLOCK, [])).toEqual(new Set([SIGUSR1, SIGUSR2]));
  });

  // ---- sigwait family (wait_helper: the handler must not be called on unblock) ----------

  async function waitHelper(flavor_: Flavor, test: (rt: SignalRuntime, clock: VirtualClock) => Promise<void>) {
    const { rt, clock } = await virtual(flavor_);
    rt.signal(SIGALRM, divide);
    rt.pthreadSigmask(SIG_BLOCK, [SIGALRM]);
    await test(rt, clock);
    // The handler is not called on unblock: the wait took the signal.
    expect(() => rt.pthreadSigmask(SIG_UNBLOCK, [SIGALRM])).not.toThrow();
  }

  it('sigwait: alarm(1) then sigwait([SIGALRM]) gives SIGALRM (test_sigwait)', async () => {
    await waitHelper(flavor, async (rt, clock) => {
      rt.alarm(1);
      const p = rt.sigwait([SIGALRM]);
      clock.advance(1);
      const received = await p;
      expect(received).toBe(SIGALRM);
      expect(Signals[received]).toBe('SIGALRM');
    });
  });

  it('sigwaitinfo: si_signo is the signal (test_sigwaitinfo)', async () => {
    await waitHelper(flavor, async (rt, clock) => {
      rt.alarm(1);
      const p = rt.sigwaitinfo([SIGALRM]);
      clock.advance(1);
      const info = await p;
      expect(info.si_signo).toBe(SIGALRM);
      expect(info.si_code).toBe(SI_KERNEL);
      expect(Object.keys(info).sort()).toEqual(['si_band', 'si_code', 'si_errno', 'si_pid', 'si_signo', 'si_status', 'si_uid']);
      for (const v of Object.values(info)) expect(typeof v).toBe('number');
    });
  });

  it('sigtimedwait: alarm(1) then sigtimedwait(set, 10.1) (test_sigtimedwait)', async () => {
    await waitHelper(flavor, async (rt, clock) => {
      rt.alarm(1);
      const p = rt.sigtimedwait([SIGALRM], 10.1);
      clock.advance(1);
      expect((await p)!.si_signo).toBe(SIGALRM);
    });
  });

  it('sigtimedwait(set, 0) polls a signal sent by os.kill (test_sigtimedwait_poll)', async () => {
    await waitHelper(flavor, async (rt) => {
      rt.os.kill(rt.pid, SIGALRM);
      const info = await rt.sigtimedwait([SIGALRM], 0);
      expect(info!.si_signo).toBe(SIGALRM);
      expect(info!.si_code).toBe(SI_USER);
      expect(info!.si_pid).toBe(rt.pid);
      expect(await rt.sigtimedwait([SIGALRM], 0)).toBeNull();
    });
  });

  it('sigtimedwait times out with null (test_sigtimedwait_timeout)', async () => {
    await waitHelper(flavor, async (rt, clock) => {
      let done: unknown = 'waiting';
      const p = rt.sigtimedwait([SIGALRM], 1.0).then((v) => { done = v; });
      clock.advance(0.5);
      await turn();
      expect(done).toBe('waiting');
      clock.advance(0.5);
      await p;
      expect(done).toBeNull();
    });
  });

  it('sigtimedwait with a negative timeout is ValueError("timeout must be non-negative") (test_sigtimedwait_negative_timeout)', async () => {
    const rt = await make(flavor);
    await expect(rt.sigtimedwait([SIGALRM], -1.0)).rejects.toThrow(ValueError);
    await expect(rt.sigtimedwait([SIGALRM], -1.0)).rejects.toThrow('timeout must be non-negative');
    await expect(rt.sigtimedwait([SIGALRM], -1e-9)).rejects.toThrow('timeout must be non-negative');
    // The set is checked before the timeout.
    await expect(rt.sigtimedwait([0], -1)).rejects.toThrow('signal number 0 out of range');
    await expect(rt.sigtimedwait([SIGALRM], 'x' as any)).rejects.toThrow(TypeError);
  });

  it('sigwait clears the pending signal: unblocking afterwards runs nothing (test_sigwait_thread)', async () => {
    const rt = await make(flavor);
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1]);
    const p = rt.sigwait([SIGUSR1]);
    setTimeout(() => rt.os.kill(rt.pid, SIGUSR1), 5);
    expect(await p).toBe(SIGUSR1);
    expect(rt.sigpending()).toEqual(new Set());
    rt.pthreadSigmask(SIG_UNBLOCK, [SIGUSR1]);
    expect(rt.exitStatus).toBeNull();
  });

  it('sigwaitinfo after raiseSignal carries SI_TKILL and the runtime pid', async () => {
    const rt = await make(flavor);
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR2]);
    rt.raiseSignal(SIGUSR2);
    const info = await rt.sigwaitinfo([SIGUSR1, SIGUSR2]);
    expect(info).toMatchObject({ si_signo: SIGUSR2, si_code: SI_TKILL, si_pid: rt.pid, si_errno: 0 });
  });

  it('sigwait family: bad sets are refused as pthreadSigmask refuses them', async () => {
    const rt = await make(flavor);
    await expect(rt.sigwait([NSIG])).rejects.toThrow(`signal number ${NSIG} out of range`);
    await expect(rt.sigwaitinfo([0])).rejects.toThrow(ValueError);
    await expect(rt.sigwait(3 as any)).rejects.toThrow(TypeError);
    await expect(rt.sigwait(['1'] as any)).rejects.toThrow(TypeError);
  });

  // ---- pause ------------------------------------------------------------------------------

  it('pause resolves once a handler ran; a handler-less signal does not resolve it', async () => {
    const rt = await make(flavor);
    let resolved = false;
    rt.signal(SIGUSR1, () => {});
    const p = rt.pause().then(() => { resolved = true; });
    rt.signal(SIGCHLD, SIG_DFL);
    rt.raiseSignal(SIGCHLD); // default Ign: no handler runs
    await turn();
    expect(resolved).toBe(false);
    rt.raiseSignal(SIGUSR1);
    await p;
    expect(resolved).toBe(true);
  });

  it('a signal from another runtime whose handler throws rejects pause with that error', async () => {
    const rt = await make(flavor);
    const other = await make(flavor);
    rt.signal(SIGUSR1, divide);
    const p = rt.pause();
    other.os.kill(rt.pid, SIGUSR1);
    await expect(p).rejects.toThrow(ZeroDivisionError);
  });

  it('a real-clock timer whose handler throws rejects pause with that error (pause() raises it)', async () => {
    const rt = await make(flavor);
    rt.signal(SIGALRM, divide);
    const p = rt.pause();
    rt.setitimer(ITIMER_REAL, 0.001);
    await expect(p).rejects.toThrow(ZeroDivisionError);
    // The next pause waits for the next handler.
    let n = 0;
    rt.signal(SIGALRM, () => { n++; });
    const q = rt.pause();
    rt.setitimer(ITIMER_REAL, 0.001);
    await q;
    expect(n).toBe(1);
  });

  it('an outside signal whose handler throws rejects a pending sigwait for other signals', async () => {
    const rt = await make(flavor);
    const other = await make(flavor);
    rt.signal(SIGUSR1, divide);
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR2]);
    const p = rt.sigwait([SIGUSR2]);
    other.os.kill(rt.pid, SIGUSR1);
    await expect(p).rejects.toThrow(ZeroDivisionError);
    rt.raiseSignal(SIGUSR2);
    expect(await rt.sigwait([SIGUSR2])).toBe(SIGUSR2);
  });

  it('sigwait is retried after a handler that does not raise (PEP 475), and takes a blocked Term signal without dying', async () => {
    const rt = await make(flavor);
    const other = await make(flavor);
    let n = 0;
    rt.signal(SIGUSR1, () => { n++; });
    rt.pthreadSigmask(SIG_BLOCK, [SIGTERM]);
    let got: number | undefined;
    const p = rt.sigwait([SIGTERM]).then((v) => { got = v; });
    other.os.kill(rt.pid, SIGUSR1);
    await turn();
    expect(n).toBe(1);
    expect(got).toBeUndefined();
    other.os.kill(rt.pid, SIGTERM);
    await p;
    expect(got).toBe(SIGTERM);
    expect(rt.exitStatus).toBeNull();
    expect(rt.sigpending()).toEqual(new Set());
  });

  it('a Term signal from outside during pause ends the process: pause rejects with ProcessTerminated', async () => {
    const rt = await make(flavor);
    const other = await make(flavor);
    const p = rt.pause();
    other.os.kill(rt.pid, SIGTERM);
    await expect(p).rejects.toThrow(ProcessTerminated);
    await expect(rt.exited).resolves.toEqual({ signal: SIGTERM });
  });

  // ---- race and SIG_IGN ---------------------------------------------------------------------

  it('a handler reset to SIG_DFL between trip and dispatch is reported, not run', async () => {
    const rt = await make(flavor);
    const reports: UnraisableHookArgs[] = [];
    rt.unraisableHook = (a) => reports.push(a);
    rt.signal(SIGHUP, () => { rt.signal(SIGINT, SIG_DFL); });
    rt.signal(SIGINT, () => { throw new Error('must not run'); });
    rt.pthreadSigmask(SIG_BLOCK, [SIGHUP, SIGINT]);
    rt.raiseSignal(SIGINT);
    rt.raiseSignal(SIGHUP);
    rt.pthreadSigmask(SIG_UNBLOCK, [SIGHUP, SIGINT]);
    expect(reports.map((r) => r.errMsg)).toEqual(['Signal 2 ignored due to race condition']);
    expect(rt.exitStatus).toBeNull();
  });

  it('setting SIG_IGN discards a pending blocked signal', async () => {
    const rt = await make(flavor);
    rt.signal(SIGUSR1, divide);
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1]);
    rt.raiseSignal(SIGUSR1);
    expect(rt.sigpending()).toEqual(new Set([SIGUSR1]));
    expect(rt.signal(SIGUSR1, SIG_IGN)).toBe(divide);
    expect(rt.sigpending()).toEqual(new Set());
    rt.signal(SIGUSR1, divide);
    expect(() => rt.pthreadSigmask(SIG_UNBLOCK, [SIGUSR1])).not.toThrow();
  });

  // ---- os emulation pieces used by the above ------------------------------------------------

  it('os.kill: signal 0 only checks; an unknown pid is ESRCH; a bad signal EINVAL', async () => {
    const rt = await make(flavor);
    rt.os.kill(rt.pid, 0);
    const e = caught(() => rt.os.kill(999999, SIGUSR1));
    expect(e).toBeInstanceOf(OSError);
    expect(e.code).toBe('ESRCH');
    const f = caught(() => rt.os.kill(rt.pid, NSIG));
    expect(f).toBeInstanceOf(OSError);
    expect(f.code).toBe('EINVAL');
  });

  it('writing to a pipe whose reader is closed: EPIPE, with SIGPIPE ignored as Python starts', async () => {
    const rt = await make(flavor);
    const [r, w] = rt.os.pipe();
    rt.os.close(r);
    const e = caught(() => rt.os.write(w, [1]));
    expect(e).toBeInstanceOf(OSError);
    expect(e.errno).toBe(32);
    expect(rt.exitStatus).toBeNull();
  });
});
