// AssemblyScript guests (assembly/index.ts, built with asc and wasig's
// transform): delivery into busy and blocked programs, default actions,
// timers, masks and queues, and kill between them, C guests and runtimes.
import { spawn as spawnChild } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { createRuntime, spawn, SIGINT, SIGTERM, SIGUSR1, SIGUSR2, SIGTSTP, SIGCONT } from 'wasig';
import { build, until } from '../guest/helpers.js';
import { compile, root } from './helpers.js';
// @ts-ignore: plain ESM shared with the browser suite, without types
import { masksProblem, timersProblem } from './outcomes.mjs';

const P = 'test/assemblyscript/programs';
const wasig = join(root, 'bin/wasig.js');
let loopsOn: string, loopsOff: string, busyNp: string, recursion: string, recursionNp: string;
let busy: string, spin: string, waits: string, timers: string, masks: string, killer: string, scenarios: string;

beforeAll(async () => {
  busy = await compile(`${P}/busy.ts`);
  spin = await compile(`${P}/spin.ts`);
  waits = await compile(`${P}/waits.ts`);
  timers = await compile(`${P}/timers.ts`);
  masks = await compile(`${P}/masks.ts`);
  killer = await compile(`${P}/kill.ts`);
  scenarios = build('test/guest/c/scenarios.c', 'wasi');
  const np = join(root, 'dist/asc/transform-no-preempt.js');
  loopsOn = await compile(`${P}/loops.ts`);
  loopsOff = await compile(`${P}/loops.ts`, { name: 'loops-np', transform: np });
  busyNp = await compile(`${P}/busy.ts`, { name: 'busy-np', transform: np });
  recursion = await compile(`${P}/recursion.ts`);
  recursionNp = await compile(`${P}/recursion.ts`, { name: 'recursion-np', transform: np });
}, 300_000);

const pipe = { stdio: ['pipe', 'pipe', 'pipe'] as ['pipe', 'pipe', 'pipe'] };
const ready = (g: { stdout: string }) => until(() => g.stdout.includes('ready'), 10_000, 'ready');

