// 3b. Page -> guest in a Web Worker, in Chromium (/usr/bin/chromium through
// playwright-core, the browser suites' helpers in test/browser/lib.mjs),
// served cross-origin isolated by tools/serve.mjs. The page
// (bench/browser/index.html) spawns the bench guests (bench/c/guest.c, both
// flavors, busy and blocked in sigtimedwait) with the browser build of
// spawn(), and Pyodide in a module worker; it interleaves the samples and
// returns the latencies. tools/serve.mjs serves build/examples/ at
// /examples/, so the page, the guests and a link to the pyodide package are
// put in build/examples/bench/ for the run, and removed after it.
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findPyodide } from './mailbox.mjs';
import { guestPath } from './lib/guest.mjs';
import { quantile, row, summary } from './lib/stats.mjs';

const SAMPLES = Number(process.env.BENCH_BROWSER_SAMPLES ?? 200);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));

function stage() {
  const dir = here('../build/examples/bench/');
  rmSync(dir, { recursive: true, force: true });
  for (const f of ['wasi', 'emscripten']) mkdirSync(`${dir}${f}`, { recursive: true });
  copyFileSync(here('./browser/index.html'), `${dir}index.html`);
  copyFileSync(here('./browser/pyodide-worker.mjs'), `${dir}pyodide-worker.mjs`);
  copyFileSync(guestPath('wasi'), `${dir}wasi/guest.wasm`);
  const em = guestPath('emscripten');
  copyFileSync(em, `${dir}emscripten/guest.mjs`);
  copyFileSync(em.replace(/\.mjs$/, '.wasm'), `${dir}emscripten/guest.wasm`);
  const py = findPyodide();
  if (py) symlinkSync(py, `${dir}pyodide`, 'dir');
  return { dir, py };
}

export async function measure() {
  if (!existsSync(process.env.WASIG_CHROMIUM ?? '/usr/bin/chromium')) throw new Error('no chromium at /usr/bin/chromium (set WASIG_CHROMIUM)');
  const { dir, py } = stage();
  const { startBrowser, newPage } = await import('../test/browser/lib.mjs');
  const b = await startBrowser();
  try {
    const page = await newPage(b.context);
    await page.goto(`${b.server.url}examples/bench/index.html`);
    await page.waitForFunction(() => window.benchLoaded === true, null, { timeout: 20_000 });
    const r = await page.evaluate((n) => window.bench(n), SAMPLES);
    if (page.errors.length) r.errors = page.errors.slice(0, 5);
    r.pyodideDir = py;
    r.version = b.context.browser()?.version?.() ?? null;
    await page.close();
    return r;
  } finally {
    await b.close();
    rmSync(dir, { recursive: true, force: true }); // staged for this run only
  }
}

export function rows(r) {
  const g = '3b. page -> guest in a Web Worker (Chromium)';
  const out = [];
  const py = r.lat.pyodide?.length ? r.lat.pyodide : null;
  const env = `Chromium ${r.version ?? ''}${r.isolated ? ', cross-origin isolated' : ', NOT isolated'}; timer resolution of an isolated page: 5 us`;
  for (const [k, name] of [
    ['busy-wasi', 'wasig guest (wasi) busy: `while (!got) wasig_poll();`, guest.kill() -> C handler'],
    ['wait-wasi', 'wasig guest (wasi) blocked in sigtimedwait, guest.kill() -> return'],
    ['busy-emscripten', 'wasig guest (emscripten) busy, guest.kill() -> C handler'],
    ['wait-emscripten', 'wasig guest (emscripten) blocked in sigtimedwait, guest.kill() -> return'],
  ]) {
    const xs = r.lat[k];
    const ratio = py ? { median: quantile(xs, 0.5) / quantile(py, 0.5), p99: quantile(xs, 0.99) / quantile(py, 0.99), of: 'this/peer' } : null;
    out.push(row({
      id: `chromium.${k}`, group: g, name, unit: 'us', ...summary(xs),
      peer: ratio ? 'chromium.pyodide' : null, ratio,
      goal: ratio ? { text: '<= 0.5x Pyodide', op: '<=', value: 0.5, met: ratio.median <= 0.5 } : null,
      note: `${env}; spawn() of dist/index.browser.js (${r.kinds?.[k] ?? '?'}), bench/c/guest.c; t1 taken in the guest; min ${Math.min(...xs).toFixed(1)} us`,
    }));
  }
  if (py) {
    out.push(row({ id: 'chromium.pyodide', group: g, name: 'Pyodide interrupt buffer in a module Web Worker, `while True: pass` -> KeyboardInterrupt', unit: 'us', ...summary(py),
      note: `pyodide ${r.pyodide.version} (${r.pyodideDir}); loadPyodide took ${r.pyodide.loadMs.toFixed(0)} ms; min ${Math.min(...py).toFixed(1)} us; ${r.pyodide.lost} of ${r.pyodide.sent} interrupts lost (buffer consumed, no KeyboardInterrupt within 1.5 s; written again)` }));
  } else {
    out.push(row({ id: 'chromium.pyodide', group: g, name: 'Pyodide interrupt buffer in a module Web Worker', unit: 'us', status: 'not measured yet', note: `pyodide did not load: ${r.pyodide?.error ?? 'not found'}` }));
  }
  if (r.errors) out[0].note += `; page errors: ${r.errors.join(' | ')}`;
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(rows(await measure())));
}
