// spawn() in browsers: not yet (guests need a Web Worker platform and a
// WASI preview1 shim); it fails loudly rather than half-working.
import type { GuestProcess, SpawnOptions } from './spawn.js';

export { GuestProcess, GuestError, type SpawnOptions, type GuestExit } from './spawn.js';

export function spawn(_module: string | WebAssembly.Module, _options?: SpawnOptions): GuestProcess {
  throw new Error('wasig: spawn() of wasm guests runs in Node for now; in a browser, run the core with createRuntime() and deliver signals with os.kill()');
}
