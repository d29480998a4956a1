// spawn() in browsers: the guest runs in a module Web Worker. With
// cross-origin isolation the parent is the portable GuestProcess of
// ../spawn.ts (the shared signal block, as in Node): signals reach busy and
// blocked guests at once. Without it (no SharedArrayBuffer), see
// ./fallback.ts: a loud warning, then delivery at the guest's blocking calls
// and safe points through the serving page's relay.
import { browserPlatform } from '../../platform.browser.js';
import { GuestProcess, SPAWN_OPTIONS, checkSpawnOptions, spawnOn, type ParentPlatform, type SpawnOptions } from '../spawn.js';
import type { FromGuest, GuestStart } from '../protocol.js';
import { FallbackGuestProcess, warnNotIsolated } from './fallback.js';
import { watchWorker } from './watch.js';
import { prepareComponentFrom } from '../../component/prepare.browser.js';

export {
  GuestProcess, GuestHandle, GuestError, type SpawnOptions, type GuestExit, type GuestFailure, type GuestEventMap,
  type GuestEvents, type GuestListener, type GuestFlavor, type GuestStdin, type StdioIn, type StdioOut,
} from '../spawn.js';
export { FallbackGuestProcess } from './fallback.js';

const base = () => (globalThis as { location?: { href: string } }).location?.href ?? import.meta.url;

/** The guest's module worker: the app's `workerUrl` when it gives one, else
 *  the package's own, named in the literal form bundlers follow (vite and
 *  webpack bundle it as a worker of its own). */
function guestWorker(workerUrl: string | URL | undefined): Worker {
  if (workerUrl !== undefined) return new Worker(workerUrl, { type: 'module' });
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
}

/** How the parent side reaches files and workers in a page or a worker. */
export function browserParentPlatform(workerUrl?: string | URL): ParentPlatform {
  return {
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
      const url = String(workerUrl ?? new URL('./worker.js', import.meta.url));
      const w = watchWorker(guestWorker(workerUrl), url, 'workerUrl', data, onMessage, onError);
      return { terminate: () => w.terminate(), unref: () => {} };
    },
    // A browser has no stdin of its own: write to proc.stdin (stdio 'pipe').
    readStdin: () => () => {},
    uid: () => browserPlatform.uid(),
    prepareComponent: (bytes, url) => prepareComponentFrom(url, bytes),
  };
}

/** Whether signals reach guests at once (SharedArrayBuffer, Atomics.wait). */
export function sharedDelivery(): boolean {
  return typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
}

/** Options of the browser's `spawn()`: those of every host, and where the
 *  guest's worker script is for apps whose bundler moves it. */
export interface BrowserSpawnOptions extends SpawnOptions {
  /** The URL of wasig's guest worker (`wasig/worker`) as your bundler emits
   *  it. Left out, the package's own worker is used (vite and webpack bundle
   *  it by themselves). */
  workerUrl?: string | URL;
  /** The same for the worker used without cross-origin isolation
   *  (`wasig/fallback-worker`). */
  fallbackWorkerUrl?: string | URL;
}

const BROWSER_ONLY: Record<Exclude<keyof BrowserSpawnOptions, keyof SpawnOptions>, true> = { workerUrl: true, fallbackWorkerUrl: true };
const BROWSER_SPAWN_OPTIONS = [...SPAWN_OPTIONS, ...Object.keys(BROWSER_ONLY)];

/** Runs a wasm guest (the URL of a WASI .wasm, or of an emscripten guest's
 *  .mjs loader, or a compiled WASI `WebAssembly.Module`) in a module Web
 *  Worker. stdio defaults to 'pipe': output comes as 'stdout'/'stderr'
 *  events, input goes to `proc.stdin.write()`. Without cross-origin
 *  isolation it warns once and returns a `FallbackGuestProcess`. */
export function spawn(module: string | WebAssembly.Module, options: BrowserSpawnOptions = {}): GuestProcess | FallbackGuestProcess {
  checkSpawnOptions(options, BROWSER_SPAWN_OPTIONS);
  const { workerUrl, fallbackWorkerUrl, ...rest } = options;
  const opts = { stdio: 'pipe' as const, ...rest };
  if (typeof module === 'string' && opts.flavor === 'emscripten') module = module.replace(/\.wasm$/, '.mjs');
  if (!sharedDelivery()) {
    if (opts.terminal) {
      throw new TypeError('spawn(): a terminal needs SharedArrayBuffer (the guest reads its state while it runs): serve the page cross-origin isolated (make serve does), or spawn without `terminal`');
    }
    warnNotIsolated();
    return new FallbackGuestProcess(browserParentPlatform(workerUrl), module, opts, fallbackWorkerUrl);
  }
  return spawnOn(browserParentPlatform(workerUrl), module, opts);
}
