// The runtime API in a real Chromium page and in a dedicated Web Worker,
// both flavors, `import … from 'wasig'` resolved by an import map.
import { assert, assertEq, newPage } from './lib.mjs';

export function register(test) {
  let page;
  const open = async ({ context, server }) => {
    if (page) return page;
    page = await newPage(context);
    await page.goto(`${server.url}test/browser/pages/runtime.html`);
    await page.waitForFunction(() => window.wasigLoaded === true, null, { timeout: 15_000 });
    return page;
  };

  test('the page is cross-origin isolated and imports wasig by name', async (env) => {
    const p = await open(env);
    assertEq(await p.evaluate(() => [crossOriginIsolated, typeof SharedArrayBuffer]), [true, 'function'], 'isolation');
  });

  for (const flavor of ['wasi', 'emscripten']) {
    test(`page, ${flavor}`, async (env) => {
      const p = await open(env);
      return p.evaluate((f) => window.runPage(f), flavor);
    });
    test(`Web Worker, ${flavor}`, async (env) => {
      const p = await open(env);
      const { isolated, results } = await p.evaluate((f) => window.runWorker(f), flavor);
      assert(isolated === true, 'the worker is cross-origin isolated');
      return results.map((r) => ({ ...r, name: r.name }));
    });
  }

  test('no console errors on the runtime page', async () => {
    assert(page, 'the page was opened');
    assertEq(page.errors, [], 'console errors');
    await page.close();
    page = undefined;
  });
}
