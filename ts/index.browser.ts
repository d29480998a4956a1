// wasig for browsers and workers: the same API; OS signals do not exist here.
import { browserPlatform } from './platform.browser.js';
import { createRuntimeOn, type RuntimeOptions, type SignalRuntime } from './runtime.js';

export * from './api.js';

export function createRuntime(options?: RuntimeOptions): Promise<SignalRuntime> {
  return createRuntimeOn(browserPlatform, options);
}
export { spawn, GuestProcess, GuestError, type SpawnOptions, type GuestExit } from './guest/browser/spawn.js';
export { FallbackGuestProcess, NOT_ISOLATED_WARNING, warnNotIsolated } from './guest/browser/fallback.js';
export { sharedDelivery } from './guest/browser/spawn.js';
