// Bad input to the CLI and to spawn(): one line that says what is wrong, exit
// status 2, no stack trace.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createRuntime, spawn } from 'wasig';
import { example, root, wasig } from '../guest/helpers.js';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [wasig, 'run', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, err: r.stderr };
}

function oneLine(err: string): void {
  expect(err.trim().split('\n')).toHaveLength(1);
  expect(err).not.toMatch(/\n\s+at /);
}

test('a plain emcc program (not built with wasig cc) is one line, exit 2', () => {
  const dir = join(root, 'build/test-hostile/plain-emcc');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'p.c'), '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n');
  execFileSync('emcc', ['p.c', '-o', 'p.mjs'], { cwd: dir, stdio: 'ignore' });
  const r = run([join(dir, 'p.mjs')]);
  expect(r.code).toBe(2);
  oneLine(r.err);
  expect(r.err).toMatch(/wasig cc --target emscripten/);
}, 120_000);

test('--dir of a directory that does not exist is one line, exit 2', () => {
  const r = run(['--dir', '/nonexistent-wasig-dir', example('timeout', 'wasi'), '1']);
  expect(r.code).toBe(2);
  oneLine(r.err);
  expect(r.err).toMatch(/\/nonexistent-wasig-dir.*does not exist/);
}, 60_000);

test('a .wasm with an emscripten loader beside it runs as WASI unless told: the error says why', () => {
  const r = run([example('timeout', 'emscripten').replace(/\.mjs$/, '.wasm'), '1']);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/host JavaScript/);
  expect(r.err).not.toMatch(/\n\s+at /);
}, 60_000);

test('spawn() stdio: 42 and a null handler are TypeErrors at the call', async () => {
  expect(() => spawn(example('timeout', 'wasi'), { stdio: 42 as never })).toThrow(/stdin must be 'inherit', 'pipe' or 'ignore', not 42/);
  const rt = await createRuntime();
  expect(() => rt.signal(2, null as never)).toThrow(TypeError);
  rt.close();
});

test('bad --max-memory values are one line naming the option, with the usage, exit 2', () => {
  for (const v of ['1x', '0', '5G', '', '-3M', '1.5M']) {
    const r = run([`--max-memory=${v}`, example('timeout', 'wasi'), '1']);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(`wasig run: --max-memory must be a size from 64K to 4G (bytes, or with K, M or G), not '${v}'`);
    expect(r.err).not.toMatch(/\n\s+at /);
  }
  // Less than the program needs to start: one line saying so.
  const r = run(['--max-memory', '64K', example('timeout', 'wasi'), '1']);
  expect(r.code).toBe(2);
  oneLine(r.err);
  expect(r.err).toMatch(/needs \d+ bytes of memory to start, more than maxMemory \(65536 bytes\)/);
}, 60_000);

test('spawn() maxMemory out of range is a TypeError at the call', () => {
  for (const v of [0, 1000, 2 ** 32 + 65536, 1.5e6 + 0.5, '64M', -1]) {
    expect(() => spawn(example('timeout', 'wasi'), { maxMemory: v as number })).toThrow(TypeError);
  }
});
