// Loading the core's two builds in a browser page or worker: fetched from the
// wasm/ folder beside dist/, as served.
import type { CoreExports, Flavor } from './core.js';

const wasmDir = new URL('../../wasm/', import.meta.url);

async function fetchBytes(name: string): Promise<ArrayBuffer> {
  const url = new URL(name, wasmDir);
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`wasig: cannot fetch ${url.href} (${(e as Error).message}): serve the package's wasm/ folder beside dist/`);
  }
  if (!res.ok) throw new Error(`wasig: cannot fetch ${res.url} (${res.status}): serve the package's wasm/ folder beside dist/`);
  return res.arrayBuffer();
}

export async function loadCore(flavor: Flavor): Promise<CoreExports> {
  if (flavor === 'wasi') {
    const { instance } = await WebAssembly.instantiate(await fetchBytes('core-wasi.wasm'), {});
    return instance.exports as unknown as CoreExports;
  }
  // Emscripten 3.1.6's loader finds its .wasm only in classic pages and
  // classic workers (it tests for importScripts, which a module worker lacks):
  // hand it the bytes, fetched here, so it works in module workers too.
  const [bytes, { default: createCore }] = await Promise.all([
    fetchBytes('core-emscripten.wasm'),
    import(/* @vite-ignore */ new URL('core-emscripten.mjs', wasmDir).href),
  ]);
  const mod = await createCore({ wasmBinary: bytes, locateFile: (f: string) => new URL(f, wasmDir).href });
  return mod.asm as CoreExports;
}
