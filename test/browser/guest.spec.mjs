// spawn() of the browser build: wasm guests in Web Workers, both flavors,
// with cross-origin isolation (the shared signal block) and without it (the
// relay fallback): a busy guest's handlers run, a blocked one wakes at once.
import { execFileSync } from 'node:child_process';
import { assert, assertEq, test } from './fixtures.mjs';

for (const where of ['', 'plain/']) {
  const label = where ? 'not isolated' : 'isolated';
  for (const flavor of ['wasi', 'emscripten']) {
    test(`${label}, ${flavor}: a busy guest takes SIGUSR1 and SIGINT, a blocked one wakes for SIGUSR2`, async ({ page, server }) => {
      await page.goto(`${server.url}${where}test/browser/pages/guest.html`);
      await page.waitForFunction(() => window.wasigLoaded === true);
      assertEq(await page.evaluate(() => crossOriginIsolated), !where, 'crossOriginIsolated');
      const ext = flavor === 'wasi' ? 'wasm' : 'mjs';
      await page.evaluate((p) => { window.g = window.start(p); }, `/${where}examples/${flavor}/progress.${ext}`);
      await page.waitForFunction(() => window.g.out.includes('counting primes'), null, { timeout: 10_000 });
      await page.evaluate(() => window.g.p.kill('SIGUSR1'));
      await page.waitForFunction(() => /checked \d+ numbers/.test(window.g.out), null, { timeout: 5_000 });
      await page.evaluate(() => window.g.p.kill('SIGINT'));
      await page.waitForFunction(() => window.g.exit, null, { timeout: 5_000 });
      const g = await page.evaluate(() => ({ out: window.g.out, exit: window.g.exit }));
      assert(/interrupted after \d+ numbers/.test(g.out), g.out);
      assertEq(g.exit, { code: null, signal: 2 }, 'exit');
      // Blocked in sigtimedwait(…, 10 s): woken within a small bound.
      await page.evaluate((p) => { window.g = window.start(p); }, `/${where}web-examples/${flavor}/watch.${ext}`);
      await page.waitForFunction(() => window.g.out.includes('Waiting in sigtimedwait'), null, { timeout: 10_000 });
      const ms = await page.evaluate(async () => {
        await new Promise((r) => setTimeout(r, 100));
        const t0 = performance.now();
        window.g.p.kill('SIGUSR2');
        while (!/got SIGUSR2/.test(window.g.out)) await new Promise((r) => setTimeout(r, 5));
        return performance.now() - t0;
      });
      assert(ms < 2000, `woken after ${ms} ms`);
      await page.evaluate(() => window.g.p.kill('SIGTERM'));
      await page.waitForFunction(() => window.g.exit, null, { timeout: 5_000 });
      assertEq(await page.evaluate(() => window.g.exit), { code: null, signal: 15 }, 'SIGTERM at SIG_DFL');
      const warned = await page.evaluate(() => window.fallbackEvents.length);
      assertEq(warned, where ? 1 : 0, 'fallback warnings');
      assertEq(page.errors, [], 'console errors');
    });
  }
}

test('emscripten in a browser: host directories (preopens) fail with a message that says why', async ({ page, server }) => {
  await page.goto(`${server.url}test/browser/pages/guest.html`);
  await page.waitForFunction(() => window.wasigLoaded === true);
  const r = await page.evaluate(async () => {
    const p = window.wasig.spawn(new URL('/examples/emscripten/progress.mjs', location.href).href, { preopens: { '/data': '/tmp' } });
    try {
      return { status: await p.exited };
    } catch (e) {
      return { error: e.message };
    }
  });
  assert(/not supported for emscripten guests in a browser/.test(r.error ?? ''), JSON.stringify(r));
});

