// A signal whose default action ends a process, sent while the guest does
// not catch, block or wait for it, ends the guest at once, as Linux ends a
// process at generation: even a guest that never reaches a safe point (a
// loop built with --no-preempt, a long libc call). One that it catches,
// blocks or waits for does not. test/hostile/c/busy.c is the guest.
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { spawn, SIGALRM, SIGINT, SIGKILL, SIGTERM, SIGUSR1, SIGWINCH, type GuestProcess } from 'wasig';
import { build, flavors, until, type Flavor } from '../guest/helpers.js';
import { kill, start, type Run } from '../guest/cli-run.js';

const live: GuestProcess[] = [];
const cli: Run[] = [];
afterEach(() => {
  for (const g of live.splice(0)) { try { g.kill(SIGKILL); } catch { /* gone */ } }
  for (const r of cli.splice(0)) r.child.kill('SIGKILL');
});

/** Its end, or 'running' if it has not ended after `ms` (only to catch a
 *  guest that the signal did not end). */
async function endOr(g: GuestProcess, ms: number) {
  let t: ReturnType<typeof setTimeout> | undefined;
  const r = await Promise.race([g.exited, new Promise<'running'>((res) => { t = setTimeout(() => res('running'), ms); })]);
  clearTimeout(t);
  return r;
}

describe.each(flavors)('%s: Term and Core defaults end a guest at once', (flavor: Flavor) => {
  let prog: string;
  beforeAll(() => { prog = build('test/hostile/c/busy.c', flavor, 'build/test-hostile', ['--no-preempt']); });
  const run = (args: string[]) => {
    const g = spawn(prog, { args, stdio: ['ignore', 'pipe', 'pipe'] });
    live.push(g);
    return g;
  };
  const ready = (g: GuestProcess) => until(() => g.stdout.includes('ready'), 20_000, 'ready');

  test.each([
    ['spin', SIGTERM], ['spin', SIGUSR1], ['spin', SIGINT], ['memset', SIGTERM],
  ])('a guest busy in %s ends by signal %i at default', async (mode, sig) => {
    const g = run([mode as string]);
    await ready(g);
    g.kill(sig as number);
    const end = await endOr(g, 10_000);
    expect(end).toMatchObject({ code: null, signal: sig });
    // What it wrote before is all there.
    expect(g.stdout).toBe('ready\n');
  }, 30_000);

  test('a signal whose default ignores it does not end it', async () => {
    const g = run(['spin']);
    await ready(g);
    g.kill(SIGWINCH);
    expect(await endOr(g, 300)).toBe('running');
    g.kill(SIGTERM);
    expect(await endOr(g, 10_000)).toMatchObject({ signal: SIGTERM });
  }, 30_000);

  test('SIG_DFL set again after a handler ends it again', async () => {
    const g = run(['reset', String(SIGUSR1)]);
    await ready(g);
    g.kill(SIGUSR1);
    expect(await endOr(g, 10_000)).toMatchObject({ code: null, signal: SIGUSR1 });
  }, 30_000);

  test.each([
    ['handler', SIGTERM, 'handled 15'], ['handler', SIGUSR1, 'handled 10'],
    ['blocked', SIGTERM, 'pending 15'],
  ])('%s: signal %i is not its end (no false kill)', async (mode, sig, says) => {
    // A handler runs at the next safe point; a blocked signal stays pending.
    const g = run([mode as string, String(sig)]);
    await ready(g);
    g.kill(sig as number);
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(g.stdout).toContain(says);
  }, 30_000);

  test('a pending signal unblocked ends it in sigprocmask', async () => {
    const g = run(['unblock', String(SIGTERM)]);
    await ready(g);
    g.kill(SIGTERM);
    expect(await endOr(g, 10_000)).toMatchObject({ code: null, signal: SIGTERM });
    expect(g.stdout).toContain(`pending ${SIGTERM}`);
  }, 30_000);

  test.each([
    ['alarm', SIGALRM], ['itimer', SIGALRM], ['ptimer', SIGUSR1],
  ])('its own timer (%s) ends it by signal %i at default', async (mode, sig) => {
    const g = run([mode as string]);
    await ready(g);
    expect(await endOr(g, 10_000)).toMatchObject({ code: null, signal: sig });
    expect(g.stdout).toBe('ready\n');
  }, 30_000);

  test('its own timer: a blocked signal stays pending, a caught one runs its handler', async () => {
    const b = run(['timer-blocked']);
    const h = run(['timer-handled']);
    await ready(b);
    expect(await h.exited).toEqual({ code: 0, signal: null });
    expect(h.stdout).toContain(`handled ${SIGALRM}`);
    // The blocked one's timer (100 ms) expired while h waited for its own.
    expect(await endOr(b, 300)).toBe('running');
    b.kill(SIGTERM);
    expect(await endOr(b, 10_000)).toMatchObject({ signal: SIGTERM });
  }, 30_000);

  test('wasig run ends by the signal', async () => {
    const r = start(['run', ...(flavor === 'emscripten' ? ['--target', 'emscripten'] : []), prog, 'spin']);
    cli.push(r);
    await until(() => r.out().includes('ready'), 20_000, 'ready');
    kill(r, 'TERM');
    expect(await r.done).toEqual({ code: null, signal: 'SIGTERM' });
  }, 30_000);
});
