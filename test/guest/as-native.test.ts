// Behaviours LTP's open_posix_testsuite relies on (docs/conformance.md),
// checked by one C program (test/guest/c/as_native.c) built natively with cc
// and with wasig cc for both targets: every check passes natively, and the
// guests pass the same checks.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { spawn } from 'wasig';
import { build, flavors, root, type Flavor } from './helpers.js';

const src = join(root, 'test/guest/c/as_native.c');
const tap = (out: string) => ({
  failed: out.split('\n').filter((l) => l.startsWith('not ok')),
  count: Number(/^1\.\.(\d+)$/m.exec(out)?.[1]),
});

let linux: { failed: string[]; count: number };
beforeAll(() => {
  const dir = join(root, 'build/test-guest/native');
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, 'as_native');
  execFileSync('cc', ['-O1', src, '-o', bin, '-lrt']);
  linux = tap(spawnSync(bin, { encoding: 'utf8', timeout: 60_000 }).stdout);
}, 60_000);

test('natively every check passes', () => {
  expect(linux.failed).toEqual([]);
  expect(linux.count).toBeGreaterThanOrEqual(3);
});

describe.each(flavors)('%s guest', (flavor: Flavor) => {
  let prog: string;
  beforeAll(() => { prog = build('test/guest/c/as_native.c', flavor); }, 120_000);

  test('passes the same checks as natively: a timer armed for a time already past signals before timer_settime returns', async () => {
    const g = spawn(prog, { stdio: ['ignore', 'pipe', 'pipe'] });
    const st = await g.exited;
    const t = tap(g.stdout);
    expect(t.failed).toEqual([]);
    expect(t.count).toBe(linux.count);
    expect(g.stderr).toBe('');
    expect(st).toEqual({ code: 0, signal: null });
  }, 60_000);
});
