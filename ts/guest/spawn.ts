// spawn(): a wasm program (WASI command or emscripten module) as an emulated
// process in a worker, with a shared signal block. The parent side, portable:
// host specifics come in a ParentPlatform (node.ts for Node).
import '../dispose.js';
import { NSIG, SIGCONT, SIGKILL, SIGRTMIN, SIGSTOP, SIGSYS, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH, SI_KERNEL, SI_QUEUE, SI_TKILL, SI_USER, Signals } from '../constants.js';
import { endsByDefault } from '../signal-facts.js';
import { BlockingIOError, OSError, errno } from '../errors.js';
import {
  KILL_SCOPES, allocatePid, killFrom, register, unregister, type KillScope, type Killable, type Sender,
} from '../process-table.js';
import { CORRUPT, FULL, POSTED, Producer, hostMailbox, mailboxLayout, tick, wake, type MailboxLayout, type PostResult, type Record_ } from './mailbox.js';
import {
  CTRL_BYTES, CTRL_DEAD, CTRL_DEADLINE, CTRL_FATAL, CTRL_OUT, CTRL_RESULT, CTRL_RPC, CTRL_TIMER, CTRL_TIMER_SIG, MAILBOX_BYTES, epochMs, type ComponentStart, type FromGuest, type GuestStart, type StdioIn, type StdioOut,
} from './protocol.js';
import { byName } from '../validate.js';
import { exitRecord } from '../exit-status.js';
import { checkOptionNames } from '../validate.js';
import type { SignalLike } from '../signal-types.js';
import { isAscGuest, loadAscLibrary } from './assemblyscript.js';
import { Terminal } from './terminal.js';
import { StdinPipe } from './stdin-pipe.js';
import { setLongTimeout, type LongTimeout } from '../clock.js';
import {
  GuestError, capMemory, checkWasiImports, isComponent, memoryCap, readGuestWasm, type GuestFlavor,
} from './wasm-info.js';

export { GuestError };
export type { GuestFlavor, StdioIn, StdioOut };

export interface ParentPlatform {
  readFile(path: string): Promise<Uint8Array>;
  exists(path: string): boolean;
  toUrl(path: string): string;
  startWorker(data: GuestStart, onMessage: (m: FromGuest) => void, onError: (e: Error) => void,
    onExit: (code: number) => void): { terminate(): void; unref(): void };
  readStdin(onData: (d: Uint8Array) => void, onEnd: () => void): () => void;
  uid(): number;
  /** Whether the host's fd (0-2) is a terminal (for stdio 'inherit'). */
  isatty?(fd: number): boolean;
  /** Whether the host's fd is a regular file (for stdio 'inherit'). */
  isFile?(fd: number): boolean;
  /** A component's bytes made runnable (jco transpile); hosts without it
   *  cannot run components. */
  prepareComponent?(bytes: Uint8Array, path: string): Promise<ComponentStart>;
  /** Sets up the engine for guests before the first one is compiled (Node:
   *  V8 flags that apply to modules compiled later). */
  beforeCompile?(): void;
}

/** Options of `spawn()`. Any other key is refused with a TypeError that
 *  names the valid ones. */
export interface SpawnOptions {
  /** argv[1..] of the program; argv[0] is `argv0` or the module's name. */
  args?: string[];
  /** argv[0] of the program. */
  argv0?: string;
  /** The program's environment (nothing of the host's is passed on). */
  env?: Record<string, string>;
  /** [stdin, stdout, stderr], or one value for all three. Default 'inherit'
   *  in Node, 'pipe' in browsers. 'pipe': stdin through `proc.stdin`, output
   *  through 'stdout'/'stderr' events and the `stdout`/`stderr` strings. A
   *  number: that host fd. */
  stdio?: StdioIn | 'pipe' | [StdioIn?, StdioOut?, StdioOut?];
  /** Guest path -> host directory (WASI only). */
  preopens?: Record<string, string>;
  /** Which toolchain built the module. Default 'wasi': an emscripten
   *  guest runs its loader (.mjs), which is host JavaScript, so it runs
   *  only when asked for, by this option or by giving the .mjs path. */
  flavor?: GuestFlavor;
  /** The terminal behind the guest's stdio: its fds that are 'pipe', or
   *  'inherit' from a host fd that is a tty, are that terminal (isatty,
   *  termios, TIOCGWINSZ, SIGWINCH, tcgetpgrp). Without one no fd is a tty.
   *  It is also the guest's controlling terminal (its /dev/tty), whatever
   *  its stdio is, unless made with `controlling: false`. Type on it with
   *  terminal.input(); see terminal.ts. */
  terminal?: Terminal;
  /** The guest's uid (default the creator's). kill() between emulated
   *  processes needs the same uid, or uid 0 in the sender (else EPERM). */
  uid?: number;
  /** Process group (default: a new group led by the guest). */
  pgid?: number;
  /** Whom the guest may signal: 'self' (default) only itself; 'group' the
   *  guests of its process group; 'all' every guest; 'host' every guest and
   *  every runtime of this host, including one bound to the real OS
   *  signals. Outside its scope a process does not exist for it (ESRCH). */
  killScope?: KillScope;
  /** Bytes of output kept in `proc.stdout` / `proc.stderr` (stdio 'pipe');
   *  past it they stop growing and `truncated` says so. The 'stdout' and
   *  'stderr' events still get everything. Default 16 MiB. */
  maxBuffer?: number;
  /** The most linear memory the guest may have, in bytes (rounded down to
   *  64 KiB pages; at least one page, at most 4 GiB). Its memory.grow past
   *  it fails (malloc returns NULL, errno ENOMEM), as under Linux's
   *  RLIMIT_AS; a module that needs more to start is refused. Default: what
   *  the module declares (up to 4 GiB). Core modules given by path only. */
  maxMemory?: number;
}

