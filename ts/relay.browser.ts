// `wasig/relay` is server code: the relay runs in the Node server that serves
// a page, not in the page. Importing it in a browser bundle is a mistake that
// should say so at once rather than fail later.
import type { RelayOptions } from './relay-contract.js';

export { RELAY_PATH, type RelayOptions } from './relay-contract.js';

/** Throws: the relay is a Node server middleware (see the Node build). */
export function createRelay(_options?: RelayOptions): never {
  throw new Error("wasig/relay only works in Node: mount it in the server that serves the page (node:http, express, vite's configureServer), not in the page");
}
