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

/** Bytes of one wasm page. */
export const PAGE = 65536;
/** The most a 32-bit memory can hold, in pages (4 GiB). */
const MAX_PAGES = 65536;

/** `spawn({ maxMemory })` checked: a whole number of bytes from one page to
 *  4 GiB, as pages (rounded down to a page); undefined when not given. */
export function memoryCap(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v) || (v as number) < PAGE || (v as number) > MAX_PAGES * PAGE) {
    throw new TypeError(`spawn() option maxMemory must be a number of bytes from ${PAGE} (one wasm page) to ${MAX_PAGES * PAGE} (4 GiB), not ${String(v)}`);
  }
  return Math.floor((v as number) / PAGE);
}

/** The limits a memory gets under a cap of `cap` pages: its maximum lowered
 *  to the cap (memory.grow past it then fails, and malloc returns NULL),
 *  or an error when even its initial size is more than the cap. */
export function cappedLimits(l: MemoryImport, cap: number, path: string): MemoryImport {
  if (l.initial > cap) {
    throw new GuestError(`${path} needs ${l.initial * PAGE} bytes of memory to start, more than maxMemory (${cap * PAGE} bytes)`);
  }
  return { ...l, maximum: Math.min(l.maximum ?? MAX_PAGES, cap) };
}

/** A module's bytes and the limits its memory import is created with,
 *  under a cap of `cap` pages (none when undefined): a memory it defines is
 *  capped in its bytes, one it imports in those limits. */
export function capMemory(bytes: Uint8Array, cap: number | undefined, path: string): { bytes: Uint8Array; memory: MemoryImport | null } {
  const imported = memoryImport(bytes);
  if (cap === undefined) return { bytes, memory: imported };
  return imported ? { bytes, memory: cappedLimits(imported, cap, path) } : { bytes: capDefinedMemory(bytes, cap, path), memory: null };
}

/** n as unsigned LEB128. */
export function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** The module with the memory it defines capped at `cap` pages (its memory
 *  section rewritten; a module that defines none is returned as it is: an
 *  imported memory is capped where the host creates it). */
export function capDefinedMemory(bytes: Uint8Array, cap: number, path: string): Uint8Array {
  let at = 8;
  const u32 = (): number => {
    let r = 0, mul = 1, b: number;
    do { b = bytes[at++]; r += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80 && at < bytes.length);
    return r;
  };
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++];
    const size = u32();
    const end = at + size;
    if (id === 5) {
      const count = u32();
      const mems: number[] = [];
      for (let i = 0; i < count; i++) {
        const flags = bytes[at++];
        if (flags & 4) throw new GuestError(`${path}: a 64-bit memory cannot be capped by maxMemory`);
        const initial = u32();
        const maximum = flags & 1 ? u32() : undefined;
        const l = cappedLimits({ initial, maximum, shared: (flags & 2) !== 0 }, cap, path);
        mems.push((flags & 2) | 1, ...leb(l.initial), ...leb(l.maximum!));
      }
      if (at !== end) throw new GuestError(`${path}: its memory section is malformed`);
      const content = [...leb(count), ...mems];
      const out = new Uint8Array(start + 1 + leb(content.length).length + content.length + (bytes.length - end));
      out.set(bytes.subarray(0, start));
      out.set([5, ...leb(content.length), ...content], start);
      out.set(bytes.subarray(end), start + 1 + leb(content.length).length + content.length);
      return out;
    }
    // Sections come in order (custom ones anywhere): past the memory
    // section's place, there is none.
    if (id > 4) break;
    at = end;
  }
  return bytes;
}

/** The imports a wasig guest may have beyond its libc's. */
export const WASIG_IMPORTS = new Set([
  'wasig_wait_js', 'wasig_now_js', 'wasig_pull_js', 'wasig_kill_js', 'wasig_setid_js', 'wasig_default_js', 'wasig_timer_js',
  'wasig_call_js', 'wasig_start_js', 'wasig_seen_js', 'wasig_fd_poll_js', 'wasig_tty_js', 'wasig_fatal_js', 'wasig_file_js',
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
