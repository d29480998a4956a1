// spawnPython() of the browser build: Pyodide in a Web Worker of a
// cross-origin isolated page as a wasig process. The module driven from
// inside gives what native python3 gives for the same script, line by line;
// 10,000 signals from the page's runtime into a busy loop are 10,000
// handler calls.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { assertEq, test } from './fixtures.mjs';

const scripts = new URL('../python/scripts/', import.meta.url);
// Loading Pyodide costs seconds of CPU, more on a loaded machine: the bounds
// only catch hangs.
const LONG = 240_000;

function native(name) {
  try {
    return { out: execFileSync('python3', [new URL(name, scripts).pathname], { encoding: 'utf8' }), signal: null };
  } catch (e) {
    return { out: e.stdout, signal: e.signal };
  }
}

/** Drives stdin.py (test/python/): each line or signal once the line before
 *  it is out; `out` gives the output so far. */
async function driveStdin(out, send, write, end) {
  const line = async (text) => {
    const t0 = Date.now();
    while (!(await out()).includes(`${text}\n`)) {
      if (Date.now() - t0 > LONG) throw new Error(`timed out waiting for ${text}; the output: ${JSON.stringify(await out())}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await line('ready 1'); await write('hello\n');
  await line('ready 2'); await send('SIGUSR1');
  await line('handler SIGUSR1'); await write('world\n');
  await line('ready 3'); await send('SIGINT');
  await line('ready 4'); await write('a\n'); await write('b\n'); await end();
}

test.describe('Python in Chromium', () => {
  test.setTimeout(2 * LONG);

  test('the module from inside (alarm in a busy loop, pause, sleep, masks, sigwait*, raise_signal) as native python3', async ({ page, server }) => {
    const nat = native('module.py');
    await page.goto(`${server.url}test/browser/pages/python.html`);
    await page.waitForFunction(() => window.wasigLoaded === true);
    const code = readFileSync(new URL('module.py', scripts), 'utf8');
    await page.evaluate((c) => { window.py = window.startPython(c); }, code);
    await page.waitForFunction(() => window.py.exit, null, { timeout: LONG, polling: 100 });
    const py = await page.evaluate(() => ({ out: window.py.out, err: window.py.err, exit: window.py.exit }));
    assertEq(nat.signal, 'SIGTERM', 'native python3 ends by SIGTERM');
    assertEq(py.exit, { code: null, signal: 15 }, `ended by SIGTERM (stderr: ${py.err})`);
    assertEq(py.err, '', 'stderr');
    assertEq(py.out.split('\n'), nat.out.split('\n'), 'stdout, line by line');
    assertEq(page.errors, [], 'console errors');
  });

  test('socket.socketpair() with select, poll and set_wakeup_fd, timeouts, shutdown and MSG_* flags; asyncio add_signal_handler; SIGPIPE (a handler after BrokenPipeError, then SIG_DFL ends it by 13); SIG_IGN is 1; inspect.stack() in handlers, as native python3', async ({ page, server }) => {
    await page.goto(`${server.url}test/browser/pages/python.html`);
    await page.waitForFunction(() => window.wasigLoaded === true);
    // How each ends (sigpipe.py by SIGPIPE). tracebacks.py is Node's only:
    // run as code here, its frames are "<string>" with no source lines.
    const runs = [
      { name: 'socketpair.py', exit: { code: 0, signal: null } },
      { name: 'socket_timeouts.py', exit: { code: 0, signal: null } },
      { name: 'asyncio_signals.py', exit: { code: 0, signal: null } },
      { name: 'sigpipe_order.py', exit: { code: 0, signal: null } },
      { name: 'sig_ign.py', exit: { code: 0, signal: null } },
      { name: 'inspect_stack.py', exit: { code: 0, signal: null } },
      { name: 'sigpipe.py', exit: { code: null, signal: 13 }, natSignal: 'SIGPIPE' },
    ];
    for (const { name, exit, natSignal = null } of runs) {
      const nat = native(name);
      await page.evaluate((c) => { window.py = window.startPython(c); }, readFileSync(new URL(name, scripts), 'utf8'));
      await page.waitForFunction(() => window.py.exit, null, { timeout: LONG, polling: 100 });
      const py = await page.evaluate(() => ({ out: window.py.out, err: window.py.err, exit: window.py.exit }));
      assertEq(nat.signal, natSignal, `native python3 ${name}`);
      assertEq(py.exit, exit, `${name} ends`);
      // (python3.11 writes the wakeup fd's report itself)
      if (name !== 'socketpair.py') assertEq(py.err, '', `${name} stderr`);
      assertEq(py.out.split('\n'), nat.out.split('\n'), `${name} stdout, line by line`);
    }
    assertEq(page.errors, [], 'console errors');
  });

  test('none lost: 7,500 SIGUSR1 and 2,500 SIGRTMIN from the page into a busy loop are 10,000 handler calls', async ({ page, server }) => {
    await page.goto(`${server.url}test/browser/pages/python.html`);
    await page.waitForFunction(() => window.wasigLoaded === true);
    const code = readFileSync(new URL('storm.py', scripts), 'utf8');
    await page.evaluate((c) => { window.py = window.startPython(c); }, code);
    await page.waitForFunction(() => /^ready \d+\n/.test(window.py.out), null, { timeout: LONG, polling: 100 });
    await page.evaluate(() => {
      const { rt, py } = window;
      const rtmin = Number(/^ready (\d+)/.exec(py.out)[1]);
      for (let i = 0; i < 7500; i++) {
        rt.os.kill(py.p.pid, 'SIGUSR1');
        if (i % 3 === 0) rt.os.kill(py.p.pid, rtmin);
      }
      rt.os.kill(py.p.pid, 'SIGUSR2');
    });
    await page.waitForFunction(() => /\nSIGUSR1 \d+ SIGRTMIN \d+\n/.test(window.py.out), null, { timeout: LONG, polling: 100 });
    const out = await page.evaluate(() => window.py.out);
    assertEq(out.split('\n').slice(1), ['SIGUSR1 7500 SIGRTMIN 2500', ''], 'the counts');
    await page.evaluate(() => window.py.p.kill('SIGINT')); // SIGINT's default raises KeyboardInterrupt: uncaught, it ends by SIGINT
    await page.waitForFunction(() => window.py.exit, null, { timeout: LONG, polling: 100 });
    assertEq(await page.evaluate(() => window.py.exit), { code: null, signal: 2 }, 'ended by SIGINT');
    assertEq(await page.evaluate(() => /KeyboardInterrupt\n$/.test(window.py.err)), true, 'the traceback');
    assertEq(page.errors, [], 'console errors');
  });

  test('stdin from the page (proc.stdin): input() and sys.stdin block, a handler runs during the read and it goes on, KeyboardInterrupt out of input(), EOFError, as native python3', async ({ page, server }) => {
    const file = new URL('stdin.py', scripts).pathname;
    const child = spawn('python3', [file], { stdio: ['pipe', 'pipe', 'pipe'] });
    let natOut = '';
    child.stdout.on('data', (d) => { natOut += d; });
    const natDone = new Promise((r) => child.on('close', (code, signal) => r({ code, signal })));
    await page.goto(`${server.url}test/browser/pages/python.html`);
    await page.waitForFunction(() => window.wasigLoaded === true);
    await page.evaluate((c) => { window.py = window.startPython(c); }, readFileSync(file, 'utf8'));
    await Promise.all([
      driveStdin(() => natOut, (sig) => child.kill(sig), (t) => child.stdin.write(t), () => child.stdin.end()),
      driveStdin(() => page.evaluate(() => window.py.out), (sig) => page.evaluate((s) => window.py.p.kill(s), sig),
        (t) => page.evaluate((x) => window.py.p.stdin.write(x), t), () => page.evaluate(() => window.py.p.stdin.end())),
    ]);
    await page.waitForFunction(() => window.py.exit, null, { timeout: LONG, polling: 100 });
    const py = await page.evaluate(() => ({ out: window.py.out, err: window.py.err, exit: window.py.exit }));
    assertEq(await natDone, { code: 0, signal: null }, 'native python3 exits 0');
    assertEq(py.exit, { code: 0, signal: null }, 'exits 0');
    assertEq(py.err, '', 'stderr');
    assertEq(py.out.split('\n'), natOut.split('\n'), 'stdout, line by line');
    assertEq(page.errors, [], 'console errors');
  });
});
