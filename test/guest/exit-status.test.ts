// `wasig run` ends as Linux reports a process killed by a signal: a guest
// that dies of any signal whose default action is Term or Core makes the CLI
// die of that same signal (the shell then prints "User defined signal 1"
// and $? is 128+N), including SIGUSR1 (Node's inspector signal), SIGPIPE
// (ignored by Node) and realtime signals. Both flavors.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { beforeAll, describe, expect, test } from 'vitest';
import { build, flavors, wasig, type Flavor } from './helpers.js';

// signal(7): every Term and Core signal, and two realtime ones (Term).
const TERM_CORE = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 24, 25, 26, 27, 29, 30, 31, 34, 64];

interface End { code: number | null; signal: string | null; status: number }

/** Runs the CLI under sh, which reports $? (128+N for death by signal N). */
function die(prog: string, sig: number, how: string): Promise<End & { out: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', 'node "$0" run "$1" "$2" "$3"; echo "status=$?"', wasig, prog, String(sig), how], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code, signal) => {
      const status = Number(/status=(\d+)/.exec(out)?.[1] ?? -1);
      resolve({ code, signal, status, out });
    });
  });
}

async function inBatches<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += n) out.push(...await Promise.all(items.slice(i, i + n).map(fn)));
  return out;
}

describe.each(flavors)('exit status by signal (%s)', (flavor: Flavor) => {
  let prog: string;
  beforeAll(() => { prog = build('test/guest/c/die.c', flavor); }, 120_000);

  test('death by every Term/Core signal (raise) is death of wasig run by the same signal', async () => {
    const ends = await inBatches(TERM_CORE, 4, (sig) => die(prog, sig, 'raise'));
    const seen = ends.map((e, i) => ({ sig: TERM_CORE[i], status: e.status, out: e.out.split('\n')[0] }));
    expect(seen).toEqual(TERM_CORE.map((sig) => ({ sig, status: 128 + sig, out: `dying of ${sig}` })));
  }, 120_000);

  test('abort() runs a SIGABRT handler, then dies of SIGABRT even when it returned, was ignored or blocked (glibc)', async () => {
    const modes = ['abort-caught', 'abort-ignored', 'abort-blocked'];
    const ends = await inBatches(modes, 3, (how) => die(prog, 6, how));
    expect(ends.map((e) => ({ status: e.status, out: e.out.replace(/status=\d+\n/, '') }))).toEqual([
      { status: 134, out: 'dying of 6\nhandler ran for 6\n' },
      { status: 134, out: 'dying of 6\n' },
      { status: 134, out: 'dying of 6\n' },
    ]);
  }, 120_000);

  test('the CLI itself is killed by the signal, not exit 128+N (USR1 and PIPE included)', async () => {
    // Node's child_process names only the signals it knows: the realtime
    // ones are checked through the shell's $? above.
    const named = TERM_CORE.filter((n) => n < 32);
    const ends = await inBatches(named, 4, (sig) => new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      const child = spawn('node', [wasig, 'run', prog, String(sig), 'kill'], { stdio: 'ignore' });
      child.on('close', (code, signal) => resolve({ code, signal }));
    }));
    const name = (n: number) => Object.entries(constants.signals).find(([, v]) => v === n)![0];
    expect(ends).toEqual(named.map((n) => ({ code: null, signal: name(n) })));
  }, 120_000);
});