const MAX_BUFFER = 16 << 20;
/** Records a guest's ring has room for before it is ready (the ring of
 *  c-src/core/wasig_core.h, whose size a started guest reports as
 *  ring.max): the same room and coalescing as once it runs. */
const EARLY_RING = 256;

/** stdio as spawn() takes it: a TypeError that names the choices, not a
 *  worker that fails later. */
function checkStdio([i, o, e]: [unknown, unknown, unknown]): void {
  if (i !== 'inherit' && i !== 'pipe' && i !== 'ignore') {
    throw new TypeError(`spawn() stdio: stdin must be 'inherit', 'pipe' or 'ignore', not ${JSON.stringify(i) ?? String(i)}`);
  }
  for (const [name, v] of [['stdout', o], ['stderr', e]] as const) {
    if (v !== 'inherit' && v !== 'pipe' && v !== 'ignore' && !(Number.isSafeInteger(v) && (v as number) >= 0)) {
      throw new TypeError(`spawn() stdio: ${name} must be 'inherit', 'pipe', 'ignore' or a host fd number, not ${JSON.stringify(v) ?? String(v)}`);
    }
  }
}

/** A spawn() option that must be a uid or pid-like number. */
function idOption(v: unknown, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isSafeInteger(v) || (v as number) < 0 || (v as number) > 0x7fffffff) {
    throw new TypeError(`spawn() option ${name} must be an integer from 0 to 2147483647, not ${String(v)}`);
  }
  return v as number;
}

/** The option names every host's spawn() takes. */
// A record over keyof SpawnOptions, so that an option added to the interface
// and not here (or the reverse) does not compile.
const SPAWN_OPTION_KEYS: Record<keyof SpawnOptions, true> = {
  args: true, argv0: true, env: true, stdio: true, preopens: true, flavor: true, terminal: true,
  uid: true, pgid: true, killScope: true, maxBuffer: true, maxMemory: true,
};
export const SPAWN_OPTIONS: readonly string[] = Object.keys(SPAWN_OPTION_KEYS);

/** Refuses an options value that is not an object, or has unknown keys. */
export function checkSpawnOptions(options: unknown, valid: readonly string[]): void {
  if (options === null || typeof options !== 'object') throw new TypeError('spawn() options must be an object');
  checkOptionNames('spawn', options, valid);
}

/** How a guest ended: `{ code }` when it exited (`signal` is null), or
 *  `{ signal, signalName }` when a signal ended it (`code` is null). */
export type GuestExit =
  | {
    /** The exit status. */
    code: number;
    /** Null: no signal ended it. */
    signal: null;
    /** Why the host ended it, when the guest's worker died unreported. */
    error?: string;
  }
  | {
    /** Null: it did not exit by itself. */
    code: null;
    /** The signal that ended it (a wasm trap ends it with SIGILL, SIGSEGV,
     *  SIGFPE or SIGABRT, and `error` says which trap). */
    signal: number;
    /** Its name: 'SIGTERM', 'SIGRTMIN+3' (a getter, not an own property). */
    readonly signalName: string;
    /** The trap's message, when a trap ended it. */
    error?: string;
  };

/** What a failed start leaves in `exitStatus` (`exited` rejects). */
export interface GuestFailure {
  /** Null. */
  code: null;
  /** Null. */
  signal: null;
  /** Why it could not start. */
  error: string;
}

/** The writing end of a guest's stdin (`stdio: 'pipe'`). */
export interface GuestStdin {
  /** Queues bytes (or a string, as UTF-8) for the guest to read. */
  write(data: Uint8Array | string): void;
  /** End of file after what was written. */
  end(): void;
}

/** The events of a guest handle and their listeners' arguments. */
export interface GuestEventMap {
  /** Output on fd 1 when stdout is 'pipe': the bytes as written. */
  stdout: [data: Uint8Array];
  /** Output on fd 2 when stderr is 'pipe'. */
  stderr: [data: Uint8Array];
  /** A stop signal's default action holds the guest. */
  stop: [signal: number];
  /** SIGCONT resumed it. */
  continue: [signal: number];
  /** It ended (not emitted when it failed to start: `exited` rejects). */
  exit: [status: GuestExit];
}

/** The names of a guest handle's events. */
export type GuestEvents = keyof GuestEventMap;

/** A listener of event `E`. */
export type GuestListener<E extends GuestEvents> = (...args: GuestEventMap[E]) => void;

/** What both guest process handles share (Node's and the browser
 *  fallback's): the pid, the exit status and its promises, the listeners,
 *  and kill(). */
