// The terminal page (web/), driven as a person would: keys in xterm.js, the
// control panel's buttons, a resize. Both with cross-origin isolation and
// without it (the fallback through the server's relay, which must warn).
import { mkdirSync } from 'node:fs';
import { assert, assertEq, test } from './fixtures.mjs';
import { openPage, screen, SHOTS, waitText } from './terminal-page.mjs';



const job = (page, pid) => page.evaluate((p) => {
  const j = window.app.jobs.find((x) => x.pid === p);
  return j && { state: j.state, status: j.status, fg: window.app.fg === j };
}, pid);
const lastPid = (page) => page.evaluate(() => window.app.jobs.at(-1).pid);

// 'component': the program built with `wasig cc --component` (mk/component.mk).
for (const flavor of ['wasi', 'emscripten', 'component']) {
  test(`${flavor}: Ctrl+C interrupts a busy program: its handler's output, then its exit status`, async ({ page, server }) => {
    await openPage({ page, server });
    await page.selectOption('#flavor', flavor);
    await page.click('#terminal');
    await page.keyboard.type('progress\r');
    await waitText(page, /progress: counting primes/);
    await page.waitForTimeout(200);
    await page.keyboard.press('Control+C');
    const text = await waitText(page, /\[progress killed by SIGINT \(2\)\]/);
    assert(/\^C\s*\nprogress: interrupted after \d+ numbers/.test(text), `the handler's report follows ^C:\n${text}`);
    const pid = await lastPid(page);
    assertEq((await job(page, pid)).status, { code: null, signal: 2 }, 'exit status');
    assert(await page.locator(`#procs tr[data-pid="${pid}"] .state.killed`).isVisible(), 'the panel shows it killed');
    assertEq(page.errors, [], 'console errors');
    });
}

test('Ctrl+Z stops the foreground program, fg resumes it (SIGTSTP, SIGCONT)', async ({ page, server }) => {
  await openPage({ page, server });
  await page.keyboard.type('progress\r');
  await waitText(page, /counting primes/);
  const pid = await lastPid(page);
  await page.keyboard.press('Control+Z');
  await waitText(page, /\[1\]\+\s+Stopped\s+progress/);
  assertEq((await job(page, pid)).state, 'stopped', 'state after Ctrl+Z');
  assert(await page.locator(`#procs tr[data-pid="${pid}"] .state.stopped`).isVisible(), 'the panel shows it stopped');
  // Stopped means stopped: SIGUSR1 stays pending, no report is printed.
  await page.evaluate((p) => window.app.send(window.app.jobs.find((j) => j.pid === p), 10, 'test'), pid);
  await page.waitForTimeout(300);
  assert(!/checked \d+ numbers/.test(await screen(page)), 'no progress report while stopped');
  await page.keyboard.type('fg\r');
  await waitText(page, /progress: checked \d+ numbers/); // the pending SIGUSR1, after SIGCONT
  assertEq((await job(page, pid)).state, 'running', 'state after fg');
  await page.keyboard.press('Control+C');
  await waitText(page, /killed by SIGINT/);
  assertEq(page.errors, [], 'console errors');
});

test('a resize sends SIGWINCH with the new size, which the program reads (si_value and TIOCGWINSZ)', async ({ page, server }) => {
  await openPage({ page, server });
  await page.keyboard.type('watch\r');
  await waitText(page, /watch: the terminal is \d+x\d+/);
  await page.click('button[data-size="80x24"]');
  await waitText(page, /watch: SIGWINCH: the terminal is now 80x24 \(TIOCGWINSZ: 80x24\)/);
  await page.click('button[data-size="100x30"]');
  await waitText(page, /watch: SIGWINCH: the terminal is now 100x30 \(TIOCGWINSZ: 100x30\)/);
  await page.keyboard.press('Control+C');
  await waitText(page, /SIGINT caught by my handler, bye\n\[watch exited with status 130\]/);
  assertEq(page.errors, [], 'console errors');
});

