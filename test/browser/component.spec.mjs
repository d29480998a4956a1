// Components in Chromium: a C program built with `wasig cc --component`,
// run by the browser build's spawn() from its transpiled folder (.jco/) in a
// Web Worker, with wasig:signals on the core: a busy component takes
// SIGUSR1 at its preempted loop and dies of SIGINT's default; a blocked one
// (sigwaitinfo over the subscription's pollable) wakes at once; a reactor's
// exported handler is called by the host, and a siglongjmp out of it to a
// frame that returned ends it by SIGSEGV; POSIX timers and setjmp/longjmp
// (wasm exceptions, in the module jco transpiled a stand-in of) work.
import { execFileSync } from 'node:child_process';
import { assert, assertEq, test } from './fixtures.mjs';

/** For the tests that build their components with `wasig cc` first (each
 *  build takes tens of seconds on a loaded machine). */
const COMPILING = 240_000;

test('isolated: a busy component takes SIGUSR1 and dies of SIGINT; a blocked one wakes for SIGHUP', async ({ page, server }) => {
  await page.goto(`${server.url}test/browser/pages/guest.html`);
  await page.waitForFunction(() => window.wasigLoaded === true);
  await page.evaluate(() => { window.g = window.start('/examples/component/progress.wasm'); });
  await page.waitForFunction(() => window.g.out.includes('counting primes') || window.g.exit, null, { timeout: 20_000 });
  assertEq(await page.evaluate(() => window.g.exit ?? null), null, 'started');
  await page.evaluate(() => window.g.p.kill('SIGUSR1'));
  await page.waitForFunction(() => /checked \d+ numbers/.test(window.g.out), null, { timeout: 10_000 });
  await page.evaluate(() => window.g.p.kill('SIGINT'));
  await page.waitForFunction(() => window.g.exit, null, { timeout: 10_000 });
  const g = await page.evaluate(() => ({ out: window.g.out, exit: window.g.exit }));
  assert(/interrupted after \d+ numbers/.test(g.out), g.out);
  assertEq(g.exit, { code: null, signal: 2 }, 'exit');

  await page.evaluate(() => { window.g = window.start('/examples/component/eventloop.wasm'); });
  await page.waitForFunction(() => window.g.out.includes('waiting for events') || window.g.exit, null, { timeout: 20_000 });
  const ms = await page.evaluate(async () => {
    const t0 = performance.now();
    window.g.p.kill('SIGHUP');
    while (!/reloading configuration \(1\)/.test(window.g.out)) await new Promise((r) => setTimeout(r, 5));
    return performance.now() - t0;
  });
  assert(ms < 3000, `woken after ${ms} ms`);
  await page.evaluate(() => window.g.p.kill('SIGTERM'));
  await page.waitForFunction(() => window.g.exit, null, { timeout: 10_000 });
  const e = await page.evaluate(() => ({ out: window.g.out, exit: window.g.exit }));
  assertEq(e.exit, { code: 0, signal: null }, 'eventloop ends by its SIGTERM handler');
  assertEq(page.errors, [], 'console errors');
});

