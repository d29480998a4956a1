// The WASI Preview 2 interfaces a command component built by `wasig cc
// --component` imports through jco's preview1 adapter (wasi:cli, wasi:io,
// wasi:clocks, wasi:filesystem, wasi:random), for its worker.
//
// Why not @bytecodealliance/preview2-shim: its pollables live in a private
// I/O thread (Node) and its `poll` knows only those, so no pollable of
// wasig:signals could be waited for beside a clock or stdin; and jco checks
// each resource against the class the import object gives, so the
// subscription's pollable must be of the same class as the clock's. Here
// every pollable is a Waitable and `poll` is the signal host's, which waits
// on the mailbox's wake word (a signal, input and timers all bump it). The
// streams are stdio only, through the GuestHost (so stdio 'pipe', fds and
// terminals behave as for core-module guests). wasi:filesystem is the
// platform's (Node: filesystem.node.ts over the `preopens`); a platform
// without one gives a component no directory and refuses `preopens`.
import { stdinRead, stdinState } from '../guest/protocol.js';
import type { GuestHost, WorkerPlatform } from '../guest/guest-host.js';
import { GuestError } from '../guest/wasm-info.js';
import { ComponentSignals, Waitable, err, errnoName, type Delivery, type Interest } from './signals.js';

/** wasi:cli/exit: unwinds the component with the status. */
export class ComponentExit extends Error {
  constructor(readonly code: number) { super(`exit ${code}`); }
}

/** A file's side of a stream: never blocks; throws a filesystem
 *  error-code. `read` gives nothing at the end of the file. */
export interface FileIo {
  read?(len: number): Uint8Array;
  write?(bytes: Uint8Array): void;
}
/** The stream classes of the component's imports, over a file. */
export interface FsStreams {
  input(io: FileIo): unknown;
  output(io: FileIo): unknown;
}
/** A platform's wasi:filesystem: preopens and the types' classes. */
export type ComponentFs = (preopens: Record<string, string>, streams: FsStreams) => {
  preopens: { getDirectories(): readonly (readonly [unknown, string])[] };
  Descriptor: unknown;
  DirectoryEntryStream: unknown;
};

/** The component's CLOCK_MONOTONIC and CLOCK_REALTIME in nanoseconds: what
 *  wasi:clocks gives it, and what its timers' absolute times are read on. */
export interface ComponentClocks { monotonicNs(): bigint; wallNs(): bigint }

export function componentClocks(): ComponentClocks {
  // monotonic-clock is CLOCK_MONOTONIC where the host has it (Node's
  // hrtime, as node:wasi gives core-module guests), else the page's clock.
  const hr = (globalThis as { process?: { hrtime?: { bigint?: () => bigint } } }).process?.hrtime?.bigint;
  return {
    monotonicNs: hr ? () => hr() : () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6)),
    wallNs: () => BigInt(Date.now()) * 1_000_000n,
  };
}

