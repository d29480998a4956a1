// Pipes, dup, dup2 and F_DUPFD in one process (test/guest/c/pipes.c): the
// same checks pass natively (cc) and in a wasi guest, whose descriptor
// table and pipes are the library's own (c-src/libc/descriptors.c).
// Emscripten guests use emscripten's own pipes (docs/programs.md says how
// they differ), so they are not checked here.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { spawn } from 'wasig';
import { build, root } from './helpers.js';

const src = 'test/guest/c/pipes.c';
const tap = (out: string) => ({
  failed: out.split('\n').filter((l) => l.startsWith('not ok')),
  count: Number(/^1\.\.(\d+)$/m.exec(out)?.[1]),
});

describe('pipes and dup', () => {
  let native: string, wasi: string;
  beforeAll(() => {
    native = join(root, 'build/test-guest/native/pipes');
    mkdirSync(join(root, 'build/test-guest/native'), { recursive: true });
    execFileSync('cc', ['-O1', join(root, src), '-o', native]);
    wasi = build(src, 'wasi');
  }, 120_000);

  test('natively: every check holds on Linux', () => {
    const r = spawnSync(native, { encoding: 'utf8' });
    expect(tap(r.stdout).failed).toEqual([]);
    expect(tap(r.stdout).count).toBeGreaterThanOrEqual(40);
    expect(r.status).toBe(0);
  });

  test('wasi: the same checks', async () => {
    const g = spawn(wasi, { stdio: ['ignore', 'pipe', 'pipe'], preopens: { '/tmp': '/tmp' } });
    const st = await g.exited;
    expect(tap(g.stdout).failed).toEqual([]);
    expect(tap(g.stdout).count).toBe(tap(spawnSync(native, { encoding: 'utf8' }).stdout).count);
    expect(st).toEqual({ code: 0, signal: null });
  });

  test('a write with no reader and SIGPIPE at its default action: death by SIGPIPE, natively and on wasi', async () => {
    const n = spawnSync(native, ['sigpipe'], { encoding: 'utf8' });
    expect({ stdout: n.stdout, signal: n.signal }).toEqual({ stdout: 'writing\n', signal: 'SIGPIPE' });
    const g = spawn(wasi, { args: ['sigpipe'], stdio: ['ignore', 'pipe', 'pipe'] });
    const st = await g.exited;
    expect({ stdout: g.stdout, signal: st.signal }).toEqual({ stdout: 'writing\n', signal: 13 }); // spawn() names signals by number
  });
});