test('isolated: a reactor component gets its exported handler called for each signal, and exits from one', async ({ page, server }) => {
  test.setTimeout(COMPILING);
  await page.goto(`${server.url}test/browser/pages/guest.html`);
  await page.waitForFunction(() => window.wasigLoaded === true);
  await page.evaluate(() => { window.g = window.start('/examples/component/reactor.wasm'); });
  await page.waitForFunction(() => window.g.out.includes('ready') || window.g.exit, null, { timeout: 20_000 });
  assertEq(await page.evaluate(() => window.g.exit ?? null), null, 'started');
  await page.evaluate(() => window.g.p.kill('SIGUSR1'));
  await page.waitForFunction(() => window.g.out.includes('usr1 1 '), null, { timeout: 10_000 });
  await page.evaluate(() => window.g.p.kill('SIGUSR2'));
  await page.waitForFunction(() => window.g.out.includes('usr2:'), null, { timeout: 10_000 });
  await page.evaluate(() => window.g.p.kill('SIGTERM'));
  await page.waitForFunction(() => window.g.exit, null, { timeout: 10_000 });
  const g = await page.evaluate(() => ({ out: window.g.out, exit: window.g.exit }));
  assert(g.out.endsWith('usr1 1 from pid 0 code 0, usr2 blocked 1\nusr2: 1 so far, usr2 blocked 1, usr1 blocked 0\nterm: exiting with 1\n'), g.out);
  assertEq(g.exit, { code: 1, signal: null }, 'exit(1) from the SIGTERM handler');
  // A siglongjmp within one call of the handler lands; one to the
  // constructor's buffer has no frame to land in: SIGSEGV, saying why.
  const dir = 'build/web-examples/test-component';
  execFileSync('node', ['bin/wasig.js', 'cc', '--component', '-mexec-model=reactor', 'test/component/c/reactor-jump.c', '-o', `${dir}/reactor-jump.wasm`]);
  await page.evaluate(() => { window.g = window.start('/web-examples/test-component/reactor-jump.wasm'); });
  await page.waitForFunction(() => window.g.out.includes('ready') || window.g.exit, null, { timeout: 20_000 });
  await page.evaluate(() => window.g.p.kill('SIGUSR2'));
  await page.waitForFunction(() => window.g.out.includes('usr2: back') || window.g.exit, null, { timeout: 10_000 });
  await page.evaluate(() => window.g.p.kill('SIGUSR1'));
  await page.waitForFunction(() => window.g.exit, null, { timeout: 10_000 });
  const j = await page.evaluate(() => ({ out: window.g.out, exit: window.g.exit }));
  assertEq(j.out, 'ready\nusr2: back by siglongjmp, usr2 blocked 1, hup blocked 0\nusr1: jumping to the constructor\'s buffer\n', 'reactor-jump output');
  assertEq(j.exit.signal, 11, 'reactor-jump killed by SIGSEGV');
  assert(/a longjmp out of the reactor's signal handler/.test(j.exit.error), JSON.stringify(j.exit));
  assertEq(page.errors, [], 'console errors');
});

test('isolated: POSIX timers pass the checks of timers_test.c, and setjmp/longjmp print what glibc prints', async ({ page, server }) => {
  test.setTimeout(COMPILING);
  // Built beside the web examples, which the server serves (/web-examples/).
  const dir = 'build/web-examples/test-component';
  execFileSync('node', ['bin/wasig.js', 'cc', '--component', 'test/guest/c/timers_test.c', '-o', `${dir}/timers_test.wasm`]);
  execFileSync('node', ['bin/wasig.js', 'cc', '--component', 'test/guest/c/sjlj.c', '-o', `${dir}/sjlj.wasm`]);
  execFileSync('cc', ['-O2', '-o', `${dir}/sjlj-native`, 'test/guest/c/sjlj.c']);
  const want = execFileSync(`${dir}/sjlj-native`, ['self'], { encoding: 'utf8' });
  await page.goto(`${server.url}test/browser/pages/guest.html`);
  await page.waitForFunction(() => window.wasigLoaded === true);
  await page.evaluate(() => { window.g = window.start('/web-examples/test-component/timers_test.wasm'); });
  await page.waitForFunction(() => window.g.exit, null, { timeout: 60_000 });
  const t = await page.evaluate(() => ({ out: window.g.out, exit: window.g.exit }));
  // A browser worker has no CPU clock: every guest's CPU-time clock is its
  // wall time there (ts/guest/browser/worker.ts), so it runs while it sleeps.
  const cpu = /a CPU-time timer does not run while the process sleeps/;
  const lines = t.out.split('\n');
  assertEq(lines.filter((l) => l.startsWith('not ok') && !cpu.test(l)), [], 'failed checks');
  assertEq(lines.filter((l) => l.startsWith('ok') || cpu.test(l)).length, 51, 'checks');
  assertEq(t.exit, { code: lines.some((l) => l.startsWith('not ok')) ? 1 : 0, signal: null }, 'timers_test exit');
  await page.evaluate(() => { window.g = window.start('/web-examples/test-component/sjlj.wasm', ['self']); });
  await page.waitForFunction(() => window.g.exit, null, { timeout: 60_000 });
  const j = await page.evaluate(() => ({ out: window.g.out, exit: window.g.exit }));
  assertEq(j.out, want, 'sjlj self');
  assertEq(j.exit, { code: 0, signal: null }, 'sjlj exit');
  assertEq(page.errors, [], 'console errors');
});

test('not isolated: a component fails with what to do instead', async ({ page, server }) => {
  await page.goto(`${server.url}plain/test/browser/pages/guest.html`);
  await page.waitForFunction(() => window.wasigLoaded === true);
  const r = await page.evaluate(async () => {
    const p = window.wasig.spawn(new URL('/plain/examples/component/progress.wasm', location.href).href);
    try { return { status: await p.exited }; } catch (e) { return { error: e.message }; }
  });
  assert(/a component runs only on a cross-origin isolated page/.test(r.error ?? ''), JSON.stringify(r));
});
