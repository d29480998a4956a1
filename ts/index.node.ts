// wasig for Node: the API of API.md with real OS signals.
import { nodePlatform } from './platform.node.js';
import { createRuntimeOn, type RuntimeOptions, type SignalRuntime } from './runtime.js';

export * from './api.js';

/** A new runtime: one emulated process with Python's `signal` API. In Node,
 *  `bindOsSignals: true` also binds the real OS signals of this process. */
export function createRuntime(options?: RuntimeOptions): Promise<SignalRuntime> {
  return createRuntimeOn(nodePlatform, options);
}
export * from './guest/spawn.node.js';
export * from './python/spawn-python.js';
