// Global types the declarations name that a project may not have: the
// WebAssembly namespace for Node projects without lib.dom (@types/node 20
// has none), as opaque interfaces that merge with lib.dom's; and the
// explicit-resource-management symbols for projects whose lib predates them
// (declared as @types/node declares them, which merges with
// lib.esnext.disposable). Every entry re-exports this module, so its global
// part is in every program that imports wasig.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
    readonly asyncDispose: unique symbol;
  }

  namespace WebAssembly {
    // A compiled module (WebAssembly.compile, new WebAssembly.Module).
    interface Module {}
    // A module's linear memory.
    interface Memory {}
    // An instantiated module.
    interface Instance {}
    // A table of references, and a global, as the host may name them.
    interface Table {}
    interface Global {}
  }
}

/** A compiled WebAssembly module, as `spawn()` and `createRuntime({ wasm })`
 *  take it. */
export type WasmModule = WebAssembly.Module;
