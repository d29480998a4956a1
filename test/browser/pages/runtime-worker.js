// The same runtime tests, with the runtime created inside a dedicated Web
// Worker (import maps do not reach workers: the dist path is used here).
import * as wasig from '/dist/index.browser.js';
import { runAll } from './runtime-tests.js';

self.onmessage = async (e) => {
  const { flavor, only } = e.data;
  const results = await runAll(wasig, flavor, only ? new RegExp(only) : undefined);
  self.postMessage({ isolated: self.crossOriginIsolated, results });
};
