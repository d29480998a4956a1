// Busy loops without safe points: `wasig cc` instruments the program so that
// its handlers still run; with --no-preempt they wait for a safe point.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { spawn, SIGKILL, SIGUSR1 } from 'wasig';
import { build, flavors, root, sleep, until, wasig, type Flavor } from './helpers.js';

describe.each(flavors)('%s guest', (flavor: Flavor) => {
  test('a loop that never calls libc runs its SIGUSR1 handler', async () => {
    const g = spawn(build('test/guest/c/spin.c', flavor), { stdio: ['ignore', 'pipe', 'pipe'] });
    await until(() => g.stdout.includes('ready'), 10_000, 'ready');
    await sleep(50);
    g.kill(SIGUSR1);
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(g.stdout).toContain(`handled sig=${SIGUSR1} spins>0=1`);
  }, 60_000);

  test('with --no-preempt the handler waits for a safe point that never comes; SIGKILL still ends it', async () => {
    const out = join(root, 'build/test-guest', flavor, 'spin-nopreempt.wasm');
    execFileSync('node', [wasig, 'cc', '--no-preempt', '--target', flavor, join(root, 'test/guest/c/spin.c'), '-o', out]);
    const g = spawn(out, { stdio: ['ignore', 'pipe', 'pipe'] });
    await until(() => g.stdout.includes('ready'), 10_000, 'ready');
    g.kill(SIGUSR1);
    await sleep(500);
    expect(g.stdout).not.toContain('handled');
    g.kill('SIGKILL');
    expect(await g.exited).toEqual({ code: null, signal: SIGKILL });
  }, 60_000);
});

describe.each(flavors)('%s guest handlers', (flavor: Flavor) => {
  test('a handler declared `void h()` runs instead of trapping; SA_SIGINFO gets its siginfo', async () => {
    const g = spawn(build('test/guest/c/knr_handler.c', flavor), { stdio: ['ignore', 'pipe', 'pipe'] });
    expect(await g.exited).toEqual({ code: 0, signal: null });
    // raise() is tgkill on Linux: si_code SI_TKILL, not SI_USER.
    expect(g.stdout).toContain(`plain=1 info=${12 + 1000}`);
  }, 60_000);
});
