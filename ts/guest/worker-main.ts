// The body of a guest's worker: instantiate the module (WASI or emscripten),
// tell the parent where the mailbox is, run main, report how it ended.
// Portable: the platform brings WASI, output and module loading.
import { GuestHost, GuestKilled, type WorkerPlatform } from './guest-host.js';
import { GuestError } from './wasm-info.js';

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
    const code = pf.start.flavor === 'wasi' ? runWasi(pf, host) : await runEmscripten(pf, host);
    pf.send({ t: 'exit', code });
  } catch (e) {
    if (e instanceof GuestKilled) {
      pf.send({ t: 'signal', sig: e.sig });
    } else if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) {
      pf.send({ t: 'signal', sig: trapSignal(e.message), message: `wasm trap: ${e.message}` });
    } else if (e instanceof GuestError || e instanceof WebAssembly.LinkError || e instanceof WebAssembly.CompileError) {
      pf.send({ t: 'error', message: (e as Error).message });
    } else {
      pf.send({ t: 'error', message: (e as Error)?.stack ?? String(e) });
    }
  }
}

type Fn = (...a: number[]) => number;

function runWasi(pf: WorkerPlatform, host: GuestHost): number {
  const s = pf.start;
  const wasi = pf.createWasi(s);
  const wi = wasi.imports;
  const imports: Record<string, Fn> = {
    ...wi,
    fd_write: (fd, iovs, n, nw) => { const r = host.fdWrite(fd, iovs, n, nw); return r >= 0 ? r : wi.fd_write(fd, iovs, n, nw); },
    fd_read: (fd, iovs, n, nr) => { const r = host.fdRead(fd, iovs, n, nr); return r >= 0 ? r : wi.fd_read(fd, iovs, n, nr); },
  };
  const env: Record<string, unknown> = { ...host.env() };
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
  if (typeof x.wasig_guest_setup === 'function' && typeof x.wasig_layout === 'function') {
    host.interrupt = () => x.wasig_guest_interrupt();
    host.ready(x.wasig_layout, x.wasig_guest_setup, !!s.memory?.shared);
  } else {
    // A WASI program without wasig's libc: the host applies default actions.
    pf.send({ t: 'ready', proc: 0, layout: {}, memory: null });
  }
  return wasi.start({ exports: { ...x, memory: mem } });
}

async function runEmscripten(pf: WorkerPlatform, host: GuestHost): Promise<number> {
  const s = pf.start;
  if (Object.keys(s.preopens).length) {
    throw new GuestError('preopens are not supported for emscripten guests (their files live in emscripten\'s own FS): build with --target wasi to use host directories');
  }
  const { default: create } = await pf.importModule(s.loaderUrl!);
  let exitCode: number | null = null;
  const text = (fd: number) => (line: string) => host.writeText(fd, line + '\n');
  const config: Record<string, unknown> = {
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
    preRun: [(M: { ENV?: Record<string, string> }) => { if (M.ENV) Object.assign(M.ENV, s.env); }],
    wasig: {
      ...host.env(),
      fdWrite: (fd: number, iovs: number, n: number, nw: number) => host.fdWrite(fd, iovs, n, nw),
      fdRead: (fd: number, iovs: number, n: number, nr: number) => host.fdRead(fd, iovs, n, nr),
    },
  };
  const M = await create(config);
  if (typeof M._wasig_guest_setup !== 'function') {
    throw new GuestError(`${s.loaderUrl}: not a wasig guest (no wasig_guest_setup export): build it with 'wasig cc --target emscripten'`);
  }
  host.memory = () => M.asm.memory as WebAssembly.Memory;
  host.table = () => M.asm.__indirect_function_table as WebAssembly.Table;
  host.interrupt = () => M._wasig_guest_interrupt();
  host.ready(M._wasig_layout, M._wasig_guest_setup, false);
  try {
    M.callMain(s.args.slice(1));
  } catch (e) {
    if (exitCode === null || e instanceof GuestKilled) throw e;
  }
  return exitCode ?? 0;
}