test('the control panel sends SIGUSR1 to a guest blocked in sigtimedwait; screenshot', async ({ page, server }) => {
  await openPage({ page, server });
  await page.keyboard.type('watch\r');
  await waitText(page, /Waiting in sigtimedwait/);
  const pid = await lastPid(page);
  await page.click('#launch button[data-program="progress"]'); // a second program, in the background
  await page.waitForFunction(() => window.app.jobs.length === 2);
  const row = page.locator(`#procs tr[data-pid="${pid}"]`);
  await row.locator('select').selectOption('10');
  const t0 = Date.now();
  await row.locator('button', { hasText: 'send' }).click();
  const text = await waitText(page, /watch: got SIGUSR1 \(10\) "User defined signal 1" from pid 0, si_code 0/);
  assert(Date.now() - t0 < 5000, 'woken long before the 10 s timeout');
  await row.locator('select').selectOption('12');
  await row.locator('button', { hasText: 'send' }).click();
  await waitText(page, /got SIGUSR2 \(12\)/);
  assert(/User defined signal 1/.test(text));
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/terminal.png` });
  // The background progress: TERM from its quick button ends it.
  const bg = await lastPid(page);
  await page.locator(`#procs tr[data-pid="${bg}"] .quick button`, { hasText: 'TERM' }).click();
  await page.waitForFunction((p) => window.app.jobs.find((j) => j.pid === p).status?.signal === 15, bg);
  assertEq(page.errors, [], 'console errors');
});