export function componentImports(pf: WorkerPlatform, host: GuestHost, sig: ComponentSignals, clocks: ComponentClocks): Record<string, unknown> {
  const s = pf.start;
  const nowNs = clocks.monotonicNs;
  /** A monotonic instant (ns) as a deadline on pf.now(0) (us). */
  const atUs = (instant: bigint) => pf.now(0) + Number(instant - nowNs()) / 1000;

  class Pollable extends Waitable {
    constructor(private readonly isReady: () => boolean, private readonly until = Infinity) { super(); }
    ready(): boolean { return this.isReady(); }
    override deadline(): number { return this.until; }
    block(): void { sig.poll([this]); }
  }

  const clockPollable = (atUs: number) => new Pollable(() => pf.now(0) >= atUs, atUs);

  /** A stream's error; `code` is what wasi:filesystem's
   *  filesystem-error-code says of it (the adapter's errno). */
  class IoError {
    constructor(readonly code?: string) {}
    toDebugString(): string { return this.code ? `wasig: ${this.code}` : 'wasig: stream error'; }
  }

  /** A file's failure as the stream's error. */
  const fileOp = <T>(f: () => T): T => {
    try { return f(); } catch (e) {
      if (typeof e === 'string') throw { tag: 'last-operation-failed', val: new IoError(e) };
      throw e;
    }
  };

  class OutputStream {
    constructor(private readonly fd: 1 | 2 | FileIo) {}
    checkWrite(): bigint { return 1n << 20n; }
    write(contents: Uint8Array): void {
      sig.checkpoint();
      if (typeof this.fd === 'object') {
        const file = this.fd;
        // Not more than checkWrite allowed: the adapter asks it first.
        fileOp(() => file.write!(contents.subarray(0, 1 << 20)));
        return;
      }
      if (host.writeBytes(this.fd, contents.slice())) return;
      // The reader of a host pipe is gone: SIGPIPE (its default ends the
      // component here), then `pipe`, EPIPE to the adapter; the library
      // runs a handler on the way back (c-src/component/wasi-io.c).
      host.sigpipe();
      sig.checkpoint();
      throw { tag: 'last-operation-failed', val: new IoError('pipe') };
    }
    blockingWriteAndFlush(contents: Uint8Array): void { this.write(contents); }
    flush(): void {}
    blockingFlush(): void {}
    subscribe(): Pollable { return new Pollable(() => true); }
    writeZeroes(n: bigint): void { this.write(new Uint8Array(Number(n))); }
    blockingWriteZeroesAndFlush(n: bigint): void { this.writeZeroes(n); }
  }

  /** stdin: the parent's relay (stdio 'inherit' or 'pipe'), or nothing;
   *  or a file, always ready. */
  class InputStream {
    constructor(private readonly file?: FileIo) {}
    private ended(): boolean { return s.stdin === 'ignore'; }
    private has(): boolean {
      if (this.file || this.ended()) return true;
      const st = stdinState(s.stdinBuf);
      return st.avail > 0 || st.eof;
    }
    read(len: bigint): Uint8Array {
      if (this.file) {
        const file = this.file;
        const got = fileOp(() => file.read!(Number(len)));
        if (!got.length && len > 0n) throw { tag: 'closed' };
        return got;
      }
      if (this.ended()) throw { tag: 'closed' };
      host.askStdin();
      const buf = new Uint8Array(Math.min(Number(len), 1 << 16));
      const n = stdinRead(s.stdinBuf, buf);
      if (n === 0) throw { tag: 'closed' };
      return n < 0 ? new Uint8Array(0) : buf.slice(0, n);
    }
    blockingRead(len: bigint): Uint8Array {
      if (!this.file && !this.ended()) {
        host.askStdin();
        // A poll over the input and the signals the component catches
        // (default actions are taken in the wait): input that is there
        // wins; a handler that is due fails the read with `interrupted`,
        // EINTR to the adapter, so that the component's libc runs it and
        // restarts the read or not (c-src/component/wasi-io.c).
        // A terminal out of canonical mode with VMIN 0 gives 0 bytes when
        // nothing came within VTIME tenths of a second (at once for VTIME 0),
        // as for a core-module guest (GuestHost.fdRead).
        const mode = host.tty.readMode(0);
        const until = mode && !mode.canon && mode.vmin === 0 ? pf.now(0) + mode.vtime * 100_000 : -1;
        if (!this.has()) {
          const input = this.subscribe(), handler = new Pollable(() => sig.hasDeliverable());
          const ready = sig.poll(until < 0 ? [input, handler] : [input, handler, clockPollable(until)]);
          if (ready[0] === 1) throw { tag: 'last-operation-failed', val: new IoError('interrupted') };
          if (!this.has()) return new Uint8Array(0);
        }
      }
      return this.read(len);
    }
    skip(len: bigint): bigint { return BigInt(this.read(len).length); }
    blockingSkip(len: bigint): bigint { return BigInt(this.blockingRead(len).length); }
    subscribe(): Pollable {
      if (!this.file) host.askStdin();
      return new Pollable(() => this.has());
    }
  }

  class Subscription {
    private readonly take_: () => Delivery | undefined;
    private readonly has: () => boolean;
    constructor(which: Interest) {
      if (which.tag === 'waiting') {
        const set = which.val;
        this.take_ = () => sig.takeWaiting(set);
        this.has = () => sig.hasWaiting(set);
      } else {
        this.take_ = () => sig.takeDeliverable();
        this.has = () => sig.hasDeliverable();
      }
    }
    subscribe(): Pollable { return new Pollable(this.has); }
    take(): Delivery | undefined { return this.take_(); }
    drain(max: number): Delivery[] {
      const out: Delivery[] = [];
      // Clamped, as the contract says: a component cannot make the host
      // build an unbounded list (the realtime queue is bounded anyway).
      for (let i = 0; i < Math.min(max >>> 0, 1024); i++) {
        const d = this.take_();
        if (!d) break;
        out.push(d);
      }
      return out;
    }
  }

  /** wasi:io/poll's poll, which a signal the component catches also
   *  ends: with an empty list when nothing listed is ready, as Linux's
   *  poll fails with EINTR (c-src/component/wasi-io.c runs the handler). A
   *  component that catches nothing never sees it. */
  const handlerDue = new Pollable(() => sig.hasDeliverable());
  const poll = (list: Pollable[]): Uint32Array => {
    if (!list.length) return sig.poll(list);
    const ready = sig.poll([...list, handlerDue]);
    return ready[ready.length - 1] === list.length ? ready.subarray(0, ready.length - 1) : ready;
  };

  const fs = (pf.componentFs ?? noFs)(s.preopens, {
    input: (io) => new InputStream(io),
    output: (io) => new OutputStream(io),
  });
  class TerminalInput {}
  class TerminalOutput {}
  const stdout = new OutputStream(1), stderr = new OutputStream(2), stdin = new InputStream();
  // A guest fd is a terminal only when the host says it is one.
  const tty = (fd: number) => (((s.ttyFds ?? 0) >> fd) & 1 ? new TerminalOutput() : undefined);

  return {
    'wasi:cli/environment': {
      getEnvironment: () => Object.entries(s.env),
      getArguments: () => s.args,
      initialCwd: () => undefined,
    },
    'wasi:cli/exit': {
      exit: (status: { tag: 'ok' | 'err' }) => { throw new ComponentExit(status.tag === 'ok' ? 0 : 1); },
      // WASI 0.2's unstable cli-exit-with-code: the status of exit(3).
      exitWithCode: (code: number) => { throw new ComponentExit(code & 0xff); },
    },
    'wasi:cli/stdin': { getStdin: () => stdin },
    'wasi:cli/stdout': { getStdout: () => stdout },
    'wasi:cli/stderr': { getStderr: () => stderr },
    'wasi:cli/terminal-input': { TerminalInput },
    'wasi:cli/terminal-output': { TerminalOutput },
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => ((s.ttyFds ?? 0) & 1 ? new TerminalInput() : undefined) },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => tty(1) },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => tty(2) },
    'wasi:clocks/monotonic-clock': {
      now: nowNs,
      resolution: () => 1000n,
      subscribeInstant: (at: bigint) => clockPollable(atUs(at)),
      subscribeDuration: (d: bigint) => clockPollable(pf.now(0) + Number(d) / 1000),
    },
    'wasi:clocks/wall-clock': {
      now: () => { const ns = clocks.wallNs(); return { seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) }; },
      resolution: () => ({ seconds: 0n, nanoseconds: 1e6 }),
    },
    'wasi:filesystem/preopens': fs.preopens,
    'wasi:filesystem/types': {
      Descriptor: fs.Descriptor,
      DirectoryEntryStream: fs.DirectoryEntryStream,
      filesystemErrorCode: (e: IoError) => e.code,
    },
    'wasi:io/error': { Error: IoError },
    'wasi:io/poll': { Pollable, poll },
    'wasi:io/streams': { InputStream, OutputStream },
    'wasi:random/random': {
      getRandomBytes: (n: bigint) => crypto.getRandomValues(new Uint8Array(Math.min(Number(n), 65536))),
      getRandomU64: () => crypto.getRandomValues(new BigUint64Array(1))[0],
    },
    'wasi:random/insecure': {
      getInsecureRandomBytes: (n: bigint) => crypto.getRandomValues(new Uint8Array(Math.min(Number(n), 65536))),
      getInsecureRandomU64: () => crypto.getRandomValues(new BigUint64Array(1))[0],
    },
    'wasig:signals/control': sig.control,
    'wasig:signals/timer': sig.timer,
    // What a core-module guest's wasig_fd_poll_js says of the same
    // descriptor (a pipe at its end hangs up, a file or /dev/null stays
    // readable): poll and select give the same bits in both forms.
    'wasig:signals/stdio': stdioImports(host),
    'wasig:signals/delivery': { Subscription },
  };
}

