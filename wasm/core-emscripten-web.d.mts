// The type of emscripten's loader for the core (core-emscripten-web.mjs, a
// build output): a factory that resolves once the module is instantiated.
declare const createCore: (settings: Record<string, unknown>) => Promise<{ asm: import('../ts/core/core.js').CoreExports }>;
export default createCore;
