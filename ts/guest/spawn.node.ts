// spawn() for Node: guests in worker_threads.
import { nodeParentPlatform } from './node.js';
import { spawnOn, type GuestProcess, type SpawnOptions } from './spawn.js';

export { GuestProcess, GuestError, type SpawnOptions, type GuestExit } from './spawn.js';

export function spawn(module: string | WebAssembly.Module, options?: SpawnOptions): GuestProcess {
  return spawnOn(nodeParentPlatform, module, options);
}
