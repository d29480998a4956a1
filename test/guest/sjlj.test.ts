// setjmp/longjmp and sigsetjmp/siglongjmp on both targets and in components
// (wasm exceptions that jco transpiles through stand-ins), compared with the
// same program built natively (glibc), and the classic REPL interrupt: a
// real SIGINT (kill(1)) whose handler siglongjmps back to the prompt out of
// a busy loop or a blocked read of stdin, with the mask restored.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { build, flavors, root, sleep, until, wasig, type Kind } from './helpers.js';

const src = join(root, 'test/guest/c/sjlj.c');
let native = '';

beforeAll(() => {
  const dir = join(root, 'build/test-guest/native');
  mkdirSync(dir, { recursive: true });
  native = join(dir, 'sjlj');
  execFileSync('cc', ['-O2', '-o', native, src]);
}, 60_000);

function repl(prog: string) {
  const child = spawn('node', [wasig, 'run', prog, 'repl'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const done = new Promise<{ code: number | null; signal: string | null }>((r) => child.on('close', (code, signal) => r({ code, signal })));
  const prompts = () => out.split('> ').length - 1;
  return { child, out: () => out, done, prompts, int: () => execFileSync('kill', ['-s', 'INT', String(child.pid)]) };
}

describe.each([...flavors, 'component'] as Kind[])('setjmp/longjmp (%s)', (flavor: Kind) => {
  let prog: string;
  beforeAll(() => { prog = build('test/guest/c/sjlj.c', flavor); }, 180_000);

  test('every check prints what glibc prints', () => {
    const want = execFileSync(native, ['self'], { encoding: 'utf8' });
    const got = spawnSync('node', [wasig, 'run', prog, 'self'], { encoding: 'utf8' });
    expect(got.stderr).toBe('');
    expect(got.stdout).toBe(want);
    expect(got.status).toBe(0);
    expect(want.split('\n').length).toBeGreaterThan(12);
  });

  test('Ctrl+C in a blocked read of stdin: back at the prompt, SIGINT unblocked, input still works', async () => {
    const r = repl(prog);
    await until(() => r.prompts() >= 1, 10_000, 'the prompt');
    r.int();
    await until(() => r.out().includes('interrupted (1)'), 10_000, 'the jump');
    await until(() => r.prompts() >= 2, 10_000, 'the next prompt');
    r.child.stdin.write('hello\n');
    await until(() => r.out().includes('echo hello'), 10_000, 'echo');
    r.int();
    await until(() => r.out().includes('interrupted (2)'), 10_000, 'the second jump');
    r.child.stdin.end();
    expect(await r.done).toEqual({ code: 0, signal: null });
    expect(r.out()).toContain('interrupted (1), SIGINT blocked: 0\n');
    expect(r.out()).toContain('interrupted (2), SIGINT blocked: 0\n');
    expect(r.out()).toMatch(/bye after 2 interrupts\n$/);
  });

  test('Ctrl+C in a loop that calls sched_yield: back at the prompt, again and again', async () => {
    const r = repl(prog);
    await until(() => r.prompts() >= 1, 10_000, 'the prompt');
    for (let i = 1; i <= 3; i++) {
      r.child.stdin.write('spin-yield\n');
      await until(() => (r.out().match(/spinning/g) ?? []).length >= i, 10_000, 'the loop');
      r.int();
      await until(() => r.out().includes(`interrupted (${i}), SIGINT blocked: 0`), 10_000, `jump ${i}`);
    }
    r.child.stdin.end();
    expect(await r.done).toEqual({ code: 0, signal: null });
    expect(r.out()).toMatch(/bye after 3 interrupts\n$/);
  });

  test('Ctrl+C in a loop of the program\'s own code (preempted): back at the prompt', async () => {
    const r = repl(prog);
    await until(() => r.prompts() >= 1, 10_000, 'the prompt');
    for (let i = 1; i <= 2; i++) {
      r.child.stdin.write('spin\n');
      await until(() => (r.out().match(/spinning/g) ?? []).length >= i, 10_000, 'the loop');
      r.int();
      await until(() => r.out().includes(`interrupted (${i}), SIGINT blocked: 0`), 10_000, `jump ${i}`);
    }
    r.child.stdin.write('after\n');
    await until(() => r.out().includes('echo after'), 10_000, 'echo');
    r.child.stdin.end();
    expect(await r.done).toEqual({ code: 0, signal: null });
    expect(r.out()).toMatch(/bye after 2 interrupts\n$/);
  });

  // On emscripten a loop of the function that called setjmp has no check
  // (c-src/libc/README.md says why): its handler waits for a safe point.
  test.skipIf(flavor === 'emscripten')('a busy loop in the function that called sigsetjmp: the handler jumps back into it', async () => {
    const child = spawn('node', [wasig, 'run', build('test/guest/c/sjlj-loop.c', flavor)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    const done = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    await until(() => out.includes('ready'), 10_000, 'ready');
    await sleep(100); // in the loop by now
    execFileSync('kill', ['-s', 'USR1', String(child.pid)]);
    expect(await done).toBe(0);
    expect(out).toBe('ready\nback from signal 10\n');
  }, 120_000);

  test('a program with no loop of its own, whose handler only siglongjmps to main, builds and runs as with glibc', () => {
    const noloop = join(root, 'test/guest/c/sjlj-noloop.c');
    const nat = join(root, 'build/test-guest/native/sjlj-noloop');
    execFileSync('cc', ['-O2', '-o', nat, noloop]);
    const want = execFileSync(nat, { encoding: 'utf8' });
    const got = spawnSync('node', [wasig, 'run', build('test/guest/c/sjlj-noloop.c', flavor)], { encoding: 'utf8' });
    expect(got.stderr).toBe('');
    expect(got.stdout).toBe(want);
    expect(want).toBe('back from signal 10, SIGUSR1 unblocked\n');
    expect(got.status).toBe(0);
  }, 120_000);

  test('a longjmp to a function that has returned ends the guest with SIGSEGV', () => {
    // Built as wasig cc builds it: on emscripten the mark of a function that
    // calls setjmp is a call of the hook through invoke_v, which the
    // preemption pass knows.
    const dead = build('test/guest/c/sjlj_dead.c', flavor);
    const r = spawnSync('node', [wasig, 'run', dead], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout).toBe('f=0\n');
    expect(r.signal).toBe('SIGSEGV');
    expect(r.stderr).toMatch(/longjmp/);
  }, 120_000);
});
