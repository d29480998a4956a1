// The runtime API of API.md, run inside a real browser page or Web Worker.
// The caller hands in the module namespace (`import * as w from 'wasig'` in a
// page with an import map; the dist path in a worker, where import maps do
// not apply) and a flavor; runAll() returns one record per test.

class AssertionError extends Error {}

function show(v) {
  if (v instanceof Set) return `Set{${[...v].join(',')}}`;
  try { return JSON.stringify(v); } catch { return String(v); }
}
function norm(v) {
  if (v instanceof Set) return { set: [...v].sort((a, b) => a - b) };
  return v;
}
function eq(a, b, what = '') {
  const x = show(norm(a)), y = show(norm(b));
  if (x !== y) throw new AssertionError(`${what ? what + ': ' : ''}expected ${y}, got ${x}`);
}
function ok(c, what) {
  if (!c) throw new AssertionError(what ?? 'assertion failed');
}
function throws(fn, Class, msg) {
  try {
    fn();
  } catch (e) {
    if (Class && !(e instanceof Class)) throw new AssertionError(`expected ${Class.name}, got ${e?.constructor?.name}: ${e?.message}`);
    if (msg !== undefined && !(msg instanceof RegExp ? msg.test(e.message) : e.message === msg)) {
      throw new AssertionError(`expected message ${msg}, got ${JSON.stringify(e.message)}`);
    }
    return e;
  }
  throw new AssertionError(`expected ${Class?.name ?? 'an error'}, nothing was thrown`);
}
async function rejects(p, Class, msg) {
  try {
    await p;
  } catch (e) {
    if (Class && !(e instanceof Class)) throw new AssertionError(`expected ${Class.name}, got ${e?.constructor?.name}: ${e?.message}`);
    if (msg && !msg.test(e.message)) throw new AssertionError(`expected message ${msg}, got ${JSON.stringify(e.message)}`);
    return e;
  }
  throw new AssertionError(`expected a rejection with ${Class?.name ?? 'an error'}`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const tests = [
  ['module exports are Linux and Python shaped', async (w) => {
    eq([w.SIGHUP, w.SIGINT, w.SIGKILL, w.SIGUSR1, w.SIGTERM, w.SIGCHLD, w.SIGRTMIN, w.SIGRTMAX, w.NSIG], [1, 2, 9, 10, 15, 17, 34, 64, 65]);
    eq(w.Signals[2], 'SIGINT');
    eq(w.Signals[6], 'SIGABRT');
    eq([w.SIG_BLOCK, w.SIG_UNBLOCK, w.SIG_SETMASK], [0, 1, 2]);
    eq([w.SI_USER, w.SI_KERNEL, w.SI_TKILL], [0, 0x80, -6]);
    ok(new w.BlockingIOError() instanceof w.OSError, 'BlockingIOError is an OSError');
    throws(() => w.defaultIntHandler(2, null), w.KeyboardInterrupt);
  }],

  ['the runtime runs in a browser, with Python\'s defaults', async (w, rt) => {
    eq(typeof rt.pid, 'number');
    eq(rt.getsignal(w.SIGINT) === w.defaultIntHandler, true, 'SIGINT handler');
    eq(rt.getsignal(w.SIGPIPE), w.SIG_IGN);
    throws(() => rt.raiseSignal(w.SIGINT), w.KeyboardInterrupt);
    eq(rt.strsignal(w.SIGINT), 'Interrupt');
    eq(rt.validSignals().size, 62);
  }],

  ['signal() returns the previous handler; raiseSignal runs it before returning', async (w, rt) => {
    const calls = [];
    const h = (...a) => calls.push(a);
    eq(rt.signal(w.SIGUSR1, h), w.SIG_DFL);
    ok(rt.getsignal(w.SIGUSR1) === h, 'getsignal gives the handler');
    rt.raiseSignal(w.SIGUSR1);
    eq(calls, [[w.SIGUSR1, null]]);
    ok(rt.signal(w.SIGUSR1, w.SIG_IGN) === h, 'signal returns the previous handler');
    rt.raiseSignal(w.SIGUSR1);
    eq(calls.length, 1);
    rt.signal(w.SIGUSR2, () => { throw new Error('from the handler'); });
    throws(() => rt.raiseSignal(w.SIGUSR2), Error, 'from the handler');
  }],

  ['pending signals run in ascending order when unblocked', async (w, rt) => {
    const order = [];
    for (const s of [w.SIGUSR2, w.SIGUSR1, w.SIGHUP, w.SIGRTMIN]) rt.signal(s, (n) => order.push(n));
    rt.pthreadSigmask(w.SIG_BLOCK, [w.SIGUSR2, w.SIGUSR1, w.SIGHUP, w.SIGRTMIN]);
    rt.raiseSignal(w.SIGRTMIN);
    rt.raiseSignal(w.SIGUSR2);
    rt.raiseSignal(w.SIGUSR1);
    rt.raiseSignal(w.SIGHUP);
    rt.raiseSignal(w.SIGUSR1); // coalesces
    eq(order, []);
    eq(rt.sigpending(), new Set([w.SIGHUP, w.SIGUSR1, w.SIGUSR2, w.SIGRTMIN]));
    rt.pthreadSigmask(w.SIG_UNBLOCK, [w.SIGUSR2, w.SIGUSR1, w.SIGHUP, w.SIGRTMIN]);
    eq(order, [w.SIGHUP, w.SIGUSR1, w.SIGUSR2, w.SIGRTMIN]);
  }],

  ['masks: pthreadSigmask returns the previous mask; SIG_IGN discards a pending signal', async (w, rt) => {
    eq(rt.pthreadSigmask(w.SIG_BLOCK, [w.SIGUSR1]), new Set());
    eq(rt.pthreadSigmask(w.SIG_BLOCK, [w.SIGTERM]), new Set([w.SIGUSR1]));
    eq(rt.pthreadSigmask(w.SIG_SETMASK, [w.SIGHUP]), new Set([w.SIGUSR1, w.SIGTERM]));
    let n = 0;
    rt.signal(w.SIGHUP, () => n++);
    rt.raiseSignal(w.SIGHUP);
    eq(rt.sigpending(), new Set([w.SIGHUP]));
    rt.signal(w.SIGHUP, w.SIG_IGN);
    eq(rt.sigpending(), new Set());
    rt.pthreadSigmask(w.SIG_SETMASK, []);
    eq(n, 0);
  }],

  ['sigwaitinfo resolves with the siginfo when the signal comes later', async (w, rt) => {
    rt.pthreadSigmask(w.SIG_BLOCK, [w.SIGUSR2]);
    const p = rt.sigwaitinfo([w.SIGUSR2]);
    setTimeout(() => rt.raiseSignal(w.SIGUSR2), 5);
    const info = await p;
    eq([info.si_signo, info.si_code, info.si_pid], [w.SIGUSR2, w.SI_TKILL, rt.pid]);
    rt.raiseSignal(w.SIGUSR2);
    eq(await rt.sigwait([w.SIGUSR2]), w.SIGUSR2);
  }],

  ['sigtimedwait polls with 0, times out with null, and wakes at once for a signal', async (w, rt) => {
    rt.pthreadSigmask(w.SIG_BLOCK, [w.SIGUSR1]);
    eq(await rt.sigtimedwait([w.SIGUSR1], 0), null);
    const t0 = performance.now();
    eq(await rt.sigtimedwait([w.SIGUSR1], 0.05), null);
    ok(performance.now() - t0 >= 40, `timed out after ${performance.now() - t0} ms`);
    const t1 = performance.now();
    setTimeout(() => rt.raiseSignal(w.SIGUSR1), 20);
    const info = await rt.sigtimedwait([w.SIGUSR1], 10);
    eq(info?.si_signo, w.SIGUSR1);
    ok(performance.now() - t1 < 2000, 'woken well before the 10 s timeout');
  }],

  ['signalfd yields blocked signals in order', async (w, rt) => {
    rt.pthreadSigmask(w.SIG_BLOCK, [w.SIGUSR1, w.SIGRTMIN]);
    const fd = rt.signalfd([w.SIGUSR1, w.SIGRTMIN]);
    rt.raiseSignal(w.SIGRTMIN);
    rt.raiseSignal(w.SIGUSR1);
    rt.raiseSignal(w.SIGRTMIN);
    const got = [];
    for await (const info of fd) {
      got.push(info.si_signo);
      if (got.length === 3) break;
    }
    eq(got, [w.SIGUSR1, w.SIGRTMIN, w.SIGRTMIN]);
  }],

  ['VirtualClock: an interval fires at each due time, deterministically', async (w) => {
    const clock = new w.VirtualClock();
    const rt = await w.createRuntime({ flavor: w.__flavor, clock });
    try {
      const at = [];
      rt.signal(w.SIGALRM, () => at.push(clock.now()));
      eq(rt.setitimer(w.ITIMER_REAL, 0.25, 0.5), [0, 0]);
      clock.advance(2);
      eq(at, [0.25, 0.75, 1.25, 1.75]);
      eq(rt.getitimer(w.ITIMER_REAL), [0.25, 0.5]);
      eq(rt.alarm(0), 1);
      eq(rt.getitimer(w.ITIMER_REAL), [0, 0]);
      eq(rt.alarm(3), 0);
      clock.advance(3);
      eq(at.length, 5);
    } finally {
      rt.close();
    }
  }],

  ['real clock: setitimer and alarm fire SIGALRM in the browser', async (w, rt) => {
    const at = [];
    const t0 = performance.now();
    rt.signal(w.SIGALRM, () => at.push(performance.now() - t0));
    rt.setitimer(w.ITIMER_REAL, 0.03, 0.03);
    await sleep(200);
    rt.setitimer(w.ITIMER_REAL, 0);
    ok(at.length >= 3 && at.length <= 8, `interval fired ${at.length} times in 200 ms`);
    ok(at[0] >= 25, `first tick at ${at[0]} ms`);
    at.length = 0;
    rt.alarm(1);
    ok(rt.getitimer(w.ITIMER_REAL)[0] > 0.9, 'alarm armed');
    rt.setitimer(w.ITIMER_REAL, 0.05);
    await rt.pause();
    eq(at.length, 1, 'pause() resolved after the SIGALRM handler');
  }],

  ['a timer fires on time while the page computes between turns', async (w, rt) => {
    let fired = 0;
    rt.signal(w.SIGALRM, () => fired++);
    rt.setitimer(w.ITIMER_REAL, 0.02);
    const end = performance.now() + 60;
    while (performance.now() < end) { /* busy, but turns come after */ }
    await sleep(10);
    eq(fired, 1);
  }],

  ['the wakeup fd gets one byte per signal', async (w, rt) => {
    const [r, wfd] = rt.os.pipe();
    rt.signal(w.SIGUSR1, () => {});
    rt.signal(w.SIGALRM, () => {});
    eq(rt.setWakeupFd(wfd), -1);
    rt.raiseSignal(w.SIGUSR1);
    rt.raiseSignal(w.SIGALRM);
    eq([...rt.os.read(r, 100)], [w.SIGUSR1, w.SIGALRM]);
    eq(rt.setWakeupFd(-1), wfd);
    const [, blocking] = rt.os.pipe();
    rt.os.setBlocking(blocking, true);
    throws(() => rt.setWakeupFd(blocking), w.ValueError, `the fd ${blocking} must be in non-blocking mode`);
  }],

  ['os.kill between two runtimes of the page carries the sender pid', async (w, rt) => {
    const b = await w.createRuntime({ flavor: w.__flavor });
    try {
      b.pthreadSigmask(w.SIG_BLOCK, [w.SIGUSR1]);
      rt.os.kill(b.pid, w.SIGUSR1);
      const info = await b.sigwaitinfo([w.SIGUSR1]);
      eq([info.si_pid, info.si_code], [rt.pid, w.SI_USER]);
      const e = throws(() => rt.os.kill(999999, w.SIGUSR1), w.OSError);
      eq(e.code, 'ESRCH');
    } finally {
      b.close();
    }
  }],

  ['default actions: SIGTERM ends the emulated process', async (w) => {
    const rt = await w.createRuntime({ flavor: w.__flavor, pythonDefaults: false });
    rt.raiseSignal(w.SIGCHLD);
    eq(rt.exitStatus, null);
    throws(() => rt.raiseSignal(w.SIGTERM), w.ProcessTerminated);
    eq(await rt.exited, { signal: w.SIGTERM });
    throws(() => rt.getsignal(w.SIGINT), w.ProcessTerminated);
  }],

  ['bad input gives Python\'s errors', async (w, rt) => {
    throws(() => rt.signal(0, w.SIG_IGN), w.ValueError, 'signal number out of range');
    throws(() => rt.raiseSignal(65), w.ValueError, 'signal number out of range');
    throws(() => rt.signal('2', w.SIG_IGN), TypeError);
    throws(() => rt.signal(2.5, w.SIG_IGN), TypeError);
    throws(() => rt.signal(w.SIGUSR1, 'nope'), TypeError, 'signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object');
    eq(throws(() => rt.signal(w.SIGKILL, () => {}), w.OSError).errno, 22);
    eq(throws(() => rt.pthreadSigmask(7, []), w.OSError).code, 'EINVAL');
    throws(() => rt.pthreadSigmask(w.SIG_BLOCK, [99]), w.ValueError, 'signal number 99 out of range');
    throws(() => rt.setitimer(5, 1), w.ItimerError);
    throws(() => rt.setitimer(w.ITIMER_REAL, -1), w.ItimerError);
    await rejects(rt.sigtimedwait([w.SIGUSR1], -1), w.ValueError, /timeout must be non-negative/);
    eq(throws(() => rt.setWakeupFd(12345), w.OSError).code, 'EBADF');
  }],

  ['bindOsSignals refuses in a browser with a clear error', async (w) => {
    await rejects(w.createRuntime({ flavor: w.__flavor, bindOsSignals: true }), w.ValueError, /only works in Node/);
  }],
];

/** Runs every test (or those whose name matches `only`) on one flavor. */
export async function runAll(w, flavor, only) {
  const results = [];
  const ns = { ...w, __flavor: flavor };
  for (const [name, fn] of tests) {
    if (only && !only.test(name)) continue;
    const t0 = performance.now();
    let rt;
    try {
      rt = await w.createRuntime({ flavor });
      await fn(ns, rt);
      results.push({ name, ok: true, ms: performance.now() - t0 });
    } catch (e) {
      results.push({ name, ok: false, error: `${e?.constructor?.name}: ${e?.message}\n${e?.stack ?? ''}`, ms: performance.now() - t0 });
    } finally {
      try { rt?.close(); } catch { /* already ended */ }
    }
  }
  return results;
}
