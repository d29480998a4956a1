// A call through a prototype that disagrees with the definition (K&R
// declarations, another file's prototype): the native build runs it, and
// so does a wasi guest, whose `wasig cc` adapts wasm-ld's trapping stub
// (ts/cli/mismatch.ts); emscripten's link inlines the stubs, so there the
// build fails and says what to do.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { root, wasig } from './helpers.js';

const srcs = ['mismatch-caller.c', 'mismatch-callee.c'].map((f) => join(root, 'test/guest/c', f));
const dir = join(root, 'build/test-guest/mismatch');
const names = ['dropped', 'missing', 'extra', 'wide', 'narrow'];

function cc(args: string[]) {
  return spawnSync(process.execPath, [wasig, 'cc', ...args, ...srcs], { encoding: 'utf8' });
}

describe('calls through a mismatched prototype', () => {
  test.each([[[]], [['--no-preempt']]])('wasi %j: adapted as on x86-64, output equal to the native build', (flags) => {
    mkdirSync(dir, { recursive: true });
    const native = join(dir, 'native');
    execFileSync('cc', ['-O2', '-w', '-o', native, ...srcs]);
    const want = execFileSync(native, { encoding: 'utf8' });
    expect(want).toBe('dropped 5\nmissing 70\nextra 6\nwide 10\nnarrow 123\n');
    const out = join(dir, `wasi${flags.join('')}.wasm`);
    const built = cc([...flags, '-o', out]);
    expect(built.status, built.stderr).toBe(0);
    for (const f of names) {
      // wasm-ld's warning stays (it is true), with ours under it.
      expect(built.stderr).toContain(`warning: function signature mismatch: ${f}\n`);
      expect(built.stderr).toMatch(new RegExp(`^wasig cc: the calls of ${f} as \\(.*\\) -> \\w+ are adapted to its definition `, 'm'));
    }
    expect(built.stderr).toContain('the calls of narrow as (i32) -> i32 are adapted to its definition (i64) -> i64');
    expect(built.stderr).toContain('the calls of dropped as (i32) -> void are adapted to its definition (i32) -> i32');
    const got = spawnSync(process.execPath, [wasig, 'run', out], { encoding: 'utf8', timeout: 60_000 });
    expect({ code: got.status, out: got.stdout, err: got.stderr }).toEqual({ code: 0, out: want, err: '' });
    // The exports that kept the definitions alive for the adapters are gone.
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(out)));
    expect(exports.map((e) => e.name).filter((n) => names.includes(n))).toEqual([]);
  });

  test('emscripten: the link fails naming each function, and leaves no program', () => {
    mkdirSync(dir, { recursive: true });
    const out = join(dir, 'em.mjs');
    const built = cc(['--target', 'emscripten', '-o', out]);
    expect(built.status).toBe(1);
    for (const f of names) {
      expect(built.stderr).toContain(`warning: function signature mismatch: ${f}\n`);
      expect(built.stderr).toContain(`\nwasig cc: ${f} is called through a prototype that disagrees with its definition, a call that traps on emscripten: declare it as it is defined`);
    }
    expect(existsSync(out) || existsSync(out.replace(/\.mjs$/, '.wasm'))).toBe(false);
  });
});
