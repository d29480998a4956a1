// spawn() for Node: guests in worker_threads.
import { nodeParentPlatform } from './node.js';
import { SPAWN_OPTIONS, checkSpawnOptions, spawnOn, type GuestProcess, type SpawnOptions } from './spawn.js';

export {
  GuestProcess, GuestHandle, GuestError, type SpawnOptions, type GuestExit, type GuestFailure, type GuestEventMap,
  type GuestEvents, type GuestListener, type GuestFlavor, type GuestStdin, type StdioIn, type StdioOut,
} from './spawn.js';

/** Runs a wasm guest (the path of a WASI .wasm, of an emscripten guest's
 *  .mjs loader — or its .wasm with `flavor: 'emscripten'` — or a compiled
 *  WASI `WebAssembly.Module`) in a worker thread, as an emulated process
 *  that takes signals. */
export function spawn(module: string | WebAssembly.Module, options: SpawnOptions = {}): GuestProcess {
  checkSpawnOptions(options, SPAWN_OPTIONS);
  return spawnOn(nodeParentPlatform, module, options);
}
