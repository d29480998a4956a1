// Blocking calls of guests, both flavors: select/poll/pselect/ppoll wait in
// the worker without spinning, wake at once for a signal and fail with EINTR
// (never restarted, SA_RESTART or not), ready descriptors win, pselect/ppoll
// swap the mask atomically, and a default Term action ends a blocked guest
// at once, also for a real `kill` sent to `wasig run`.
import { execFileSync, spawn as spawnChild } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { spawn, SIGTERM, SIGUSR1, SIGSTOP, SIGCONT } from 'wasig';
import { build, flavors, root, sleep, until, wasig, type Kind } from './helpers.js';

// Components (`wasig cc --component`) run the same program with the same
// expectations: their poll, select and terminal calls are the same C.
describe.each([...flavors, 'component'] as Kind[])('%s guest', (flavor: Kind) => {
  let io: string;
  beforeAll(() => { io = build('test/guest/c/io.c', flavor); }, 120_000);

  const run = (args: string[]) => spawn(io, { args, stdio: ['pipe', 'pipe', 'pipe'] });
  const ready = (g: ReturnType<typeof run>) => until(() => g.stdout.includes('ready'), 15_000, 'ready');
  const field = (out: string, re: RegExp) => { const m = re.exec(out); if (!m) throw new Error(`no ${re} in ${JSON.stringify(out)}`); return m; };

  test.each(['norestart', 'restart'])('select with a SIGUSR1 handler (%s) fails with EINTR at once', async (how) => {
    const g = run(['select', how]);
    await ready(g);
    await sleep(200);
    g.kill(SIGUSR1);
    expect(await g.exited).toEqual({ code: 0, signal: null });
    const m = field(g.stdout, /select r=(-?\d+) errno=(\S+) handled=(\d+) ms=(\d+) left>5=(\d) set=(\d)/);
    expect([m[1], m[2], m[3]]).toEqual(['-1', 'EINTR', '10']);
    expect(Number(m[4])).toBeGreaterThanOrEqual(150);
    expect(Number(m[4])).toBeLessThan(5000);
    // Linux writes back the time left, and leaves the sets alone on EINTR.
    expect(m[5]).toBe('1');
    expect(m[6]).toBe('1');
  });

  test.each(['norestart', 'restart'])('poll with a timeout, interrupted (%s): EINTR', async (how) => {
    const g = run(['poll', how]);
    await ready(g);
    await sleep(200);
    g.kill(SIGUSR1);
    await g.exited;
    const m = field(g.stdout, /poll r=(-?\d+) errno=(\S+) handled=(\d+) ms=(\d+) revents=(\d+)/);
    expect([m[1], m[2], m[3], m[5]]).toEqual(['-1', 'EINTR', '10', '0']);
    expect(Number(m[4])).toBeLessThan(5000);
  });

  test('nanosleep under SA_RESTART still fails with EINTR, with the time left', async () => {
    const g = run(['nanosleep']);
    await ready(g);
    await sleep(200);
    g.kill(SIGUSR1);
    await g.exited;
    expect(g.stdout).toContain('nanosleep r=-1 errno=EINTR handled=10 rem>5=1');
  });

  test('SIGSTOP and SIGCONT without a handler do not end a poll: it goes on waiting', async () => {
    const g = run(['poll', 'norestart']);
    await ready(g);
    await sleep(100);
    g.kill(SIGSTOP);
    await until(() => g.stopped, 5000, 'stopped');
    g.kill(SIGCONT);
    await until(() => !g.stopped, 5000, 'continued');
    await sleep(300);
    expect(g.stdout).not.toContain('poll r=');
    g.stdin.write('x\n');
    await g.exited;
    expect(g.stdout).toMatch(/poll r=1 errno=0 handled=0 ms=\d+ revents=1\b/);
  });

  test('input wakes poll and select; stdout is writable; a timeout passes; bad fds; a pipe hangs up', async () => {
    const g = run(['ready']);
    await ready(g);
    await sleep(200);
    expect(g.stdout).not.toContain('poll r=');
    g.stdin.write('hi\n');
    await until(() => g.stdout.includes('timeout r='), 10_000, 'the select timeout');
    g.stdin.end();
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(g.stdout).toContain('poll r=1 in=1');
    // POLLIN|POLLRDNORM on stdin, POLLOUT on stdout
    expect(g.stdout).toContain('poll0 r=1 in=0 out=1 read=hi');
    expect(g.stdout).toContain('timeout r=0 ms>=150=1 set=0');
    expect(g.stdout).toContain('badfd select=-1 ebadf=1 poll=1 nval=1');
    expect(g.stdout).toContain('eof r=1 hup=1');
  });

  test('a pipe is ready as its state says (emscripten\'s FS; wasi: the library\'s pipes)', async () => {
    const g = run(['pipe']);
    await g.exited;
    expect(g.stdout).toContain('pipe empty=0/0 full=2 in=1 out=1 select=1');
  });

  test('at the end of stdin a pipe hangs up, a regular file stays readable (`wasig run < file`)', async () => {
    const g = run(['eof']);
    g.stdin.write('abc');
    g.stdin.end();
    await g.exited;
    expect(g.stdout).toContain('eof r=1 in=0 hup=1');
    const file = join(root, 'build/test-guest/eof-input.txt');
    writeFileSync(file, 'abc\n');
    const out = execFileSync('sh', ['-c', `node "${wasig}" run "${io}" eof < "${file}"`], { encoding: 'utf8' });
    expect(out).toContain('eof r=1 in=1 hup=0');
  });

  test('a guest blocked in select costs no CPU', async () => {
    const g = run(['idle']);
    await ready(g);
    const c0 = process.cpuUsage(), t0 = performance.now();
    await g.exited;
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const cpuMs = (c.user + c.system) / 1000;
    // The timeout is a least wait (select never returns early), and a
    // loaded machine may add to it: only a hang is bounded above.
    const ms = Number(field(g.stdout, /idle r=0 ms=(\d+)/)[1]);
    expect(ms).toBeGreaterThanOrEqual(1499);
    expect(ms).toBeLessThan(15_000);
    // A spinning guest would burn about the wall time.
    expect(cpuMs).toBeLessThan(wall * 0.3);
  });

  test.each(['pselect', 'ppoll'])('%s: a pending signal that its mask unblocks interrupts at once, and the mask comes back', async (mode) => {
    const g = run([mode]);
    await ready(g);
    g.kill(SIGUSR1);
    await g.exited;
    const m = field(g.stdout, new RegExp(`${mode} r=(-?\\d+) errno=(\\S+) handled=(\\d+) ms=(\\d+) blocked-after=(\\d)`));
    expect([m[1], m[2], m[3], m[5]]).toEqual(['-1', 'EINTR', '10', '1']);
    expect(Number(m[4])).toBeLessThan(2000);
  });

  test('SIGTERM at SIG_DFL ends a guest blocked in select at once', async () => {
    const g = run(['block']);
    await ready(g);
    await sleep(100);
    const t0 = Date.now();
    g.kill(SIGTERM);
    expect(await g.exited).toEqual({ code: null, signal: SIGTERM });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(g.stdout).not.toContain('select returned');
  });

  test('`wasig run` blocked in select dies of a real SIGTERM from another process', async () => {
    const child = spawnChild('node', [wasig, 'run', io, 'block'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    const done = new Promise<[number | null, string | null]>((r) => child.on('exit', (c, s) => r([c, s])));
    await until(() => out.includes('ready'), 15_000, 'ready');
    await sleep(100);
    const t0 = Date.now();
    spawnChild('kill', ['-TERM', String(child.pid)]);
    expect(await done).toEqual([null, 'SIGTERM']);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(out).not.toContain('select returned');
  });
});
