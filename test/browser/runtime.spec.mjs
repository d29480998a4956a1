// The runtime API in a real Chromium page and in a dedicated Web Worker,
// both flavors, `import … from 'wasig'` resolved by an import map. The tests
// themselves are in pages/runtime-tests.js (they run inside the browser);
// each is one test here, run on its own by name.
import { tests } from './pages/runtime-tests.js';
import { assert, assertEq, test, watch } from './fixtures.mjs';

const exact = (name) => `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

/** One page for the file's tests, opened by the first that needs it (again
 *  after a failure restarted the worker): a page that does not load fails
 *  each test on its own instead of skipping the rest. */
let page;
async function open({ browser, server }) {
  if (page) return page;
  const p = watch(await browser.newPage());
  await p.goto(`${server.url}test/browser/pages/runtime.html`);
  await p.waitForFunction(() => window.wasigLoaded === true, null, { timeout: 15_000 });
  page = p;
  return page;
}
test.afterAll(async () => {
  await page?.close();
  page = undefined;
});

/** The in-browser result of one test: passes or fails with its own message. */
function check(results, name) {
  assertEq(results.map((r) => r.name), [name], 'tests run');
  if (!results[0].ok) throw new Error(results[0].error);
}

test('the page is cross-origin isolated and imports wasig by name', async ({ browser, server }) => {
  assertEq(await (await open({ browser, server })).evaluate(() => [crossOriginIsolated, typeof SharedArrayBuffer]), [true, 'function'], 'isolation');
});

for (const flavor of ['wasi', 'emscripten']) {
  test.describe(`page, ${flavor}`, () => {
    for (const [name] of tests) {
      test(name, async ({ browser, server }) => {
        const p = await open({ browser, server });
        check(await p.evaluate(([f, only]) => window.runPage(f, only), [flavor, exact(name)]), name);
      });
    }
  });
  test.describe(`Web Worker, ${flavor}`, () => {
    for (const [name] of tests) {
      test(name, async ({ browser, server }) => {
        const p = await open({ browser, server });
        const { isolated, results } = await p.evaluate(([f, only]) => window.runWorker(f, only), [flavor, exact(name)]);
        assert(isolated === true, 'the worker is cross-origin isolated');
        check(results, name);
      });
    }
  });
}

test('no console errors on the runtime page', async ({ browser, server }) => {
  assertEq((await open({ browser, server })).errors, [], 'console errors');
});