describe('AssemblyScript guest', () => {
  test('a handler runs inside a busy loop that calls nothing, each time the host signals', async () => {
    const g = spawn(busy, pipe);
    await ready(g);
    g.kill(SIGINT);
    await until(() => g.stdout.includes('interrupt 1'), 10_000, 'first handler');
    g.kill(SIGINT);
    await until(() => g.stdout.includes('interrupt 2'), 10_000, 'second handler');
    g.kill(SIGUSR1);
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(g.stdout).toContain('stopped after 2 interrupts');
  });

  test('wasig run: a real SIGINT from another process reaches the handler in the busy loop', async () => {
    const child = spawnChild('node', [wasig, 'run', busy], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    const done = new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
    await until(() => out.includes('ready'), 15_000, 'ready');
    process.kill(child.pid!, 'SIGINT');
    await until(() => out.includes('interrupt 1'), 10_000, 'handler');
    process.kill(child.pid!, 'SIGUSR1');
    expect(await done).toBe(0);
    expect(out).toContain('stopped after 1 interrupts');
  });

  test.each([[SIGINT], [SIGTERM]])('default action of signal %i ends a spinning guest with that signal', async (sig) => {
    const g = spawn(spin, pipe);
    await ready(g);
    g.kill(sig);
    expect(await g.exited).toEqual({ code: null, signal: sig });
  });

  test('wasig run: the guest dies of SIGTERM, and so does wasig', async () => {
    const child = spawnChild('node', [wasig, 'run', spin], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    const done = new Promise<[number | null, string | null]>((res) => child.on('exit', (c, s) => res([c, s])));
    await until(() => out.includes('ready'), 15_000, 'ready');
    process.kill(child.pid!, 'SIGTERM');
    expect(await done).toEqual([null, 'SIGTERM']);
  });

  test('SIGTSTP stops the guest at its next safe point, SIGCONT resumes it', async () => {
    const g = spawn(spin, pipe);
    await ready(g);
    const events: string[] = [];
    g.on('stop', () => events.push('stop')).on('continue', () => events.push('continue'));
    g.kill(SIGTSTP);
    await until(() => g.stopped, 10_000, 'stopped');
    g.kill(SIGCONT);
    await until(() => !g.stopped && events.includes('continue'), 10_000, 'continued');
    g.kill(SIGTERM);
    expect(await g.exited).toEqual({ code: null, signal: SIGTERM });
    expect(events).toEqual(['stop', 'continue']);
  });

  test('sigtimedwait returns at once when the host signals, and times out with EAGAIN', async () => {
    const g = spawn(waits, pipe);
    await ready(g);
    const t0 = Date.now();
    g.kill(SIGUSR1);
    await until(() => g.stdout.includes('got'), 10_000, 'sigtimedwait');
    expect(Date.now() - t0).toBeLessThan(5_000); // the wait was 20 s
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(g.stdout).toContain('got 10 code 0 pid 0');
    expect(g.stdout).toContain('timeout -1 EAGAIN');
  });

  test('alarm, interval timers, and sleeps a timer ends early with the time left', async () => {
    const g = spawn(timers, pipe);
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(timersProblem(g.stdout)).toBeNull();
  });

  test('a handler runs inside a recursion that runs no loop, and the checks change no result', async () => {
    const g = spawn(recursion, pipe);
    await ready(g);
    for (const k of [1, 2, 3]) {
      g.kill(SIGINT);
      await until(() => g.stdout.includes(`interrupt ${k}`), 10_000, `handler ${k}`);
    }
    g.kill(SIGUSR1);
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(g.stdout).toMatch(/fib\(20\) = 6765, \d+ rounds\nstopped after 3 interrupts\n$/);
    // Without the checks the same program takes no handler until it calls out.
    const np = spawn(recursionNp, pipe);
    await ready(np);
    np.kill(SIGINT);
    await new Promise((r) => setTimeout(r, 1000));
    expect(np.stdout).not.toContain('interrupt');
    np.kill('SIGKILL');
    expect((await np.exited).signal).toBe(9);
  });

  test('the transform changes no result of loops of many shapes', async () => {
    const [a, b] = [spawn(loopsOn, pipe), spawn(loopsOff, pipe)];
    expect(await a.exited).toEqual({ code: 0, signal: null });
    expect(await b.exited).toEqual({ code: 0, signal: null });
    expect(a.stdout.split('\n').length).toBe(10);
    expect(a.stdout).toBe(b.stdout);
  });

  test('without the loop safe points (transform/no-preempt) a busy loop takes no handler', async () => {
    const g = spawn(busyNp, pipe);
    await ready(g);
    g.kill(SIGINT);
    await new Promise((r) => setTimeout(r, 1000));
    expect(g.stdout).not.toContain('interrupt');
    g.kill('SIGKILL');
    expect((await g.exited).signal).toBe(9);
  });

  test('the tour example: a timed-out sigtimedwait, progress from inside the computation, a graceful stop', async () => {
    const g = spawn(join(root, 'build/examples/assemblyscript/tour.wasm'), pipe);
    await until(() => g.stdout.includes('computing'), 15_000, 'computing');
    expect(g.stdout).toContain('no SIGUSR2 (EAGAIN)');
    g.kill(SIGUSR1);
    await until(() => g.stdout.includes('steps so far (asked by pid 0)'), 10_000, 'progress');
    g.kill(SIGTERM);
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(g.stdout).toMatch(/stopped by Terminated after \d+ steps/);
  });

  test('masks, pending, sigsuspend, SA_* flags, the realtime queue and errors', async () => {
    const g = spawn(masks, pipe);
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(masksProblem(g.stdout)).toBeNull();
  });

  test('kill between an AssemblyScript guest, a C guest and a runtime', async () => {
    const uid = process.getuid?.() ?? 0;
    // AssemblyScript -> C
    const w = spawn(scenarios, { args: ['waiter'], ...pipe });
    await ready(w);
    const a = spawn(killer, { args: [String(w.pid)], ...pipe, killScope: 'all' });
    expect(await a.exited).toEqual({ code: 0, signal: null });
    await w.exited;
    expect(a.stdout).toContain(`sigqueue 0 me ${a.pid}`);
    expect(a.stdout).toContain('kill missing -1 ESRCH');
    expect(w.stdout).toContain(`got r=10 code=-1 pid=${a.pid} uid=${uid} value=77`);
    // C -> AssemblyScript
    const b = spawn(waits, pipe);
    await ready(b);
    const s = spawn(scenarios, { args: ['sender', String(b.pid), '5'], ...pipe, killScope: 'all' });
    await Promise.all([b.exited, s.exited]);
    expect(b.stdout).toContain(`got 10 code -1 pid ${s.pid}`);
    // AssemblyScript <-> runtime
    const rt = await createRuntime();
    try {
      rt.pthreadSigmask(0, [SIGUSR1]);
      const info = rt.sigwaitinfo([SIGUSR1]);
      const c = spawn(killer, { args: [String(rt.pid), 'wait'], ...pipe, killScope: 'host' });
      const i = await info;
      expect([i.si_signo, i.si_code, i.si_pid]).toEqual([SIGUSR1, -1, c.pid]);
      await until(() => c.stdout.includes('kill missing'), 10_000, 'sent');
      rt.os.kill(c.pid, SIGUSR2);
      expect(await c.exited).toEqual({ code: 0, signal: null });
      expect(c.stdout).toContain(`reply ${SIGUSR2} from ${rt.pid}`);
    } finally {
      rt.close();
    }
  });
});
