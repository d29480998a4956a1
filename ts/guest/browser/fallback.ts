// Guests without cross-origin isolation. A page that is not cross-origin
// isolated has no SharedArrayBuffer: the page cannot write into a running
// worker's memory, and a worker cannot sleep in Atomics.wait until the page
// wakes it. What remains is the worker's own synchronous requests: the guest
// runs in ./fallback-worker.ts, which reaches the page through a relay on
// the serving origin (tools/serve.mjs: /__wasig/relay/<id>, a queue the page
// POSTs to and the worker reads with synchronous XHR). Signals then arrive
//   - at the guest's blocking calls (sigtimedwait, sigsuspend, pause, sleep,
//     a read of stdin): the worker long-polls the relay instead of
//     Atomics.wait, so a blocked guest still wakes at once;
//   - at its safe points while it computes, but only every ~50 ms (a poll of
//     the relay), not at the next safe point as with shared memory.
// Without a relay (a static host that does not have one) the guest can take
// no signal while it runs: kill() applies the default action only (a Term
// or Core signal ends the worker); handlers never run. Both cases warn once,
// loudly.
import { NSIG, SIGKILL } from '../../constants.js';
import { endsByDefault } from '../../signal-facts.js';
import { OSError, errno } from '../../errors.js';
import { lookup, register, unregister, type Killable } from '../../process-table.js';
import type { FromGuest, GuestStart, StdioIn, StdioOut } from '../protocol.js';
import { GuestHandle, type GuestExit, type GuestStdin, type ParentPlatform, type SpawnOptions } from '../spawn.js';
import { isAscGuest, readAscLibrary } from '../assemblyscript.js';
import { GuestError, capMemory, isComponent, memoryCap, readGuestWasm } from '../wasm-info.js';
import { watchWorker } from './watch.js';
import { RELAY_PATH } from '../../relay-contract.js';


/** The warning printed once when a page is not cross-origin isolated. */
export const NOT_ISOLATED_WARNING =
  'wasig: this page is not cross-origin isolated (no SharedArrayBuffer), so signals cannot reach a running ' +
  'guest at once. Falling back to delivery at its blocking calls and every ~50 ms of computation, through ' +
  "the server's relay. Serve the page with 'Cross-Origin-Opener-Policy: same-origin' and " +
  "'Cross-Origin-Embedder-Policy: require-corp' (make serve does) for immediate delivery.";

let warned = false;
/** Says once, loudly, that delivery is degraded. Listeners (a page's banner)
 *  hear it through the 'wasig-fallback' event on globalThis. */
export function warnNotIsolated(extra?: string): void {
  if (warned && !extra) return;
  warned = true;
  const text = extra ? `${NOT_ISOLATED_WARNING} ${extra}` : NOT_ISOLATED_WARNING;
  console.warn(text);
  const g = globalThis as unknown as EventTarget & { dispatchEvent?: (e: Event) => boolean };
  if (typeof g.dispatchEvent === 'function' && typeof CustomEvent === 'function') {
    g.dispatchEvent(new CustomEvent('wasig-fallback', { detail: text }));
  }
}

type RelayMsg =
  | { k: 'sig'; signo: number; code: number; pid: number; uid: number; value: number }
  | { k: 'stdin'; data: number[] }
  | { k: 'eof' }
  | { k: 'ctrl'; r: number };

const base = () => (globalThis as { location?: { href: string } }).location?.href ?? import.meta.url;

/** The fallback's module worker, the app's or the package's own (named in
 *  the literal form bundlers follow). */
function fallbackWorker(workerUrl: string | URL | undefined): Worker {
  if (workerUrl !== undefined) return new Worker(workerUrl, { type: 'module' });
  return new Worker(new URL('./fallback-worker.js', import.meta.url), { type: 'module' });
}

/** The data the fallback worker starts from (no shared buffers). */
export interface FallbackStart extends Omit<GuestStart, 'ctrl' | 'stdinBuf' | 'mailbox'> {
  relay: string | null;
  /** An AssemblyScript guest's signal library (wasm/aslib.wasm). */
  libBinary?: Uint8Array;
}

