// Loading the core's two builds in Node: the bytes come from the wasm/ folder
// beside dist/.
import { readFile } from 'node:fs/promises';
import type { CoreExports, Flavor } from './core.js';

const wasmDir = new URL('../../wasm/', import.meta.url);

async function read(name: string): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await readFile(new URL(name, wasmDir)));
  } catch (e) {
    throw new Error(`wasig: cannot read ${new URL(name, wasmDir).pathname}: build it with 'make build' (${(e as Error).message})`);
  }
}

export async function loadCore(flavor: Flavor): Promise<CoreExports> {
  if (flavor === 'wasi') {
    const { instance } = await WebAssembly.instantiate(await read('core-wasi.wasm'), {});
    return instance.exports as unknown as CoreExports;
  }
  const wasmBinary = await read('core-emscripten.wasm');
  const { default: createCore } = await import(new URL('core-emscripten.mjs', wasmDir).href);
  const mod = await createCore({ wasmBinary });
  return mod.asm as CoreExports;
}
