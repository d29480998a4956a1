// AssemblyScript guests in Chromium (examples/assemblyscript/tour.ts, built by
// make build, and the programs of test/assemblyscript): with cross-origin
// isolation, a blocked guest wakes at once, a busy loop that calls nothing
// takes its handlers, SIGTSTP and SIGCONT stop and resume it, SIGINT stops
// it gracefully; timers, masks, queues, default deaths and kill between
// AssemblyScript, C and runtimes behave as in Node; without isolation too,
// through the relay.
import { compile } from '../assemblyscript/helpers.ts';
import { masksProblem, timersProblem } from '../assemblyscript/outcomes.mjs';
import { build } from '../guest/helpers.ts';
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

// The scenarios of test/assemblyscript (Node) in Chromium, on both kinds of
// page: the programs are compiled by asc with the transform here, and the
// page gets them from test-builds/, answered from build/ by the test.
const P = 'test/assemblyscript/programs';
let files;
test.beforeAll(async ({}, info) => {
  info.setTimeout(300_000);
  files = {};
  for (const n of ['timers', 'masks', 'spin', 'kill', 'waits']) files[`${n}.wasm`] = await compile(`${P}/${n}.ts`);
  files['scenarios.wasm'] = build('test/guest/c/scenarios.c', 'wasi');
});

async function openGuestPage(page, server, where) {
  await page.route('**/test-builds/*.wasm', (route) => {
    const file = files[new URL(route.request().url()).pathname.split('/').pop()];
    return file ? route.fulfill({ path: file, contentType: 'application/wasm' }) : route.fulfill({ status: 404 });
  });
  await page.goto(`${server.url}${where}test/browser/pages/guest.html`);
  await page.waitForFunction(() => window.wasigLoaded === true);
  assertEq(await page.evaluate(() => crossOriginIsolated), !where, 'crossOriginIsolated');
  // In-page: run a guest to its end, or wait for its output.
  await page.evaluate(() => {
    window.until = async (cond, what, ms = 15_000) => {
      const t0 = performance.now();
      while (!cond()) {
        if (performance.now() - t0 > ms) throw new Error(`waited ${ms} ms for ${what}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    window.finish = async (g) => { await window.g_exited(g); return { out: g.out, exit: g.exit }; };
    window.g_exited = (g) => window.until(() => g.exit, 'the guest to end', 30_000);
  });
}

for (const where of ['', 'plain/']) {
  const label = where ? 'not isolated' : 'isolated';

  test(`${label}, AssemblyScript: alarm, interval timers, sleeps cut short; masks, pending, sigsuspend, SA_* flags, the realtime queue`, async ({ page, server }) => {
    await openGuestPage(page, server, where);
    const [timers, masks] = await page.evaluate(() => Promise.all(['timers', 'masks'].map((n) => window.finish(window.start(`test-builds/${n}.wasm`)))));
    assertEq(timers.exit, { code: 0, signal: null }, 'timers exit');
    assertEq(timersProblem(timers.out), null, 'timers output');
    assertEq(masks.exit, { code: 0, signal: null }, 'masks exit');
    assertEq(masksProblem(masks.out), null, 'masks output');
    assertEq(page.errors, [], 'console errors');
  });

  test(`${label}, AssemblyScript: SIGINT and SIGTERM at their default end a spinning guest with that signal`, async ({ page, server }) => {
    await openGuestPage(page, server, where);
    const ends = await page.evaluate(async () => {
      const out = [];
      for (const sig of ['SIGINT', 'SIGTERM']) {
        const g = window.start('test-builds/spin.wasm');
        await window.until(() => g.out.includes('ready'), 'ready');
        g.p.kill(sig);
        out.push((await window.finish(g)).exit);
      }
      return out;
    });
    assertEq(ends, [{ code: null, signal: 2 }, { code: null, signal: 15 }], 'exits');
    assertEq(page.errors, [], 'console errors');
  });

  test(`${label}, AssemblyScript: sigqueue and kill between an AssemblyScript guest, a C guest and a runtime`, async ({ page, server }) => {
    await openGuestPage(page, server, where);
    const r = await page.evaluate(async () => {
      // AssemblyScript -> C
      const w = window.start('test-builds/scenarios.wasm', ['waiter']);
      await window.until(() => w.out.includes('ready'), 'the C waiter');
      const a = window.start('test-builds/kill.wasm', [String(w.p.pid)], { killScope: 'all' });
      await Promise.all([window.g_exited(a), window.g_exited(w)]);
      // C -> AssemblyScript
      const b = window.start('test-builds/waits.wasm');
      await window.until(() => b.out.includes('ready'), 'the AssemblyScript waiter');
      const s = window.start('test-builds/scenarios.wasm', ['sender', String(b.p.pid), '5'], { killScope: 'all' });
      await Promise.all([window.g_exited(b), window.g_exited(s)]);
      // AssemblyScript <-> runtime
      const rt = await window.wasig.createRuntime();
      try {
        rt.pthreadSigmask(0, [10]);
        const waited = rt.sigwaitinfo([10]);
        const c = window.start('test-builds/kill.wasm', [String(rt.pid), 'wait'], { killScope: 'host' });
        const i = await waited;
        await window.until(() => c.out.includes('kill missing'), 'the guest to send');
        rt.os.kill(c.p.pid, 12);
        await window.g_exited(c);
        return {
          a: { pid: a.p.pid, out: a.out, exit: a.exit }, w: w.out, b: b.out, s: s.p.pid,
          info: [i.si_signo, i.si_code, i.si_pid], c: { pid: c.p.pid, out: c.out, exit: c.exit }, rt: rt.pid,
        };
      } finally {
        rt.close();
      }
    });
    assertEq(r.a.exit, { code: 0, signal: null }, 'AssemblyScript sender exit');
    assert(r.a.out.includes(`sigqueue 0 me ${r.a.pid}`), r.a.out);
    assert(r.a.out.includes('kill missing -1 ESRCH'), r.a.out);
    assert(new RegExp(`got r=10 code=-1 pid=${r.a.pid} uid=\\d+ value=77`).test(r.w), r.w);
    assert(r.b.includes(`got 10 code -1 pid ${r.s}`), r.b);
    assertEq(r.info, [10, -1, r.c.pid], 'the runtime took SIGUSR1 from the AssemblyScript guest');
    assertEq(r.c.exit, { code: 0, signal: null }, 'AssemblyScript waiter exit');
    assert(r.c.out.includes(`reply 12 from ${r.rt}`), r.c.out);
    assertEq(page.errors, [], 'console errors');
  });
}
