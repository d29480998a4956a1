// Loading the core's two builds in a browser page or worker. Each file is
// named by a literal `new URL('…', import.meta.url)` and the loader by a
// literal import(), the forms that vite and webpack follow to emit the files
// and rewrite the URLs; unbundled, they resolve to the package's wasm/
// folder beside dist/. A bundler that does neither (esbuild) gets the file
// from the app: createRuntime({ wasm }).
import type { CoreExports, Flavor } from './core.js';
import { instantiateEmscripten, instantiateWasi, resolveSource, type WasmSource } from './source.js';

async function fetchBytes(url: string | URL): Promise<Uint8Array<ArrayBuffer>> {
  const href = String(url);
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`wasig: cannot fetch ${href} (${(e as Error).message}): serve the package's wasm/ folder, or pass createRuntime({ wasm })`);
  }
  if (!res.ok) throw new Error(`wasig: cannot fetch ${res.url || href} (${res.status}): serve the package's wasm/ folder, or pass createRuntime({ wasm })`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  // A dev server's fallback page instead of the file: say so, not "magic word".
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error(`wasig: ${res.url || href} is not a .wasm file (the server sent ${res.headers.get('Content-Type') ?? 'something else'}): serve the package's wasm/ folder, or pass createRuntime({ wasm })`);
  }
  return bytes;
}

export async function loadCore(flavor: Flavor, wasm?: WasmSource): Promise<CoreExports> {
  if (flavor === 'wasi') {
    return instantiateWasi(await resolveSource(wasm ?? new URL('../../wasm/core-wasi.wasm', import.meta.url), fetchBytes));
  }
  const [code, { default: createCore }] = await Promise.all([
    resolveSource(wasm ?? new URL('../../wasm/core-emscripten-web.wasm', import.meta.url), fetchBytes),
    import('../../wasm/core-emscripten-web.mjs'),
  ]);
  return instantiateEmscripten(createCore, code);
}
