// `wasig run` as a real child process for the CLI tests of core-module
// guests and components: its output as it comes, how it ends, real OS
// signals sent to it with kill(1), and the job-control check both kinds of
// program must pass.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { sleep, until, wasig } from './helpers.js';

export interface Run { child: ChildProcess; out: () => string; err: () => string; done: Promise<{ code: number | null; signal: string | null }> }

export function start(args: string[], stdin: 'pipe' | 'ignore' = 'ignore'): Run {
  const child = spawn(process.execPath, [wasig, ...args], { stdio: [stdin, 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  const done = new Promise<{ code: number | null; signal: string | null }>((r) => child.on('close', (code, signal) => r({ code, signal })));
  return { child, out: () => out, err: () => err, done };
}

/** A real signal, sent with kill(1). */
export const kill = (r: Run, sig: string) => execFileSync('kill', ['-s', sig, String(r.child.pid)]);

/** A program printing "tick" lines: SIGTSTP stops it and the CLI (state T
 *  in /proc), no ticks while stopped, SIGCONT resumes both, SIGTERM (no
 *  handler) ends the CLI by SIGTERM. */
export async function expectStopContinue(r: Run, startMs = 20_000): Promise<void> {
  const ticks = () => (r.out().match(/tick/g) ?? []).length;
  await until(() => ticks() >= 3, startMs, 'ticks');
  kill(r, 'TSTP');
  const state = () => readFileSync(`/proc/${r.child.pid}/stat`, 'utf8').split(') ')[1][0];
  await until(() => state() === 'T', 10_000, 'the CLI to stop');
  const n = ticks();
  await sleep(300);
  expect(ticks()).toBeLessThanOrEqual(n + 1);
  const m = ticks();
  kill(r, 'CONT');
  await until(() => ticks() >= m + 3, 10_000, 'ticks after SIGCONT');
  kill(r, 'TERM');
  expect(await r.done).toEqual({ code: null, signal: 'SIGTERM' });
}
