// The SignalRuntime API of API.md, on both flavors of the core.
import { afterEach, describe, expect, it } from 'vitest';
import {
  BlockingIOError, Handlers, ITIMER_PROF, ITIMER_REAL, ITIMER_VIRTUAL, ItimerError,
  KeyboardInterrupt, NSIG, OSError, ProcessTerminated, SIGABRT, SIGALRM, SIGCHLD, SIGCONT,
  SIGHUP, SIGINT, SIGKILL, SIGPIPE, SIGRTMAX, SIGRTMIN, SIGSTOP, SIGTERM, SIGTSTP, SIGUSR1,
  SIGUSR2, SIGWINCH, SIGXFSZ, SIG_BLOCK, SIG_DFL, SIG_IGN, SIG_SETMASK, SIG_UNBLOCK, SI_KERNEL,
  SI_TKILL, SI_USER, Signals, Sigmasks, ValueError, VirtualClock, createRuntime,
  defaultIntHandler, type Flavor, type SignalRuntime, type UnraisableHookArgs,
} from 'wasig';

const flavors: Flavor[] = ['wasi', 'emscripten'];
let open: SignalRuntime[] = [];

async function make(flavor: Flavor, opts: Parameters<typeof createRuntime>[0] = {}) {
  const rt = await createRuntime({ flavor, ...opts });
  open.push(rt);
  return rt;
}

afterEach(() => {
  for (const rt of open) rt.close();
  open = [];
});

describe('module exports', () => {
  it('numbers, enums and aliases are Linux and Python shaped', () => {
    expect([Signals.SIGHUP, SIGINT, SIGKILL, SIGUSR1, SIGTERM, SIGCHLD, SIGRTMIN, SIGRTMAX, NSIG])
      .toEqual([1, 2, 9, 10, 15, 17, 34, 64, 65]);
    expect(Signals[2]).toBe('SIGINT');
    expect(Signals[6]).toBe('SIGABRT');
    expect((Signals as unknown as Record<string, number>).SIGIOT).toBe(SIGABRT);
    expect((Signals as unknown as Record<string, number>).SIGCLD).toBe(SIGCHLD);
    expect((Signals as unknown as Record<string, number>).SIGPOLL).toBe(29);
    expect([Handlers.SIG_DFL, Handlers.SIG_IGN]).toEqual([SIG_DFL, SIG_IGN]);
    expect([Sigmasks.SIG_BLOCK, Sigmasks.SIG_UNBLOCK, Sigmasks.SIG_SETMASK]).toEqual([0, 1, 2]);
    expect([SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK]).toEqual([0, 1, 2]);
    expect([SI_USER, SI_KERNEL, SI_TKILL]).toEqual([0, 0x80, -6]);
    expect([ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF]).toEqual([0, 1, 2]);
  });

  it('error classes extend as Python\'s do', () => {
    const e = new BlockingIOError();
    expect(e).toBeInstanceOf(OSError);
    expect(e.errno).toBe(11);
    expect(e.code).toBe('EAGAIN');
    expect(new ItimerError()).toBeInstanceOf(OSError);
    expect(() => defaultIntHandler(2, null)).toThrow(KeyboardInterrupt);
  });
});

