// The guest's side of the boundary, inside its worker: the env.wasig_*_js
// imports of c-src/core/boundary.h, and stdio that a signal can interrupt.
// Portable: what differs between Node and browsers comes in a WorkerPlatform.
import { Core } from '../core/core.js';
import { SIGPIPE, SI_USER } from '../constants.js';
import { mailboxLayout, pull, type MailboxLayout } from './mailbox.js';
import {
  CTRL_BYTES, CTRL_DEAD, CTRL_DEADLINE, CTRL_FATAL, CTRL_OUT, CTRL_TIMER, CTRL_TIMER_SIG, OUT_CHUNK, OUT_WINDOW, epochMs, stdinRead, type FromGuest, type GuestStart,
} from './protocol.js';
import { GuestTty } from './tty-worker.js';
import { guestText } from './guest-text.js';
import type { FileStat } from './stdio-stat.js';
import type { ComponentFs } from '../component/wasi.js';

export interface WasiLike {
  /** The wasi_snapshot_preview1 functions. */
  imports: Record<string, (...a: number[]) => number>;
  /** Runs _start; returns the exit code. */
  start(instance: { exports: Record<string, unknown> }): number;
  /** The host's files, where it has them (GuestHost.files). */
  file?: GuestHost['files'] & {};
}

export interface WorkerPlatform {
  readonly start: GuestStart;
  send(msg: FromGuest): void;
  now(which: number): number;
  /** Synchronous write of bytes to a host file descriptor; false when
   *  nothing reads it any more (EPIPE). */
  writeFd(fd: number, bytes: Uint8Array): boolean | void;
  createWasi(start: GuestStart): WasiLike;
  importModule(url: string): Promise<any>;
  /** Whether host directories can be mounted into an emscripten guest
   *  (Node: emscripten's NODEFS). */
  hostFs?: boolean;
  /** A host symbolic link's text, for those host directories (Node). */
  readlink?(hostPath: string): string;
  /** A host descriptor's status, for a guest's stdio that is one (Node). */
  fstat?(fd: number): FileStat;
  /** wasi:filesystem over the host's directories, for components (Node). */
  componentFs?: ComponentFs;
  /** Called at each pull of an unshared mailbox, before it is looked at: a
   *  host without shared memory fetches what was sent here. */
  beforePull?(): void;
}

/** WebAssembly.Exception (exception handling; not in TypeScript's lib yet):
 *  what a longjmp throws on wasm32-wasi, so one that escapes a guest is a
 *  jump no frame took. */
export const WasmException = (WebAssembly as unknown as { Exception?: new (...a: unknown[]) => object }).Exception;

/** Thrown through the guest's stack when a default action ends it, or
 *  (with a reason) when it broke the boundary's rules. */
export class GuestKilled extends Error {
  constructor(readonly sig: number, readonly reason?: string) {
    super(reason ?? `killed by signal ${sig}`);
  }
}

const SIGSEGV = 11, SIGSYS = 31, NSIG = 65;
/** See GuestHost.postFatal. */
const FATAL_EVERY_MS = 10;
const MAX_WRITE = 1 << 20;

/** A guest passed an import an argument no libc would: it dies of SIGSYS
 *  (as a seccomp filter kills a bad system call), with the reason. */
function fault(what: string): never {
  throw new GuestKilled(SIGSYS, `bad call from the guest: ${what}`);
}

function timerWhich(which: number, name: string): number {
  if (which !== 0 && which !== 1 && which !== 2) fault(`${name}: no interval timer ${which}`);
  return which;
}

const WASI_EINTR = 27;
const WASI_EBADF = 8;
const WASI_EPIPE = 64;
const WASI_EIO = 29;

export class GuestHost {
  memory: () => WebAssembly.Memory = () => { throw new Error('wasig guest: memory not ready'); };
  /** The guest's function table, where its handlers are. */
  table: () => WebAssembly.Table = () => { throw new Error('wasig guest: table not ready'); };
  /** The guest's safe point for the host's blocking calls (stdin). */
  interrupt: () => number = () => 0;
  /** wasig_file_js's answers: the host's files (Node), or none (-ENOSYS). */
  files: ((L: Record<string, number>, fd: number, rel: string | null, op: number, mode: number, words: Uint32Array) => number) | null = null;
  proc = 0;
  shared = false;
  m!: MailboxLayout;
  layout!: Record<string, number>;
  private readonly box: Int32Array;
  private readonly ctrl: Int32Array;
  /** The deadlines of CTRL_DEADLINE, when the parent reads them there. */
  private readonly deadlines: Float64Array | null;
  private stdinAsked = false;
  private keyboardAsked = false;
  readonly tty: GuestTty;

