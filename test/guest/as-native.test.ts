// Behaviours LTP's open_posix_testsuite relies on (docs/conformance.md),
// checked by one C program (test/guest/c/as_native.c) built natively with cc
// and with wasig cc for both targets: every check passes natively, and the
// guests pass the same checks.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, test } from 'vitest';
import { spawn } from 'wasig';
import { build, buildNative, flavors, type Flavor } from './helpers.js';

const tap = (out: string) => ({
  failed: out.split('\n').filter((l) => l.startsWith('not ok')),
  count: Number(/^1\.\.(\d+)$/m.exec(out)?.[1]),
});

let linux: { failed: string[]; count: number };
beforeAll(() => {
  const bin = buildNative('test/guest/c/as_native.c', ['-O1', '-lrt']);
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