export abstract class GuestHandle {
  /** The guest's emulated process id, in the table runtimes share. */
  readonly pid: number;
  /** Resolves with the exit status; rejects with a GuestError when the
   *  guest could not start. */
  readonly exited: Promise<GuestExit>;
  /** Resolves once the guest runs and takes signals (rejects like `exited`). */
  readonly ready: Promise<void>;
  /** The exit status once it ended, else null. */
  exitStatus: GuestExit | GuestFailure | null = null;
  /** True while a stop signal's default action holds the guest. */
  stopped = false;
  /** Output collected when stdout is 'pipe' (up to maxBuffer bytes). */
  stdout = '';
  /** Output collected when stderr is 'pipe'. */
  stderr = '';
  /** Whether output went past `maxBuffer` and was left out of the strings. */
  readonly truncated: {
    /** `stdout` stopped growing. */
    stdout: boolean;
    /** `stderr` stopped growing. */
    stderr: boolean;
  } = { stdout: false, stderr: false };
  /** The guest's real uid (kill() between emulated processes checks it);
   *  a guest with effective uid 0 may change it (setuid and the like). */
  get uid(): number { return this.ids[0]; }
  /** Its effective uid. */
  get euid(): number { return this.ids[1]; }
  /** Real, effective and saved uid, then the same three gids: the host's
   *  own copy, the one permission checks read (the guest's is its own). */
  private readonly ids: number[];
  /** Its process group. */
  readonly pgid: number;
  /** Whom it may signal (see `SpawnOptions.killScope`). */
  readonly killScope: KillScope;
  private readonly maxBuffer: number;
  private readonly kept = [0, 0];

  protected resolveReady!: () => void;
  private resolveExit!: (s: GuestExit) => void;
  private rejectExit!: (e: Error) => void;
  private readonly listeners = new Map<GuestEvents, ((...a: any[]) => void)[]>();

  /** @internal */
  constructor(creatorUid: number, opts: SpawnOptions = {}) {
    this.pid = allocatePid();
    const uid = idOption(opts.uid, 'uid', creatorUid);
    this.ids = [uid, uid, uid, uid, uid, uid];
    this.pgid = idOption(opts.pgid, 'pgid', this.pid);
    const scope = opts.killScope ?? 'self';
    if (!KILL_SCOPES.includes(scope)) throw new TypeError(`spawn() option killScope must be one of ${KILL_SCOPES.map((k) => `'${k}'`).join(', ')}, not ${String(scope)}`);
    this.killScope = scope;
    const mb = opts.maxBuffer ?? MAX_BUFFER;
    if (!Number.isSafeInteger(mb) || mb < 0) throw new TypeError(`spawn() option maxBuffer must be a non-negative integer, not ${String(mb)}`);
    this.maxBuffer = mb;
    this.exited = new Promise((res, rej) => { this.resolveExit = res; this.rejectExit = rej; });
    this.ready = new Promise((res, rej) => {
      this.resolveReady = res;
      this.exited.then(() => res(), rej);
    });
    this.ready.catch(() => {});
  }

  /** Adds a listener, as EventEmitter's `on`. */
  on<E extends GuestEvents>(event: E, listener: GuestListener<E>): this {
    if (typeof listener !== 'function') throw new TypeError('the listener must be a function');
    const l = this.listeners.get(event) ?? [];
    l.push(listener);
    this.listeners.set(event, l);
    return this;
  }

  /** Removes the listener once (the last one added of it), as EventEmitter's `off`. */
  off<E extends GuestEvents>(event: E, listener: GuestListener<E>): this {
    const l = this.listeners.get(event);
    if (!l) return this;
    for (let i = l.length - 1; i >= 0; i--) {
      if (l[i] === listener || (l[i] as { listener?: unknown }).listener === listener) { l.splice(i, 1); break; }
    }
    return this;
  }

  /** Adds a listener that is removed before it first runs. */
  once<E extends GuestEvents>(event: E, listener: GuestListener<E>): this {
    if (typeof listener !== 'function') throw new TypeError('the listener must be a function');
    const wrapper = Object.assign((...a: GuestEventMap[E]) => {
      this.off(event, wrapper);
      listener(...a);
    }, { listener });
    return this.on(event, wrapper);
  }

  protected emit<E extends GuestEvents>(event: E, ...a: GuestEventMap[E]): void {
    for (const fn of [...this.listeners.get(event) ?? []]) fn(...a);
  }

  /** Ends the guest with SIGKILL unless it already ended (`using`). */
  [Symbol.dispose](): void {
    if (!this.exitStatus) this.kill(SIGKILL);
  }

  /** Ends the guest with SIGKILL unless it already ended, and waits for its
   *  end (`await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    this[Symbol.dispose]();
    await this.exited.catch(() => {});
  }

  /** Sends a signal (number or name; default SIGTERM), as kill(2) from the
   *  host: si_code SI_USER, si_pid 0. A full queue throws BlockingIOError. */
  kill(sig: SignalLike = SIGTERM): void {
    this.receive(signalNumber(sig), SI_USER, 0, this.uid, 0);
  }

  /** The guest as a sender of kill(2). */
  protected get sender(): Sender {
    return { pid: this.pid, uid: this.uid, euid: this.euid, pgid: this.pgid, scope: this.killScope };
  }

  /** @internal The saved uid, which kill(2) permission checks too. */
  get suid(): number { return this.ids[2]; }

