// The body of a guest's worker: instantiate the module (WASI or emscripten),
// tell the parent where the mailbox is, run main, report how it ended.
// Portable: the platform brings WASI, output and module loading.
import { runAssemblyScript } from './assemblyscript.js';
import { runComponent } from '../component/worker.js';
import { GuestHost, GuestKilled, WasmException, type WorkerPlatform } from './guest-host.js';
import { GuestError } from './wasm-info.js';
import { stdioStat } from './stdio-stat.js';

const SIGILL = 4, SIGABRT = 6, SIGFPE = 8, SIGSEGV = 11;

/** The signal Linux would have sent for a wasm trap. */
export function trapSignal(message: string): number {
  if (/^Aborted/.test(message)) return SIGABRT;
  if (/out of bounds|call stack|stack overflow|null function|memory access/i.test(message)) return SIGSEGV;
  if (/divide by zero|integer overflow|remainder by zero|float unrepresentable/i.test(message)) return SIGFPE;
  return SIGILL;
}

export async function runGuest(pf: WorkerPlatform): Promise<void> {
  const host = new GuestHost(pf);
  try {
    const f = pf.start.flavor;
    const code = f === 'wasi' ? runWasi(pf, host) : f === 'assemblyscript' ? runAssemblyScript(pf, host)
      : f === 'component' ? await runComponent(pf, host) : await runEmscripten(pf, host);
    pf.send({ t: 'exit', code });
  } catch (e) {
    if (e instanceof GuestKilled) {
      pf.send({ t: 'signal', sig: e.sig, ...(e.reason ? { message: e.reason } : {}) });
    } else if ((WasmException && e instanceof WasmException) || (e === Infinity && pf.start.flavor === 'emscripten')) {
      // No frame took it (wasi: a wasm exception; emscripten 3.1.6 throws
      // Infinity): a longjmp to a buffer whose setjmp's function has
      // returned (undefined behaviour in C; on Linux it usually crashes).
      pf.send({ t: 'signal', sig: SIGSEGV, message: 'uncaught wasm exception: a longjmp to a jmp_buf whose function has returned?' });
    } else if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) {
      pf.send({ t: 'signal', sig: trapSignal(e.message), message: `wasm trap: ${e.message}` });
    } else if (e instanceof GuestError || e instanceof WebAssembly.LinkError || e instanceof WebAssembly.CompileError) {
      pf.send({ t: 'error', message: (e as Error).message });
    } else {
      // One line for the user; the stack only when asked for (WASIG_DEBUG).
      const debug = typeof process !== 'undefined' && !!process.env?.WASIG_DEBUG;
      pf.send({ t: 'error', message: (debug ? (e as Error)?.stack : (e as Error)?.message) ?? String(e) });
    }
  }
}

type Fn = (...a: number[]) => number;

function runWasi(pf: WorkerPlatform, host: GuestHost): number {
  const s = pf.start;
  const wasi = pf.createWasi(s);
  host.files = wasi.file ?? null;
  const wi = wasi.imports;
  const imports: Record<string, Fn> = {
    ...wi,
    fd_write: (fd, iovs, n, nw) => { const r = host.fdWrite(fd, iovs, n, nw); return r >= 0 ? r : wi.fd_write(fd, iovs, n, nw); },
    fd_read: (fd, iovs, n, nr) => { const r = host.fdRead(fd, iovs, n, nr); return r >= 0 ? r : wi.fd_read(fd, iovs, n, nr); },
  };
  const env: Record<string, unknown> = { ...host.env(), wasig_start_js: announcer(host, !!s.memory?.shared) };
  let memory: WebAssembly.Memory | undefined;
  if (s.memory) {
    memory = new WebAssembly.Memory({ initial: s.memory.initial, maximum: s.memory.maximum ?? 65536, shared: s.memory.shared } as WebAssembly.MemoryDescriptor);
    env.memory = memory;
  }
  const instance = new WebAssembly.Instance(s.module!, { wasi_snapshot_preview1: imports, env } as WebAssembly.Imports);
  const x = instance.exports as Record<string, any>;
  const mem: WebAssembly.Memory = memory ?? x.memory;
  host.memory = () => mem;
  host.table = () => x.__indirect_function_table;
  if (!isWasigGuest(s.module!)) {
    // A WASI program without wasig's libc: the host applies default actions.
    pf.send({ t: 'ready', proc: 0, layout: {}, memory: null });
  }
  // The library announces itself from inside _start (wasig_start_js); the
  // host never calls an export of the program but _start (boundary.h says why).
  return wasi.start({ exports: { ...x, memory: mem } });
}

