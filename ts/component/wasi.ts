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
import { ComponentSignals, Waitable, type Delivery, type Interest } from './signals.js';

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

export function componentImports(pf: WorkerPlatform, host: GuestHost, sig: ComponentSignals): Record<string, unknown> {
  const s = pf.start;
  // monotonic-clock is CLOCK_MONOTONIC where the host has it (Node's
  // hrtime, as node:wasi gives core-module guests), else the page's clock.
  const hr = (globalThis as { process?: { hrtime?: { bigint?: () => bigint } } }).process?.hrtime?.bigint;
  const nowNs = hr ? () => hr() : () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
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
      // runs a handler on the way back (c-src/component/io.c).
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
        // restarts the read or not (c-src/component/io.c).
        if (!this.has()) {
          const input = this.subscribe(), handler = new Pollable(() => sig.hasDeliverable());
          const ready = sig.poll([input, handler]);
          if (ready[0] !== 0) throw { tag: 'last-operation-failed', val: new IoError('interrupted') };
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
   *  poll fails with EINTR (c-src/component/io.c runs the handler). A
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
      now: () => { const ms = Date.now(); return { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1e6 }; },
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