// Without isolation a guest's timers run in its worker: a due timer trips
// the mailbox there and the relay is read at most every ~50 ms while the
// guest computes (a 1 us interval timer made one synchronous request per
// safe point). getitimer stays within the timer's rules meanwhile.
test('not isolated, wasi: a 1 us interval timer does not flood the relay; getitimer under a 1 ms flood', async ({ page, server }) => {
  // Built beside the web examples, which the server serves (/web-examples/).
  execFileSync('node', ['bin/wasig.js', 'cc', '--target', 'wasi', 'test/hostile/c/hostile.c', '-o', 'build/web-examples/test-hostile/hostile.wasm']);
  const url = '/plain/web-examples/test-hostile/hostile.wasm';
  await page.goto(`${server.url}plain/test/browser/pages/guest.html`);
  await page.waitForFunction(() => window.wasigLoaded === true);
  let relay = 0;
  page.context().on('request', (r) => { if (r.url().includes('/__wasig/relay/') && r.method() === 'GET') relay++; });
  await page.evaluate((p) => { window.g = window.start(p, ['flood-timer', '1500']); }, url);
  await page.waitForFunction(() => window.g.exit, null, { timeout: 30_000 });
  const g = await page.evaluate(() => ({ out: window.g.out, exit: window.g.exit }));
  assertEq(g.exit, { code: 0, signal: null }, 'exit');
  const alarms = Number(/alarms (\d+)/.exec(g.out)?.[1]);
  assert(alarms > 0, g.out);
  // One read per ~50 ms of computing (30 in 1.5 s), not one per due timer.
  assert(relay > 0 && relay <= 40, `${relay} relay requests in 1.5 s`);
  await page.evaluate((p) => { window.g = window.start(p, ['getitimer-flood', '1500']); }, url);
  await page.waitForFunction(() => window.g.exit, null, { timeout: 30_000 });
  const h = await page.evaluate(() => ({ out: window.g.out, exit: window.g.exit }));
  assertEq(h.exit, { code: 0, signal: null }, 'exit');
  const m = /getitimer checks=(\d+) bad=(\d+) alarms=(\d+) ms=(\d+)/.exec(h.out);
  assert(m && Number(m[1]) > 100 && Number(m[2]) === 0 && Number(m[3]) <= Number(m[4]) + 1, h.out);
  assertEq(page.errors, [], 'console errors');
});

// Without isolation the worker posts which signals would end its guest now:
// the page ends a guest that never reads the relay (no safe point: built
// with --no-preempt) at once, and sends a caught one on. maxMemory caps the
// guest's memory there as with shared memory.
test('not isolated, wasi: a Term default ends a guest with no safe point at once; a caught one is handled; maxMemory caps it', async ({ page, server }) => {
  execFileSync('node', ['bin/wasig.js', 'cc', '--target', 'wasi', '--no-preempt', 'test/hostile/c/busy.c', '-o', 'build/web-examples/test-hostile/busy.wasm']);
  execFileSync('node', ['bin/wasig.js', 'cc', '--target', 'wasi', 'test/hostile/c/hostile.c', '-o', 'build/web-examples/test-hostile/hostile.wasm']);
  await page.goto(`${server.url}plain/test/browser/pages/guest.html`);
  await page.waitForFunction(() => window.wasigLoaded === true);
  assertEq(await page.evaluate(() => crossOriginIsolated), false, 'crossOriginIsolated');
  const busy = '/plain/web-examples/test-hostile/busy.wasm';
  await page.evaluate((p) => { window.g = window.start(p, ['spin']); }, busy);
  await page.waitForFunction(() => window.g.out.includes('ready'), null, { timeout: 10_000 });
  await page.evaluate(() => window.g.p.kill('SIGTERM'));
  await page.waitForFunction(() => window.g.exit, null, { timeout: 5_000 });
  assertEq(await page.evaluate(() => window.g.exit), { code: null, signal: 15 }, 'ended by SIGTERM');
  await page.evaluate((p) => { window.g = window.start(p, ['handler', '15']); }, busy);
  await page.waitForFunction(() => window.g.out.includes('ready'), null, { timeout: 10_000 });
  await page.evaluate(() => window.g.p.kill('SIGTERM'));
  await page.waitForFunction(() => window.g.exit, null, { timeout: 10_000 });
  const h = await page.evaluate(() => ({ out: window.g.out, exit: window.g.exit }));
  assertEq(h.exit, { code: 0, signal: null }, 'caught, not ended');
  assert(h.out.includes('handled 15'), h.out);
  await page.evaluate((p) => { window.g = window.start(p, ['exhaust', '2000'], { maxMemory: 64 << 20 }); }, '/plain/web-examples/test-hostile/hostile.wasm');
  await page.waitForFunction(() => window.g.exit, null, { timeout: 30_000 });
  const m = await page.evaluate(() => ({ out: window.g.out, exit: window.g.exit }));
  assertEq(m.exit, { code: 0, signal: null }, 'exit');
  const b = /blocks (\d+) errno (\w+)/.exec(m.out);
  assert(b && Number(b[1]) > 16 && Number(b[1]) < 64 && b[2] === 'ENOMEM', m.out);
  assertEq(page.errors, [], 'console errors');
});