  constructor(private readonly pf: WorkerPlatform) {
    this.box = new Int32Array(pf.start.mailbox);
    this.ctrl = new Int32Array(pf.start.ctrl);
    const c = pf.start.ctrl;
    this.deadlines = typeof SharedArrayBuffer !== 'undefined' && c instanceof SharedArrayBuffer && c.byteLength >= CTRL_BYTES
      ? new Float64Array(c, CTRL_DEADLINE * 8, 3) : null;
    this.tty = new GuestTty(pf.start, () => this.memory(), () => this.layout, (change, flag) => this.ask({ t: 'tty', change, flag }));
  }

  /** Without a shared ctrl (the browser fallback), the fatal set goes to
   *  the parent by message, bounded: a signal that stops being fatal is
   *  said at once (the parent must not end the guest for it), one that
   *  becomes fatal at most every FATAL_EVERY_MS, at a later change (until
   *  then the parent sends it on, and the guest ends at a safe point). A
   *  guest that blocks and unblocks a signal in a loop so sends at most two
   *  messages per FATAL_EVERY_MS, not one per call. */
  private fatalSaid: [number, number] = [0, 0];
  private fatalAt = -Infinity;
  private postFatal(lo: number, hi: number): void {
    const [slo, shi] = this.fatalSaid;
    const now = performance.now();
    const soon = now - this.fatalAt < FATAL_EVERY_MS;
    // Soon after the last message, only what is no longer fatal is said.
    const say: [number, number] = soon ? [slo & lo, shi & hi] : [lo, hi];
    if (say[0] === slo && say[1] === shi) return;
    this.fatalSaid = say;
    this.fatalAt = now;
    this.pf.send({ t: 'fatal', lo: say[0], hi: say[1] });
  }

  /** What the worker was started with. */
  pfStart(): GuestStart { return this.pf.start; }

  /** The signal the parent ended the guest by, when it did so while this
   *  worker still runs (0 while it lives): from then on no handler runs and
   *  no output is posted. */
  private dead(): number {
    return this.deadlines ? Atomics.load(this.ctrl, CTRL_DEAD) : 0;
  }

  /** Stops at once when the parent has ended the guest. */
  private stopIfDead(): void {
    const sig = this.dead();
    if (sig) throw new GuestKilled(sig);
  }

  /** Sends the parent a request and waits for its answer (ctrl[1]). */
  private ask(msg: FromGuest): number {
    Atomics.store(this.ctrl, 0, 0);
    this.pf.send(msg);
    Atomics.wait(this.ctrl, 0, 0);
    return Atomics.load(this.ctrl, 1);
  }