  /** setresuid(2)/setresgid(2) from the guest (the 'setid' message; the
   *  library turns setuid, seteuid, setreuid and the gid ones into it):
   *  -1 keeps an id. With effective uid 0 any id goes (CAP_SETUID and
   *  CAP_SETGID); without, each new id must be one of the current real,
   *  effective or saved ones, else EPERM, so no guest gains an id it did
   *  not have. 0 or a negated errno. */
  protected guestSetid(gid: unknown, r: unknown, e: unknown, s: unknown): number {
    const want = [r, e, s];
    if ((gid !== 0 && gid !== 1) || !want.every((v) => Number.isInteger(v) && (v as number) >= -1 && (v as number) <= 0xfffffffe)) return -errno.EINVAL;
    const at = gid ? 3 : 0, now = this.ids.slice(at, at + 3);
    const privileged = this.ids[1] === 0;
    if (!privileged && !want.every((v) => v === -1 || now.includes(v as number))) return -errno.EPERM;
    want.forEach((v, i) => { if (v !== -1) this.ids[at + i] = v as number; });
    return 0;
  }

  /** kill(2) from the guest (the 'kill' message): the host, not the guest,
   *  says who sent it. si_code must be what kill, sigqueue or tgkill send
   *  (Linux refuses any other from user space with EPERM), and tgkill's
   *  SI_TKILL only to itself. 0 or a negated errno. */
  protected guestKill(pid: unknown, sig: unknown, code: unknown, value: unknown): number {
    if (!Number.isSafeInteger(pid) || !Number.isInteger(sig) || !Number.isInteger(code) || !Number.isInteger(value)) return -errno.EINVAL;
    if ((sig as number) < 0 || (sig as number) >= NSIG) return -errno.EINVAL;
    if (code !== SI_USER && code !== SI_QUEUE && code !== SI_TKILL) return -errno.EPERM;
    if (code === SI_TKILL && pid !== this.pid) return -errno.EPERM;
    return killFrom(this.sender, pid as number, sig as number, code, (value as number) | 0);
  }

  /** @internal A signal from the process table, with its siginfo. */
  abstract receive(sig: number, code: number, senderPid: number, senderUid: number, value: number): void;

  /** Releases the worker and whatever else the handle holds. */
  protected abstract cleanup(): void;

  private readonly decoders = [new TextDecoder(), new TextDecoder()];

  /** The messages from a guest's worker that mean the same to every host:
   *  output, stop and continue, and the end. */
  protected onCommonMessage(m: FromGuest): void {
    switch (m.t) {
      case 'out': {
        if ((m.fd !== 1 && m.fd !== 2) || !(m.data instanceof Uint8Array)) throw new Error('a bad output message');
        const i = m.fd === 1 ? 0 : 1;
        const room = this.maxBuffer - this.kept[i];
        if (room > 0) {
          const part = m.data.length > room ? m.data.subarray(0, room) : m.data;
          this.kept[i] += part.length;
          const text = this.decoders[i].decode(part, { stream: true });
          if (i === 0) this.stdout += text; else this.stderr += text;
        }
        if (m.data.length > room) this.truncated[i === 0 ? 'stdout' : 'stderr'] = true;
        this.emit(i === 0 ? 'stdout' : 'stderr', m.data);
        break;
      }
      case 'stopped':
        if (!Number.isInteger(m.sig)) throw new Error('a bad stop message');
        this.stopped = true; this.emit('stop', m.sig); break;
      case 'continued': this.stopped = false; this.emit('continue', SIGCONT); break;
      case 'exit':
        if (!Number.isInteger(m.code)) throw new Error('a bad exit message');
        this.finish({ code: m.code & 0xff, signal: null }); break;
      case 'signal':
        if (!Number.isInteger(m.sig) || m.sig < 1 || m.sig >= NSIG) throw new Error('a bad signal message');
        this.finish({ code: null, signal: m.sig, ...(typeof m.message === 'string' ? { error: m.message.slice(0, 4096) } : {}) }); break;
      case 'error': this.fail(new GuestError(String(m.message).slice(0, 4096))); break;
      default: throw new Error(`an unknown message ${JSON.stringify(String((m as { t?: unknown })?.t)).slice(0, 40)}`);
    }
  }

  /** A worker that sent what no worker of ours sends is a broken guest:
   *  it ends (SIGSYS, with the reason), never the host. */
  protected brokenGuest(why: unknown): void {
    const msg = why instanceof Error ? why.message : String(why);
    this.finish({ code: null, signal: SIGSYS, error: `the guest broke the wasig protocol: ${msg}` });
  }

  protected finish(fields: { code: number | null; signal: number | null; error?: string }): void {
    if (this.exitStatus) return;
    const s = exitRecord(fields) as GuestExit;
    this.exitStatus = s;
    this.stopped = false;
    this.cleanup();
    this.emit('exit', s);
    this.resolveExit(s);
  }

  protected fail(e: unknown): void {
    if (this.exitStatus) return;
    const err = e instanceof Error ? e : new Error(String(e));
    this.exitStatus = { code: null, signal: null, error: err.message };
    this.cleanup();
    this.rejectExit(err instanceof GuestError ? err : new GuestError(err.message));
  }
}

/** A signal given as a number or a name ('SIGTERM', 'TERM'); an unknown
 *  name is a ValueError, as Python's `Signals('SIGFOO')`. */
export function signalNumber(sig: number | string): number {
  const n = byName(sig);
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new TypeError(`signal must be an integer or a name such as 'SIGTERM', not ${String(sig)}`);
  return n;
}

/** A guest program running in a worker, with the shared signal block:
 *  signals reach it at its next safe point, busy or blocked. */
export class GuestProcess extends GuestHandle implements Killable {
  /** Writing end of the guest's stdin when stdio[0] is 'pipe'. */
  readonly stdin: GuestStdin;

