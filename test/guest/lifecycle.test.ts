// A guest's lifecycle as a Linux process has it, under `wasig run` (a real
// child process, a real signal from kill(1)): constructors once, environ,
// files in a host directory (--dir), atexit handlers and stdio flushed once
// at exit (after main returns, exit(), exit() from a handler, a read of
// stdin that waited). Both flavors.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { build, flavors, until, wasig, type Flavor } from './helpers.js';

function run(args: string[], env: Record<string, string> = {}, stdin: 'pipe' | 'ignore' = 'ignore') {
  const child = spawn('node', [wasig, 'run', ...args], { stdio: [stdin, 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '', err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  const done = new Promise<{ code: number | null; signal: string | null }>((r) => child.on('close', (code, signal) => r({ code, signal })));
  return { child, out: () => out, err: () => err, done };
}

describe.each(flavors)('guest lifecycle (%s)', (flavor: Flavor) => {
  let prog: string;
  let dir: string;
  beforeAll(() => {
    prog = build('test/guest/c/lifecycle.c', flavor);
    dir = mkdtempSync(join(tmpdir(), 'wasig-life-'));
    writeFileSync(join(dir, 'in.txt'), 'hello from the host\n');
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const once = (out: string, line: string) => expect(out.split('\n').filter((l) => l === line)).toHaveLength(1);

  test('main returns: constructors once, environ, --dir files, atexit once at exit', async () => {
    rmSync(join(dir, 'out.txt'), { force: true });
    const r = run(['--dir', dir, prog, 'return', dir], { LIFE_X: 'one', LIFE_Y: 'two words' });
    expect(await r.done).toEqual({ code: 0, signal: null });
    expect(r.err()).toBe('');
    const out = r.out();
    once(out, 'ctors=1');
    expect(out).toContain('env LIFE_X=one\nenv LIFE_Y=two words\ngetenv=one\n');
    expect(out).toContain('read hello from the host\n');
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('written by the guest\n');
    // atexit runs after everything main printed, and once.
    expect(out.endsWith('atexit ran, ctors=1\n')).toBe(true);
    once(out, 'atexit ran, ctors=1');
  });

  test('--dir HOST:GUEST maps the directory to another guest path', async () => {
    const r = run(['--dir', `${dir}:/data`, prog, 'return', '/data']);
    expect(await r.done).toEqual({ code: 0, signal: null });
    expect(r.out()).toContain('read hello from the host\n');
  });

  test('--dir HOST:. gives the directory as the working directory', async () => {
    const r = run(['--dir', `${dir}:.`, prog, 'return', '.']);
    expect(await r.done).toEqual({ code: 0, signal: null });
    expect(r.out()).toContain('read hello from the host\n');
  });

  test('exit(5): atexit and stdio flushed once, status 5', async () => {
    const r = run([prog, 'exit']);
    expect(await r.done).toEqual({ code: 5, signal: null });
    expect(r.out()).toBe('ctors=1\ngetenv=(null)\natexit ran, ctors=1\n');
  });

  test('a read of stdin that waits does not run atexit; EOF, then exit runs it once', async () => {
    const r = run([prog, 'stdin'], {}, 'pipe');
    await until(() => r.out().includes('waiting'), 10_000, 'the read');
    await new Promise((res) => setTimeout(res, 300));
    expect(r.out()).not.toContain('atexit');
    r.child.stdin!.end();
    expect(await r.done).toEqual({ code: 0, signal: null });
    expect(r.out()).toBe('ctors=1\ngetenv=(null)\nwaiting\nread 0\natexit ran, ctors=1\n');
  });

  test('exit() from a signal handler: atexit once, buffered output flushed, its status', async () => {
    const r = run([prog, 'handler-exit'], {}, 'pipe');
    await until(() => r.out().includes('waiting'), 10_000, 'the read');
    execFileSync('kill', ['-s', 'USR1', String(r.child.pid)]);
    expect(await r.done).toEqual({ code: 7, signal: null });
    expect(r.out()).toBe('ctors=1\ngetenv=(null)\nwaiting\nhandler exits\natexit ran, ctors=1\n');
  });
});