  /** Starts the parent's relay of stdin (or of the terminal's keyboard,
   *  for the controlling terminal while stdin is not it), once. */
  askStdin(keyboard = false): void {
    if (keyboard ? this.keyboardAsked : this.stdinAsked) return;
    if (keyboard) this.keyboardAsked = true;
    else this.stdinAsked = true;
    this.pf.send(keyboard ? { t: 'stdin', tty: true } : { t: 'stdin' });
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
    // Most pulls find nothing: look at the flag and the indices before
    // making a view of guest memory.
    const b = this.box, m = this.m;
    if (!Atomics.load(b, m.tripped >> 2) && Atomics.load(b, m.head >> 2) === Atomics.load(b, m.tail >> 2)) return 0;
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

  /** wasig_file_js: pointers the guest got wrong are EFAULT, never a
   *  fault of the host. */
  private file(fd: number, path: number, len: number, op: number, mode: number, at: number): number {
    const L = this.layout;
    if (!L) return -38; // ENOSYS: no library announced itself
    if (!this.files) return -L.ENOSYS;
    const buf = this.memory().buffer, n = L.FILE_WORDS;
    path >>>= 0; len >>>= 0; at >>>= 0;
    if (at + n * 4 > buf.byteLength) return -L.EFAULT;
    let rel: string | null = null;
    if (path) {
      const t = guestText(buf, path, len);
      if ('errno' in t) return -L[t.errno];
      rel = t.text;
    }
    const dv = new DataView(buf), words = new Uint32Array(n);
    for (let i = 0; i < n; i++) words[i] = dv.getUint32(at + 4 * i, true);
    const r = this.files(L, fd, rel, op, mode, words);
    if (r === 0) for (let i = 0; i < n; i++) dv.setUint32(at + 4 * i, words[i], true);
    return r;
  }

  /** env imports (the names of boundary.h). */
  /** Every argument is checked: the guest may call these with anything. */
  env(): Record<string, (...a: number[]) => number | void> {
    return {
      wasig_wait_js: (_p, seen, timeoutUs) => {
        if (Number.isNaN(timeoutUs)) fault('wasig_wait_js: the timeout is NaN');
        return this.waitWake(seen, timeoutUs);
      },
      wasig_now_js: (which) => this.pf.now(timerWhich(which, 'wasig_now_js')),
      wasig_pull_js: () => (this.shared ? 0 : this.pullNow()),
      // The parent checks pid, sig and code (it is the one that must not
      // trust them) and answers -EINVAL, -EPERM, -ESRCH or -EAGAIN.
      wasig_kill_js: (pid, sig, code, value) => this.ask({ t: 'kill', pid, sig, code, value }),
      wasig_setid_js: (gid, r, e, s) => this.ask({ t: 'setid', gid, r, e, s }),
      wasig_seen_js: () => Atomics.load(...this.wakeWord()),
      wasig_fd_poll_js: (fd) => this.tty.poll(fd, (keyboard) => this.askStdin(keyboard)),
      wasig_tty_js: (fd, op, words) => this.tty.call(fd, op, words),
      wasig_file_js: (fd, path, len, op, mode, words) => this.file(fd, path, len, op, mode, words),
      wasig_default_js: (_p, sig, action) => {
        if (!(sig >= 1 && sig < NSIG)) fault(`wasig_default_js: no signal ${sig}`);
        const L = this.layout;
        if (action === L.ACT_STOP) this.pf.send({ t: 'stopped', sig });
        else if (action === L.ACT_CONT) this.pf.send({ t: 'continued' });
        else throw new GuestKilled(sig);
      },
      wasig_timer_js: (_p, which, delayUs, sig) => {
        timerWhich(which, 'wasig_timer_js');
        if (Number.isNaN(delayUs)) fault('wasig_timer_js: the delay is NaN');
        // A delay no host timer reaches (past 2^53 us) is one that never fires.
        const d = delayUs < 0 || delayUs > Number.MAX_SAFE_INTEGER ? -1 : delayUs;
        if (!this.deadlines) { this.pf.send({ t: 'timer', which, delayUs: d }); return; }
        // Only decides when the guest dies, as CTRL_FATAL (a guest built
        // before this argument passes none: 0).
        Atomics.store(this.ctrl, CTRL_TIMER_SIG + which, Number.isInteger(sig) && sig > 0 && sig < NSIG ? sig : 0);
        this.deadlines[which] = d < 0 ? -1 : epochMs() + d / 1000;
        if (Atomics.exchange(this.ctrl, CTRL_TIMER + which, 1) === 0) this.pf.send({ t: 'timer', which, delayUs: d });
      },
      // Whatever the guest says only decides when it dies (the parent reads
      // these words as untrusted): any 32-bit values are accepted.
      wasig_fatal_js: (lo, hi) => {
        if (!this.deadlines) { this.postFatal(lo | 0, hi | 0); return; }
        Atomics.store(this.ctrl, CTRL_FATAL, lo | 0);
        Atomics.store(this.ctrl, CTRL_FATAL + 1, hi | 0);
      },
      // A JS call passes a wasm function only the parameters it declares.
      wasig_call_js: (fn, sig, si, uc) => {
        this.stopIfDead();
        let f: unknown;
        try { f = this.table().get(fn); } catch { f = null; }
        if (typeof f !== 'function') throw new GuestKilled(SIGSEGV, `wasm trap: signal handler ${fn} is not a function of the guest's table`);
        (f as (...a: number[]) => void)(sig, si, uc);
      },
    };
  }

  /** Output for stdio 'pipe': in chunks, waiting while the parent has more
   *  than OUT_WINDOW bytes of it still to take. */
  private sendOut(fd: number, data: Uint8Array): void {
    for (let at = 0; at < data.length || (at === 0 && data.length === 0); at += OUT_CHUNK) {
      const part = data.subarray(at, at + OUT_CHUNK);
      if (this.deadlines) {
        for (;;) {
          const busy = Atomics.load(this.ctrl, CTRL_OUT);
          if (busy <= OUT_WINDOW) break;
          Atomics.wait(this.ctrl, CTRL_OUT, busy, 1000);
        }
        // Counted before the look at CTRL_DEAD, which the parent sets before
        // it reads the count: either it sees these bytes on their way and
        // waits for them, or this sees the end and sends nothing.
        Atomics.add(this.ctrl, CTRL_OUT, part.length);
        const sig = this.dead();
        if (sig) {
          Atomics.sub(this.ctrl, CTRL_OUT, part.length);
          throw new GuestKilled(sig);
        }
      }
      this.pf.send({ t: 'out', fd, data: part.slice() });
      if (!data.length) break;
    }
  }

  /** Text from emscripten's print/printErr, when its own stdio prints. */
  writeText(fd: number, text: string): void {
    this.writeBytes(fd, new TextEncoder().encode(text));
  }

  /** Bytes to stdout (1) or stderr (2), as its stdio option says; false
   *  when they went to a host pipe whose reader is gone. */
  writeBytes(fd: number, bytes: Uint8Array): boolean {
    this.stopIfDead();
    const data = this.tty.output(fd, bytes);
    const mode = fd === 1 ? this.pf.start.stdout : this.pf.start.stderr;
    if (mode === 'inherit') return this.pf.writeFd(fd, data) !== false;
    if (typeof mode === 'number') return this.pf.writeFd(mode, data) !== false;
    if (mode === 'pipe') this.sendOut(fd, data);
    return true;
  }

  /** fd_write for stdout, stderr and the controlling terminal; -1 for
   *  other fds (the libc's own). At most MAX_WRITE bytes go per call (a
   *  short write, which libc loops over), so no iovec list makes the host
   *  copy more. */
  fdWrite(fd: number, iovs: number, iovsLen: number, nwritten: number): number {
    const ctty = this.tty.isCtty(fd);
    if (fd !== 1 && fd !== 2 && !ctty) return -1;
    // The controlling terminal's screen: a real one's own descriptor, else
    // the stdout or stderr that is the (emulated) terminal.
    const hostFd = ctty ? this.pf.start.ttyOutFd : undefined;
    const std = !ctty ? fd : this.tty.isTty(1) ? 1 : this.tty.isTty(2) ? 2 : 0;
    if (hostFd === undefined && !std) return WASI_EIO;
    const buf = this.memory().buffer;
    const dv = new DataView(buf);
    const parts: Uint8Array[] = [];
    let total = 0;
    for (let i = 0; i < iovsLen && total < MAX_WRITE; i++) {
      const ptr = dv.getUint32(iovs + i * 8, true), len = Math.min(dv.getUint32(iovs + i * 8 + 4, true), MAX_WRITE - total);
      if (len) parts.push(new Uint8Array(buf, ptr, len).slice());
      total += len;
    }
    const joined = new Uint8Array(total);
    let at = 0;
    for (const p of parts) { joined.set(p, at); at += p.length; }
    if (hostFd !== undefined) {
      this.stopIfDead();
      this.pf.writeFd(hostFd, joined);
    } else if (!this.writeBytes(std, joined)) {
      this.sigpipe();
      this.interrupt();
      return WASI_EPIPE;
    }
    dv.setUint32(nwritten, total, true);
    return 0;
  }

  /** A write to a host pipe whose reader is gone: as Linux, SIGPIPE
   *  (SI_USER, from the process itself), to be delivered on the way back
   *  from the write, so that at its default the program dies before it
   *  sees the error; caught or ignored, the write fails with EPIPE. */
  sigpipe(): void {
    this.ask({ t: 'kill', pid: this.pf.start.pid, sig: SIGPIPE, code: SI_USER, value: 0 });
  }

  /** fd_read for stdin and the controlling terminal: waits in
   *  Atomics.wait so that a signal interrupts it; a handler with SA_RESTART
   *  restarts it, one without fails it with EINTR. -1 for other fds. */
  fdRead(fd: number, iovs: number, iovsLen: number, nread: number): number {
    const src = this.tty.source(fd);
    if (!src) return -1;
    if (src.ignore) {
      new DataView(this.memory().buffer).setUint32(nread, 0, true);
      return 0;
    }
    this.askStdin(src.keyboard);
    let want = 0;
    const dv0 = new DataView(this.memory().buffer);
    for (let i = 0; i < iovsLen; i++) want += dv0.getUint32(iovs + i * 8 + 4, true);
    if (!want) { dv0.setUint32(nread, 0, true); return 0; }
    const tmp = new Uint8Array(want);
    // A terminal out of canonical mode with VMIN 0 returns 0 bytes when
    // nothing came within VTIME tenths of a second (at once for VTIME 0).
    const mode = this.tty.readMode(fd);
    const until = mode && !mode.canon && mode.vmin === 0 ? this.pf.now(0) + mode.vtime * 100_000 : -1;
    for (;;) {
      const seen = Atomics.load(...this.wakeWord());
      const n = stdinRead(src.buf, tmp);
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
        // The read is done; what is pending now runs on the way back from
        // it, as Linux delivers: a SIGINT sent just before the writer closed
        // runs its handler before the program sees the end of input.
        this.interrupt();
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