describe.each(flavors)('runtime on %s', (flavor) => {
  it('signal() returns the previous handler and getsignal() reads it', async () => {
    const rt = await make(flavor);
    const h = () => {};
    expect(rt.getsignal(SIGUSR1)).toBe(SIG_DFL);
    expect(rt.signal(SIGUSR1, h)).toBe(SIG_DFL);
    expect(rt.getsignal(SIGUSR1)).toBe(h);
    expect(rt.signal(SIGUSR1, SIG_IGN)).toBe(h);
    expect(rt.getsignal(SIGUSR1)).toBe(SIG_IGN);
    expect(rt.signal(SIGUSR1, SIG_DFL)).toBe(SIG_IGN);
  });

  it('starts with Python\'s defaults, or plain SIG_DFL without them', async () => {
    const py = await make(flavor);
    expect(py.getsignal(SIGINT)).toBe(defaultIntHandler);
    expect(py.getsignal(SIGPIPE)).toBe(SIG_IGN);
    expect(py.getsignal(SIGXFSZ)).toBe(SIG_IGN);
    expect(() => py.raiseSignal(SIGINT)).toThrow(KeyboardInterrupt);
    const plain = await make(flavor, { pythonDefaults: false });
    expect(plain.getsignal(SIGINT)).toBe(SIG_DFL);
    expect(plain.getsignal(SIGPIPE)).toBe(SIG_DFL);
  });

  it('handlers run inside raiseSignal with (signum, null), exceptions propagate', async () => {
    const rt = await make(flavor);
    const calls: unknown[][] = [];
    rt.signal(SIGUSR1, (...args: unknown[]) => { calls.push(args); });
    rt.raiseSignal(SIGUSR1);
    expect(calls).toEqual([[SIGUSR1, null]]);
    rt.signal(SIGUSR2, () => { throw new RangeError('from handler'); });
    expect(() => rt.raiseSignal(SIGUSR2)).toThrow('from handler');
    rt.raiseSignal(SIGUSR1);
    expect(calls.length).toBe(2);
  });

  it('a handler may be re-entered: Python handlers run with nothing blocked', async () => {
    const rt = await make(flavor);
    let depth = 0, max = 0;
    rt.signal(SIGUSR1, () => {
      depth++;
      max = Math.max(max, depth);
      if (depth < 3) rt.raiseSignal(SIGUSR1);
      depth--;
    });
    rt.raiseSignal(SIGUSR1);
    expect(max).toBe(3);
  });

  it('dispatches pending signals in ascending order when unblocked', async () => {
    const rt = await make(flavor);
    const order: number[] = [];
    for (const s of [SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM]) rt.signal(s, (n) => order.push(n));
    rt.pthreadSigmask(SIG_BLOCK, [SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM]);
    for (const s of [SIGTERM, SIGUSR2, SIGHUP, SIGALRM, SIGUSR1]) rt.raiseSignal(s);
    expect(order).toEqual([]);
    expect(rt.sigpending()).toEqual(new Set([SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM]));
    rt.pthreadSigmask(SIG_UNBLOCK, [SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM]);
    expect(order).toEqual([SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM]);
    expect(rt.sigpending()).toEqual(new Set());
  });

  it('unblocking runs handlers before pthreadSigmask returns; their exception surfaces there and the rest wait', async () => {
    const rt = await make(flavor);
    const ran: number[] = [];
    rt.signal(SIGUSR1, () => { ran.push(SIGUSR1); throw new Error('boom'); });
    rt.signal(SIGUSR2, () => { ran.push(SIGUSR2); });
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1, SIGUSR2]);
    rt.raiseSignal(SIGUSR1);
    rt.raiseSignal(SIGUSR2);
    expect(() => rt.pthreadSigmask(SIG_UNBLOCK, [SIGUSR1, SIGUSR2])).toThrow('boom');
    expect(ran).toEqual([SIGUSR1]);
    rt.checkSignals();
    expect(ran).toEqual([SIGUSR1, SIGUSR2]);
  });

  it('pthreadSigmask returns the previous mask as a Set; SIG_SETMASK replaces it; KILL and STOP never block', async () => {
    const rt = await make(flavor);
    expect(rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1, SIGKILL, SIGSTOP])).toEqual(new Set());
    expect(rt.pthreadSigmask(SIG_BLOCK, [SIGRTMAX])).toEqual(new Set([SIGUSR1]));
    expect(rt.pthreadSigmask(SIG_SETMASK, [SIGUSR2])).toEqual(new Set([SIGUSR1, SIGRTMAX]));
    expect(rt.pthreadSigmask(SIG_UNBLOCK, rt.validSignals())).toEqual(new Set([SIGUSR2]));
    expect(rt.pthreadSigmask(SIG_BLOCK, [])).toEqual(new Set());
  });

  it('standard signals coalesce; realtime ones queue in order with their siginfo', async () => {
    const rt = await make(flavor);
    const seen: number[] = [];
    rt.signal(SIGUSR1, (s) => seen.push(s));
    rt.signal(SIGRTMIN, (s) => seen.push(s));
    rt.signal(SIGRTMIN + 1, (s) => seen.push(s));
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1, SIGRTMIN, SIGRTMIN + 1]);
    for (let i = 0; i < 3; i++) { rt.raiseSignal(SIGUSR1); rt.raiseSignal(SIGRTMIN + 1); rt.raiseSignal(SIGRTMIN); }
    rt.pthreadSigmask(SIG_UNBLOCK, [SIGUSR1, SIGRTMIN, SIGRTMIN + 1]);
    expect(seen).toEqual([SIGUSR1, SIGRTMIN, SIGRTMIN, SIGRTMIN, SIGRTMIN + 1, SIGRTMIN + 1, SIGRTMIN + 1]);
  });

  it('realtime queue overflow is an error to the sender, never a silent loss', async () => {
    const rt = await make(flavor);
    rt.pthreadSigmask(SIG_BLOCK, [SIGRTMIN]);
    let sent = 0;
    let err: unknown;
    try {
      for (; sent < 5000; sent++) rt.raiseSignal(SIGRTMIN);
    } catch (e) { err = e; }
    expect(err).toBeInstanceOf(BlockingIOError);
    expect(sent).toBeGreaterThan(100);
    let got = 0;
    while (await rt.sigtimedwait([SIGRTMIN], 0)) got++;
    expect(got).toBe(sent);
  });

  it('sigwait takes a pending signal without calling its handler', async () => {
    const rt = await make(flavor);
    let called = 0;
    rt.signal(SIGUSR1, () => { called++; });
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1]);
    rt.raiseSignal(SIGUSR1);
    expect(await rt.sigwait([SIGUSR1, SIGUSR2])).toBe(SIGUSR1);
    expect(called).toBe(0);
    expect(rt.sigpending()).toEqual(new Set());
  });

  it('sigwait resolves when the signal arrives later, with its siginfo', async () => {
    const rt = await make(flavor);
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR2]);
    const p = rt.sigwaitinfo([SIGUSR2]);
    setTimeout(() => rt.raiseSignal(SIGUSR2), 5);
    const info = await p;
    expect(info).toEqual({ si_signo: SIGUSR2, si_code: SI_TKILL, si_errno: 0, si_pid: rt.pid, si_uid: info.si_uid, si_status: 0, si_band: 0 });
  });

  it('sigtimedwait(set, 0) polls; a timeout gives null', async () => {
    const rt = await make(flavor);
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1]);
    expect(await rt.sigtimedwait([SIGUSR1], 0)).toBeNull();
    rt.raiseSignal(SIGUSR1);
    expect((await rt.sigtimedwait([SIGUSR1], 0))!.si_signo).toBe(SIGUSR1);
    const t0 = Date.now();
    expect(await rt.sigtimedwait([SIGUSR1], 0.05)).toBeNull();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(40);
  });

  it('pause resolves after the next handler has run', async () => {
    const rt = await make(flavor);
    const log: string[] = [];
    rt.signal(SIGUSR1, () => log.push('handler'));
    const p = rt.pause().then(() => log.push('resumed'));
    await new Promise((r) => setTimeout(r, 5));
    expect(log).toEqual([]);
    rt.raiseSignal(SIGUSR1);
    await p;
    expect(log).toEqual(['handler', 'resumed']);
  });

  it('signalfd yields blocked signals as records, in order, until closed', async () => {
    const rt = await make(flavor);
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1, SIGRTMIN]);
    const fd = rt.signalfd([SIGUSR1, SIGRTMIN]);
    rt.raiseSignal(SIGRTMIN);
    rt.raiseSignal(SIGUSR1);
    rt.raiseSignal(SIGRTMIN);
    const got: number[] = [];
    for await (const info of fd) {
      got.push(info.si_signo);
      if (got.length === 3) break;
    }
    expect(got).toEqual([SIGUSR1, SIGRTMIN, SIGRTMIN]);
    const fd2 = rt.signalfd([SIGUSR2]);
    const pending = fd2.next();
    fd2.close();
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it('the wakeup fd gets one byte per signal, in order', async () => {
    const rt = await make(flavor);
    const [r, w] = rt.os.pipe();
    rt.signal(SIGUSR1, () => {});
    rt.signal(SIGALRM, () => {});
    expect(rt.setWakeupFd(w)).toBe(-1);
    rt.raiseSignal(SIGUSR1);
    rt.raiseSignal(SIGALRM);
    rt.raiseSignal(SIGUSR1);
    expect([...rt.os.read(r, 100)]).toEqual([SIGUSR1, SIGALRM, SIGUSR1]);
    expect(rt.os.read(r, 100).length).toBe(0);
    expect(rt.setWakeupFd(-1)).toBe(w);
    rt.raiseSignal(SIGUSR1);
    expect(rt.os.read(r, 100).length).toBe(0);
  });

  it('a full wakeup fd warns only with warnOnFullBuffer', async () => {
    const rt = await make(flavor);
    const reports: UnraisableHookArgs[] = [];
    rt.unraisableHook = (a) => reports.push(a);
    const [r, w] = rt.os.pipe({ capacity: 2 });
    rt.signal(SIGUSR1, () => {});
    rt.setWakeupFd(w);
    for (let i = 0; i < 3; i++) rt.raiseSignal(SIGUSR1);
    expect(reports.length).toBe(1);
    expect(reports[0].errMsg).toBe('Exception ignored when trying to write to the signal wakeup fd');
    expect(reports[0].excValue).toBeInstanceOf(BlockingIOError);
    rt.os.read(r, 10);
    rt.setWakeupFd(w, { warnOnFullBuffer: false });
    for (let i = 0; i < 3; i++) rt.raiseSignal(SIGUSR1);
    expect(reports.length).toBe(1);
    // Other write errors are always reported.
    rt.os.close(r);
    rt.raiseSignal(SIGUSR1);
    expect(reports.length).toBe(2);
    expect((reports[1].excValue as OSError).code).toBe('EPIPE');
  });

  it('the default unraisable hook writes Python\'s text', async () => {
    const rt = await make(flavor);
    const [, w] = rt.os.pipe({ capacity: 1 });
    rt.signal(SIGUSR1, () => {});
    rt.setWakeupFd(w);
    const write = process.stderr.write;
    let text = '';
    process.stderr.write = ((s: string) => { text += s; return true; }) as typeof write;
    try {
      rt.raiseSignal(SIGUSR1);
      rt.raiseSignal(SIGUSR1);
    } finally {
      process.stderr.write = write;
    }
    expect(text).toBe('Exception ignored when trying to write to the signal wakeup fd:\nBlockingIOError: [Errno 11] Resource temporarily unavailable\n');
  });

  it('setting SIG_IGN discards a pending signal, blocked or not', async () => {
    const rt = await make(flavor);
    let ran = 0;
    rt.signal(SIGUSR1, () => { ran++; });
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1, SIGRTMIN]);
    rt.raiseSignal(SIGUSR1);
    rt.raiseSignal(SIGRTMIN);
    rt.raiseSignal(SIGRTMIN);
    rt.signal(SIGUSR1, SIG_IGN);
    rt.signal(SIGRTMIN, SIG_IGN);
    expect(rt.sigpending()).toEqual(new Set());
    rt.signal(SIGUSR1, () => { ran++; });
    rt.pthreadSigmask(SIG_UNBLOCK, [SIGUSR1, SIGRTMIN]);
    expect(ran).toBe(0);
  });

  it('SIG_DFL set between trip and dispatch: "Signal N ignored due to race condition", not thrown', async () => {
    const rt = await make(flavor);
    const reports: UnraisableHookArgs[] = [];
    rt.unraisableHook = (a) => reports.push(a);
    // Both are delivered by the unblock; SIGUSR1's handler resets SIGUSR2
    // while SIGUSR2 waits later in the same scan.
    rt.signal(SIGUSR1, () => { rt.signal(SIGUSR2, SIG_DFL); });
    rt.signal(SIGUSR2, () => { throw new Error('must not run'); });
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1, SIGUSR2]);
    rt.raiseSignal(SIGUSR1);
    rt.raiseSignal(SIGUSR2);
    rt.pthreadSigmask(SIG_UNBLOCK, [SIGUSR1, SIGUSR2]);
    expect(rt.exitStatus).toBeNull();
    expect(reports.map((r) => r.errMsg)).toEqual([`Signal ${SIGUSR2} ignored due to race condition`]);
    expect(reports[0].excValue).toBeInstanceOf(OSError);
    expect(String(reports[0].excValue)).toContain(`Signal ${SIGUSR2} ignored due to race condition`);
    // A signal held blocked while its handler became SIG_DFL was never
    // caught: on unblock it takes the default action.
    rt.signal(SIGUSR2, () => {});
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR2]);
    rt.raiseSignal(SIGUSR2);
    rt.signal(SIGUSR2, SIG_DFL);
    expect(() => rt.pthreadSigmask(SIG_UNBLOCK, [SIGUSR2])).toThrow(ProcessTerminated);
    expect(reports.length).toBe(1);
  });

  it('the default hook prints a race as Python does', async () => {
    const rt = await make(flavor);
    rt.signal(SIGUSR1, () => { rt.signal(SIGUSR2, SIG_DFL); });
    rt.signal(SIGUSR2, () => {});
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1, SIGUSR2]);
    rt.raiseSignal(SIGUSR1);
    rt.raiseSignal(SIGUSR2);
    const write = process.stderr.write;
    let text = '';
    process.stderr.write = ((s: string) => { text += s; return true; }) as typeof write;
    try {
      rt.pthreadSigmask(SIG_UNBLOCK, [SIGUSR1, SIGUSR2]);
    } finally {
      process.stderr.write = write;
    }
    expect(text).toBe(`Exception ignored in: None\nOSError: Signal ${SIGUSR2} ignored due to race condition\n`);
  });

  it('strsignal and validSignals', async () => {
    const rt = await make(flavor);
    expect(rt.strsignal(SIGINT)).toBe('Interrupt');
    expect(rt.strsignal(SIGTERM)).toBe('Terminated');
    expect(rt.strsignal(SIGHUP)).toBe('Hangup');
    expect(rt.strsignal(SIGRTMIN)).toBe('Real-time signal 0');
    expect(rt.strsignal(32)).toBeNull();
    const v = rt.validSignals();
    expect(v.has(0)).toBe(false);
    expect(v.has(NSIG)).toBe(false);
    expect(v.has(SIGKILL)).toBe(true);
    expect(v.has(SIGRTMAX)).toBe(true);
    expect(v.size).toBe(62);
  });

  it('siginterrupt sets whether waits restart', async () => {
    const rt = await make(flavor);
    rt.signal(SIGUSR1, () => {});
    expect(rt.restarts(SIGUSR1)).toBe(false);
    rt.siginterrupt(SIGUSR1, false);
    expect(rt.restarts(SIGUSR1)).toBe(true);
    expect(rt.getsignal(SIGUSR1)).toBeTypeOf('function');
    rt.siginterrupt(SIGUSR1, true);
    expect(rt.restarts(SIGUSR1)).toBe(false);
  });

  it('pthreadKill to the runtime thread is raiseSignal; signal 0 only checks', async () => {
    const rt = await make(flavor);
    const seen: number[] = [];
    rt.signal(SIGUSR1, (s) => seen.push(s));
    rt.pthreadKill(rt.threadId, 0);
    expect(seen).toEqual([]);
    rt.pthreadKill(rt.threadId, SIGUSR1);
    expect(seen).toEqual([SIGUSR1]);
    expect(() => rt.pthreadKill(rt.threadId + 12345, SIGUSR1)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(typeof rt.threadId).toBe('number');
    expect(typeof rt.pid).toBe('number');
  });

  it('os.kill between runtimes carries the sender pid; handlers run at the target\'s next turn', async () => {
    const a = await make(flavor);
    const b = await make(flavor);
    b.pthreadSigmask(SIG_BLOCK, [SIGUSR1]);
    a.os.kill(b.pid, SIGUSR1);
    const info = await b.sigwaitinfo([SIGUSR1]);
    expect(info.si_pid).toBe(a.pid);
    expect(info.si_code).toBe(SI_USER);
    const seen: number[] = [];
    b.signal(SIGUSR2, (s) => seen.push(s));
    a.os.kill(b.pid, SIGUSR2);
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual([SIGUSR2]);
    expect(() => a.os.kill(999999, SIGUSR1)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });

  it('default actions: Term ends the process, Ign and Cont do nothing', async () => {
    const rt = await make(flavor, { pythonDefaults: false });
    rt.raiseSignal(SIGCHLD);
    rt.raiseSignal(SIGWINCH);
    rt.raiseSignal(SIGCONT);
    expect(rt.exitStatus).toBeNull();
    expect(() => rt.raiseSignal(SIGTERM)).toThrow(ProcessTerminated);
    expect(rt.exitStatus).toEqual({ signal: SIGTERM });
    expect(await rt.exited).toEqual({ signal: SIGTERM });
    let e: unknown;
    try { rt.getsignal(SIGINT); } catch (x) { e = x; }
    expect(e).toBeInstanceOf(ProcessTerminated);
    expect((e as ProcessTerminated).signal).toBe(SIGTERM);
  });

  it('SIGKILL ends the process even with everything blocked; a pending wait rejects', async () => {
    const rt = await make(flavor);
    rt.pthreadSigmask(SIG_BLOCK, rt.validSignals());
    const w = rt.sigwait([SIGUSR1]);
    expect(() => rt.raiseSignal(SIGKILL)).toThrow(ProcessTerminated);
    await expect(w).rejects.toBeInstanceOf(ProcessTerminated);
    expect(rt.exitStatus).toEqual({ signal: SIGKILL });
  });

  it('Stop marks the process stopped until SIGCONT; handlers wait meanwhile', async () => {
    const rt = await make(flavor);
    const seen: number[] = [];
    rt.signal(SIGUSR1, (s) => seen.push(s));
    rt.signal(SIGCONT, (s) => seen.push(s));
    rt.raiseSignal(SIGTSTP);
    expect(rt.stopped).toBe(true);
    rt.raiseSignal(SIGUSR1);
    expect(seen).toEqual([]);
    rt.raiseSignal(SIGCONT);
    expect(rt.stopped).toBe(false);
    expect(seen).toEqual([SIGUSR1, SIGCONT]);
    rt.raiseSignal(SIGSTOP);
    expect(rt.stopped).toBe(true);
    expect(() => rt.raiseSignal(SIGKILL)).toThrow(ProcessTerminated);
  });

  it('close() releases the runtime', async () => {
    const rt = await createRuntime({ flavor });
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1]);
    const w = rt.sigwait([SIGUSR1]);
    rt.alarm(100);
    rt.close();
    await expect(w).rejects.toThrow();
    expect(() => rt.raiseSignal(SIGUSR1)).toThrow(ValueError);
    rt.close();
  });
});

describe.each(flavors)('os.kill process groups on %s', (flavor) => {
  it('-1 reaches every other process, never the sender; 0 and -pid name the sender\'s own group', async () => {
    const a = await make(flavor);
    const b = await make(flavor);
    const seen: string[] = [];
    a.signal(SIGUSR1, () => seen.push('a'));
    b.signal(SIGUSR1, () => seen.push('b'));
    a.os.kill(-1, SIGUSR1);
    await Promise.resolve();
    expect(seen).toContain('b');
    expect(seen).not.toContain('a');
    seen.length = 0;
    a.os.kill(0, SIGUSR1);
    a.os.kill(-a.pid, SIGUSR1);
    expect(seen).toEqual(['a', 'a']);
  });
});
