// wasig for browsers and workers: the same API; OS signals do not exist here.
import { browserPlatform } from './platform.browser.js';
import { createRuntimeOn, type RuntimeOptions, type SignalRuntime } from './runtime.js';

export * from './api.js';

/** A new runtime: one emulated process with Python's `signal` API. A
 *  browser has no OS signals: deliver them with `raiseSignal()`, `os.kill()`
 *  or a guest's `kill()`. */
export function createRuntime(options?: RuntimeOptions): Promise<SignalRuntime> {
  return createRuntimeOn(browserPlatform, options);
}
export {
  spawn, sharedDelivery, GuestProcess, GuestHandle, GuestError, type SpawnOptions, type BrowserSpawnOptions, type GuestExit,
  type GuestFailure, type GuestEventMap, type GuestEvents, type GuestListener, type GuestFlavor, type GuestStdin, type StdioIn, type StdioOut,
} from './guest/browser/spawn.js';
export { FallbackGuestProcess, NOT_ISOLATED_WARNING, warnNotIsolated } from './guest/browser/fallback.js';
export { spawnPython, PythonProcess, PYTHON_QUEUE_LIMIT, type BrowserPythonOptions } from './python/spawn-python.browser.js';
