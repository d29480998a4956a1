// wasig for Node: the API of ../shared/API.md with real OS signals.
import { nodePlatform } from './platform.node.js';
import { createRuntimeOn, type RuntimeOptions, type SignalRuntime } from './runtime.js';

export * from './api.js';

export function createRuntime(options?: RuntimeOptions): Promise<SignalRuntime> {
  return createRuntimeOn(nodePlatform, options);
}
export { spawn, GuestProcess, GuestError, type SpawnOptions, type GuestExit } from './guest/spawn.node.js';
