// C programs built with `wasig cc --component` (WASI Preview 2 command
// components importing wasig:signals) run under `wasig run` and spawn():
// real OS signals sent with kill(1) from another process, the host contract
// of docs/wit.md (defaults, stop/continue, permissions), and kill between a
// component and a core-module guest in one process table.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { spawn } from '../../dist/index.node.js';
import { build, root, sleep, until, wasig } from '../guest/helpers.js';
import { expectStopContinue, kill, start } from '../guest/cli-run.js';

const OUT = 'build/test-component';
const component = (src: string, flags: string[] = []) => build(src, 'component', OUT, flags);

let sc: string, plain: string, reactor: string, reactorJump: string, foreign: string;

/** A component wasig did not build: wasi-libc alone, made a component by
 *  jco with its preview1 adapter, so it imports nothing of wasig:signals
 *  (every `wasig cc --component` program does, for its stdio). */
async function foreignComponent(src: string): Promise<string> {
  const dir = join(root, OUT, 'foreign');
  mkdirSync(dir, { recursive: true });
  const core = join(dir, 'plain.core.wasm'), out = join(dir, 'plain.wasm');
  execFileSync('clang-14', ['--target=wasm32-wasi', '-O2', join(root, src), '-o', core]);
  const jco = await import('@bytecodealliance/jco');
  const adapter = new Uint8Array(readFileSync(jco.preview1AdapterCommandPath()));
  writeFileSync(out, await jco.componentNew(new Uint8Array(readFileSync(core)), [['wasi_snapshot_preview1', adapter]]));
  return out;
}