/** A guest in a page without cross-origin isolation: signals arrive at its
 *  blocking calls and about every 50 ms of computation, through the
 *  server's relay (or, without one, only as default actions). */
export class FallbackGuestProcess extends GuestHandle implements Killable {
  /** 'relay': signals at blocking calls and every ~50 ms; 'none': default
   *  actions only (no relay on this server). Known once `ready` resolves. */
  delivery: 'relay' | 'none' | null = null;
  /** Writing end of the guest's stdin. */
  readonly stdin: GuestStdin;

  private worker: Worker | null = null;
  private relayUrl: string | null = null;
  private started = false;
  private queue: RelayMsg[] = [];
  private sending: Promise<void> = Promise.resolve();
  private readonly stdio: [StdioIn, StdioOut, StdioOut];
  /** The signals that would end the guest now, as its worker last said
   *  (the 'fatal' message; none before its library starts). */
  private fatal: [number, number] = [0, 0];
  /** maxMemory in pages, when given. */
  private readonly memCap: number | undefined;

  /** @internal Use spawn(). */
  constructor(private readonly pf: ParentPlatform, module: string | WebAssembly.Module, private readonly opts: SpawnOptions,
    private readonly workerUrl?: string | URL) {
    super(pf.uid(), opts);
    if (typeof module !== 'string') throw new TypeError('wasig: without cross-origin isolation, spawn() takes the URL of the guest (its module is rebuilt without shared memory)');
    this.memCap = memoryCap(opts.maxMemory);
    const io = opts.stdio ?? 'pipe';
    const [i = 'pipe', o = 'pipe', e = 'pipe'] = Array.isArray(io) ? io : [io, io, io];
    this.stdio = [i, o, e];
    const enc = new TextEncoder();
    this.stdin = {
      write: (data) => {
        const bytes = typeof data === 'string' ? enc.encode(data) : data;
        this.send({ k: 'stdin', data: [...bytes] });
      },
      end: () => this.send({ k: 'eof' }),
    };
    register(this);
    this.start(module).catch((err) => this.fail(err));
  }

  /** Nothing to do in a browser (kept for the same shape as GuestProcess). */
  unref(): void {}

  /** @internal */
  receive(sig: number, code: number, senderPid: number, senderUid: number, value: number): void {
    if (!Number.isInteger(sig) || sig < 0 || sig >= NSIG) throw new OSError(errno.EINVAL);
    if (this.exitStatus) throw new OSError(errno.ESRCH);
    if (sig === 0) return;
    if (sig === SIGKILL) { this.finish({ code: null, signal: SIGKILL }); return; }
    if (this.delivery === 'none') {
      // Nothing reaches the running guest: only a default action that ends it.
      if (endsByDefault(sig)) this.finish({ code: null, signal: sig });
      return;
    }
    // Ends it at once, as Linux does and as a shared-memory guest ends,
    // when the set its worker last posted says the signal would: a guest
    // busy where it reads no relay would otherwise never see it. Its output
    // posted before the set came first (one channel, in order).
    if (((this.fatal[sig > 32 ? 1 : 0] >>> ((sig - 1) & 31)) & 1) === 1) { this.finish({ code: null, signal: sig }); return; }
    this.send({ k: 'sig', signo: sig, code, pid: senderPid, uid: senderUid, value });
  }

  private send(m: RelayMsg): void {
    this.queue.push(m);
    if (this.started) this.flush();
  }

  /** POSTs queued messages in order (one request at a time). */
  private flush(): void {
    if (!this.relayUrl || !this.queue.length) return;
    const batch = this.queue;
    this.queue = [];
    const url = this.relayUrl;
    this.sending = this.sending.then(async () => {
      try {
        await fetch(url, { method: 'POST', body: JSON.stringify(batch), headers: { 'Content-Type': 'application/json' } });
      } catch { /* the guest ended, or the server went away */ }
    });
  }

