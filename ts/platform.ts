// What differs between Node and browsers, behind one interface; each entry
// point (index.node.ts, index.browser.ts) supplies its own.
import type { CoreExports, Flavor } from './core/core.js';
import type { WasmSource } from './core/source.js';

/** Real OS signals of the host process (Node only). */
export interface OsSignals {
  /** Throws an OSError (EINVAL) that says what to do when the host cannot
   *  listen for this signal. */
  checkListenable(sig: number): void;
  listen(sig: number, onSignal: () => void): void;
  unlisten(sig: number): void;
  /** Let the real process take sig's default action (death, stop). */
  killSelf(sig: number): void;
}

export interface Platform {
  readonly name: 'node' | 'browser';
  /** Instantiates the core of `flavor`, from `wasm` when the app gives it. */
  loadCore(flavor: Flavor, wasm?: WasmSource): Promise<CoreExports>;
  /** Microseconds of the ITIMER_* clock `which`: real, user CPU, user+system. */
  now(which: number): number;
  stderr(text: string): void;
  /** Identity of the calling thread (worker), to keep runtimes on theirs. */
  hostThread(): number;
  uid(): number;
  /** Keeps the host alive while something waits; returns the release. */
  keepAlive(): () => void;
  readonly osSignals?: OsSignals;
  /** Why there are none here, with what to do instead. */
  readonly noOsSignals?: string;
}