beforeAll(async () => {
  sc = component('test/component/c/scenarios.c');
  reactor = component('examples/reactor.c', ['-mexec-model=reactor']);
  reactorJump = component('test/component/c/reactor-jump.c', ['-mexec-model=reactor']);
  plain = component('test/component/c/plain.c', ['--no-preempt']);
  foreign = await foreignComponent('test/component/c/plain.c');
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
    expect(r.out()).toMatch(/slept, 2\d s left, handler 10/);
  });

  test('a component that imports nothing from wasig:signals stops at its next call and continues', async () => {
    await expectStopContinue(start(['run', plain, 'tick']));
  });

  test('kill -STOP of `wasig run` itself stops a loop that never calls the host at once; SIGCONT resumes it', async () => {
    // The kernel stops the whole process, the component's worker with it:
    // its CPU time stands still. (SIGTSTP, which a program may catch, goes
    // to the component and waits for its next call: docs/wit.md.)
    const r = start(['run', plain]);
    await until(() => r.out().includes('ready'), 20_000, 'ready');
    const stat = () => readFileSync(`/proc/${r.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const cpu = () => Number(stat()[11]) + Number(stat()[12]);
    kill(r, 'STOP');
    await until(() => stat()[0] === 'T', 10_000, 'the process to stop');
    const c0 = cpu();
    await sleep(500);
    expect(cpu()).toBe(c0);
    kill(r, 'CONT');
    await until(() => cpu() > c0, 10_000, 'the loop to spin again');
    kill(r, 'TERM');
    expect(await r.done).toEqual({ code: null, signal: 'SIGTERM' });
  });

  test('a component that imports nothing from wasig:signals still dies by SIGTERM and SIGINT', async () => {
    const b = readFileSync(foreign);
    expect(b.includes(Buffer.from('wasig:signals'))).toBe(false);
    for (const sig of ['TERM', 'INT']) {
      const r = start(['run', foreign]);
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

  test('a reactor: the host calls its exported handler while it is idle, with sa_mask applied and the mask restored after', async () => {
    const p = spawn(reactor, { stdio: 'pipe' });
    await until(() => p.stdout.includes('ready'), 20_000, 'ready');
    p.kill('SIGUSR1');
    await until(() => p.stdout.includes('usr1 1 '), 10_000, 'the first SIGUSR1 handled');
    // From another process of the table: the sender's pid comes through.
    const sender = spawn(sc, { args: ['kill', String(p.pid), '10'], stdio: 'pipe', killScope: 'all' });
    await sender.exited;
    await until(() => p.stdout.includes('usr1 2 '), 10_000, 'the second SIGUSR1 handled');
    p.kill('SIGUSR2');
    await until(() => p.stdout.includes('usr2:'), 10_000, 'SIGUSR2 handled');
    p.kill('SIGTERM');
    expect(await p.exited).toMatchObject({ code: 2, signal: null });
    expect(p.stdout).toBe(`ready ${p.pid}\nusr1 1 from pid 0 code 0, usr2 blocked 1\n`
      + `usr1 2 from pid ${sender.pid} code 0, usr2 blocked 1\nusr2: 2 so far, usr2 blocked 1, usr1 blocked 0\nterm: exiting with 2\n`);
    // A signal it does not catch takes its default action while it is idle.
    const q = spawn(reactor, { stdio: 'pipe' });
    await until(() => q.stdout.includes('ready'), 20_000, 'ready');
    q.kill('SIGINT');
    expect(await q.exited).toMatchObject({ code: null, signal: 2 });
  });

  test('a reactor\'s handler that siglongjmps: within the handler the jump lands; to a frame that returned it ends by SIGSEGV', async () => {
    // Within one call of the handler (a nested handler's jump back into
    // it), as on Linux: the mask sigsetjmp saved comes back and the
    // reactor goes on.
    const r = start(['run', reactorJump]);
    await until(() => r.out().includes('ready'), 20_000, 'ready');
    for (let i = 1; i <= 2; i++) {
      kill(r, 'USR2');
      await until(() => r.out().split('usr2: back').length > i, 10_000, `SIGUSR2 ${i} handled`);
    }
    // To the constructor's buffer: no frame of the component is below a
    // handler the host called while it was idle.
    kill(r, 'USR1');
    expect(await r.done).toEqual({ code: null, signal: 'SIGSEGV' });
    expect(r.out()).toBe('ready\n' + 'usr2: back by siglongjmp, usr2 blocked 1, hup blocked 0\n'.repeat(2)
      + 'usr1: jumping to the constructor\'s buffer\n');
    expect(r.err()).toMatch(/a longjmp out of the reactor's signal handler .*jump only within the handler/);
    // To a buffer an earlier call of a handler set: its frame returned too.
    const q = spawn(reactorJump, { stdio: 'pipe' });
    await until(() => q.stdout.includes('ready'), 20_000, 'ready');
    q.kill('SIGALRM');
    await until(() => q.stdout.includes('alrm: set'), 10_000, 'SIGALRM handled');
    q.kill('SIGUSR1');
    expect(await q.exited).toMatchObject({ code: null, signal: 11 });
    expect(q.stdout).toBe('ready\nalrm: set\nusr1: jumping to the alrm handler\'s buffer\n');
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

  test('SIGKILL and the default of SIGTERM end a busy component, also one that never calls the host', async () => {
    // Built without preemption its loop never calls in; the foreign one
    // imports nothing of wasig:signals at all.
    const silent = build('test/component/c/scenarios.c', 'component', `${OUT}-no-preempt`, ['--no-preempt']);
    for (const [prog, args] of [[sc, ['spin']], [silent, ['spin']], [plain, []], [foreign, []]] as const) {
      for (const sig of ['SIGKILL', 'SIGTERM'] as const) {
        const p = spawn(prog, { args: [...args], stdio: 'pipe' });
        await until(() => p.stdout.includes('ready'), 20_000, 'ready');
        p.kill(sig);
        expect(await p.exited).toMatchObject({ code: null, signalName: sig });
      }
    }
    // Its own timer's signal at SIG_DFL ends it the same way, at the deadline.
    const alarmed = spawn(silent, { args: ['alarm-spin'], stdio: 'pipe' });
    expect(await Promise.race([alarmed.exited, sleep(10_000).then(() => 'still running 10 s later')]))
      .toMatchObject({ code: null, signalName: 'SIGALRM' });
    const timed = spawn(silent, { args: ['timer-spin'], stdio: 'pipe' });
    expect(await Promise.race([timed.exited, sleep(10_000).then(() => 'still running 10 s later')]))
      .toMatchObject({ code: null, signalName: 'SIGUSR2' });
    // A signal it catches does not end it, though its handler cannot run
    // until it calls in (a preempted loop calls in: see the next test).
    const busy = spawn(silent, { args: ['busy'], stdio: 'pipe' });
    await until(() => busy.stdout.includes('ready'), 20_000, 'ready');
    busy.kill('SIGUSR1');
    await sleep(300);
    expect(busy.exitStatus).toBeNull();
    busy.kill('SIGKILL');
    expect(await busy.exited).toMatchObject({ code: null, signalName: 'SIGKILL' });
  }, 120_000);

  test('SIGTSTP stops a busy loop at its next preemption check, SIGCONT resumes it', async () => {
    // `spin` calls nothing: only the preemption pass's pull reaches the host.
    const p = spawn(sc, { args: ['spin'], stdio: 'pipe' });
    await until(() => p.stdout.includes('ready'), 20_000, 'ready');
    for (let round = 0; round < 2; round++) {
      p.kill('SIGTSTP');
      await until(() => p.stopped, 10_000, 'stopped');
      p.kill('SIGCONT');
      await until(() => !p.stopped, 10_000, 'continued');
    }
    p.kill('SIGTERM');
    expect(await p.exited).toMatchObject({ code: null, signalName: 'SIGTERM' });
  }, 60_000);
});

describe('poll and select in components (test/guest/io.test.ts for core-module guests)', () => {
  const waiting = async (mode: string, how = 'norestart') => {
    const p = spawn(sc, { args: [mode, how], stdio: 'pipe' });
    await until(() => p.stdout.includes('ready'), 20_000, 'ready');
    await sleep(200);
    return p;
  };

  test.each([['select', 'norestart'], ['select', 'restart'], ['poll', 'norestart'], ['poll', 'restart']])(
    '%s on stdin with a SIGUSR1 handler (%s) fails with EINTR after the handler ran', async (mode, how) => {
      const p = await waiting(mode, how);
      p.kill('SIGUSR1');
      expect(await p.exited).toMatchObject({ code: 0, signal: null });
      const m = new RegExp(`${mode} r=(-?\\d+) errno=(\\S+) handled=(\\d+) ms=(\\d+) set=(\\d) revents=(\\d+)`).exec(p.stdout);
      expect(m, p.stdout).not.toBeNull();
      expect([m![1], m![2], m![3]]).toEqual(['-1', 'EINTR', '10']);
      // Woken by the signal, not by its 10 s timeout.
      expect(Number(m![4])).toBeLessThan(5000);
      // The sets are left alone on EINTR, as Linux leaves them.
      expect([m![5], m![6]]).toEqual(['1', '0']);
    });

  test('SIGTERM at its default ends a component blocked in select at once', async () => {
    const p = await waiting('select');
    p.kill('SIGTERM');
    expect(await p.exited).toMatchObject({ code: null, signalName: 'SIGTERM' });
    expect(p.stdout).not.toContain('select r=');
  });

  test('SIGSTOP and SIGCONT do not end a poll; input then does', async () => {
    const p = await waiting('poll');
    p.kill('SIGSTOP');
    await sleep(200);
    p.kill('SIGCONT');
    await sleep(300);
    expect(p.stdout).not.toContain('poll r=');
    p.stdin!.write('x\n');
    expect(await p.exited).toMatchObject({ code: 0, signal: null });
    expect(p.stdout).toMatch(/poll r=1 errno=- handled=0 ms=\d+ set=1 revents=1\b/);
  });
});

describe('the C runtime of a command component', () => {
  test('constructors run once and buffered stdout loses nothing when the host hands back a list', async () => {
    const p = spawn(component('test/component/c/ctors.c'), { stdio: 'pipe' });
    expect(await p.exited).toMatchObject({ code: 0, signal: null });
    expect(p.stdout).toBe('first line\nconstructors ran 1 time(s)\n');
  }, 120_000);

  test('pipes, dup, dup2, F_DUPFD, and poll and select of pipe ends as on Linux: the checks of test/guest/c/pipes.c', async () => {
    const tmp = join(root, OUT, 'pipes-tmp');
    mkdirSync(tmp, { recursive: true });
    const p = spawn(component('test/guest/c/pipes.c'), { stdio: 'pipe', preopens: { '/tmp': tmp } });
    expect(await p.exited).toMatchObject({ signal: null });
    const lines = p.stdout.split('\n');
    expect(lines).toContain('1..40');
    expect(lines.filter((l) => l.startsWith('not ok'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok')).length).toBe(40);
  }, 120_000);
});

describe('POSIX timers in components (wasig:signals/timer)', () => {
  test('timer_create, timer_settime, timer_gettime, timer_getoverrun, timer_delete: the checks of test/guest/c/timers_test.c', async () => {
    // SI_TIMER with si_timerid and si_value, overruns while the signal is
    // pending, absolute CLOCK_REALTIME and CLOCK_MONOTONIC times, intervals,
    // SIGEV_NONE, the CPU-time clock: as a core-module guest (timers.test.ts).
    const p = spawn(component('test/guest/c/timers_test.c'), { stdio: ['ignore', 'pipe', 'pipe'] });
    const st = await p.exited;
    const lines = p.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('not ok'))).toEqual([]);
    expect(lines).toContain('1..51');
    expect(lines.filter((l) => l.startsWith('ok')).length).toBe(51);
    expect(p.stderr).toBe('');
    expect(st).toMatchObject({ code: 0, signal: null });
  }, 120_000);
});

describe('sigaltstack in components', () => {
  test('SA_ONSTACK handlers run on the alternate stack with Linux\'s rules, as in a core-module guest', async () => {
    const src = 'test/component/c/altstack.c';
    const comp = spawn(component(src), { stdio: 'pipe' });
    const core = spawn(build(src, 'wasi', OUT), { stdio: 'pipe' });
    expect(await comp.exited).toMatchObject({ code: 0 });
    expect(await core.exited).toMatchObject({ code: 0 });
    expect(comp.stdout).toBe(core.stdout);
    expect(comp.stdout).toBe([
      'starts disabled: 1', 'below MINSIGSTKSZ: -1 Out of memory', 'bad flags: -1 Invalid argument', 'set: 0',
      'SA_ONSTACK: on it 1, flags 1, change Operation not permitted', 'SA_SIGINFO|SA_ONSTACK: on it 1, uc_stack flags 0',
      'without SA_ONSTACK: on it 0, flags 0', 'SS_AUTODISARM: on it 1, disarmed inside 1, back after 1', 'disable: 1', '',
    ].join('\n'));
  }, 120_000);
});

describe('host directories (--dir, preopens) in components', () => {
  /** A fresh host directory with a file of the host's in it and a
   *  symbolic link out of it, and the directory the link leads to. */
  function dirs(name: string): { data: string; outside: string } {
    const base = join(root, OUT, 'dirs', name);
    rmSync(base, { recursive: true, force: true });
    const data = join(base, 'data'), outside = join(base, 'outside');
    mkdirSync(data, { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(data, 'from-host.txt'), 'the host wrote this\n');
    writeFileSync(join(outside, 'x'), 'not for the guest\n');
    symlinkSync('../outside', join(data, 'link-out'));
    return { data, outside };
  }

  test('a component reads and writes files under --dir as a core-module guest does; nothing outside is reachable', async () => {
    const comp = component('test/component/c/files.c');
    const core = build('test/component/c/files.c', 'wasi', OUT);
    const c = dirs('component'), w = dirs('core');
    const r = start(['run', '--dir', `${c.data}:/data`, comp, '/data', '/elsewhere/x']);
    expect(await r.done).toEqual({ code: 0, signal: null });
    const g = spawn(core, { args: ['/data', '/elsewhere/x'], preopens: { '/data': w.data }, stdio: 'pipe' });
    expect(await g.exited).toMatchObject({ code: 0 });
    const lines = r.out().trimEnd().split('\n');
    expect(lines).toContain('read 30: written by the guest');
    expect(lines).toContain('host\'s file: the host wrote this');
    expect(lines).toContain('entry moved.txt');
    expect(lines).toContain('unlink a directory: -1 Is a directory');
    // Above the directory, / exists; elsewhere nothing does (stat). A path
    // under no preopen is not there either for open, in both (Linux's errno
    // for a directory that does not exist; wasi-libc said ENOTCAPABLE).
    expect(lines).toContain('stat /: 0 dir 1');
    expect(lines).toContain('stat outside: -1 No such file or directory');
    expect(lines).toContain('open outside: -1 No such file or directory');
    // Up to the escapes, line for line what the core-module guest printed.
    const escapes = lines.findIndex((l) => l.startsWith('through a link out'));
    expect(lines.slice(0, escapes)).toEqual(g.stdout.trimEnd().split('\n').slice(0, escapes));
    // Out through a link: EACCES, as Linux's open(2) says of a directory it
    // may not search (node:wasi follows the link for a core-module guest).
    // Out by `..`: to /, by name as on Linux, where
    // there is no x (ENOENT), in both.
    expect(lines.slice(escapes)).toEqual(['through a link out: -1 Permission denied', 'dot-dot out: -1 No such file or directory']);
    expect(g.stdout).toContain('dot-dot out: -1 No such file or directory');
    // The host sees what the component left, and nothing else.
    expect(readFileSync(join(c.data, 'left.txt'), 'utf8')).toBe('left for the host\n');
    expect(readdirSync(c.data).sort()).toEqual(['from-host.txt', 'left.txt', 'link-out']);
    expect(readdirSync(c.outside)).toEqual(['x']);
  }, 240_000);

  test('a directory that is not there is refused before the component runs', async () => {
    const p = spawn(sc, { args: ['alarm'], preopens: { '/data': join(root, OUT, 'no-such-dir') } });
    await expect(p.exited).rejects.toThrow(/cannot give the program the directory .*no-such-dir \(as \/data\): it does not exist/);
  });
});
