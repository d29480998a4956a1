// AssemblyScript guests in Chromium (examples/assemblyscript/tour.ts, built by
// make build): with cross-origin isolation, a blocked guest wakes at once, a
// busy loop that calls nothing takes its handlers, SIGTSTP and SIGCONT stop
// and resume it, SIGINT stops it gracefully; without isolation too, through
// the relay.
import { assert, assertEq, test } from './fixtures.mjs';
import { openPage, waitText } from './terminal-page.mjs';

// The same tour on both kinds of page: without isolation the library's
// memory is unshared and signals come through the server's relay, at the
// guest's blocking calls and about every 50 ms of its computation.
for (const where of ['', 'plain/']) {
  const label = where ? 'not isolated' : 'isolated';
  test(`${label}, AssemblyScript: sigtimedwait woken, handlers in a busy loop, SIGTSTP/SIGCONT, graceful SIGINT`, async ({ page, server }) => {
    await page.goto(`${server.url}${where}test/browser/pages/guest.html`);
    await page.waitForFunction(() => window.wasigLoaded === true);
    assertEq(await page.evaluate(() => crossOriginIsolated), !where, 'crossOriginIsolated');
    await page.evaluate((w) => { window.g = window.start(`/${w}examples/assemblyscript/tour.wasm`, ['20']); }, where);
    await page.waitForFunction(() => window.g.out.includes('waiting up to 20 s'), null, { timeout: 15_000 });
    const ms = await page.evaluate(async () => {
      const t0 = performance.now();
      window.g.p.kill('SIGUSR2');
      while (!/got User defined signal 2/.test(window.g.out)) await new Promise((r) => setTimeout(r, 5));
      return performance.now() - t0;
    });
    assert(ms < 5000, `woken after ${ms} ms`);
    await page.waitForFunction(() => window.g.out.includes('computing'), null, { timeout: 10_000 });
    await page.evaluate(() => window.g.p.kill('SIGUSR1'));
    await page.waitForFunction(() => /\d+ steps so far \(asked by pid 0\)/.test(window.g.out), null, { timeout: 10_000 });
    await page.evaluate(() => {
      window.events = [];
      window.g.p.on('stop', () => window.events.push('stop')).on('continue', () => window.events.push('continue'));
      window.g.p.kill('SIGTSTP');
    });
    await page.waitForFunction(() => window.g.p.stopped, null, { timeout: 10_000 });
    await page.evaluate(() => window.g.p.kill('SIGCONT'));
    await page.waitForFunction(() => window.events.includes('continue'), null, { timeout: 10_000 });
    await page.evaluate(() => window.g.p.kill('SIGINT'));
    await page.waitForFunction(() => window.g.exit, null, { timeout: 10_000 });
    const g = await page.evaluate(() => ({ out: window.g.out, exit: window.g.exit, events: window.events }));
    assert(/stopped by Interrupt after \d+ steps/.test(g.out), g.out);
    assertEq(g.exit, { code: 0, signal: null }, 'exit');
    assertEq(g.events, ['stop', 'continue'], 'events');
    assertEq(page.errors, [], 'console errors');
  });
}

test('the terminal page runs the AssemblyScript tour: SIGUSR1 from the panel, Ctrl+C stops it gracefully', async ({ page, server }) => {
  await openPage({ page, server });
  await page.click('#terminal');
  await page.keyboard.type('tour\r');
  await waitText(page, /tour: computing/);
  const pid = await page.evaluate(() => window.app.jobs.at(-1).pid);
  await page.evaluate((p) => window.app.jobs.find((j) => j.pid === p).proc.kill('SIGUSR1'), pid);
  await waitText(page, /\d+ steps so far \(asked by pid 0\)/);
  await page.keyboard.press('Control+C');
  const text = await waitText(page, /tour: stopped by Interrupt after \d+ steps/);
  assert(/no SIGUSR2 \(EAGAIN\)/.test(text), text);
  const status = await page.evaluate((p) => window.app.jobs.find((j) => j.pid === p).status, pid);
  assertEq(status, { code: 0, signal: null }, 'exit status');
  assertEq(page.errors, [], 'console errors');
});