test('without cross-origin isolation: a loud warning, and signals still arrive (relay fallback)', async ({ page, server }) => {
  await openPage({ page, server }, 'plain/');
  assertEq(await page.evaluate(() => [crossOriginIsolated, typeof SharedArrayBuffer]), [false, 'undefined'], 'isolation');
  assert(await page.locator('#fallback-banner').isVisible(), 'the banner is shown');
  assert(/not cross-origin isolated/.test(await page.locator('#fallback-banner').textContent()), 'the banner says why');
  assert((await page.locator('#isolation').textContent()).includes('NOT isolated'), 'the badge says so');
  // A blocked guest is woken by the panel.
  await page.keyboard.type('watch\r');
  await waitText(page, /Waiting in sigtimedwait/);
  const pid = await lastPid(page);
  await page.locator(`#procs tr[data-pid="${pid}"] .quick button`, { hasText: 'USR1' }).click();
  await waitText(page, /watch: got SIGUSR1/);
  await page.keyboard.press('Control+C');
  await waitText(page, /\[watch exited with status 130\]/);
  // A busy one is interrupted at its safe points.
  await page.keyboard.type('progress\r');
  await waitText(page, /counting primes/);
  await page.keyboard.press('Control+C');
  await waitText(page, /progress: interrupted after[^\n]*\n\[progress killed by SIGINT \(2\)\]/);
  const warnings = page.logs.filter((l) => l.startsWith('warning:') && /not cross-origin isolated/.test(l));
  assertEq(warnings.length, 1, 'one console warning');
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/terminal-fallback.png` });
  assertEq(page.errors, [], 'console errors');
});

// Python on Pyodide (spawnPython) from the page: loading it costs seconds.
const PY_LOAD = 240_000;

test.describe('python on the page', () => {
  test.setTimeout(2 * PY_LOAD);

  test('python: the console reads the typed lines; Ctrl+C interrupts a busy loop with KeyboardInterrupt and the console goes on; an alarm fires in a busy loop; Ctrl+Z and fg; Ctrl+D ends it', async ({ page, server }) => {
    await openPage({ page, server });
    await page.keyboard.type('python\r');
    await waitText(page, /on Pyodide, a wasig process[^\n]*\n>>> $/m, PY_LOAD);
    const pid = await lastPid(page);
    await page.keyboard.type('print(6 * 7)\r');
    await waitText(page, /^42\n>>> $/m);
    await page.keyboard.type('while True: pass\r\r');
    await waitText(page, /^\.\.\. $/m);
    await page.waitForTimeout(300);
    await page.keyboard.press('Control+C');
    // The traceback python3 prints: the interrupted line only.
    await waitText(page, /\^C\s*\nTraceback \(most recent call last\):\n {2}File "<console>", line 1, in <module>\nKeyboardInterrupt\n>>> $/m);
    await page.keyboard.type('import signal\r');
    await page.keyboard.type('signal.signal(signal.SIGALRM, lambda s, f: print("alarm in the loop"))\r');
    await page.keyboard.type('signal.alarm(1)\r');
    await page.keyboard.type('while True: pass\r\r');
    await waitText(page, /alarm in the loop\n/);
    await page.keyboard.press('Control+C');
    await waitText(page, /alarm in the loop\n[^]*KeyboardInterrupt\n>>> $/m);
    // Ctrl+C at the prompt: the read is interrupted, the console goes on.
    await page.keyboard.press('Control+C');
    await waitText(page, /\^C\s*\nKeyboardInterrupt\n>>> $/m);
    await page.keyboard.press('Control+Z');
    await waitText(page, /\[\d+\]\+\s+Stopped\s+python/);
    assertEq((await job(page, pid)).state, 'stopped', 'state after Ctrl+Z');
    await page.keyboard.type('fg\r');
    await page.keyboard.type('print("back", 2 ** 10)\r');
    await waitText(page, /^back 1024\n>>> $/m);
    assertEq((await job(page, pid)).state, 'running', 'state after fg');
    await page.keyboard.press('Control+D');
    await waitText(page, /\[python exited with status 0\]/);
    assertEq((await job(page, pid)).status, { code: 0, signal: null }, 'exit status');
    assertEq(page.errors, [], 'console errors');
  });

  test('pysignals: its handlers answer the panel (SIGUSR1), a resize (SIGWINCH), Ctrl+Z (then it stops; fg resumes) and kill -TERM', async ({ page, server }) => {
    await openPage({ page, server });
    await page.keyboard.type('pysignals\r');
    await waitText(page, /pysignals: pid \d+, counting in a busy loop/, PY_LOAD);
    const pid = await lastPid(page);
    const row = page.locator(`#procs tr[data-pid="${pid}"]`);
    await row.locator('.quick button', { hasText: 'USR1' }).click();
    await waitText(page, /pysignals: SIGUSR1: counted to \d+/);
    await page.click('button[data-size="80x24"]');
    await page.click('button[data-size="100x30"]');
    await waitText(page, /pysignals: SIGWINCH: the terminal was resized/);
    await page.click('#terminal');
    await page.keyboard.press('Control+Z');
    await waitText(page, /pysignals: SIGTSTP: stopping \(fg resumes me\)\n[^]*\[\d+\]\+\s+Stopped\s+pysignals/);
    assertEq((await job(page, pid)).state, 'stopped', 'stopped by its own SIGTSTP at SIG_DFL');
    assert(await row.locator('.state.stopped').isVisible(), 'the panel shows it stopped');
    await page.keyboard.type('fg\r');
    await waitText(page, /pysignals: resumed at \d+/);
    await page.keyboard.press('Control+Z'); // again: the handler was put back
    await waitText(page, /Stopped\s+pysignals[^]*Stopped\s+pysignals/);
    await page.keyboard.type(`kill -TERM ${pid}\r`);
    // SIGTERM waits while it is stopped (it has a handler); SIGCONT lets it run.
    await page.keyboard.type(`kill -CONT ${pid}\r`);
    await waitText(page, /pysignals: SIGTERM: stopping after \d+, bye/);
    await page.waitForFunction((p) => window.app.jobs.find((j) => j.pid === p).status, pid);
    assertEq((await job(page, pid)).status, { code: 143, signal: null }, 'exit status');
    assertEq(page.errors, [], 'console errors');
  });
});
