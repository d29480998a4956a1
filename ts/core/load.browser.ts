// Loading the core's two builds in a browser page or worker: fetched from the
// wasm/ folder beside dist/, as served.
import type { CoreExports, Flavor } from './core.js';

const wasmDir = new URL('../../wasm/', import.meta.url);

export async function loadCore(flavor: Flavor): Promise<CoreExports> {
  if (flavor === 'wasi') {
    const res = await fetch(new URL('core-wasi.wasm', wasmDir));
    if (!res.ok) throw new Error(`wasig: cannot fetch ${res.url} (${res.status}): serve the package's wasm/ folder beside dist/`);
    const { instance } = await WebAssembly.instantiate(await res.arrayBuffer(), {});
    return instance.exports as unknown as CoreExports;
  }
  const { default: createCore } = await import(/* @vite-ignore */ new URL('core-emscripten.mjs', wasmDir).href);
  const mod = await createCore({ locateFile: (f: string) => new URL(f, wasmDir).href });
  return mod.asm as CoreExports;
}
