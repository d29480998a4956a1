// C programs built with `wasig cc --component` (WASI Preview 2 command
// components importing wasig:signals) run under `wasig run` and spawn():
// real OS signals sent with kill(1) from another process, the host contract
// of docs/wit.md (defaults, stop/continue, permissions), and kill between a
// component and a core-module guest in one process table.
import { execFileSync, spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { spawn } from '../../dist/index.node.js';
import { build, example, root, sleep, until, wasig } from '../guest/helpers.js';

const OUT = 'build/test-component';

interface Run { child: ChildProcess; out: () => string; err: () => string; done: Promise<{ code: number | null; signal: string | null }> }

function start(args: string[]): Run {
  const child = spawnChild(process.execPath, [wasig, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  const done = new Promise<{ code: number | null; signal: string | null }>((r) => child.on('close', (code, signal) => r({ code, signal })));
  return { child, out: () => out, err: () => err, done };
}

/** A real signal from another process: kill(1). */
const kill = (r: Run, sig: string) => execFileSync('kill', ['-s', sig, String(r.child.pid)]);

/** `src` built with --component (and `flags`), when it or the library changed. */
function component(src: string, name: string, flags: string[] = []): string {
  const out = join(root, OUT, `${name}.wasm`);
  const libs = ['c-src/component/signal.c', 'c-src/component/wit.h', 'c-src/libc/strsignal.c', 'dist/cli/cc.js', 'dist/component/build.js', src];
  if (!existsSync(out) || statSync(out).mtimeMs < Math.max(...libs.map((f) => statSync(join(root, f)).mtimeMs))) {
    execFileSync(process.execPath, [wasig, 'cc', '--component', ...flags, join(root, src), '-o', out], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  return out;
}

let sc: string, plain: string, progress: string, graceful: string, eventloop: string;

beforeAll(() => {
  sc = component('test/component/c/scenarios.c', 'scenarios');
  plain = component('test/component/c/plain.c', 'plain', ['--no-preempt']);
  progress = component('examples/progress.c', 'progress');
  graceful = component('examples/graceful.c', 'graceful');
  eventloop = component('examples/eventloop.c', 'eventloop');
}, 240_000);

describe('wasig cc --component', () => {
  test('writes a component (layer 1) that imports wasig:signals', () => {
    const b = readFileSync(sc);
    expect([...b.subarray(0, 8)]).toEqual([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0]);
    // Import names sit in the binary as strings.
    expect(b.includes(Buffer.from('wasig:signals/control@0.1.0'))).toBe(true);
    expect(b.includes(Buffer.from('wasig:signals/delivery@0.1.0'))).toBe(true);
  });

  test('--component with --target emscripten is a usage error', () => {
    const r = (() => {
      try { execFileSync(process.execPath, [wasig, 'cc', '--component', '--target', 'emscripten', 'x.c'], { stdio: 'pipe' }); return null; } catch (e) { return e as { status: number; stderr: Buffer }; }
    })();
    expect(r?.status).toBe(2);
    expect(String(r?.stderr)).toMatch(/--component builds with the wasi target/);
  });
});

describe('components under wasig run, signals from kill(1)', () => {
  test('a handler runs inside a busy loop (preempted through the import)', async () => {
    const r = start(['run', sc, 'busy']);
    await until(() => r.out().includes('ready'), 20_000, 'ready');
    kill(r, 'USR1');
    expect(await r.done).toEqual({ code: 0, signal: null });
    expect(r.out()).toContain('handler ran in the busy loop: 10');
  });

  test('SIGINT with no handler ends run as killed by SIGINT, in a busy loop too', async () => {
    const r = start(['run', sc, 'spin']);
    await until(() => r.out().includes('ready'), 20_000, 'ready');
    kill(r, 'INT');
    expect(await r.done).toEqual({ code: null, signal: 'SIGINT' });
  });

  test('progress example: SIGUSR1 reports from a loop, SIGINT interrupts and the CLI dies of SIGINT', async () => {
    const r = start(['run', progress]);
    await until(() => r.out().includes('counting primes'), 20_000, 'start');
    await sleep(200);
    kill(r, 'USR1');
    await until(() => r.out().includes('so far'), 20_000, 'progress report');
    kill(r, 'INT');
    expect(await r.done).toEqual({ code: null, signal: 'SIGINT' });
    expect(r.out()).toMatch(/interrupted after \d+ numbers/);
  });

  test('graceful example: SIGTERM runs the handler and the program exits 0', async () => {
    const r = start(['run', graceful]);
    await until(() => r.out().includes('job 2 done'), 20_000, 'jobs');
    kill(r, 'TERM');
    expect(await r.done).toEqual({ code: 0, signal: null });
    expect(r.out()).toMatch(/Terminated received after \d+ jobs: shutting down gracefully/);
  });

  test('eventloop example: signals become events in sigwaitinfo (pollables)', async () => {
    const r = start(['run', eventloop]);
    await until(() => r.out().includes('waiting for events'), 20_000, 'start');
    kill(r, 'HUP');
    await until(() => r.out().includes('reloading configuration (1)'), 20_000, 'HUP');
    kill(r, 'USR2');
    await until(() => r.out().includes('User defined signal 2'), 20_000, 'USR2');
    kill(r, 'TERM');
    expect(await r.done).toEqual({ code: 0, signal: null });
    expect(r.out()).toMatch(/Terminated: quitting after \d+ heartbeats, 1 reloads, 1 user events/);
  });

  test('sigtimedwait times out, then a signal from outside wakes it at once', async () => {
    const r = start(['run', sc, 'timedwait']);
    await until(() => r.out().includes('waiting'), 20_000, 'the second wait');
    expect(r.out()).toContain('timed out: -1 EAGAIN');
    const t0 = Date.now();
    kill(r, 'USR1');
    expect(await r.done).toEqual({ code: 0, signal: null });
    // Woken by the signal, not by its 30 s timeout.
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(r.out()).toContain('woken by 10 code 0');
  });

  test('a handled signal ends sleep() early with the time left', async () => {
    const r = start(['run', sc, 'sleep']);
    await until(() => r.out().includes('sleeping'), 20_000, 'sleep');
    await sleep(300);
    kill(r, 'USR1');
    expect(await r.done).toEqual({ code: 0, signal: null });
    expect(r.out()).toMatch(/slept, (2\d|30) s left, handler 10/);
  });

  test('SIGTSTP stops the component and the CLI; SIGCONT resumes both', async () => {
    const r = start(['run', sc, 'ticker']);
    const ticks = () => (r.out().match(/tick/g) ?? []).length;
    await until(() => ticks() >= 3, 20_000, 'ticks');
    kill(r, 'TSTP');
    const state = () => readFileSync(`/proc/${r.child.pid}/stat`, 'utf8').split(') ')[1][0];
    await until(() => state() === 'T', 10_000, 'the CLI to stop');
    const n = ticks();
    await sleep(400);
    expect(ticks()).toBeLessThanOrEqual(n + 1);
    const m = ticks();
    kill(r, 'CONT');
    await until(() => ticks() >= m + 3, 10_000, 'ticks after SIGCONT');
    kill(r, 'TERM');
    expect(await r.done).toEqual({ code: null, signal: 'SIGTERM' });
  });

  test('a component that imports nothing from wasig:signals stops at its next call and continues', async () => {
    const r = start(['run', plain, 'tick']);
    const ticks = () => (r.out().match(/tick/g) ?? []).length;
    await until(() => ticks() >= 3, 20_000, 'ticks');
    kill(r, 'TSTP');
    const state = () => readFileSync(`/proc/${r.child.pid}/stat`, 'utf8').split(') ')[1][0];
    await until(() => state() === 'T', 10_000, 'the CLI to stop');
    const n = ticks();
    await sleep(400);
    expect(ticks()).toBeLessThanOrEqual(n + 1);
    const m = ticks();
    kill(r, 'CONT');
    await until(() => ticks() >= m + 3, 10_000, 'ticks after SIGCONT');
    kill(r, 'TERM');
    expect(await r.done).toEqual({ code: null, signal: 'SIGTERM' });
  });

  test('a component that imports nothing from wasig:signals still dies by SIGTERM and SIGINT', async () => {
    const b = readFileSync(plain);
    expect(b.includes(Buffer.from('wasig:signals'))).toBe(false);
    for (const sig of ['TERM', 'INT']) {
      const r = start(['run', plain]);
      await until(() => r.out().includes('ready'), 20_000, 'ready');
      kill(r, sig);
      expect(await r.done).toEqual({ code: null, signal: `SIG${sig}` });
    }
  });
});

describe('components through spawn()', () => {
  test('alarm, masks and pending, SA_RESETHAND, realtime order with si_value', async () => {
    const run = async (mode: string) => {
      const p = spawn(sc, { args: [mode], stdio: 'pipe' });
      return { st: await p.exited, out: p.stdout };
    };
    const alarm = await run('alarm');
    expect(alarm.out).toBe('pause -1 errno EINTR, alarm 14\n');
    const masks = await run('masks');
    expect(masks.out).toBe('blocked, pending 1, handled 0\nunblocked, handled 1 (signal 10)\nafter one: handled 2, now SIG_DFL\n');
    expect(masks.st).toMatchObject({ code: null, signal: 12 });
    const rt = await run('rt');
    // SIGRTMIN (34) before SIGRTMIN+1, each in the order sent, with its value.
    expect(rt.out).toBe('rt: 34002 34004 35001 35003\n');
  });

  test('kill between a component and a core-module guest, within killScope', async () => {
    const waiter = spawn(sc, { args: ['wait-usr1'], stdio: 'pipe' });
    await until(() => waiter.stdout.includes('ready'), 20_000, 'ready');
    // 'self' (the default): another process does not exist for it.
    const denied = spawn(sc, { args: ['kill', String(waiter.pid), '10'], stdio: 'pipe' });
    await denied.exited;
    expect(denied.stdout).toBe(`kill ${waiter.pid}: -1 ESRCH\n`);
    // Another uid: EPERM.
    const other = spawn(sc, { args: ['kill', String(waiter.pid), '10'], stdio: 'pipe', killScope: 'all', uid: waiter.uid + 1 });
    await other.exited;
    expect(other.stdout).toBe(`kill ${waiter.pid}: -1 EPERM\n`);
    const sender = spawn(sc, { args: ['kill', String(waiter.pid), '10'], stdio: 'pipe', killScope: 'all' });
    await sender.exited;
    expect(sender.stdout).toBe(`kill ${waiter.pid}: 0 ok\n`);
    expect(await waiter.exited).toMatchObject({ code: 0 });
    expect(waiter.stdout).toContain(`got 10 from pid ${sender.pid} code 0`);
    // A core-module guest (wasi) and a component signal each other.
    const core = build('test/guest/c/scenarios.c', 'wasi', 'build/test-component-core');
    const w2 = spawn(sc, { args: ['wait-usr1'], stdio: 'pipe' });
    await until(() => w2.stdout.includes('ready'), 20_000, 'ready');
    const fromCore = spawn(core, { args: ['sender', String(w2.pid), '5'], stdio: 'pipe', killScope: 'all' });
    await fromCore.exited;
    expect(await w2.exited).toMatchObject({ code: 0 });
    expect(w2.stdout).toContain(`got 10 from pid ${fromCore.pid} code -1`);
    const w3 = spawn(core, { args: ['waiter'], stdio: 'pipe' });
    await until(() => w3.stdout.includes('ready'), 20_000, 'ready');
    const fromComponent = spawn(sc, { args: ['kill', String(w3.pid), '10'], stdio: 'pipe', killScope: 'all' });
    await fromComponent.exited;
    expect(fromComponent.stdout).toBe(`kill ${w3.pid}: 0 ok\n`);
    expect(await w3.exited).toMatchObject({ code: 0 });
    expect(w3.stdout).toContain(`got r=10 code=0 pid=${fromComponent.pid} `);
  }, 120_000);

  test('SIGKILL and the default of SIGTERM end a busy component', async () => {
    for (const sig of ['SIGKILL', 'SIGTERM'] as const) {
      const p = spawn(sc, { args: ['spin'], stdio: 'pipe' });
      await until(() => p.stdout.includes('ready'), 20_000, 'ready');
      p.kill(sig);
      expect(await p.exited).toMatchObject({ code: null, signalName: sig });
    }
  });

  test('what jco cannot give a component yet fails with what to do instead', async () => {
    const p = spawn(sc, { args: ['alarm'], preopens: { '/tmp': '/tmp' } });
    await expect(p.exited).rejects.toThrow(/host directories .* are not given to components yet; build the program as a core module/);
  });
});
