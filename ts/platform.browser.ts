// The browser side of the platform: fetched wasm, performance.now() for every
// clock (no CPU clock is exposed), console.error, and no OS signals.
import { loadCore } from './core/load.browser.js';
import type { Platform } from './platform.js';

let threadToken = 0;
const myThread = ++threadToken;

export const browserPlatform: Platform = {
  name: 'browser',
  loadCore,
  now: () => performance.now() * 1000,
  stderr: (text) => console.error(text.replace(/\n$/, '')),
  hostThread: () => myThread,
  uid: () => 0,
  keepAlive: () => () => {},
  noOsSignals: 'bindOsSignals only works in Node: a browser has no OS signals; deliver them with raiseSignal() or os.kill(), or run the program as a guest',
};
