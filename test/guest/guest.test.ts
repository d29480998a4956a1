// Guests in workers, from the host: the libc layer's own checks, delivery
// into busy and blocked guests, stop/continue, default actions, kill between
// guests and from host runtimes, and bad input. Both flavors.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { createRuntime, spawn, GuestError, OSError, SIGUSR1, SIGUSR2, SIGINT, SIGTERM, SIGSTOP, SIGCONT, SIGKILL, type SpawnOptions } from 'wasig';
import { build, flavors, root, sleep, until, type Flavor, type Kind } from './helpers.js';

const uid = process.getuid?.() ?? 0;

describe.each(flavors)('%s guest', (flavor: Flavor) => {
  let libc: string, sc: string;
  beforeAll(() => {
    libc = build('test/guest/c/libc_test.c', flavor);
    sc = build('test/guest/c/scenarios.c', flavor);
  }, 120_000);

  const run = (mode: string[], stdio: any = ['pipe', 'pipe', 'pipe'], extra: SpawnOptions = {}) => spawn(sc, { args: mode, stdio, ...extra });
  const ready = (g: ReturnType<typeof run>) => until(() => g.stdout.includes('ready'), 10_000, 'ready');

  test('every libc signal function: return values, errno, handler order and counts', async () => {
    const g = spawn(libc, { stdio: ['ignore', 'pipe', 'pipe'] });
    const st = await g.exited;
    const failures = g.stdout.split('\n').filter((l) => l.startsWith('not ok'));
    expect(failures).toEqual([]);
    expect(g.stdout).toMatch(/^1\.\.(\d+)$/m);
    expect(Number(/^1\.\.(\d+)$/m.exec(g.stdout)![1])).toBeGreaterThanOrEqual(89);
    expect(g.stderr).toContain('psignal test: Hangup\npsignal rt: Unknown signal 35\n');
    expect(st).toEqual({ code: 0, signal: null });
  });

  test.each(['poll', 'yield'])('a busy loop with safe points (%s) runs its SIGUSR1 handler', async (how) => {
    const g = run(['busy', how]);
    await ready(g);
    g.kill(SIGUSR1);
    const st = await g.exited;
    expect(g.stdout).toContain(`handled sig=10 code=0 pid=0 uid=${uid} spins>0=1`);
    expect(st.code).toBe(0);
  });

  test('sigtimedwait(…, 10 s) returns the signal at once', async () => {
    const g = run(['timedwait']);
    await ready(g);
    await sleep(100);
    g.kill('SIGUSR1');
    await g.exited;
    const m = /timedwait r=(-?\d+) ms=(\d+)/.exec(g.stdout)!;
    expect(Number(m[1])).toBe(SIGUSR1);
    expect(Number(m[2])).toBeLessThan(3000);
  });

  test('sleep(10) interrupted by SIGINT returns early with the time left', async () => {
    const g = run(['sleep']);
    await ready(g);
    await sleep(300);
    g.kill(SIGINT);
    await g.exited;
    const m = /sleep left=(\d+) handled=(\d+) ms=(\d+)/.exec(g.stdout)!;
    expect(Number(m[1])).toBeGreaterThanOrEqual(8);
    expect(Number(m[1])).toBeLessThanOrEqual(10);
    expect(Number(m[2])).toBe(SIGINT);
    expect(Number(m[3])).toBeLessThan(3000);
  });

  test('SIGSTOP pauses the guest at its next safe point and SIGCONT resumes it', async () => {
    const g = run(['ticker']);
    const ticks = () => (g.stdout.match(/tick/g) ?? []).length;
    await until(() => ticks() >= 3, 10_000, 'ticks');
    const stopped = new Promise((r) => g.on('stop', r));
    g.kill(SIGSTOP);
    expect(await stopped).toBe(SIGSTOP);
    expect(g.stopped).toBe(true);
    const n = ticks();
    await sleep(400);
    expect(ticks()).toBe(n);
    g.kill(SIGCONT);
    await until(() => ticks() >= n + 3, 10_000, 'ticks after SIGCONT');
    expect(g.stopped).toBe(false);
    g.kill(SIGTERM);
    expect(await g.exited).toEqual({ code: null, signal: SIGTERM });
  });

  test('default SIGTERM ends the guest with signal 15; SIGKILL with 9', async () => {
    const a = run(['spin']);
    await ready(a);
    a.kill(SIGTERM);
    expect(await a.exited).toEqual({ code: null, signal: 15 });
    const b = run(['spin']);
    await ready(b);
    b.kill(SIGKILL);
    expect(await b.exited).toEqual({ code: null, signal: 9 });
  });

  test('the exit status comes through', async () => {
    expect(await run(['exit', '7']).exited).toEqual({ code: 7, signal: null });
  });

  test('kill(pid, sig) between guests carries the sender pid and uid; ESRCH and EINVAL', async () => {
    const w = run(['waiter']);
    await ready(w);
    const s = run(['sender', String(w.pid), '42'], undefined, { killScope: 'all' });
    await Promise.all([w.exited, s.exited]);
    expect(s.stdout).toContain(`sent r=0 mypid=${s.pid} uid=${uid}`);
    expect(s.stdout).toContain('missing r=-1 esrch=1');
    expect(s.stdout).toContain('badsig r=-1 einval=1');
    expect(w.stdout).toContain(`got r=10 code=-1 pid=${s.pid} uid=${uid} value=42`);
  });

  test('kill(-1, sig) reaches the other guests and runtimes, not the sender', async () => {
    const rt = await createRuntime();
    try {
      rt.pthreadSigmask(0, [SIGUSR2]);
      const w = run(['waiter']);
      await ready(w);
      const b = run(['broadcast'], undefined, { killScope: 'host' });
      const info = await rt.sigwaitinfo([SIGUSR2]);
      await b.exited;
      expect(b.stdout).toContain('broadcast r=0');
      expect(info.si_pid).toBe(b.pid);
      // The waiter takes SIGUSR1 only; SIGUSR2 at SIG_DFL ends it.
      expect(await w.exited).toEqual({ code: null, signal: SIGUSR2 });
    } finally {
      rt.close();
    }
  });

  test('host runtimes and guests signal each other through the process table', async () => {
    const rt = await createRuntime();
    try {
      const g = run(['busy', 'poll']);
      await ready(g);
      rt.os.kill(g.pid, SIGUSR1);
      await g.exited;
      expect(g.stdout).toContain(`handled sig=10 code=0 pid=${rt.pid}`);
      // guest -> runtime, taken with sigwaitinfo on the host side
      rt.pthreadSigmask(0, [SIGUSR1]);
      const info = rt.sigwaitinfo([SIGUSR1]);
      const s = run(['sender', String(rt.pid), '5'], undefined, { killScope: 'host' });
      const i = await info;
      await s.exited;
      expect(i.si_signo).toBe(SIGUSR1);
      expect(i.si_pid).toBe(s.pid);
      expect(i.si_code).toBe(-1);
    } finally {
      rt.close();
    }
  });

  test('a guest that traps ends as killed by SIGILL with the trap named', async () => {
    const g = run(['trap']);
    const st = await g.exited;
    expect(st.signal).toBe(4);
    expect(st.error).toMatch(/unreachable/);
  });

  test('invalid signals from the host: EINVAL; after exit: ESRCH', async () => {
    const g = run(['spin']);
    await ready(g);
    expect(() => g.kill(65)).toThrow(OSError);
    expect(() => g.kill('SIGNOPE')).toThrow("'SIGNOPE' is not a valid Signals");
    g.kill(SIGKILL);
    await g.exited;
    try { g.kill(SIGTERM); expect.unreachable(); } catch (e) { expect((e as OSError).errno).toBe(3); }
  });
});