function isWasigGuest(m: WebAssembly.Module): boolean {
  return WebAssembly.Module.imports(m).some((i) => i.module === 'env' && i.name === 'wasig_start_js');
}

/** env.wasig_start_js: the library's constructor hands over the table
 *  indices of its entry points; they are called through the table. */
function announcer(host: GuestHost, shared: boolean): (...a: number[]) => void {
  let done = false;
  return (layoutFn, setupFn, interruptFn) => {
    if (done) throw new GuestError('wasig_start_js called twice');
    done = true;
    const t = host.table();
    const fn = (i: number) => {
      const f = t.get(i);
      if (typeof f !== 'function') throw new GuestError(`wasig_start_js: no function at table index ${i}`);
      return f as (...a: number[]) => number;
    };
    const interrupt = fn(interruptFn);
    host.interrupt = () => interrupt();
    host.ready(fn(layoutFn), fn(setupFn), shared);
  };
}

async function runEmscripten(pf: WorkerPlatform, host: GuestHost): Promise<number> {
  const s = pf.start;
  const dirs = Object.entries(s.preopens);
  if (dirs.length && !pf.hostFs) {
    throw new GuestError('host directories (--dir, preopens) are not supported for emscripten guests in a browser (there is no host file system to mount): build with --target wasi and give the directory to the browser WASI shim, or put the files into emscripten\'s FS (--preload-file / --embed-file)');
  }
  const { default: create } = await pf.importModule(s.loaderUrl!);
  let exitCode: number | null = null;
  let announced = false;
  const hasTerminal = () => host.tty.isCtty(host.layout.TTY_FD);
  const announce = announcer(host, false);
  const text = (fd: number) => (line: string) => host.writeText(fd, line + '\n');
  const config: Record<string, any> = {
    wasmBinary: s.wasmBinary,
    thisProgram: s.args[0],
    noInitialRun: true,
    print: text(1),
    printErr: text(2),
    quit: (status: number, toThrow: unknown) => {
      // exit() throws emscripten's ExitStatus; a trap or our GuestKilled is no exit.
      if ((toThrow as { name?: string } | null)?.name === 'ExitStatus') exitCode = status;
      throw toThrow;
    },
    preRun: [(M: { ENV?: Record<string, string>; wasigFS?: () => any }) => {
      if (M.ENV) Object.assign(M.ENV, s.env);
      linuxDevices(M.wasigFS?.());
      openStat(M.wasigFS?.(), s.uid);
      devTty(M.wasigFS?.(), () => announced, hasTerminal);
      if (dirs.length) mountHostDirs(M.wasigFS?.(), dirs, pf.readlink);
      rootPermissions(M.wasigFS?.(), s.uid);
    }],
    wasig: {
      ...host.env(),
      // Called by the library's constructor while emcc creates the module
      // (before create() resolves): the module object is `config` itself.
      wasig_start_js: (...a: number[]) => { announced = true; announce(...a); },
      fdWrite: (fd: number, iovs: number, n: number, nw: number) => host.fdWrite(fd, iovs, n, nw),
      fdRead: (fd: number, iovs: number, n: number, nr: number) => host.fdRead(fd, iovs, n, nr),
      // The controlling terminal's number (shims/emscripten/wasig-guest.js).
      ttyFd: () => host.layout.TTY_FD,
      // fstat of stdin, stdout or stderr (i): what it is, not emscripten's
      // /dev/tty (stdio-stat.ts); null keeps emscripten's answer.
      stdioStat: (i: number) => { try { return stdioStat(s, i, pf.fstat); } catch { return null; } },
    },
  };
  // emcc -O2 keeps the export names; -O3 and -Oz minify them ('a', 'b'…):
  // the module has exactly one memory and one table, found by their type.
  host.memory = () => exportOfType(config.asm, WebAssembly.Memory, 'memory');
  host.table = () => exportOfType(config.asm, WebAssembly.Table, '__indirect_function_table');
  let M;
  try {
    M = await create(config);
  } catch (e) {
    if (e instanceof GuestKilled || e instanceof WebAssembly.RuntimeError) throw e;
    throw new GuestError(`${s.loaderUrl}: its loader failed (${(e as Error)?.message ?? e}): a wasig guest is built with 'wasig cc --target emscripten'`);
  }
  if (!announced) {
    throw new GuestError(`${s.loaderUrl}: not a wasig guest (its library never announced itself): build it with 'wasig cc --target emscripten'`);
  }
  try {
    M.callMain(s.args.slice(1));
  } catch (e) {
    if (exitCode === null || e instanceof GuestKilled) throw e;
  }
  return exitCode ?? 0;
}