  private worker: { terminate(): void; unref(): void } | null = null;
  /** Signals sent before the guest is ready: a host-only ring with the
   *  rules of the real one (same room, same EAGAIN, same coalescing). */
  private early: Producer | null = hostMailbox(EARLY_RING, SIGRTMIN, NSIG);
  private producer: Producer | null = null;
  private m: MailboxLayout | null = null;
  private plain = false;
  private readonly timers: (LongTimeout | undefined)[] = [undefined, undefined, undefined];
  private readonly ctrl = new SharedArrayBuffer(CTRL_BYTES);
  private readonly ctrlI32 = new Int32Array(this.ctrl);
  private readonly deadlines = new Float64Array(this.ctrl, CTRL_DEADLINE * 8, 3);
  private readonly wakeGuest = () => {
    const p = this.producer;
    if (p) wake(p.i32, p.base, this.m!);
  };
  private readonly stdinPipe = new StdinPipe(this.wakeGuest);
  /** What is typed on its controlling terminal, for reads of /dev/tty
   *  while stdin is not the terminal. */
  private readonly keysPipe = new StdinPipe(this.wakeGuest);
  private mailbox: SharedArrayBuffer | null = new SharedArrayBuffer(MAILBOX_BYTES);
  private stopStdin: (() => void) | null = null;
  private readonly stdio: [StdioIn, StdioOut, StdioOut];
  private readonly terminal: Terminal | null;
  private ttyFds = 0;
  private detach: (() => void) | null = null;
  /** maxMemory in pages, when given. */
  private readonly memCap: number | undefined;

  /** @internal Use spawn(). */
  constructor(private readonly pf: ParentPlatform, module: string | WebAssembly.Module, private readonly opts: SpawnOptions) {
    super(pf.uid(), opts);
    const io = opts.stdio ?? 'inherit';
    const [i = 'inherit', o = 'inherit', e = 'inherit'] = Array.isArray(io) ? io : [io, io, io];
    this.stdio = [i, o, e];
    checkStdio(this.stdio);
    this.memCap = memoryCap(opts.maxMemory);
    this.stdin = {
      write: (data) => {
        if (this.stdio[0] !== 'pipe') throw new Error("wasig: the guest's stdin is not a pipe: spawn it with stdio: ['pipe', …]");
        this.stdinPipe.feed(typeof data === 'string' ? new TextEncoder().encode(data) : data);
      },
      end: () => { if (this.stdio[0] === 'pipe') this.stdinPipe.end(); },
    };
    this.terminal = opts.terminal ?? null;
    if (this.terminal) {
      if (!(this.terminal instanceof Terminal)) throw new TypeError('spawn(): terminal must be a Terminal (new Terminal({ cols, rows }))');
      this.stdio.forEach((m, fd) => {
        if (m === 'pipe' || (m === 'inherit' && pf.isatty?.(fd))) this.ttyFds |= 1 << fd;
      });
      // What is typed on the terminal is stdin's input when stdin is the
      // terminal, else the input of /dev/tty alone.
      const typed = () => (this.ttyFds & 1 ? this.stdinPipe : this.keysPipe);
      this.detach = this.terminal.attach({
        pid: this.pid,
        feed: (d) => typed().feed(d),
        eof: () => typed().end(),
        flushInput: () => typed().discard(),
        // Signals from the line discipline come from the kernel (n_tty).
        kill: (sig) => this.receive(sig, SI_KERNEL, 0, 0, 0),
      });
    }
    register(this);
    this.start(module).catch((err) => this.fail(err));
  }

  /** Lets the host exit while the guest still runs. */
  unref(): void {
    this.worker?.unref();
  }

  /** @internal */
  receive(sig: number, code: number, senderPid: number, senderUid: number, value: number): void {
    if (!Number.isInteger(sig) || sig < 0 || sig >= NSIG) throw new OSError(errno.EINVAL);
    if (this.exitStatus) throw new OSError(errno.ESRCH);
    // Ending already: as a Linux process that is exiting, it still exists
    // and takes signals, which do nothing.
    if (sig === 0 || this.dying) return;
    if (sig === SIGKILL) { this.finish({ code: null, signal: SIGKILL }); return; }
    const rec = { signo: sig, code, pid: senderPid, uid: senderUid, value };
    if (this.plain) {
      // A program without wasig's libc cannot take signals: defaults only.
      if (endsByDefault(sig)) this.finish({ code: null, signal: sig });
      return;
    }
    // Ends it at once, as Linux ends a process at generation, when the
    // signal's default ends it and nothing catches, blocks or waits for it
    // (the order of these reads against the guest's is explained in
    // c-src/libc/guest.c, wasig__publish). Nothing is posted then, so no
    // handler can run for it.
    if (this.endsNow(sig)) { this.endAtOnce(sig); return; }
    const std = sig < SIGRTMIN;
    // Standard signals behind a deferred one wait with it, in order.
    const r = std && this.deferred.size ? FULL : this.postChecked(this.producer ?? this.early!, rec);
    if (r !== FULL) return;
    if (!std) {
      throw new BlockingIOError(`the signal queue of guest ${this.pid} is full: signal ${sig} was not queued (let the guest take its signals)`);
    }
    this.defer(rec);
  }

