// The guest's side of the boundary, inside its worker: the env.wasig_*_js
// imports of c-src/core/boundary.h, and stdio that a signal can interrupt.
// Portable: what differs between Node and browsers comes in a WorkerPlatform.
import { Core } from '../core/core.js';
import { mailboxLayout, pull, type MailboxLayout } from './mailbox.js';
import { stdinRead, type FromGuest, type GuestStart } from './protocol.js';
import { GuestTty } from './tty-worker.js';

export interface WasiLike {
  /** The wasi_snapshot_preview1 functions. */
  imports: Record<string, (...a: number[]) => number>;
  /** Runs _start; returns the exit code. */
  start(instance: { exports: Record<string, unknown> }): number;
}

export interface WorkerPlatform {
  readonly start: GuestStart;
  send(msg: FromGuest): void;
  now(which: number): number;
  /** Synchronous write of bytes to a host file descriptor. */
  writeFd(fd: number, bytes: Uint8Array): void;
  createWasi(start: GuestStart): WasiLike;
  importModule(url: string): Promise<any>;
  /** Whether host directories can be mounted into an emscripten guest
   *  (Node: emscripten's NODEFS). */
  hostFs?: boolean;
  /** Called at each pull of an unshared mailbox, before it is looked at: a
   *  host without shared memory fetches what was sent here. */
  beforePull?(): void;
}

/** Thrown through the guest's stack when a default action ends it. */
export class GuestKilled extends Error {
  constructor(readonly sig: number) {
    super(`killed by signal ${sig}`);
  }
}

const WASI_EINTR = 27;
const WASI_EBADF = 8;

export class GuestHost {
  memory: () => WebAssembly.Memory = () => { throw new Error('wasig guest: memory not ready'); };
  /** The guest's function table, where its handlers are. */
  table: () => WebAssembly.Table = () => { throw new Error('wasig guest: table not ready'); };
  /** The guest's safe point for the host's blocking calls (stdin). */
  interrupt: () => number = () => 0;
  proc = 0;
  shared = false;
  m!: MailboxLayout;
  layout!: Record<string, number>;
  private readonly box: Int32Array;
  private readonly ctrl: Int32Array;
  private stdinAsked = false;
  readonly tty: GuestTty;

  constructor(private readonly pf: WorkerPlatform) {
    this.box = new Int32Array(pf.start.mailbox);
    this.ctrl = new Int32Array(pf.start.ctrl);
    this.tty = new GuestTty(pf.start, () => this.memory(), () => this.layout, (change, flag) => this.ask({ t: 'tty', change, flag }));
  }

  /** Sends the parent a request and waits for its answer (ctrl[1]). */
  private ask(msg: FromGuest): number {
    Atomics.store(this.ctrl, 0, 0);
    this.pf.send(msg);
    Atomics.wait(this.ctrl, 0, 0);
    return Atomics.load(this.ctrl, 1);
  }

  /** Starts the parent's stdin relay, once. */
  private askStdin(): void {
    if (this.stdinAsked) return;
    this.stdinAsked = true;
    this.pf.send({ t: 'stdin' });
  }

  /** After instantiation: find the process and tell the parent. */
  ready(wasigLayout: () => number, setup: (pid: number, uid: number, flags: number) => number, shared: boolean): void {
    const memory = this.memory();
    const core = new Core('wasi', { memory, wasig_layout: wasigLayout } as never);
    this.layout = core.layout;
    this.m = mailboxLayout(core.layout);
    this.shared = shared;
    this.proc = setup(this.pf.start.pid, this.pf.start.uid, shared ? 1 : 0);
    this.pf.send({ t: 'ready', proc: this.proc, layout: this.layout, memory: shared ? memory : null });
  }

  private i32(): Int32Array {
    return new Int32Array(this.memory().buffer);
  }

  /** Where producers bump `wake` for this guest. */
  private wakeWord(): [Int32Array, number] {
    return this.shared ? [this.i32(), (this.proc + this.m.wake) >> 2] : [this.box, this.m.wake >> 2];
  }

  private pullNow(): number {
    this.pf.beforePull?.();
    // Most pulls find nothing: look at the flag before making a view of
    // guest memory.
    if (!Atomics.load(this.box, this.m.tripped >> 2)) return 0;
    return pull(this.box, this.i32(), this.proc, this.m);
  }

  /** Blocks until the wake word moves from `seen` (shared) or anything
   *  arrives (pulled); 1 when the timeout (us, < 0 none) passed. */
  private waitWake(seen: number | null, timeoutUs: number): number {
    const ms = timeoutUs < 0 ? Infinity : timeoutUs / 1000;
    if (this.shared) {
      const [a, i] = this.wakeWord();
      return Atomics.wait(a, i, seen!, ms) === 'timed-out' ? 1 : 0;
    }
    const b = this.box, tr = this.m.tripped >> 2, wk = this.m.wake >> 2;
    if (Atomics.load(b, tr)) { this.pullNow(); return 0; }
    const w = seen ?? Atomics.load(b, wk);
    if (Atomics.load(b, tr)) { this.pullNow(); return 0; }
    const r = Atomics.wait(b, wk, w, ms);
    this.pullNow();
    return r === 'timed-out' ? 1 : 0;
  }

