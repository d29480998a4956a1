// SIGSTOP and SIGCONT under load: the soak (bench/soak.mjs) of many guests
// signalling each other left one guest stopped. Three things were behind
// it, each tested here:
// - a guest that stops itself stays stopped until another sends SIGCONT
//   (Linux does the same: the soak's guests now never stop themselves);
// - a guest whose realtime queue is full spun in its waits, stopped or not
//   (its held records re-tripped the safe point at every turn), which
//   starved the others on a small machine;
// - the producer coalesced a SIGCONT into one the consumer had already
//   taken when the consumer was moving held records as it posted.
import { describe, expect, test, afterEach } from 'vitest';
import { BlockingIOError, SIGCONT, SIGKILL, SIGRTMIN, SIGSTOP, SIGUSR2, spawn, type GuestProcess, type SpawnOptions } from 'wasig';
import { hostMailbox } from '../../dist/guest/mailbox.js';
import { build, flavors, sleep, until, type Flavor } from '../guest/helpers.js';

const live: GuestProcess[] = [];
afterEach(() => {
  for (const g of live.splice(0)) { try { g.kill(SIGKILL); } catch { /* gone */ } }
});

test('a SIGCONT posted while the consumer moves held realtime records is not coalesced into one it took', () => {
  const SIGCONT_ = 18, SIGSTOP_ = 19;
  const p = hostMailbox(256, 34, 65);
  const { i32, m } = p;
  const signo = (i: number) => (m.ring + (i % m.ringMax) * m.infoSize + m.info.signo) >> 2;
  const rec = (s: number) => ({ signo: s, code: 0, pid: 1, uid: 0, value: 0 });
  p.post(rec(34)); // slot 0: a realtime record the consumer will hold (its queue is full)
  p.post(rec(SIGCONT_)); // slot 1
  p.post(rec(SIGSTOP_)); // slot 2
  // The consumer took slots 0-2: SIGCONT, then SIGSTOP (the guest is now
  // stopped); it writes the held record back at the end of what it took
  // (slot 2) and has not stored its tail yet.
  Atomics.store(i32, signo(2), 34);
  // A SIGCONT now must get a slot of its own: slot 1's SIGCONT was taken
  // before the stop.
  p.post(rec(SIGCONT_));
  expect(Atomics.load(i32, m.head >> 2)).toBe(4);
  expect(Atomics.load(i32, signo(3))).toBe(SIGCONT_);
  // The consumer finishes: what is left for it ends with that SIGCONT.
  Atomics.store(i32, m.tail >> 2, 2);
  expect([...p.pending()].map((r) => r.signo)).toEqual([34, SIGCONT_]);
});

test('a stop or SIGCONT still coalesces with the newest record when it is the same signal', () => {
  const p = hostMailbox(256, 34, 65);
  const rec = (s: number) => ({ signo: s, code: 0, pid: 1, uid: 0, value: 0 });
  p.post(rec(19));
  p.post(rec(19));
  p.post(rec(18));
  p.post(rec(18));
  expect([...p.pending()].map((r) => r.signo)).toEqual([19, 18]);
});

describe.each(flavors)('%s: stop and continue under load', (flavor: Flavor) => {
  const run = (src: string, args: string[], opts: SpawnOptions = {}) => {
    const g = spawn(build(src, flavor, 'build/test-hostile'), { args, stdio: ['pipe', 'pipe', 'pipe'], ...opts });
    live.push(g);
    return g;
  };

  test('a guest that stops itself stays stopped until another sends SIGCONT', async () => {
    const g = run('test/hostile/c/hostile.c', ['self-stop']);
    await until(() => g.stopped, 20_000, 'stopped');
    await sleep(300);
    expect(g.stopped).toBe(true);
    expect(g.stdout).not.toContain('continued');
    g.kill(SIGCONT);
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(g.stdout).toContain('continued');
  }, 60_000);

  test('a guest with a full realtime queue waits without spinning, running or stopped', async () => {
    const v = run('test/hostile/c/hostile.c', ['victim']);
    await until(() => v.stdout.includes('ready'), 20_000, 'ready');
    // Fill its queue and its ring until a realtime signal is refused even
    // after it had time to take what it could.
    let ok = 0;
    for (let round = 0, idle = 0; round < 200 && idle < 3; round++) {
      let took = 0;
      for (;;) {
        try { v.kill(SIGRTMIN); ok++; took++; } catch (e) { expect(e).toBeInstanceOf(BlockingIOError); break; }
      }
      idle = took ? 0 : idle + 1;
      await sleep(100);
    }
    expect(ok).toBeGreaterThan(1024);
    await sleep(1500); // in pause(), with held records
    v.kill(SIGSTOP);
    await until(() => v.stopped, 10_000, 'stopped');
    await sleep(1500); // stopped, with held records
    v.kill(SIGCONT);
    await until(() => !v.stopped, 10_000, 'continued');
    v.kill(SIGUSR2);
    expect(await v.exited).toEqual({ code: 0, signal: null });
    const m = /rt (\d+) cpu_ms (\d+)/.exec(v.stdout)!;
    expect(Number(m[1])).toBe(ok);
    // A spinning wait used a share of a core for 3 s (>= 1000 ms even on a
    // loaded machine); waiting uses next to nothing.
    expect(Number(m[2])).toBeLessThan(600);
  }, 60_000);

  test('24 guests signalling each other with STOP/CONT pairs, realtime and standard traffic, and the host stopping and continuing them: every one ends', async () => {
    const n = 24, ms = 2000;
    const gs = Array.from({ length: n }, () => run('bench/c/soak.c', [String(ms)], { killScope: 'all' }));
    // Every guest has its handlers before any is told whom to signal: a
    // signal at its default ends a guest at once.
    await until(() => gs.every((g) => g.stdout.includes('armed')), 60_000, 'every guest armed');
    const pids = gs.map((g) => g.pid).join(' ');
    for (const g of gs) { g.stdin.write(pids + '\n'); g.stdin.end(); }
    // The host stops and continues guests too, each stop followed by its
    // SIGCONT a moment later, interleaved with the guests' own pairs.
    const t0 = performance.now();
    let k = 0;
    while (performance.now() - t0 < ms) {
      const g = gs[k++ % n];
      g.kill(SIGSTOP);
      await sleep(k % 3);
      g.kill(SIGCONT);
    }
    await until(() => gs.every((g) => g.stdout.includes('sent') || g.exitStatus), 60_000, 'every guest done sending');
    for (const g of gs) g.kill(SIGUSR2);
    const sts = await Promise.all(gs.map((g) => g.exited));
    for (const st of sts) expect(st).toEqual({ code: 0, signal: null });
    let acc = 0, got = 0, pairs = 0;
    for (const g of gs) {
      const m = /rt_acc=(\d+) rt_got=(\d+).*stop_acc=(\d+)/.exec(g.stdout)!;
      acc += Number(m[1]); got += Number(m[2]); pairs += Number(m[3]);
    }
    expect(got).toBe(acc); // accepted = delivered
    expect(pairs).toBeGreaterThan(0);
  }, 120_000);
});