  /** Whether the guest said that `sig` would end it now (CTRL_FATAL). */
  private endsNow(sig: number): boolean {
    return ((Atomics.load(this.ctrlI32, CTRL_FATAL + (sig > 32 ? 1 : 0)) >>> ((sig - 1) & 31)) & 1) === 1;
  }

  /** Posts a record; then, if the signal has meanwhile become one that
   *  would end the guest and the guest has not taken the record, ends it
   *  (the second read of wasig__publish's order). */
  private postChecked(to: Producer, rec: Record_): PostResult {
    const r = to.post(rec);
    if (r === CORRUPT) { this.brokenGuest(new Error('it overwrote the indices of its signal mailbox')); return r; }
    if (r === POSTED && this.endsNow(rec.signo)) {
      for (const w of to.pending()) {
        if (w.signo === rec.signo) { this.endAtOnce(rec.signo); break; }
      }
    }
    return r;
  }

  /** The signal that ended the guest at once, while the output it had
   *  already written is still on its way here (0 otherwise). */
  private dying = 0;

  /** Ends the guest by `sig` now, as its safe point would have: the same
   *  status, and every byte it wrote before is still delivered. Its worker
   *  stops calling handlers and posting output at once (CTRL_DEAD); when
   *  none of its output is on its way, the guest ends here, else when the
   *  last of it arrives (or its worker is gone). */
  private endAtOnce(sig: number): void {
    if (this.exitStatus || this.dying) return;
    Atomics.store(this.ctrlI32, CTRL_DEAD, sig);
    if (this.worker && Atomics.load(this.ctrlI32, CTRL_OUT) > 0) { this.dying = sig; return; }
    this.finish({ code: null, signal: sig });
  }

  /** Standard signals the ring had no slot for (stop and continue signals
   *  alternating faster than the guest takes them): kept here, one per
   *  signal as Linux keeps a pending bit, and posted as slots free up. A
   *  SIGCONT discards the stops waiting here and a stop the SIGCONT, as
   *  they would at generation. At most 31 records. */
  private readonly deferred = new Map<number, Record_>();
  private deferTimer: ReturnType<typeof setTimeout> | undefined;

  private defer(rec: Record_): void {
    const stops = [SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU];
    if (rec.signo === SIGCONT) for (const s of stops) this.deferred.delete(s);
    if (stops.includes(rec.signo)) this.deferred.delete(SIGCONT);
    if (!this.deferred.has(rec.signo)) this.deferred.set(rec.signo, rec);
    this.retryDeferred();
  }

  private retryDeferred(): void {
    if (this.deferTimer || this.exitStatus) return;
    this.deferTimer = setTimeout(() => {
      this.deferTimer = undefined;
      const to = this.producer ?? this.early;
      if (!to || this.exitStatus) return;
      for (const [sig, rec] of this.deferred) {
        const r = this.postChecked(to, rec);
        if (r === CORRUPT || this.exitStatus || this.dying) return;
        if (r === FULL) break;
        this.deferred.delete(sig);
      }
      if (this.deferred.size) this.retryDeferred();
    }, 5);
  }

  // ---- start ---------------------------------------------------------------

  private async start(module: string | WebAssembly.Module): Promise<void> {
    const o = this.opts;
    const name = typeof module === 'string' ? module : (o.argv0 ?? 'guest.wasm');
    const data: GuestStart = {
      flavor: 'wasi', args: [o.argv0 ?? name.split('/').pop()!, ...(o.args ?? []).map(String)],
      env: o.env ?? {}, preopens: o.preopens ?? {}, stdin: this.stdio[0], stdout: this.stdio[1], stderr: this.stdio[2],
      ...(this.stdio[0] === 'inherit' && this.pf.isFile?.(0) ? { stdinFile: true } : {}),
      pid: this.pid, uid: this.uid, ctrl: this.ctrl, stdinBuf: this.stdinPipe.buffer, mailbox: this.mailbox!,
      ...(this.terminal ? { ttyBuf: this.terminal.buffer, ttyFds: this.ttyFds } : {}),
      ...(this.terminal?.controlling ? { ttyIn: this.keysPipe.buffer, ...(this.terminal.fd !== undefined ? { ttyOutFd: this.terminal.fd } : {}) } : {}),
    };
    if (typeof module !== 'string') {
      if (o.flavor === 'emscripten') throw new GuestError('an emscripten guest is given by the path of its .wasm or .mjs file, not a WebAssembly.Module');
      if (this.memCap !== undefined) throw new GuestError(`${name}: maxMemory needs the module's path, not a WebAssembly.Module (its memory is capped in its bytes)`);
      if (isAscGuest(module)) {
        data.flavor = 'assemblyscript';
        data.lib = await loadAscLibrary((f) => this.pf.readFile(f));
      } else checkWasiImports(module, name);
      data.module = module;
      data.memory = null;
      for (const imp of WebAssembly.Module.imports(module)) {
        if (imp.kind === 'memory') throw new GuestError(`${name}: a module that imports its memory must be given by path (its limits are read from the file)`);
      }
    } else {
      let wasmPath = module, loader: string | null = null;
      let flavor = o.flavor;
      const base = module.replace(/\.(wasm|mjs|js)$/, '');
      // A loader is host JavaScript: it runs only when named (its path, or
      // flavor 'emscripten'), never because a file sits beside the .wasm.
      if (/\.(mjs|js)$/.test(module)) { flavor ??= 'emscripten'; wasmPath = `${base}.wasm`; loader = module; }
      else flavor ??= 'wasi';
      if (flavor === 'emscripten' && !loader) {
        loader = `${base}.mjs`;
        if (!this.pf.exists(loader)) throw new GuestError(`${module}: an emscripten guest needs its loader ${loader} beside it (build with 'wasig cc --target emscripten')`);
      }
      data.flavor = flavor;
      let bytes = await readGuestWasm((f) => this.pf.readFile(f), wasmPath);
      if (isComponent(bytes) || flavor === 'component') {
        if (this.memCap !== undefined) throw new GuestError(`${wasmPath} is a component: maxMemory is not applied to components yet; build the program as a core module (wasig cc without --component) to cap its memory`);
        await this.startComponent(data, bytes, wasmPath);
        return;
      }
      const capped = capMemory(bytes, this.memCap, wasmPath);
      bytes = capped.bytes;
      let mod: WebAssembly.Module;
      this.pf.beforeCompile?.();
      try {
        mod = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
      } catch (e) {
        throw new GuestError(`${wasmPath} is not a valid WebAssembly module: ${(e as Error).message}`);
      }
      if (flavor !== 'emscripten' && isAscGuest(mod)) {
        data.flavor = 'assemblyscript';
        data.module = mod;
        data.lib = await loadAscLibrary((f) => this.pf.readFile(f));
      } else if (flavor === 'assemblyscript') {
        throw new GuestError(`${wasmPath}: not an AssemblyScript guest of wasig's library (it imports nothing from "wasig"): build it with 'asc … --transform wasig/transform'`);
      } else if (flavor === 'wasi') {
        try {
          checkWasiImports(mod, wasmPath);
        } catch (e) {
          if (this.pf.exists(`${base}.mjs`)) {
            throw new GuestError(`${(e as Error).message}\n(${base}.mjs beside it is an emscripten loader: it runs as host JavaScript, so it is used only when asked for: give the .mjs path or --target emscripten if you trust it)`);
          }
          throw e;
        }
        data.module = mod;
        data.memory = capped.memory;
      } else {
        data.wasmBinary = bytes;
        data.loaderUrl = this.pf.toUrl(loader!);
      }
    }
    if (this.exitStatus) return; // killed before it started
    this.worker = this.startWorker(data);
  }