  /** env imports (the names of boundary.h). */
  env(): Record<string, (...a: number[]) => number | void> {
    return {
      wasig_wait_js: (_p, seen, timeoutUs) => this.waitWake(seen, timeoutUs),
      wasig_now_js: (which) => this.pf.now(which),
      wasig_pull_js: () => (this.shared ? 0 : this.pullNow()),
      wasig_kill_js: (pid, sig, code, value) => this.ask({ t: 'kill', pid, sig, code, value }),
      wasig_seen_js: () => Atomics.load(...this.wakeWord()),
      wasig_fd_poll_js: (fd) => this.tty.poll(fd, () => this.askStdin()),
      wasig_tty_js: (fd, op, words) => this.tty.call(fd, op, words),
      wasig_default_js: (_p, sig, action) => {
        const L = this.layout;
        if (action === L.ACT_STOP) this.pf.send({ t: 'stopped', sig });
        else if (action === L.ACT_CONT) this.pf.send({ t: 'continued' });
        else throw new GuestKilled(sig);
      },
      wasig_timer_js: (_p, which, delayUs) => this.pf.send({ t: 'timer', which, delayUs }),
      // A JS call passes a wasm function only the parameters it declares.
      wasig_call_js: (fn, sig, si, uc) => { (this.table().get(fn) as (...a: number[]) => void)(sig, si, uc); },
    };
  }

  /** Text from emscripten's print/printErr, when its own stdio prints. */
  writeText(fd: number, text: string): void {
    const data = this.tty.output(fd, new TextEncoder().encode(text));
    const mode = fd === 1 ? this.pf.start.stdout : this.pf.start.stderr;
    if (mode === 'inherit') this.pf.writeFd(fd, data);
    else if (typeof mode === 'number') this.pf.writeFd(mode, data);
    else if (mode === 'pipe') this.pf.send({ t: 'out', fd, data });
  }

  /** fd_write for stdout and stderr; -1 for other fds (the libc's own). */
  fdWrite(fd: number, iovs: number, iovsLen: number, nwritten: number): number {
    if (fd !== 1 && fd !== 2) return -1;
    const mode = fd === 1 ? this.pf.start.stdout : this.pf.start.stderr;
    const buf = this.memory().buffer;
    const dv = new DataView(buf);
    const parts: Uint8Array[] = [];
    let total = 0;
    for (let i = 0; i < iovsLen; i++) {
      const ptr = dv.getUint32(iovs + i * 8, true), len = dv.getUint32(iovs + i * 8 + 4, true);
      if (len) parts.push(new Uint8Array(buf, ptr, len).slice());
      total += len;
    }
    const joined = new Uint8Array(total);
    let at = 0;
    for (const p of parts) { joined.set(p, at); at += p.length; }
    const data = this.tty.output(fd, joined);
    if (mode === 'inherit') this.pf.writeFd(fd, data);
    else if (typeof mode === 'number') this.pf.writeFd(mode, data);
    else if (mode === 'pipe') this.pf.send({ t: 'out', fd, data });
    dv.setUint32(nwritten, total, true);
    return 0;
  }

  /** fd_read for stdin: waits in Atomics.wait so that a signal interrupts
   *  it; a handler with SA_RESTART restarts it, one without fails it with
   *  EINTR. -1 for other fds. */
  fdRead(fd: number, iovs: number, iovsLen: number, nread: number): number {
    if (fd !== 0) return -1;
    if (this.pf.start.stdin === 'ignore') {
      new DataView(this.memory().buffer).setUint32(nread, 0, true);
      return 0;
    }
    this.askStdin();
    let want = 0;
    const dv0 = new DataView(this.memory().buffer);
    for (let i = 0; i < iovsLen; i++) want += dv0.getUint32(iovs + i * 8 + 4, true);
    if (!want) { dv0.setUint32(nread, 0, true); return 0; }
    const tmp = new Uint8Array(want);
    // A terminal out of canonical mode with VMIN 0 returns 0 bytes when
    // nothing came within VTIME tenths of a second (at once for VTIME 0).
    const mode = this.tty.readMode();
    const until = mode && !mode.canon && mode.vmin === 0 ? this.pf.now(0) + mode.vtime * 100_000 : -1;
    for (;;) {
      const seen = Atomics.load(...this.wakeWord());
      const n = stdinRead(this.pf.start.stdinBuf, tmp);
      if (n >= 0) {
        const buf = this.memory().buffer, dv = new DataView(buf);
        let at = 0;
        for (let i = 0; i < iovsLen && at < n; i++) {
          const ptr = dv.getUint32(iovs + i * 8, true), len = dv.getUint32(iovs + i * 8 + 4, true);
          const k = Math.min(len, n - at);
          new Uint8Array(buf, ptr, k).set(tmp.subarray(at, at + k));
          at += k;
        }
        dv.setUint32(nread, n, true);
        return 0;
      }
      const r = this.interrupt();
      if (r & 2) return WASI_EINTR;
      if (r) continue;
      const left = until < 0 ? -1 : until - this.pf.now(0);
      if (until >= 0 && left <= 0) {
        new DataView(this.memory().buffer).setUint32(nread, 0, true);
        return 0;
      }
      this.waitWake(seen, left);
    }
  }
}

export { WASI_EBADF };
