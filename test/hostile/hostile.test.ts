// Hostile guests: each test runs an attack from a guest (test/hostile/c/
// hostile.c, both flavors where the attack is possible in both) and then
// checks that the host was not hurt: its event loop stayed responsive, a
// bystander guest and a runtime still take signals and end cleanly.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  BlockingIOError, createRuntime, spawn, SIGCONT, SIGKILL, SIGRTMIN, SIGSTOP, SIGSYS, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH,
  type GuestProcess, type SpawnOptions,
} from 'wasig';
import { build, flavors, root, sleep, until, type Flavor } from '../guest/helpers.js';

const live: GuestProcess[] = [];
afterEach(() => {
  for (const g of live.splice(0)) { try { g.kill(SIGKILL); } catch { /* gone */ } }
});

/** The longest the event loop was held while `during` ran. */
async function lagDuring<T>(during: Promise<T>): Promise<[T, number]> {
  let worst = 0, last = performance.now();
  const t = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 10);
    last = now;
  }, 10);
  try {
    return [await during, worst];
  } finally {
    clearInterval(t);
  }
}

describe.each(flavors)('%s: the host survives its guests', (flavor: Flavor) => {
  let prog: string;
  beforeAll(() => { prog = build('test/hostile/c/hostile.c', flavor, 'build/test-hostile'); });
  const run = (args: string[], opts: SpawnOptions = {}) => {
    const g = spawn(prog, { args, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    live.push(g);
    return g;
  };
  const ready = (g: GuestProcess) => until(() => g.stdout.includes('ready'), 20_000, 'ready');

  /** After an attack: a bystander guest and a runtime still work. */
  async function hostIsFine(): Promise<void> {
    const b = run(['bystander']);
    await ready(b);
    b.kill(SIGUSR1);
    await until(() => b.stdout.includes('usr1 1'), 20_000, 'the bystander\'s handler');
    b.kill(SIGUSR2);
    expect(await b.exited).toEqual({ code: 0, signal: null });
    const rt = await createRuntime({ flavor });
    try {
      const seen: number[] = [];
      rt.signal(SIGUSR1, (s) => { seen.push(s); });
      rt.os.kill(rt.pid, SIGUSR1);
      await until(() => seen.length === 1, 5000, 'the runtime\'s handler');
    } finally {
      rt.close();
    }
  }

  test('tail = head + 1 does not stall the host; the guest loses its signals or dies of SIGSYS', async () => {
    const g = run(['tail']);
    await ready(g);
    await sleep(20);
    const t0 = performance.now();
    for (let i = 0; i < 300 && !g.exitStatus; i++) {
      try { g.kill(i % 2 ? SIGUSR1 : SIGRTMIN); } catch (e) { expect(e).toBeInstanceOf(BlockingIOError); }
    }
    expect(performance.now() - t0).toBeLessThan(2000);
    if (flavor === 'wasi') {
      // Its mailbox is in its shared memory: the host saw the lie.
      const st = await g.exited;
      expect(st.signal).toBe(SIGSYS);
      expect(st.error).toMatch(/mailbox/);
    } else {
      // The host's side is its own buffer: the guest only starves itself.
      g.kill(SIGKILL);
      expect((await g.exited).signal).toBe(SIGKILL);
    }
    await hostIsFine();
  }, 60_000);

  test('a guest that sets every mailbox word (the old lock too) cannot make the host wait', async () => {
    const g = run(['words']);
    await ready(g);
    await sleep(20);
    const t0 = performance.now();
    for (let i = 0; i < 50 && !g.exitStatus; i++) {
      try { g.kill(SIGUSR1); } catch (e) { expect(e).toBeInstanceOf(BlockingIOError); }
    }
    expect(performance.now() - t0).toBeLessThan(1000);
    g.kill(SIGKILL);
    expect((await g.exited).signal).toBe(SIGKILL);
    await hostIsFine();
  }, 60_000);

  test('random bytes over the signal block while the host sends signals: only the guest suffers', async () => {
    for (const seed of [1, 2, 3]) {
      const g = run(['scribble', '400', String(seed)]);
      await ready(g);
      const sends = (async () => {
        while (!g.exitStatus) {
          for (const s of [SIGUSR1, SIGRTMIN, SIGCONT, SIGRTMIN + 3]) {
            try { g.kill(s); } catch { /* EAGAIN, or gone */ }
          }
          await sleep(1);
        }
      })();
      const [st, lag] = await lagDuring(Promise.race([g.exited, sleep(20_000).then(() => null)]));
      await sends;
      expect(st).not.toBeNull();
      expect(lag).toBeLessThan(1500);
    }
    await hostIsFine();
  }, 120_000);

  test('600 MiB to a pipe stdout: kept up to maxBuffer, the rest still reaches the listener', async () => {
    const g = run(['flood-out', '600'], { maxBuffer: 1 << 20 });
    let bytes = 0;
    g.on('stdout', (d: Uint8Array) => { bytes += d.length; });
    const [st, lag] = await lagDuring(g.exited);
    expect(st).toEqual({ code: 0, signal: null });
    expect(bytes).toBe(600 << 20);
    expect(g.stdout.length).toBe(1 << 20);
    expect(g.truncated.stdout).toBe(true);
    expect(lag).toBeLessThan(1500);
    await hostIsFine();
  }, 180_000);

  test('a 1 us interval timer sends the host one message per turn, not one per expiry', async () => {
    const gs = [0, 1, 2, 3].map(() => run(['flood-timer', '1500']));
    const [sts, lag] = await lagDuring(Promise.all(gs.map((g) => g.exited)));
    for (const [i, st] of sts.entries()) {
      expect(st).toEqual({ code: 0, signal: null });
      expect(Number(/alarms (\d+)/.exec(gs[i].stdout)![1])).toBeGreaterThan(0);
    }
    expect(lag).toBeLessThan(1000);
    await hostIsFine();
  }, 60_000);

  test('getitimer while a 1 ms interval timer floods: the interval exact, the value within it, no more alarms than expirations', async () => {
    const g = run(['getitimer-flood', '1500']);
    expect(await g.exited).toEqual({ code: 0, signal: null });
    const m = /getitimer checks=(\d+) bad=(\d+) alarms=(\d+) ms=(\d+)/.exec(g.stdout) ?? expect.fail(`no summary in: ${g.stdout}`);
    expect(Number(m[1])).toBeGreaterThan(100);
    expect(Number(m[2])).toBe(0);
    // A loop of nothing but getitimer() still reaches its safe points with
    // the alarms getitimer's look at the mailbox moved in.
    expect(Number(m[3]), m[0]).toBeGreaterThan(0);
    expect(Number(m[3])).toBeLessThanOrEqual(Number(m[4]) + 1);
  }, 60_000);

  test('ITIMER_VIRTUAL and ITIMER_PROF count the guest\'s own CPU, not its neighbours\'', async () => {
    const spinners = [run(['spin', '1500']), run(['spin', '1500'])];
    const g = run(['vtalrm', '1000']);
    await until(() => g.stdout.includes('after spinning'), 30_000, 'the CPU timers');
    expect(g.stdout).toContain('cpu timers 0');
    await Promise.all([g.exited, ...spinners.map((s) => s.exited)]);
  }, 60_000);

  test('realtime floods fill a victim, and SIGSTOP and SIGCONT still get through', async () => {
    const v = run(['victim']);
    await ready(v);
    const fl = [0, 1].map(() => run(['flood-rt', String(v.pid), '50'], { killScope: 'all' }));
    await Promise.all(fl.map((g) => g.exited));
    let ok = 0;
    for (const g of fl) {
      const m = /flood ok=(\d+) eagain=(\d+) other=(\d+)/.exec(g.stdout)!;
      expect(Number(m[2])).toBe(50);
      expect(Number(m[3])).toBe(0);
      ok += Number(m[1]);
    }
    // Fill what is left from the host, until a realtime signal is refused
    // even after the victim had time to take what it could.
    for (let round = 0; round < 100; round++) {
      let took = 0;
      for (;;) {
        try { v.kill(SIGRTMIN); ok++; took++; } catch (e) { expect(e).toBeInstanceOf(BlockingIOError); break; }
      }
      if (!took && round) break;
      await sleep(50);
    }
    // Nothing is refused to a standard signal now that the ring is full of
    // realtime records.
    expect(() => v.kill(SIGSTOP)).not.toThrow();
    await until(() => v.stopped, 10_000, 'stopped');
    expect(() => v.kill(SIGCONT)).not.toThrow();
    await until(() => !v.stopped, 10_000, 'continued');
    expect(() => v.kill(SIGRTMIN)).toThrow(BlockingIOError);
    v.kill(SIGUSR2);
    expect(await v.exited).toEqual({ code: 0, signal: null });
    // accepted = delivered
    expect(v.stdout).toContain(`rt ${ok}`);
    await hostIsFine();
  }, 60_000);

  test('signals sent before the guest is ready are bounded with EAGAIN, and none accepted is lost', async () => {
    const v = run(['victim']);
    let ok = 0, again = 0;
    for (let i = 0; i < 2000; i++) {
      try { v.kill(SIGRTMIN); ok++; } catch (e) { expect(e).toBeInstanceOf(BlockingIOError); again++; }
    }
    // A standard signal always has room.
    v.kill(SIGUSR1 + 0 === SIGUSR1 ? SIGCONT : SIGCONT);
    expect(ok).toBeGreaterThan(0);
    expect(again).toBe(2000 - ok);
    await ready(v);
    v.kill(SIGUSR2);
    expect(await v.exited).toEqual({ code: 0, signal: null });
    expect(v.stdout).toContain(`rt ${ok}`);
  }, 60_000);

  test('maxMemory caps the guest: malloc until NULL ends with ENOMEM and a normal exit', async () => {
    const g = run(['exhaust', '2000'], { maxMemory: 64 << 20 });
    expect(await g.exited).toEqual({ code: 0, signal: null });
    const m = /blocks (\d+) errno (\w+)/.exec(g.stdout)!;
    expect(Number(m[1])).toBeGreaterThan(16);
    expect(Number(m[1])).toBeLessThan(64);
    expect(m[2]).toBe('ENOMEM');
    await hostIsFine();
  }, 60_000);

  test('wasig run --max-memory 64M caps it the same way', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin/wasig.js'), 'run', ...(flavor === 'emscripten' ? ['--target', 'emscripten'] : []),
      '--max-memory', '64M', prog, 'exhaust', '2000'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^blocks ([1-5]\d|6[0-3]) errno ENOMEM\n$/);
  }, 60_000);

  test('permissions: scope, uid (EPERM), and kill(-1) never reaches runtimes by default', async () => {
    const rt = await createRuntime({ flavor });
    try {
      let hit = 0;
      rt.signal(SIGUSR1, () => { hit++; });
      const w = run(['bystander']);
      await ready(w);
      // Default scope 'self': another guest does not exist for it.
      const a = run(['kill', String(w.pid), String(SIGUSR1)]);
      await a.exited;
      expect(a.stdout).toContain('kill r=-1 ESRCH');
      // 'all' but another uid: EPERM.
      const b = run(['kill', String(w.pid), String(SIGUSR1)], { killScope: 'all', uid: 4242 });
      await b.exited;
      expect(b.stdout).toContain('kill r=-1 EPERM');
      // 'all': guests yes, runtimes no.
      const c = run(['kill', String(rt.pid), String(SIGUSR1)], { killScope: 'all' });
      await c.exited;
      expect(c.stdout).toContain('kill r=-1 ESRCH');
      const d = run(['kill', '-1', String(SIGUSR1)], { killScope: 'all' });
      await d.exited;
      expect(d.stdout).toContain('kill r=0 OK');
      await until(() => w.stdout.includes('usr1 1'), 10_000, 'broadcast to the guest');
      await sleep(50);
      expect(hit).toBe(0);
      // uid 0 reaches another uid; 'host' reaches the runtime.
      const e = run(['kill', String(rt.pid), String(SIGUSR1)], { killScope: 'host', uid: 0 });
      await e.exited;
      expect(e.stdout).toContain('kill r=0 OK');
      await until(() => hit === 1, 5000, 'the runtime\'s handler');
      w.kill(SIGUSR2);
      expect((await w.exited).code).toBe(0);
    } finally {
      rt.close();
    }
  }, 60_000);
});