/** No file system (a browser): no directory to give. */
const noFs: ComponentFs = (preopens) => {
  if (Object.keys(preopens).length) {
    throw new GuestError('host directories (--dir, preopens) are not given to components in a browser (there is no host file system to open): run the component in Node (spawn() or wasig run), or give the program its data another way (stdin, args, env)');
  }
  class Descriptor {}
  class DirectoryEntryStream {}
  return { preopens: { getDirectories: () => [] }, Descriptor, DirectoryEntryStream };
};

interface Termios { iflag: number; oflag: number; cflag: number; lflag: number; line: number; cc: Uint8Array; ispeed: number; ospeed: number }
interface Winsize { rows: number; cols: number; xpixel: number; ypixel: number }

/** wasig:signals/stdio: the same host calls a core-module guest's
 *  wasig_fd_poll_js and wasig_tty_js make (tty-worker.ts), with their
 *  words lifted to the interface's records. */
function stdioImports(host: GuestHost) {
  const L = () => host.layout;
  /** A terminal call on a fresh word vector; its error as the result's. */
  const tty = (fd: number, op: number, fill?: (w: Int32Array) => void): Int32Array => {
    const w = new Int32Array(L().TTY_WORDS);
    fill?.(w);
    const r = host.tty.callWords(fd, op, w);
    if (r < 0) throw err(errnoName(L(), -r));
    return w;
  };
  const get = (fd: number) => tty(fd, L().TTY_GET);
  const settings = (w: Int32Array): Termios => ({
    iflag: w[L().TTY_IFLAG] >>> 0, oflag: w[L().TTY_OFLAG] >>> 0, cflag: w[L().TTY_CFLAG] >>> 0, lflag: w[L().TTY_LFLAG] >>> 0,
    line: w[L().TTY_LINE] & 0xff, cc: Uint8Array.from(w.subarray(L().TTY_CC, L().TTY_CC + L().TTY_NCCS)),
    ispeed: w[L().TTY_ISPEED] >>> 0, ospeed: w[L().TTY_OSPEED] >>> 0,
  });
  return {
    pollStdio: (fd: number) => {
      const r = host.tty.poll(fd, (keyboard) => host.askStdin(keyboard));
      if (r < 0) return undefined;
      const l = L();
      return { ready: { input: (r & l.FD_IN) !== 0, output: (r & l.FD_OUT) !== 0, hangup: (r & l.FD_HUP) !== 0 }, available: r >>> 8 };
    },
    getTerminal: (fd: number) => {
      const w = get(fd), l = L();
      return {
        settings: settings(w),
        size: { rows: w[l.TTY_ROWS] & 0xffff, cols: w[l.TTY_COLS] & 0xffff, xpixel: w[l.TTY_XPIXEL] & 0xffff, ypixel: w[l.TTY_YPIXEL] & 0xffff },
        foreground: w[l.TTY_PGRP],
      };
    },
    setTermios: (fd: number, when: 'now' | 'drain' | 'flush', t: Termios) => {
      const l = L();
      const op = when === 'now' ? l.TTY_SET_NOW : when === 'drain' ? l.TTY_SET_DRAIN : l.TTY_SET_FLUSH;
      tty(fd, op, (w) => {
        w[l.TTY_IFLAG] = t.iflag; w[l.TTY_OFLAG] = t.oflag; w[l.TTY_CFLAG] = t.cflag; w[l.TTY_LFLAG] = t.lflag;
        w[l.TTY_LINE] = t.line; w[l.TTY_ISPEED] = t.ispeed; w[l.TTY_OSPEED] = t.ospeed;
        w.set(t.cc.subarray(0, l.TTY_NCCS), l.TTY_CC);
      });
    },
    setWinsize: (fd: number, size: Winsize) => {
      const l = L();
      tty(fd, l.TTY_WINSZ, (w) => {
        w[l.TTY_ROWS] = size.rows; w[l.TTY_COLS] = size.cols; w[l.TTY_XPIXEL] = size.xpixel; w[l.TTY_YPIXEL] = size.ypixel;
      });
    },
    setForeground: (fd: number, pgrp: number) => {
      tty(fd, L().TTY_PGRP_SET, (w) => { w[L().TTY_PGRP] = pgrp; });
    },
    flushInput: (fd: number) => { tty(fd, L().TTY_FLUSH); },
  };
}
