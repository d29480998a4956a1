// spawn() in browsers: the guest runs in a module Web Worker. With
// cross-origin isolation the parent is the portable GuestProcess of
// ../spawn.ts (the shared signal block, as in Node): signals reach busy and
// blocked guests at once. Without it (no SharedArrayBuffer), see
// ./fallback.ts: a loud warning, then delivery at the guest's blocking calls
// and safe points through the serving page's relay.
import { browserPlatform } from '../../platform.browser.js';
import { GuestProcess, spawnOn, type ParentPlatform, type SpawnOptions } from '../spawn.js';
import type { FromGuest, GuestStart } from '../protocol.js';
import { FallbackGuestProcess, warnNotIsolated } from './fallback.js';

export { GuestProcess, GuestError, type SpawnOptions, type GuestExit } from '../spawn.js';
export { FallbackGuestProcess } from './fallback.js';

const base = () => (globalThis as { location?: { href: string } }).location?.href ?? import.meta.url;
const workerUrl = new URL('./worker.js', import.meta.url);

export function startWebWorker(url: URL, data: unknown, onMessage: (m: FromGuest) => void, onError: (e: Error) => void) {
  const w = new Worker(url, { type: 'module', name: 'wasig guest' });
  w.onmessage = (e) => onMessage(e.data as FromGuest);
  w.onerror = (e) => {
    e.preventDefault();
    onError(new Error(`the guest's worker failed: ${e.message || 'it could not be loaded'}`));
  };
  w.onmessageerror = () => onError(new Error("a message from the guest's worker could not be read"));
  w.postMessage(data);
  return w;
}

export const browserParentPlatform: ParentPlatform = {
  async readFile(path) {
    const url = new URL(path, base());
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url.href}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  },
  // No synchronous file test over HTTP: an emscripten guest is given by its
  // .mjs loader (or with flavor: 'emscripten'); a .wasm alone is WASI.
  exists: () => false,
  toUrl: (path) => new URL(path, base()).href,
  startWorker(data: GuestStart, onMessage, onError) {
    const w = startWebWorker(workerUrl, data, onMessage, onError);
    return { terminate: () => w.terminate(), unref: () => {} };
  },
  // A browser has no stdin of its own: write to proc.stdin (stdio 'pipe').
  readStdin: () => () => {},
  uid: () => browserPlatform.uid(),
};

/** Whether signals reach guests at once (SharedArrayBuffer, Atomics.wait). */
export function sharedDelivery(): boolean {
  return typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
}

/** Runs a wasm guest (the URL of a WASI .wasm, or of an emscripten guest's
 *  .mjs loader) in a Web Worker. stdio defaults to 'pipe': output comes as
 *  'stdout'/'stderr' events, input goes to proc.stdin.write(). */
export function spawn(module: string | WebAssembly.Module, options: SpawnOptions = {}): GuestProcess | FallbackGuestProcess {
  const opts = { stdio: 'pipe' as const, ...options };
  if (typeof module === 'string' && opts.flavor === 'emscripten') module = module.replace(/\.wasm$/, '.mjs');
  if (!sharedDelivery()) {
    warnNotIsolated();
    return new FallbackGuestProcess(browserParentPlatform, module, opts);
  }
  return spawnOn(browserParentPlatform, module, opts);
}
