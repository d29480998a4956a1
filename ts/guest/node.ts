// Everything Node-specific about guests, in one file: worker_threads,
// node:wasi, file access, the process's stdin and file descriptors. A
// browser version supplies the same two objects with Web Workers, fetch and
// a WASI preview1 shim.
import { existsSync, fstatSync, readFileSync, readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isatty } from 'node:tty';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { nodePlatform } from '../platform.node.js';
import { threadCpuUs } from './thread-cpu.node.js';
import { writeFd } from '../write-fd.node.js';
import type { WasiLike, WorkerPlatform } from './guest-host.js';
import type { FromGuest, GuestStart } from './protocol.js';
import type { ParentPlatform } from './spawn.js';
import { runGuest } from './worker-main.js';
import { HostFiles } from './host-files.node.js';
import { GuestError } from './wasm-info.js';
import { prepareComponent } from '../component/prepare.node.js';
import { missingPreopen, nodeComponentFs } from '../component/filesystem.node.js';

/** V8 compiles wasm with its baseline tier (Liftoff) first and moves a
 *  function to the optimizing tier (TurboFan) only for its next call: there
 *  is no on-stack replacement for wasm, so a program's main loop (an
 *  interpreter's dispatch loop, a game loop) that is entered once runs
 *  baseline code forever, 2x slower for Lua. Without Liftoff every function
 *  is optimized at its first call instead (lazily, so start-up pays only for
 *  what runs: +0.25 s of CPU for Lua, docs/benchmarks.md). V8's flags are
 *  the process's: this holds for every module compiled after the first
 *  guest starts. WASIG_LIFTOFF=1 keeps V8's default. */
let optimized = false;
function optimizeGuests(): void {
  if (optimized) return;
  optimized = true;
  hintBranches();
  if (process.env.WASIG_LIFTOFF !== '1') setFlagsFromString('--no-liftoff');
}

/** `wasig cc` marks its preemption checks unlikely in a branch hint section
 *  (ts/cli/branch-hints.ts), which keeps Lua's VM loop at 1.05x instead of
 *  1.14x. V8 11 and 12 (Node 20, 22) read the section only behind this
 *  flag; later ones name their flags differently, and an unknown name makes
 *  V8 print an error, so the flag is set only where it is known to exist. */
function hintBranches(): void {
  const major = Number(process.versions.v8.split('.')[0]);
  if (major >= 11 && major <= 12) setFlagsFromString('--experimental-wasm-branch-hinting');
}

/** Signals the kernel holds for this process that no thread has taken yet
 *  (Linux's ShdPnd, and SigPnd of this thread); -1n where it cannot say. */
function kernelPending(): bigint {
  try {
    let held = 0n;
    for (const m of readFileSync('/proc/self/status', 'latin1').matchAll(/^(?:ShdPnd|SigPnd):\s*([0-9a-f]+)$/gm)) held |= BigInt(`0x${m[1]}`);
    return held;
  } catch {
    return -1n;
  }
}
/** How long the end of input waits for a signal the kernel still holds
 *  (one every thread blocks would be held for ever). */
const END_WAIT_MAX_MS = 200;
/** Then this long, for a signal the kernel has handed to one of our threads
 *  whose handler has not yet told the loop (a thread descheduled in between
 *  on a loaded machine): once per program, at the end of its input. */
const END_SETTLE_MS = 20;