  private startWorker(data: GuestStart): { terminate(): void; unref(): void } {
    // A worker that goes while its guest is ending at once has ended by
    // that signal, whatever it was doing.
    return this.pf.startWorker(data, (m) => this.onMessage(m), (e) => {
      if (this.dying) this.finish({ code: null, signal: this.dying }); else this.fail(e);
    }, (code) => {
      if (this.dying) this.finish({ code: null, signal: this.dying });
      else this.finish({ code: code || 1, signal: null, error: 'the guest worker ended without reporting' });
    });
  }

  /** A WebAssembly component (its header says so): transpiled by the
   *  platform, then run by the component worker (ts/component). */
  private async startComponent(data: GuestStart, bytes: Uint8Array, path: string): Promise<void> {
    if (!isComponent(bytes)) throw new GuestError(`${path} is not a WebAssembly component (its header is a core module's): drop flavor 'component'`);
    if (!this.pf.prepareComponent) {
      throw new GuestError(`${path} is a WebAssembly component: this host cannot run components; build the program as a core module (wasig cc without --component)`);
    }
    data.flavor = 'component';
    data.component = await this.pf.prepareComponent(bytes, this.pf.toUrl(path));
    // Until its worker says otherwise, every disposition is the default
    // (one that imports nothing of wasig:signals never says otherwise).
    // A core module's library says so itself when it starts; the signals
    // sent before that wait for it, as they did before it could say.
    for (let sig = 1; sig < NSIG; sig++) {
      if (endsByDefault(sig)) Atomics.or(this.ctrlI32, CTRL_FATAL + (sig > 32 ? 1 : 0), 1 << ((sig - 1) & 31));
    }
    if (this.exitStatus) return;
    this.worker = this.startWorker(data);
  }

  // ---- messages from the worker ---------------------------------------------

  /** Nothing a worker sends can throw out of here: a message that breaks
   *  the protocol ends its guest. */
  private onMessage(m: FromGuest): void {
    if (this.exitStatus) return;
    try {
      if (m === null || typeof m !== 'object') throw new Error('a message that is not an object');
      if (this.dying) {
        // Only the output it wrote before its end still counts.
        if (m.t !== 'out') return;
        const n = m.data instanceof Uint8Array ? m.data.length : 0;
        try { this.onCommonMessage(m); } finally {
          if (Atomics.sub(this.ctrlI32, CTRL_OUT, n) - n <= 0) this.finish({ code: null, signal: this.dying });
        }
        return;
      }
      switch (m.t) {
        case 'ready': this.onReady(m); break;
        case 'timer': this.onTimer(m.which); break;
        case 'kill': {
          this.answer(this.guestKill(m.pid, m.sig, m.code, m.value));
          break;
        }
        case 'setid': {
          this.answer(this.guestSetid(m.gid, m.r, m.e, m.s));
          break;
        }
        case 'out': {
          const n = m.data instanceof Uint8Array ? m.data.length : 0;
          try { this.onCommonMessage(m); } finally {
            Atomics.sub(this.ctrlI32, CTRL_OUT, n);
            Atomics.notify(this.ctrlI32, CTRL_OUT);
          }
          break;
        }
        case 'tty': {
          let r = 0;
          try {
            const t = this.terminal!;
            if (m.change === 'set') t.changed(m.flag);
            else if (m.change === 'flush') t.changed(true);
            else if (m.change === 'winsz' && m.flag) t.signal(SIGWINCH);
          } catch { r = -errno.EINVAL; }
          this.answer(r);
          break;
        }
        case 'stdin':
          if (m.tty) this.terminal?.listen();
          else if (this.stdio[0] === 'inherit' && !this.stopStdin) {
            const toTerminal = this.terminal && (this.ttyFds & 1);
            this.stopStdin = this.pf.readStdin((d) => (toTerminal ? this.terminal!.input(d) : this.stdinPipe.feed(d)), () => this.stdinPipe.end());
          }
          break;

        default: this.onCommonMessage(m);
      }
    } catch (e) {
      this.brokenGuest(e);
    }
  }

