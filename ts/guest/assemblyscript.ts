// AssemblyScript guests: how spawn() recognizes one, and how its worker
// links it to the signal library. Portable.
//
// An AssemblyScript program built with wasig's library (assembly/index.ts)
// imports its signal calls from the module "wasig". They are the exports of
// wasm/aslib.wasm (c-src/aslib/aslib.c: the core and c-src/libc, the same
// code C guests link), which the worker instantiates first, with its own
// shared memory: the GuestHost then sees an ordinary wasig guest (mailbox,
// waits, timers, kill, default actions) and the program calls the library
// directly, wasm to wasm. Only handler calls (wasig_call_js) and output come
// through here.
import { GuestHost, GuestKilled, type WorkerPlatform } from './guest-host.js';
import { GuestError, memoryImport, type MemoryImport } from './wasm-info.js';

/** The module the program imports the library from. */
export const ASC_MODULE = 'wasig';

export interface AscLibrary { module: WebAssembly.Module; memory: MemoryImport }

/** Whether a module is an AssemblyScript guest of wasig's library. */
export function isAscGuest(mod: WebAssembly.Module): boolean {
  return WebAssembly.Module.imports(mod).some((i) => i.module === ASC_MODULE);
}

const LIB_URL = new URL('../../wasm/aslib.wasm', import.meta.url).href;
let lib: Promise<AscLibrary> | null = null;

/** The signal library's bytes (a page without isolation rebuilds its
 *  memory import unshared in the guest's worker). */
export async function readAscLibrary(readFile: (url: string) => Promise<Uint8Array>): Promise<Uint8Array> {
  try {
    return await readFile(LIB_URL);
  } catch (e) {
    throw new GuestError(`cannot read wasig's AssemblyScript signal library ${LIB_URL}: build it with 'make build' (${(e as Error).message})`);
  }
}

/** The signal library, compiled once per parent. */
export function loadAscLibrary(readFile: (url: string) => Promise<Uint8Array>): Promise<AscLibrary> {
  lib ??= (async () => {
    const bytes = await readAscLibrary(readFile);
    const memory = memoryImport(bytes);
    if (!memory?.shared) throw new GuestError(`${LIB_URL} does not import a shared memory: rebuild it with 'make build'`);
    return { module: await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>), memory };
  })();
  lib.catch(() => { lib = null; });
  return lib;
}

class AscExit extends Error {
  constructor(readonly code: number) { super(`exit ${code}`); }
}

const SIGABRT = 6;
const WASI_EBADF = 8;
const WASI_EINVAL = 28;
const WASI_ENOSYS = 52;

type Fn = (...a: number[]) => unknown;