describe('wasi: imports called with what no libc passes', () => {
  let prog: string;
  beforeAll(() => { prog = build('test/hostile/c/hostile.c', 'wasi', 'build/test-hostile'); });
  const call = (what: string) => spawn(prog, { args: ['import', what], stdio: ['ignore', 'pipe', 'pipe'] });

  test('wasig_file_js with pointers out of memory, a huge length, a NUL in the path, no such descriptor or operation, a mode of no access(2) and a path out of its directory: an errno each, the host unhurt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wasig-hostile-file-'));
    try {
      const g = spawn(prog, { args: ['import', 'file', dir], stdio: ['ignore', 'pipe', 'pipe'], preopens: { [dir]: dir } });
      const st = await g.exited;
      // EFAULT, EFAULT, ENAMETOOLONG, EINVAL, EBADF, EINVAL, EINVAL, EACCES (Linux's numbers).
      expect(g.stdout).toContain('file -14 -14 -36 -22 -9 -22 -22 -13\n');
      expect(st).toEqual({ code: 0, signal: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each(['timer-which', 'timer-nan', 'now-which', 'wait-nan', 'default-sig'])('%s ends the guest with SIGSYS', async (what) => {
    const st = await call(what).exited;
    expect(st.signal).toBe(SIGSYS);
    expect(st.error).toMatch(/bad call from the guest/);
  });

  test('a handler index outside the table ends the guest with SIGSEGV', async () => {
    const st = await call('call-fn').exited;
    expect(st.signal).toBe(11);
  });

  test('a guest that lies about which signals end it at once hurts only itself', async () => {
    // Every signal, SIGWINCH too: the first one ends it.
    const a = call('fatal-all');
    await until(() => a.stdout.includes('lied'), 20_000, 'lied');
    a.kill(SIGWINCH);
    expect(await a.exited).toMatchObject({ code: null, signal: SIGWINCH });
    // None: its safe point still takes SIGTERM's default.
    const b = call('fatal-none');
    await until(() => b.stdout.includes('lied'), 20_000, 'lied');
    b.kill(SIGTERM);
    expect(await b.exited).toMatchObject({ code: null, signal: SIGTERM });
  });

  test('a timer too far to reach is a timer that never fires', async () => {
    const g = call('timer-huge');
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(g.stdout).toContain('survived');
  });

  test('si_code is the host\'s: forged SI_KERNEL, SI_TIMER and SI_TKILL to another are EPERM', async () => {
    const g = call('kill-code');
    await g.exited;
    expect(g.stdout).toContain('codes -1 -1 -1 -22');
  });
});

describe('a module that lies at start', () => {
  test('a bogus process address in its ready message ends it, not the host', async () => {
    const dir = join(root, 'build/test-hostile/raw');
    mkdirSync(dir, { recursive: true });
    const src = join(dir, 'bogus.c');
    writeFileSync(src, [
      '#include <stdint.h>',
      '#include "boundary.h"',
      '__attribute__((import_module("env"), import_name("wasig_start_js"))) void start_js(int32_t, int32_t, int32_t);',
      'static int32_t setup(int32_t a, int32_t b, int32_t c) { (void)a; (void)b; (void)c; return 0x7ffffff0; }',
      'static int32_t interrupt(void) { return 0; }',
      '__attribute__((export_name("_start"))) void start(void) {',
      '  start_js((int32_t)(uintptr_t)&wasig_layout, (int32_t)(uintptr_t)&setup, (int32_t)(uintptr_t)&interrupt);',
      '  for (volatile int i = 0; i < 100000000; i++);',
      '}',
    ].join('\n'));
    const out = join(dir, 'bogus.wasm');
    // Shared memory: the host then writes the mailbox in place, at the
    // address the module gives.
    execFileSync('clang-14', ['--target=wasm32-wasi', '-O1', '-nostdlib', '-ffreestanding', '-matomics', '-mbulk-memory',
      '-Ic-src/core', '-Wl,--no-entry', '-Wl,--shared-memory,--import-memory,--max-memory=1048576,--no-check-features', '-Wl,--export-table',
      '-o', out, src, 'c-src/core/layout.c'], { cwd: root });
    expect(readFileSync(out).length).toBeGreaterThan(0);
    const g = spawn(out, { stdio: 'pipe' });
    const st = await g.exited;
    expect(st.signal).toBe(SIGSYS);
    expect(st.error).toMatch(/does not fit/);
  });
});