export const nodeParentPlatform: ParentPlatform = {
  async readFile(path) {
    return new Uint8Array(await readFile(path.startsWith('file:') ? new URL(path) : path));
  },
  exists: (path) => existsSync(path),
  toUrl: (path) => pathToFileURL(resolve(path)).href,
  // V8 reads a module's branch hints when it compiles it: before that.
  beforeCompile: optimizeGuests,
  startWorker(data, onMessage, onError, onExit) {
    optimizeGuests();
    const w = new Worker(new URL('./worker.node.js', import.meta.url), {
      workerData: data,
      stdout: false,
      stderr: false,
    });
    w.on('message', (m: FromGuest) => onMessage(m));
    w.on('error', (e) => onError(e));
    w.on('exit', (code) => onExit(code));
    return { terminate: () => { void w.terminate(); }, unref: () => w.unref() };
  },
  readStdin(onData, onEnd) {
    const s = process.stdin;
    const data = (d: Buffer) => onData(new Uint8Array(d));
    // A signal sent before the writer closed must reach the guest before
    // the end of input, as Linux delivers it on the way back from the read
    // that returns 0. Here the two race: the kernel may still hold the
    // signal for this process while stdin's hang-up is already read, and
    // libuv hands over its signal pipe and stdin in one poll in no set
    // order (about 1 time in 3 the guest saw the end first). So the end
    // waits until the kernel holds no signal for us, then one more turn of
    // the loop, in which the signal's callback runs.
    let pending: ReturnType<typeof setTimeout> | undefined;
    const end = () => {
      const t0 = Date.now();
      const step = () => {
        const held = kernelPending();
        if (held > 0n && Date.now() - t0 < END_WAIT_MAX_MS) pending = setTimeout(step, 1);
        else pending = setTimeout(onEnd, END_SETTLE_MS);
      };
      step();
    };
    s.on('data', data);
    s.once('end', end);
    s.resume();
    return () => {
      s.off('data', data);
      s.off('end', end);
      if (pending) clearTimeout(pending);
      s.pause();
    };
  },
  uid: () => nodePlatform.uid(),
  isatty: (fd) => isatty(fd),
  isFile: (fd) => { try { return fstatSync(fd).isFile(); } catch { return false; } },
  prepareComponent,
};


type WasiCtor = typeof import('node:wasi').WASI;

/** node:wasi is experimental in Node 20: its warning is not the guest's
 *  output, so it is loaded (only in guest workers) with that one hidden. */
async function loadWasi(): Promise<WasiCtor> {
  const emit = process.emitWarning;
  process.emitWarning = ((w: string | Error, ...rest: unknown[]) => {
    if (/WASI/.test(String(w))) return;
    (emit as (...a: unknown[]) => void).call(process, w, ...rest);
  }) as typeof process.emitWarning;
  try {
    const { WASI } = await import('node:wasi');
    new WASI({ version: 'preview1' }); // some versions warn at the first construction
    return WASI;
  } finally {
    process.emitWarning = emit;
  }
}

/** The entry of a guest worker (worker.node.ts). */
export async function workerMain(): Promise<void> {
  const start = workerData as GuestStart;
  const WASI = start.flavor === 'wasi' ? await loadWasi() : null;
  const createWasi = (s: GuestStart): WasiLike => {
    let wasi: InstanceType<WasiCtor>;
    try {
      wasi = new WASI!({ version: 'preview1', args: s.args, env: s.env, preopens: s.preopens, returnOnExit: true });
    } catch (e) {
      // uvwasi says only UVWASI_ENOENT: name the directory that is missing.
      const missing = missingPreopen(s.preopens);
      if (missing) throw missing;
      throw new GuestError(`node:wasi refused the program's setup: ${(e as Error).message}`);
    }
    const files = new HostFiles(s.preopens, s);
    return {
      imports: files.wrap(wasi.wasiImport as WasiLike['imports']) as WasiLike['imports'],
      start: (instance) => {
        files.attach(instance.exports.memory as WebAssembly.Memory);
        return wasi.start(instance as WebAssembly.Instance);
      },
      file: (L, fd, rel, op, mode, words) => files.file(L, fd, rel, op, mode, words),
    };
  };
  const pf: WorkerPlatform = {
    start,
    send: (m) => parentPort!.postMessage(m),
    // Real time as the host's; CPU time this guest's own thread's.
    now: (which) => (which === 0 ? nodePlatform.now(0) : threadCpuUs(which)),
    writeFd,
    createWasi,
    importModule: (url) => import(url),
    hostFs: true,
    readlink: (p) => readlinkSync(p),
    fstat: (fd) => fstatSync(fd),
    componentFs: nodeComponentFs,
  };
  return runGuest(pf);
}
