// The `wasig` CLI end to end: `wasig run` as a real child process, real OS
// signals sent to it with kill(1), its output and how it ends (exit status
// or death by signal). Both flavors.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { build, example, flavors, root, sleep, until, wasig, type Flavor } from './helpers.js';

interface Run { child: ChildProcess; out: () => string; err: () => string; done: Promise<{ code: number | null; signal: string | null }> }

function start(args: string[], stdin: 'pipe' | 'ignore' = 'ignore'): Run {
  const child = spawn('node', [wasig, ...args], { stdio: [stdin, 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  const done = new Promise<{ code: number | null; signal: string | null }>((r) => child.on('close', (code, signal) => r({ code, signal })));
  return { child, out: () => out, err: () => err, done };
}

/** A real signal, sent with kill(1). */
const kill = (r: Run, sig: string) => execFileSync('kill', ['-s', sig, String(r.child.pid)]);

describe('wasig CLI', () => {
  test('--help documents cc and run', () => {
    const out = execFileSync('node', [wasig, '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/wasig cc/);
    expect(out).toMatch(/wasig run/);
    expect(out).toMatch(/SIGINT, SIGTERM, SIGHUP/);
  });

  test('a missing module, a non-wasm file, no program: status 2 and a clear message', async () => {
    const dir = join(root, 'build/test-guest/bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'text.wasm'), 'not wasm');
    for (const [args, msg] of [
      [['run', join(dir, 'nope.wasm')], /cannot read/],
      [['run', join(dir, 'text.wasm')], /not a WebAssembly module/],
      [['run'], /no program/],
      [['frob'], /unknown command/],
    ] as const) {
      const r = start([...args]);
      expect(await r.done).toEqual({ code: 2, signal: null });
      expect(r.err()).toMatch(msg);
    }
  });
});

describe.each(flavors)('wasig run (%s)', (flavor: Flavor) => {
  let sc: string;
  beforeAll(() => {
    for (const e of ['graceful', 'progress', 'eventloop', 'timeout']) example(e, flavor);
    // its own output folder: guest.test.ts builds the same program in parallel
    sc = build('test/guest/c/scenarios.c', flavor, 'build/test-guest-cli');
  }, 180_000);

  test('graceful: SIGTERM runs the handler and the program exits 0', async () => {
    const r = start(['run', example('graceful', flavor)]);
    await until(() => r.out().includes('job 2 done'), 10_000, 'jobs');
    kill(r, 'TERM');
    expect(await r.done).toEqual({ code: 0, signal: null });
    expect(r.out()).toMatch(/Terminated received after \d+ jobs: shutting down gracefully/);
    expect(r.out()).toContain('cleanup done');
  });

  test('progress: SIGUSR1 reports, SIGINT (Ctrl+C) interrupts and the CLI dies of SIGINT', async () => {
    const r = start(['run', example('progress', flavor)]);
    await until(() => r.out().includes('counting primes'), 10_000, 'start');
    await sleep(200);
    kill(r, 'USR1');
    await until(() => r.out().includes('so far'), 10_000, 'progress report');
    kill(r, 'INT');
    expect(await r.done).toEqual({ code: null, signal: 'SIGINT' });
    expect(r.out()).toMatch(/interrupted after \d+ numbers/);
  });

  test('eventloop: signals become events in sigwaitinfo', async () => {
    const r = start(['run', example('eventloop', flavor)]);
    await until(() => r.out().includes('waiting for events'), 10_000, 'start');
    kill(r, 'HUP');
    await until(() => r.out().includes('reloading configuration (1)'), 10_000, 'HUP');
    kill(r, 'USR2');
    await until(() => r.out().includes('User defined signal 2'), 10_000, 'USR2');
    kill(r, 'WINCH');
    await until(() => r.out().includes('window size changed'), 10_000, 'WINCH');
    kill(r, 'TERM');
    expect(await r.done).toEqual({ code: 0, signal: null });
    expect(r.out()).toMatch(/Terminated: quitting after \d+ heartbeats, 1 reloads, 1 user events/);
  });

  test('timeout: alarm interrupts a blocking read of stdin; input in time is read', async () => {
    const slow = start(['run', example('timeout', flavor), '1'], 'pipe');
    const t0 = Date.now();
    expect(await slow.done).toEqual({ code: 1, signal: null });
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(slow.out()).toContain('the alarm rang after 1 seconds');
    const fast = start(['run', example('timeout', flavor), '5'], 'pipe');
    await until(() => fast.out().includes('what is your name'), 10_000, 'prompt');
    fast.child.stdin!.write('Ada\n');
    expect(await fast.done).toEqual({ code: 0, signal: null });
    expect(fast.out()).toMatch(/hello, Ada \(\d seconds to spare\)/);
  });

  test('Ctrl+C on a program without a handler: the CLI dies of SIGINT', async () => {
    const r = start(['run', sc, 'spin']);
    await until(() => r.out().includes('ready'), 10_000, 'ready');
    kill(r, 'INT');
    expect(await r.done).toEqual({ code: null, signal: 'SIGINT' });
  });

  test('SIGTSTP stops the guest and the CLI; SIGCONT resumes both', async () => {
    const r = start(['run', sc, 'ticker']);
    const ticks = () => (r.out().match(/tick/g) ?? []).length;
    await until(() => ticks() >= 3, 10_000, 'ticks');
    kill(r, 'TSTP');
    const state = () => readFileSync(`/proc/${r.child.pid}/stat`, 'utf8').split(') ')[1][0];
    await until(() => state() === 'T', 10_000, 'the CLI to stop');
    const n = ticks();
    await sleep(300);
    expect(ticks()).toBeLessThanOrEqual(n + 1);
    const m = ticks();
    kill(r, 'CONT');
    await until(() => ticks() >= m + 3, 10_000, 'ticks after SIGCONT');
    kill(r, 'TERM');
    expect(await r.done).toEqual({ code: null, signal: 'SIGTERM' });
  });

  test('exit status and traps come through', async () => {
    const e = start(['run', sc, 'exit', '7']);
    expect(await e.done).toEqual({ code: 7, signal: null });
    const t = start(['run', sc, 'trap']);
    const st = await t.done;
    expect(st.signal === 'SIGILL' || st.code === 132).toBe(true);
    expect(t.err()).toMatch(/wasm trap: .*unreachable/);
  });
});