// Core-module guests and components (whose read is the host's blocking-read
// of a wasi:io stream) alike: the handler runs during the read, as on Linux.
describe.each([...flavors, 'component'] as Kind[])('%s guest: a blocking read of stdin', (kind: Kind) => {
  let sc: string;
  beforeAll(() => { sc = build('test/guest/c/scenarios.c', kind); }, 120_000);
  const read = async (how: string) => {
    const g = spawn(sc, { args: ['read', how], stdio: ['pipe', 'pipe', 'pipe'] });
    await until(() => g.stdout.includes('ready'), 20_000, 'ready');
    g.kill(SIGUSR1);
    await until(() => g.stdout.includes('handler ran'), 10_000, 'the handler, during the read');
    return g;
  };

  test('restarts under SA_RESTART', async () => {
    const g = await read('restart');
    await sleep(200);
    expect(g.stdout).not.toContain('read r=');
    g.stdin.write('hello\n');
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(g.stdout).toBe('ready\nhandler ran\nread r=6 errno=0 handled=10 data=hello\n');
  });

  test('fails with EINTR without SA_RESTART', async () => {
    const g = await read('norestart');
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(g.stdout).toBe('ready\nhandler ran\nread r=-1 errno=EINTR handled=10 data=\n');
  });
});

describe('bad modules', () => {
  const dir = join(root, 'build/test-guest/bad');
  beforeAll(() => mkdirSync(dir, { recursive: true }));

  test('a file that is not wasm: a clear error, the host survives', async () => {
    const p = join(dir, 'not.wasm');
    writeFileSync(p, 'hello, I am text\n');
    await expect(spawn(p).exited).rejects.toThrow(/not a WebAssembly module/);
    await expect(spawn(p).exited).rejects.toBeInstanceOf(GuestError);
  });

  test('a missing file', async () => {
    await expect(spawn(join(dir, 'missing.wasm')).exited).rejects.toThrow(/cannot read/);
  });

  test('a module with imports wasig does not provide', async () => {
    // (module (import "env" "frobnicate" (func)) (func (export "_start")))
    const bytes = Uint8Array.from([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 2, 18, 1, 3, 101, 110, 118, 10, 102, 114,
      111, 98, 110, 105, 99, 97, 116, 101, 0, 0, 3, 2, 1, 0, 7, 10, 1, 6, 95, 115, 116, 97, 114, 116, 0, 1, 10, 4, 1, 2, 0, 11]);
    const p = join(dir, 'imports.wasm');
    writeFileSync(p, bytes);
    await expect(spawn(p).exited).rejects.toThrow(/env\.frobnicate/);
    await expect(spawn(new WebAssembly.Module(bytes)).exited).rejects.toThrow(/env\.frobnicate/);
  });

  test('a corrupt module', async () => {
    const p = join(dir, 'corrupt.wasm');
    writeFileSync(p, Uint8Array.from([0, 97, 115, 109, 1, 0, 0, 0, 1, 99, 1]));
    await expect(spawn(p).exited).rejects.toThrow(/not a valid WebAssembly module/);
  });

  test('after all that, a runtime and a guest still work', async () => {
    const rt = await createRuntime();
    let got = 0;
    rt.signal(SIGUSR1, (s) => { got = s; });
    rt.raiseSignal(SIGUSR1);
    expect(got).toBe(SIGUSR1);
    rt.close();
    const g = spawn(build('test/guest/c/scenarios.c', 'wasi'), { args: ['exit', '0'], stdio: 'ignore' });
    expect(await g.exited).toEqual({ code: 0, signal: null });
  });
});
