// Everything the package exports that does not depend on the host.
export * from './constants.js';
export {
  ValueError, OSError, InterruptedError, BlockingIOError, ItimerError, KeyboardInterrupt, OverflowError,
  ProcessTerminated, defaultIntHandler,
} from './errors.js';
export { VirtualClock } from './clock.js';
export { SignalRuntime, RuntimeOs } from './runtime.js';
export type {
  Handler, HandlerLike, SigInfo, SignalFd, UnraisableHookArgs, ExitStatus, RuntimeOptions,
} from './runtime.js';
export type { Flavor } from './core/core.js';
export type { WasmSource } from './core/source.js';
export type { SignalName, SignalLike, ItimerWhich } from './signal-types.js';
export type { WaitOptions, AbortSignalLike } from './abort.js';
export { Terminal, type TerminalOptions } from './guest/terminal.js';
export type { WasmModule } from './global-types.js';
export type { KillScope } from './process-table.js';
