// Loading the core's two builds in Node: the bytes come from the wasm/ folder
// beside dist/, or from createRuntime({ wasm }).
import { readFile } from 'node:fs/promises';
import type { CoreExports, Flavor } from './core.js';
import { instantiateEmscripten, instantiateWasi, resolveSource, type WasmSource } from './source.js';

async function read(url: string | URL): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof url === 'string' && /^https?:/.test(url)) url = new URL(url);
  if (url instanceof URL && url.protocol !== 'file:') {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`wasig: cannot fetch ${url.href} (${res.status})`);
    return new Uint8Array(await res.arrayBuffer());
  }
  try {
    return new Uint8Array(await readFile(url));
  } catch (e) {
    throw new Error(`wasig: cannot read ${url instanceof URL ? url.pathname : url}: build it with 'make build' (${(e as Error).message})`);
  }
}

export async function loadCore(flavor: Flavor, wasm?: WasmSource): Promise<CoreExports> {
  if (flavor === 'wasi') {
    return instantiateWasi(await resolveSource(wasm ?? new URL('../../wasm/core-wasi.wasm', import.meta.url), read));
  }
  const code = await resolveSource(wasm ?? new URL('../../wasm/core-emscripten.wasm', import.meta.url), read);
  const { default: createCore } = await import(new URL('../../wasm/core-emscripten.mjs', import.meta.url).href);
  return instantiateEmscripten(createCore, code);
}