function exportOfType<T>(exports: Record<string, unknown> | undefined, type: abstract new (...a: any[]) => T, name: string): T {
  const named = exports?.[name];
  if (named instanceof type) return named;
  const found = Object.values(exports ?? {}).filter((v): v is T => v instanceof type);
  if (found.length !== 1) throw new GuestError(`this emscripten guest exports ${found.length} values of the type of its ${name}, not one: build it with 'wasig cc --target emscripten'`);
  return found[0];
}

/** Linux's memory devices as a wasi guest has them (c-src/libc/descriptors.c):
 *  emscripten's FS has /dev/null, random and urandom but no /dev/zero or
 *  /dev/full, and its devices refuse lseek (ESPIPE) where Linux's stay at 0. */
function linuxDevices(FS: any): void {
  if (!FS?.registerDevice || !FS.analyzePath) return;
  const zeros = (_s: unknown, buf: Uint8Array, off: number, len: number) => { buf.fill(0, off, off + len); return len; };
  const ENOSPC = 51; // emscripten's errno numbers are WASI's, not Linux's
  const devs: [string, number, Record<string, unknown>][] = [
    ['zero', 5, { read: zeros, write: (_s: unknown, _b: unknown, _o: number, len: number) => len }],
    ['full', 7, { read: zeros, write: () => { throw new FS.ErrnoError(ENOSPC); } }],
  ];
  for (const [name, minor, ops] of devs) {
    if (FS.analyzePath(`/dev/${name}`).exists) continue;
    const dev = FS.makedev(1, minor);
    FS.registerDevice(dev, ops);
    FS.mkdev(`/dev/${name}`, 0o666, dev);
  }
  for (const minor of [3, 5, 7]) {
    const ops = FS.getDevice(FS.makedev(1, minor))?.stream_ops;
    if (ops && !ops.llseek) ops.llseek = () => 0;
  }
}

/** fstat on emscripten looks the stream's path up again, and that of a
 *  pipe (in PIPEFS, mounted nowhere) or of an unlinked file (tmpfile,
 *  memfd_create) is not found (ENOENT). Linux stats the open file: a pipe
 *  is S_IFIFO, mode 0600, owned by the process, as the wasi library says;
 *  an unlinked file is what its node says. */
function openStat(FS: any, uid: number): void {
  if (!FS?.stat || !FS.streams) return;
  const stat = FS.stat;
  FS.stat = (path: string, dontFollow?: boolean) => {
    try {
      return stat(path, dontFollow);
    } catch (e) {
      const node = FS.streams.find((st: any) => st?.path === path && st.node)?.node;
      if (!node) throw e;
      if (!FS.isFIFO(node.mode)) {
        if (node.node_ops?.getattr) return node.node_ops.getattr(node);
        throw e;
      }
      const now = new Date();
      return {
        dev: 0, ino: node.id, mode: 0o010600, nlink: 1, uid, gid: uid, rdev: 0, size: 0,
        atime: now, mtime: now, ctime: now, blksize: 4096, blocks: 0,
      };
    }
  };
}

/** /dev/tty as the wasi library has it (c-src/libc/descriptors.c): the
 *  guest's controlling terminal, which the library's fd_read/fd_write find
 *  through the stream's mark (shims/emscripten/wasig-guest.js), or ENXIO
 *  when it has none, as Linux for a process without one. emscripten
 *  opens its own stdin and stdout on /dev/tty before the program starts:
 *  only opens after that (once the library announced itself) are the
 *  program's. /dev/stdin, a link to it, stays stdin. */