  private onReady(m: Extract<FromGuest, { t: 'ready' }>): void {
    if (this.producer || this.plain) throw new Error('a second ready message');
    if (!m.proc) this.plain = true;
    else {
      const layout = mailboxLayout(m.layout);
      if (m.memory) {
        if (!(m.memory instanceof WebAssembly.Memory) || !(m.memory.buffer instanceof SharedArrayBuffer)) throw new Error('its memory is not shared');
        this.producer = new Producer(new Int32Array(m.memory.buffer), m.proc, layout);
      } else {
        if (layout.bytes > MAILBOX_BYTES) throw new Error(`a mailbox of ${layout.bytes} bytes`);
        this.producer = new Producer(new Int32Array(this.mailbox!), 0, layout);
        this.mailbox = null;
      }
      this.m = layout;
    }
    const early = this.early!;
    this.early = null;
    for (const r of early.pending()) {
      if (this.plain) this.receive(r.signo, r.code, r.pid, r.uid, r.value);
      else if (this.producer!.post(r) !== 0) throw new Error(`its signal ring (ring.max ${this.m!.ringMax}) holds less than the ${EARLY_RING} records a guest of this version has`);
    }
    if (this.producer) wake(this.producer.i32, this.producer.base, this.m!);
    this.resolveReady();
  }

  /** The guest armed or disarmed interval timer `which`: its latest
   *  deadline is in the ctrl buffer (the message only says "look"). */
  private onTimer(which: unknown): void {
    if (which !== 0 && which !== 1 && which !== 2) throw new Error(`a timer message for timer ${String(which)}`);
    // An exchange, not a store: it reads the worker's flag write, so the
    // deadline written before it is the one seen here.
    Atomics.exchange(this.ctrlI32, CTRL_TIMER + which, 0);
    const due = this.deadlines[which];
    this.timers[which]?.cancel();
    this.timers[which] = undefined;
    if (!(due >= 0)) return;
    this.armTimer(which, due);
  }

  private armTimer(which: number, due: number): void {
    this.timers[which] = setLongTimeout(() => {
      this.timers[which] = undefined;
      const p = this.producer;
      if (!p || this.exitStatus) return;
      // The real clock's expiry ends the guest here and now when its signal
      // would (Linux ends a process when its timer sends it a fatal signal,
      // not when the process next looks); never before the deadline the
      // guest last wrote. CPU clocks are the guest's to read: they expire
      // at its safe points only.
      const sig = which === 0 ? Atomics.load(this.ctrlI32, CTRL_TIMER_SIG) : 0;
      if (sig && this.endsNow(sig)) {
        const latest = this.deadlines[0];
        if (latest >= 0 && latest > epochMs()) { this.armTimer(0, latest); return; }
        if (latest >= 0) { this.endAtOnce(sig); return; }
      }
      tick(p.i32, p.base, this.m!);
    }, due - epochMs());
  }

  /** Releases the worker waiting in an rpc (kill, tty) with its result. */
  private answer(r: number): void {
    Atomics.store(this.ctrlI32, CTRL_RESULT, r);
    Atomics.store(this.ctrlI32, CTRL_RPC, 1);
    Atomics.notify(this.ctrlI32, CTRL_RPC);
  }

  // ---- the end -------------------------------------------------------------------

  protected cleanup(): void {
    this.worker?.terminate();
    this.detach?.();
    this.detach = null;
    this.worker = null;
    for (const t of this.timers) t?.cancel();
    clearTimeout(this.deferTimer);
    this.deferred.clear();
    this.stdinPipe.close();
    this.keysPipe.close();
    this.stopStdin?.();
    this.stopStdin = null;
    unregister(this.pid);
    // What kept the guest's memory alive goes with it.
    this.producer = null;
    this.early = null;
    this.mailbox = null;
    // A sender blocked in kill() on this guest's behalf is released.
    Atomics.store(this.ctrlI32, CTRL_RPC, 1);
    Atomics.notify(this.ctrlI32, CTRL_RPC);
  }
}

export function spawnOn(pf: ParentPlatform, module: string | WebAssembly.Module, options: SpawnOptions = {}): GuestProcess {
  if (typeof module !== 'string' && !(module instanceof WebAssembly.Module)) {
    throw new TypeError('spawn() takes the path of a .wasm (or emscripten .mjs) file, or a WebAssembly.Module');
  }
  if (options === null || typeof options !== 'object') throw new TypeError('spawn() options must be an object');
  return new GuestProcess(pf, module, options);
}
