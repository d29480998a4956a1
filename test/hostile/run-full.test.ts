// Through `wasig run`: a guest whose realtime queue and ring are
// full still gets the standard signals the CLI forwards (a pending bit is
// never refused: the host holds what has no slot), so Ctrl+C, SIGTERM and
// the rest are never lost, and the CLI has nothing to report on stderr. A
// signal the CLI could not deliver would be said there ("wasig: SIGxxx not
// delivered: …"); the only one it cannot is to a guest that is gone.
import { spawn as spawnChild } from 'node:child_process';
import { expect, test } from 'vitest';
import { build, until, wasig } from '../guest/helpers.js';

test('wasig run: with the guest\'s realtime queue and ring full, SIGUSR1 and SIGTERM from kill(1) still arrive; nothing on stderr', async () => {
  const prog = build('test/hostile/c/hostile.c', 'wasi', 'build/test-hostile');
  const child = spawnChild('node', [wasig, 'run', prog, 'fill-self'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const ended = new Promise<[number | null, string | null]>((res) => child.on('exit', (code, sig) => res([code, sig])));
  try {
    await until(() => out.includes('full'), 30_000, 'the guest to fill its queue');
    const m = /full ok=(\d+) last=(-?\d+)/.exec(out)!;
    expect(Number(m[1])).toBeGreaterThan(1024); // its queue (1024) and part of its ring
    expect(Number(m[2])).toBe(-11); // and then EAGAIN
    child.kill('SIGUSR1');
    await until(() => out.includes('usr1 with a full queue'), 20_000, 'SIGUSR1 in the guest');
    child.kill('SIGTERM');
    expect(await ended).toEqual([null, 'SIGTERM']);
    expect(err).toBe('');
  } finally {
    child.kill('SIGKILL');
  }
}, 60_000);
