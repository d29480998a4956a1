// The core's .wasm as an app hands it over (a bundler moved it, or the app
// fetched or compiled it itself): whatever form it comes in, it ends as bytes
// or a compiled module, which both flavors' loaders accept.
import type { CoreExports } from './core.js';

/** The core's .wasm for a runtime's flavor: its URL (a `URL` or a string, as
 *  a bundler's asset import gives it; a file path in Node), a `Response` (or
 *  a promise of one, as `fetch()` returns), its bytes, or a compiled
 *  `WebAssembly.Module`. */
export type WasmSource =
  | string | URL | Response | PromiseLike<Response> | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

function isResponse(v: unknown): v is Response {
  return typeof v === 'object' && v !== null && typeof (v as Response).arrayBuffer === 'function' &&
    typeof (v as Response).ok === 'boolean';
}

/** Bytes or a module from a source; URLs are read by `readUrl`. */
export async function resolveSource(
  src: WasmSource, readUrl: (url: string | URL) => Promise<Uint8Array<ArrayBuffer>>,
): Promise<Uint8Array<ArrayBuffer> | WebAssembly.Module> {
  if (src instanceof WebAssembly.Module) return src;
  if (typeof src === 'string' || src instanceof URL) return readUrl(src);
  if (src instanceof ArrayBuffer) return new Uint8Array(src);
  if (ArrayBuffer.isView(src)) return new Uint8Array(src.buffer.slice(src.byteOffset, src.byteOffset + src.byteLength) as ArrayBuffer);
  const res = await src;
  if (isResponse(res)) {
    if (!res.ok) throw new Error(`wasig: the core's wasm could not be fetched from ${res.url || 'the given Response'} (${res.status})`);
    return new Uint8Array(await res.arrayBuffer());
  }
  throw new TypeError('wasm must be a URL, a string, a Response, an ArrayBuffer, a typed array or a WebAssembly.Module');
}

/** Instantiates the WASI core (it has no imports). */
export async function instantiateWasi(code: Uint8Array<ArrayBuffer> | WebAssembly.Module): Promise<CoreExports> {
  const instance = code instanceof WebAssembly.Module
    ? await WebAssembly.instantiate(code, {})
    : (await WebAssembly.instantiate(code, {})).instance;
  return instance.exports as unknown as CoreExports;
}

type CreateCore = (m: Record<string, unknown>) => Promise<{ asm: CoreExports }>;

/** Runs emscripten's loader on bytes or on a compiled module (through its
 *  instantiateWasm hook), so that it never looks for the .wasm itself. */
export async function instantiateEmscripten(createCore: CreateCore, code: Uint8Array<ArrayBuffer> | WebAssembly.Module): Promise<CoreExports> {
  const settings: Record<string, unknown> = code instanceof WebAssembly.Module
    ? {
      instantiateWasm(imports: object, done: (i: WebAssembly.Instance) => void) {
        void WebAssembly.instantiate(code, imports as WebAssembly.Imports).then(done);
        return {};
      },
    }
    : { wasmBinary: code };
  const mod = await createCore(settings);
  return mod.asm;
}