  private async start(module: string): Promise<void> {
    const o = this.opts;
    const id = `${Date.now().toString(36)}-${this.pid}-${Math.random().toString(36).slice(2)}`;
    const relay = new URL(`${RELAY_PATH}${id}`, base()).href;
    try {
      const r = await fetch(`${relay}?wait=0`);
      if (r.ok && /json/.test(r.headers.get('Content-Type') ?? '')) { await r.json(); this.relayUrl = relay; }
    } catch { /* no relay */ }
    this.delivery = this.relayUrl ? 'relay' : 'none';
    if (!this.relayUrl) {
      warnNotIsolated(`This server has no relay (${RELAY_PATH}; mount createRelay() from wasig/relay in it): signals can only end the guest by their default action; its handlers will not run.`);
    }
    let wasmPath = module, loader: string | null = null;
    let flavor = o.flavor;
    const stem = module.replace(/\.(wasm|mjs|js)$/, '');
    if (/\.(mjs|js)$/.test(module)) { flavor ??= 'emscripten'; wasmPath = `${stem}.wasm`; loader = module; }
    flavor ??= 'wasi';
    if (flavor === 'emscripten' && !loader) loader = `${stem}.mjs`;
    const read = await readGuestWasm((f) => this.pf.readFile(f), wasmPath);
    if (isComponent(read)) {
      throw new GuestError(`${wasmPath}: a component runs only on a cross-origin isolated page (its signal state is shared with the page): serve the page with 'Cross-Origin-Opener-Policy: same-origin' and 'Cross-Origin-Embedder-Policy: require-corp', or build a core module (wasig cc without --component)`);
    }
    // maxMemory as with shared memory: a memory the module defines is
    // capped in its bytes, one it imports where the worker creates it.
    const { bytes, memory } = capMemory(read, this.memCap, wasmPath);
    // An AssemblyScript program has its own unshared memory; its signal
    // library's shared one is rebuilt unshared in the worker, as a WASI
    // guest's is.
    const asc = flavor !== 'emscripten' && isAscGuest(await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>));
    if (asc) flavor = 'assemblyscript';
    const data: FallbackStart = {
      flavor, args: [o.argv0 ?? module.split('/').pop()!, ...(o.args ?? []).map(String)],
      env: o.env ?? {}, preopens: o.preopens ?? {}, stdin: this.stdio[0], stdout: this.stdio[1], stderr: this.stdio[2],
      pid: this.pid, uid: this.uid, relay: this.relayUrl, wasmBinary: bytes,
      memory: flavor === 'wasi' ? memory : null,
      ...(asc ? { libBinary: await readAscLibrary((f) => this.pf.readFile(f)) } : {}),
      ...(loader ? { loaderUrl: this.pf.toUrl(loader) } : {}),
    };
    if (this.exitStatus) return;
    const url = String(this.workerUrl ?? new URL('./fallback-worker.js', import.meta.url));
    this.worker = watchWorker(fallbackWorker(this.workerUrl), url, 'fallbackWorkerUrl', data, (m) => this.onMessage(m), (e) => this.fail(e));
  }

  private onMessage(m: FromGuest): void {
    if (this.exitStatus) return;
    switch (m.t) {
      case 'ready':
        this.started = true;
        this.flush();
        this.resolveReady();
        break;
      case 'kill': {
        const r = this.guestKill(m.pid, m.sig, m.code, m.value);
        this.queue.push({ k: 'ctrl', r });
        this.flush();
        break;
      }
      case 'setid': {
        this.queue.push({ k: 'ctrl', r: this.guestSetid(m.gid, m.r, m.e, m.s) });
        this.flush();
        break;
      }
      case 'fatal':
        if (!Number.isInteger(m.lo) || !Number.isInteger(m.hi)) { this.brokenGuest('a bad fatal-set message'); return; }
        this.fatal = [m.lo, m.hi];
        break;
      // Timers run in the worker; stdin comes through the relay.
      default: this.onCommonMessage(m);
    }
  }

  protected cleanup(): void {
    this.worker?.terminate();
    unregister(this.pid);
  }
}