function devTty(FS: any, started: () => boolean, hasTerminal: () => boolean): void {
  if (!FS?.open || !FS.lookupPath || !FS.makedev) return;
  const open = FS.open;
  const ENXIO = 60; // emscripten's errno numbers are WASI's
  FS.open = (path: unknown, ...rest: unknown[]) => {
    let tty = false;
    if (started() && typeof path === 'string') {
      try {
        const node = FS.lookupPath(path, { follow: false }).node;
        tty = !!node && FS.isChrdev(node.mode) && node.rdev === FS.makedev(5, 0);
      } catch { /* open says why */ }
      if (tty && !hasTerminal()) throw new FS.ErrnoError(ENXIO);
    }
    const stream = open(path, ...rest);
    if (tty) stream.wasigTty = true;
    return stream;
  };
}

/** --dir for emscripten guests in Node: each host directory is mounted
 *  with emscripten's NODEFS (linked in by `wasig cc`) at its guest path. */
/** emscripten checks a file's mode bits for every uid (any r, w or x bit
 *  will do); to root Linux grants reading and writing whatever the mode,
 *  and executing when an x bit is set or it is a directory: a root guest's
 *  access(W_OK) of a mode 0444 file succeeds, as natively. */
function rootPermissions(FS: any, uid: number): void {
  if (!FS?.nodePermissions || uid !== 0) return;
  FS.nodePermissions = (node: { mode: number }, perms: string) =>
    FS.ignorePermissions || !perms.includes('x') || FS.isDir(node.mode) || (node.mode & 0o111) ? 0 : 2 /* EACCES */;
}

function mountHostDirs(FS: any, dirs: [string, string][], readlink?: (hostPath: string) => string): void {
  // emcc leaves the file system out of a program that opens no files: then
  // there is nothing a directory could be given to, as for a wasi program
  // that never opens its preopens.
  if (!FS) return;
  const nodefs = FS.filesystems?.NODEFS;
  if (!nodefs) throw new GuestError('this emscripten guest has no NODEFS (host directories): rebuild it with this version of \'wasig cc\'');
  // Linux's readdir gives . and .. (programs count on them: an empty
  // directory has two entries); NODEFS lists what Node's readdirSync does,
  // which drops them. Its node_ops are shared by every node it makes.
  const ops = nodefs.node_ops;
  if (ops && !ops.wasigDots) {
    const readdir = ops.readdir;
    ops.readdir = (node: unknown) => ['.', '..', ...readdir(node)];
    ops.wasigDots = true;
    // A link's text as it is (Linux's readlink): emscripten 3.1.6 makes it
    // relative to the mounted directory, so `ln -s f l` read back as
    // ../f (or worse) and stat of l failed.
    if (readlink) {
      ops.readlink = (node: unknown) => {
        try {
          return readlink(nodefs.realPath(node));
        } catch (e) {
          if (!(e as { code?: string }).code) throw e;
          throw new FS.ErrnoError(nodefs.convertNodeCode(e));
        }
      };
    }
  }
  for (const [guest, hostDir] of dirs) {
    // emscripten's root is its own MEMFS and its working directory is '/':
    // a relative guest path is mounted under the root, and '.' (the host's
    // directory as the working directory, as a wasi preopen '.' is used)
    // at /.wasig-cwd, which becomes the working directory.
    const cwd = guest === '.' || guest === './';
    const at = cwd ? '/.wasig-cwd' : `/${guest.replace(/^\/+|\/+$/g, '')}`;
    if (at === '/') throw new GuestError(`--dir ${hostDir}:/: emscripten's root cannot be replaced; mount it at a subdirectory`);
    let p = '';
    for (const part of at.split('/').filter(Boolean)) {
      p += `/${part}`;
      try { FS.mkdir(p); } catch { /* exists */ }
    }
    try {
      FS.mount(nodefs, { root: hostDir }, at);
    } catch (e) {
      throw new GuestError(`--dir ${hostDir}:${guest}: cannot mount it (${(e as Error).message ?? e})`);
    }
    if (cwd) FS.chdir(at);
  }
}
