// What the host must know about a guest module before running it: which
// flavor built it, and the limits of the memory it imports.

/** Which toolchain built a guest: `wasig cc` (clang, WASI), `wasig cc
 *  --target emscripten`, or 'assemblyscript': a program of wasig's
 *  AssemblyScript library (./assemblyscript.ts). */
export type GuestFlavor = 'wasi' | 'emscripten' | 'assemblyscript' | 'component';

export interface MemoryImport { initial: number; maximum?: number; shared: boolean }

/** A guest that cannot run: not found, not wasm, missing imports, or its
 *  worker failed. `exited` rejects with it. */
export class GuestError extends Error {
  /** 'GuestError'. */
  override name = 'GuestError';
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

export function isWasm(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && MAGIC.every((b, i) => bytes[i] === b);
}

/** A component, not a core module: after the magic, the component model's
 *  version 0x0d and layer 1 (a core module has version 1, layer 0). */
export function isComponent(bytes: Uint8Array): boolean {
  return isWasm(bytes) && bytes[4] === 0x0d && bytes[5] === 0 && bytes[6] === 1 && bytes[7] === 0;
}

/** Limits of the memory a module imports (env.memory), or null. */
export function memoryImport(bytes: Uint8Array): MemoryImport | null {
  let at = 8;
  const u32 = (): number => {
    let r = 0, shift = 0, b: number;
    do { b = bytes[at++]; r |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    return r >>> 0;
  };
  const name = (): string => { const n = u32(); const s = new TextDecoder().decode(bytes.subarray(at, at + n)); at += n; return s; };
  const limits = () => {
    const flags = bytes[at++];
    const initial = u32();
    const maximum = flags & 1 ? u32() : undefined;
    return { initial, maximum, shared: (flags & 2) !== 0 };
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = u32();
    const end = at + size;
    if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        name(); name();
        const kind = bytes[at++];
        if (kind === 0) u32();
        else if (kind === 1) { at++; limits(); }
        else if (kind === 2) return limits();
        else if (kind === 3) at += 2;
        else if (kind === 4) { at++; u32(); }
        else return null;
      }
      return null;
    }
    at = end;
  }
  return null;
}

/** The imports a wasig guest may have beyond its libc's. */
export const WASIG_IMPORTS = new Set([
  'wasig_wait_js', 'wasig_now_js', 'wasig_pull_js', 'wasig_kill_js', 'wasig_setid_js', 'wasig_default_js', 'wasig_timer_js',
  'wasig_call_js', 'wasig_start_js', 'wasig_seen_js', 'wasig_fd_poll_js', 'wasig_tty_js', 'wasig_fatal_js',
]);

/** Checks the imports of a WASI command module: a clear error for anything
 *  the host cannot provide. */
export function checkWasiImports(mod: WebAssembly.Module, path: string): void {
  const bad: string[] = [];
  for (const imp of WebAssembly.Module.imports(mod)) {
    if (imp.module === 'wasi_snapshot_preview1') continue;
    if (imp.module === 'env' && (WASIG_IMPORTS.has(imp.name) || (imp.name === 'memory' && imp.kind === 'memory'))) continue;
    bad.push(`${imp.module}.${imp.name} (${imp.kind})`);
  }
  if (bad.length) {
    throw new GuestError(`${path}: the module imports ${bad.join(', ')}, which wasig does not provide: build WASI guests with 'wasig cc --target wasi' (imports allowed: wasi_snapshot_preview1.*, env.memory, env.wasig_*_js)`);
  }
  const exports = new Set(WebAssembly.Module.exports(mod).map((e) => e.name));
  if (!exports.has('_start')) {
    throw new GuestError(`${path}: not a WASI command module (it exports no _start): build it with a main() and 'wasig cc --target wasi'`);
  }
}

/** The bytes of a guest's .wasm, with a clear error when they cannot be read
 *  or are not WebAssembly. */
export async function readGuestWasm(readFile: (path: string) => Promise<Uint8Array>, path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new GuestError(`cannot read ${path}: ${(e as Error).message}`);
  }
  if (!isWasm(bytes)) throw new GuestError(`${path} is not a WebAssembly module (no \\0asm header): give the .wasm that 'wasig cc' wrote`);
  return bytes;
}
