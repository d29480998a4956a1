// The smaller ways a caller (or a guest) could hurt a
// runtime or the host, each with the behaviour it has now.
import { describe, expect, test } from 'vitest';
import {
  createRuntime, OverflowError, OSError, ProcessTerminated, ValueError, SIG_BLOCK, SIGALRM, SIGTERM, SIGUSR1, SIGUSR2,
  ITIMER_REAL,
} from 'wasig';
import { sharedCore } from '../../dist/core/core.js';
import { loadCore } from '../../dist/core/load.node.js';

describe.each(['wasi', 'emscripten'] as const)('%s', (flavor) => {
  test('a JS stack overflow inside a core call leaves the shared core\'s shadow stack where it was', async () => {
    const rt = await createRuntime({ flavor });
    const core = await sharedCore(flavor, loadCore);
    const base = core.x.wasig_stack_get();
    rt.signal(SIGUSR1, () => {});
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1]);
    const dive = (n: number): number => {
      try { rt.raiseSignal(SIGUSR1); rt.checkSignals(); return dive(n + 1); } catch (e) {
        if (e instanceof RangeError) return n;
        throw e;
      }
    };
    for (let i = 0; i < 200; i++) dive(0);
    expect(core.x.wasig_stack_get()).toBe(base);
    rt.close();
    // and every runtime of the flavor still works
    const again = await createRuntime({ flavor });
    let hit = 0;
    again.signal(SIGUSR2, () => { hit++; });
    again.raiseSignal(SIGUSR2);
    expect(hit).toBe(1);
    again.close();
  });

  test('signalfd().next() on a closed runtime settles (done)', async () => {
    const rt = await createRuntime({ flavor });
    const fd = rt.signalfd([SIGUSR1]);
    rt.close();
    await expect(fd.next()).resolves.toEqual({ done: true, value: undefined });
  });

  test('a handler that closes its runtime: the other pending handlers do not run, and it cannot kill others', async () => {
    const rt = await createRuntime({ flavor });
    const other = await createRuntime({ flavor });
    const ran: number[] = [];
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1, SIGUSR2]);
    rt.signal(SIGUSR1, () => { ran.push(1); rt.close(); });
    rt.signal(SIGUSR2, () => { ran.push(2); });
    rt.raiseSignal(SIGUSR1);
    rt.raiseSignal(SIGUSR2);
    rt.pthreadSigmask(1, [SIGUSR1, SIGUSR2]);
    expect(ran).toEqual([1]);
    expect(() => rt.os.kill(other.pid, SIGTERM)).toThrow(ValueError);
    expect(() => rt.restarts(SIGUSR1)).toThrow(ValueError);
    expect(other.exitStatus).toBeNull();
    other.close();
  });

  test('restarts() on a closed runtime says it is closed instead of reading another\'s slot', async () => {
    const a = await createRuntime({ flavor });
    a.close();
    const b = await createRuntime({ flavor });
    b.siginterrupt(SIGUSR1, false);
    expect(() => a.restarts(SIGUSR1)).toThrow(/closed/);
    b.close();
  });

  test('a runtime ended by a signal and never closed gives its core slot back', async () => {
    const core = await sharedCore(flavor, loadCore);
    const grown = () => core.x.memory.buffer.byteLength;
    const warm = await createRuntime({ flavor, pythonDefaults: false });
    try { warm.raiseSignal(SIGTERM); } catch (e) { expect(e).toBeInstanceOf(ProcessTerminated); }
    const before = grown();
    for (let i = 0; i < 300; i++) {
      const rt = await createRuntime({ flavor, pythonDefaults: false });
      try { rt.raiseSignal(SIGTERM); } catch { /* ended */ }
    }
    expect(grown()).toBe(before);
  });

  test('40,000 sigwait waiters are each served in constant time', async () => {
    const rt = await createRuntime({ flavor });
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1]);
    const n = 40_000;
    const waits = Array.from({ length: n }, () => rt.sigwait([SIGUSR1]));
    const t0 = performance.now();
    for (let i = 0; i < n; i++) rt.raiseSignal(SIGUSR1);
    expect(await Promise.all(waits)).toHaveLength(n);
    expect(performance.now() - t0).toBeLessThan(10_000);
    rt.close();
  }, 60_000);

  test('pthreadSigmask and itimers: a how or which past a C int is OverflowError, as in Python', async () => {
    const rt = await createRuntime({ flavor });
    expect(() => rt.pthreadSigmask(2 ** 32, [])).toThrow(OverflowError);
    expect(() => rt.pthreadSigmask(-(2 ** 32), [])).toThrow(OverflowError);
    expect(() => rt.setitimer(2 ** 32, 1)).toThrow(OverflowError);
    expect(() => rt.getitimer(2 ** 32)).toThrow(OverflowError);
    expect(() => rt.pthreadSigmask(3, [])).toThrow(OSError);
    expect(rt.getsignal(SIGUSR1)).toBe(0); // nothing changed
    expect(() => rt.pthreadSigmask(1n as unknown as number, [])).toThrow(/BigInt/);
    rt.close();
  });

  test('setitimer with less than a microsecond rounds up to one and fires', async () => {
    const rt = await createRuntime({ flavor });
    let hit = 0;
    rt.signal(SIGALRM, () => { hit++; });
    rt.setitimer(ITIMER_REAL, 5e-10);
    expect(rt.getitimer(ITIMER_REAL)[0]).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(hit).toBe(1);
    rt.close();
  });

});

test('a timer longer than setTimeout allows neither warns nor spins', async () => {
  const rt = await createRuntime();
  const warnings: string[] = [];
  const onWarn = (w: Error) => warnings.push(w.name);
  process.on('warning', onWarn);
  const cpu0 = process.cpuUsage();
  rt.alarm(3_000_000);
  rt.setitimer(ITIMER_REAL, 1e7);
  const w = rt.sigtimedwait([SIGUSR1], 1e7);
  await new Promise((r) => setTimeout(r, 300));
  const cpu = process.cpuUsage(cpu0);
  process.off('warning', onWarn);
  expect(warnings).not.toContain('TimeoutOverflowWarning');
  expect((cpu.user + cpu.system) / 1000).toBeLessThan(200);
  expect(rt.getitimer(ITIMER_REAL)[0]).toBeGreaterThan(9e6);
  rt.close();
  await expect(w).rejects.toThrow();
});

test('exited guest handles do not keep the guest\'s memory', async () => {
  const { execFileSync } = await import('node:child_process');
  const { build } = await import('../guest/helpers.js');
  const prog = build('test/hostile/c/hostile.c', 'wasi', 'build/test-hostile');
  const out = execFileSync(process.execPath, ['--expose-gc', new URL('./fixtures/memory.mjs', import.meta.url).pathname, prog, '4', '192'],
    { encoding: 'utf8' });
  const { rss, kept } = JSON.parse(out.trim().split('\n').pop()!);
  expect(kept).toBe(4);
  // 4 × 192 MiB were touched; what stays is the host's own few hundred MiB at most.
  expect(rss).toBeLessThan(500);
}, 120_000);