/** Runs an AssemblyScript guest in its worker; returns its exit status. */
export function runAssemblyScript(pf: WorkerPlatform, host: GuestHost): number {
  const s = pf.start;
  const L = s.lib;
  if (!L || !s.module) throw new GuestError('an AssemblyScript guest needs the signal library: start it with spawn()');
  // Shared, but for a page without cross-origin isolation, whose worker
  // rebuilt the library's import unshared (it then pulls its mailbox).
  const memory = new WebAssembly.Memory({ initial: L.memory.initial, maximum: L.memory.maximum ?? 65536, shared: L.memory.shared } as WebAssembly.MemoryDescriptor);
  let program: Record<string, any> | null = null;
  let announced: number[] | null = null;
  const env = {
    ...host.env(),
    memory,
    // The library's constructor (in _initialize) names its entry points.
    wasig_start_js: (...fns: number[]) => { announced = fns; },
    // The function value the program stored with sigaction, and the C
    // siginfo_t (0 for a plain handler), go to the program's dispatcher.
    wasig_call_js: (fn: number, sig: number, si: number) => { program!.__wasig_call(fn, sig, si); },
  };
  // The library's libc asks for these (stdio, clocks, exit); it writes
  // nothing but diagnostics, and it ends the program only through
  // wasig_default_js. Whatever else of WASI it imports has no file to act
  // on here: ENOSYS, never a failed instantiation.
  const handled: Record<string, Fn> = {
    fd_write: (fd, iovs, n, nw) => { const r = host.fdWrite(fd, iovs, n, nw); return r >= 0 ? r : WASI_EBADF; },
    fd_close: () => WASI_EBADF,
    fd_seek: () => WASI_EBADF,
    fd_fdstat_get: () => WASI_EBADF,
    clock_time_get: (id, _precision, at) => {
      // realtime, monotonic: the host's clocks; the CPU clocks: this guest's
      // CPU time as its ITIMER_PROF counts it (pf.now is in microseconds)
      const ns = id === 0 ? (performance.timeOrigin + performance.now()) * 1e6
        : id === 1 ? performance.now() * 1e6
          : id === 2 || id === 3 ? pf.now(2) * 1e3 : -1;
      if (ns < 0) return WASI_EINVAL;
      new DataView(memory.buffer).setBigUint64(at, BigInt(Math.round(ns)), true);
      return 0;
    },
    proc_exit: (code) => { throw new AscExit(code); },
  };
  const wasi: Record<string, Fn> = {};
  for (const imp of WebAssembly.Module.imports(L.module)) {
    if (imp.module === 'wasi_snapshot_preview1') wasi[imp.name] = handled[imp.name] ?? (() => WASI_ENOSYS);
  }
  const library = new WebAssembly.Instance(L.module, { env, wasi_snapshot_preview1: wasi } as WebAssembly.Imports);
  const lx = library.exports as Record<string, any>;
  host.memory = () => memory;
  host.table = () => lx.__indirect_function_table;
  lx._initialize();
  if (!announced) throw new GuestError(`${LIB_URL}: the signal library did not announce itself: rebuild it with 'make build'`);
  const [layoutFn, setupFn, interruptFn] = (announced as number[]).map((i) => {
    const f = lx.__indirect_function_table.get(i);
    if (typeof f !== 'function') throw new GuestError(`wasig_start_js: no function at table index ${i}`);
    return f as (...a: number[]) => number;
  });
  host.interrupt = () => interruptFn();

  const text = new TextDecoder();
  const utf8 = new TextEncoder();
  const bytes = (ptr: number, len: number) => new Uint8Array(program!.memory.buffer).slice(ptr >>> 0, (ptr >>> 0) + (len >>> 0));
  // AssemblyScript strings: UTF-16, with their byte length just before them.
  const str = (ptr: number): string => {
    if (!ptr) return 'null';
    const buf = program!.memory.buffer as ArrayBuffer;
    const len = new Uint32Array(buf, (ptr - 4) & ~3, 1)[0] >>> 1;
    let out = '';
    const u16 = new Uint16Array(buf, ptr, len);
    for (let i = 0; i < len; i += 4096) out += String.fromCharCode(...u16.subarray(i, i + 4096));
    return out;
  };
  const line = (fd: number) => (ptr: number) => host.writeText(fd, str(ptr) + '\n');
  const ownImports: Record<string, Fn> = {
    wasig_as_write_js: (fd, ptr, len) => { host.writeText(fd === 2 ? 2 : 1, text.decode(bytes(ptr, len))); },
    wasig_as_exit_js: (code) => { throw new AscExit(code | 0); },
    wasig_as_argc_js: () => s.args.length,
    // The UTF-8 bytes of argument i, as many as fit in cap; returns their length.
    wasig_as_arg_js: (i, ptr, cap) => {
      const b = utf8.encode(s.args[i] ?? '');
      if (cap > 0) new Uint8Array(program!.memory.buffer, ptr >>> 0, Math.min(cap >>> 0, b.length)).set(b.subarray(0, cap >>> 0));
      return b.length;
    },
  };
  const envImports: Record<string, Fn> = {
    abort: (msg, file, ln, col) => {
      host.writeText(2, `abort: ${str(msg)} at ${str(file)}:${ln}:${col}\n`);
      throw new GuestKilled(SIGABRT);
    },
    trace: (msg, n, ...a) => { host.writeText(2, `trace: ${str(msg)}${n ? ' ' + a.slice(0, n).join(', ') : ''}\n`); },
    seed: () => Date.now() * Math.random(),
    'Date.now': () => Date.now(),
    'performance.now': () => performance.now(),
    'console.log': line(1), 'console.info': line(1), 'console.debug': line(1),
    'console.warn': line(2), 'console.error': line(2),
    'process.exit': (code) => { throw new AscExit(code | 0); },
  };
  const imports: Record<string, Record<string, unknown>> = { [ASC_MODULE]: {}, env: {} };
  const missing: string[] = [];
  for (const imp of WebAssembly.Module.imports(s.module)) {
    const have = imp.module === ASC_MODULE ? (ownImports[imp.name] ?? (imp.name.startsWith('wasig_as_') ? lx[imp.name] : undefined))
      : imp.module === 'env' ? envImports[imp.name] : undefined;
    if (typeof have !== 'function' || imp.kind !== 'function') missing.push(`${imp.module}.${imp.name} (${imp.kind})`);
    else imports[imp.module][imp.name] = have;
  }
  if (missing.length) {
    throw new GuestError(`the AssemblyScript program imports ${missing.join(', ')}, which wasig does not provide (it provides the "wasig/assembly" library, abort, trace, seed, Date.now, performance.now, console.* and process.exit)`);
  }
  const instance = new WebAssembly.Instance(s.module, imports as WebAssembly.Imports);
  program = instance.exports as Record<string, any>;
  if (!(program.memory instanceof WebAssembly.Memory)) throw new GuestError('the AssemblyScript program exports no memory: build it without --noExportMemory');
  if (typeof program._start !== 'function') {
    throw new GuestError("the AssemblyScript program exports no _start: build it with 'asc … --transform wasig/transform'");
  }
  if (typeof program.__wasig_call !== 'function' && imports[ASC_MODULE].wasig_as_sigaction) {
    throw new GuestError("the AssemblyScript program does not export the handler dispatcher: build it with 'asc … --transform wasig/transform'");
  }
  host.ready(layoutFn, setupFn, L.memory.shared);
  try {
    program._start();
  } catch (e) {
    if (e instanceof AscExit) return e.code;
    throw e;
  }
  return 0;
}
