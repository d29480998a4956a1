// socket.socketpair() for Pyodide: Emscripten's sockets are WebSockets and
// its socketpair fails (EINVAL), so the pair is two of Emscripten's socket
// streams (made by Python, so send, recv and fileno are CPython's own) whose
// operations are replaced by a connected AF_UNIX SOCK_STREAM pair held in
// memory, which behaves as Linux's (net/unix/af_unix.c). As with pipes
// (pipes.ts), only the Python thread reads and writes them, so a blocking
// wait lasts until a signal for a handler comes and then fails with EINTR
// (CPython runs the handler and tries again, PEP 475).
import { EAGAIN, EINTR, EPIPE, O_NONBLOCK, type EmscriptenFS } from './pipes.js';

/** Linux's accounting of an AF_UNIX stream socket's send buffer
 *  (net.core.wmem_default), as measured: a send is cut into buffers of at
 *  most a page's head and 32 KiB of pages, each taken while less than the
 *  buffer is held; each holds its allocation until read: 256 bytes for the
 *  sk_buff, its head in a kmalloc block (rounded up to a power of two, with
 *  320 bytes of shared info) and its pages. So 278 one-byte sends fill it,
 *  167 of 200 to 700 bytes, 44 of 4096, 13 of 16384, and a non-blocking
 *  send of 1 MB takes 219264 bytes. */
const SNDBUF = 212992;
const PAGE = 4096;
const HEAD_MAX = 3776; // SKB_MAX_HEAD(0): a page less the shared info
const SKB_MAX = Math.min(SNDBUF / 2 - 64, HEAD_MAX + 32768);
const pages = (n: number): number => Math.ceil(n / PAGE) * PAGE;
function held(n: number): number {
  const paged = n > HEAD_MAX ? Math.min(n, pages(n - HEAD_MAX)) : 0;
  return 256 + 2 ** Math.ceil(Math.log2(Math.max(512, n - paged + 320))) + pages(paged);
}
// poll(2) bits as Emscripten's poll and select read them.
const POLLIN = 1, POLLOUT = 4, POLLERR = 8, POLLHUP = 16;
// Emscripten's errno numbers, as pipes.ts's.
const ECONNRESET = 15, EINVAL = 28;
// sk_shutdown's bits, and the MSG_* flags seen (Linux's numbers, Pyodide's too).
const RCV = 1, SEND = 2;
const MSG_PEEK = 2, MSG_DONTWAIT = 0x40, MSG_NOSIGNAL = 0x4000;

/** One send waiting to be read. */
interface Chunk { data: Uint8Array; read: number; held: number }
/** One end: what was sent to it and not read yet, what of it is shut down,
 *  and a pending error (ECONNRESET: the peer closed with data unread). */
interface End { queue: Chunk[]; held: number; peer: End; closed: boolean; shut: number; error: number }
/** `timeout`: the socket's timeout in ms when it is > 0 (CPython then polls
 *  before each call, and the call is non-blocking). */
interface Sock { family: number; type: number; stream: unknown; sock_ops: unknown; pair?: End; timeout?: number }
interface SockStream { flags: number; node?: { sock?: Sock } }
/** What of Pyodide's Emscripten module this needs. */
export interface SocketModule { FS?: EmscriptenFS<SockStream> }
/** What the pair needs of the worker: `awaitSignal` blocks until a signal
 *  for a handler is there (true), or ms pass; `brokenPipe` is called for a
 *  send with no reader (SIGPIPE); `depth` is how many handlers are running. */
export interface SocketIo { awaitSignal(ms?: number): boolean; brokenPipe(): void; depth(): number }

/** Errors go to Python as Emscripten's errno numbers (0: none). */
export interface SocketPairs {
  /** Turns two of Emscripten's socket fds into a connected pair. */
  connect(a: number, b: number): void;
  /** Whether the fd is an end of a pair. */
  isPair(fd: number): boolean;
  /** The socket's timeout (seconds; null: blocking, 0: non-blocking). */
  timeout(fd: number, seconds: number | null): void;
  /** The MSG_* flags of the call about to be made on the fd (0 after it). */
  msgFlags(fd: number, flags: number): void;
  /** select and poll are looking at the fds (true), or done (false). */
  looking(on: boolean): void;
  shutdown(fd: number, how: number): number;
  /** A handler returned, or raised (the call it interrupted is not retried). */
  handlerDone(raised: boolean): void;
}

export function socketPairs(module: SocketModule, io: SocketIo): SocketPairs {
  const FS = module.FS;
  if (!FS) throw new Error('wasig: this Pyodide has no FS: socket.socketpair() cannot be made; use the pinned pyodide version');
  const fail = (errno: number): never => { throw new FS.ErrnoError(errno); };
  const end = (sock: Sock): End => sock.pair ?? fail(EINVAL);
  const nonblocking = (sock: Sock): boolean => ((sock.stream as SockStream).flags & O_NONBLOCK) !== 0;
  // Linux's poll says writable once no more than a quarter of the buffer is
  // held (unix_writable), though a send is taken while any of it is free.
  const writable = (e: End): boolean => e.peer.held * 4 < SNDBUF;
  // Flags of the calls under way, by handler depth (a handler may make its
  // own calls while one it interrupted waits to be tried again).
  const flags = new Map<number, { sock: Sock; flags: number }>();
  const flagsOf = (sock: Sock): number => {
    const f = flags.get(io.depth());
    return f?.sock === sock ? f.flags : 0;
  };
  // The depth at which select or poll looks: CPython's own poll of a socket
  // with a timeout (before each call) is told it is ready, and the call
  // waits, as it alone knows whether it reads or writes.
  let lookingAt = -1;
  // A socket with a timeout waits up to it for what the call needs, or for a
  // signal: then EINTR, CPython runs the handler and calls again, which
  // waits for what is left (PEP 475); past it, EAGAIN, and CPython, past its
  // own deadline (set just before), raises TimeoutError.
  const resumes = new Map<number, { sock: Sock; deadline: number }>();
  const timedWait = (sock: Sock, ready: () => boolean): void => {
    const depth = io.depth();
    const r = resumes.get(depth);
    resumes.delete(depth);
    const deadline = r?.sock === sock ? r.deadline : performance.now() + sock.timeout! + 1;
    while (!ready()) {
      const left = deadline - performance.now();
      if (left <= 0) fail(EAGAIN);
      if (io.awaitSignal(left)) {
        resumes.set(depth, { sock, deadline });
        fail(EINTR);
      }
    }
  };
  // A call that cannot go on: EAGAIN non-blocking, else wait for a signal.
  const blocked = (sock: Sock): never => {
    if (nonblocking(sock) || flagsOf(sock) & MSG_DONTWAIT) fail(EAGAIN);
    io.awaitSignal();
    return fail(EINTR);
  };
  const ops = {
    poll(sock: Sock): number {
      const e = end(sock);
      let mask = 0;
      if (e.error) mask |= POLLERR;
      if (e.shut === (RCV | SEND)) mask |= POLLHUP;
      if (e.queue.length || e.shut & RCV) mask |= POLLIN;
      if (writable(e)) mask |= POLLOUT;
      if (sock.timeout && lookingAt !== io.depth()) mask |= POLLIN | POLLOUT;
      return mask;
    },
    ioctl: () => EINVAL,
    getname: () => fail(EINVAL),
    bind: () => fail(EINVAL),
    connect: () => fail(EINVAL),
    listen: () => fail(EINVAL),
    accept: () => fail(EINVAL),
    sendmsg(sock: Sock, buffer: Uint8Array, offset: number, length: number): number {
      const e = end(sock);
      const to = e.peer;
      if (e.shut & SEND) {
        if (!(flagsOf(sock) & MSG_NOSIGNAL)) io.brokenPipe();
        fail(EPIPE);
      }
      if (length <= 0) return 0;
      if (sock.timeout) timedWait(sock, () => writable(e));
      else if (to.held >= SNDBUF) blocked(sock);
      let n = 0;
      while (n < length && to.held < SNDBUF) {
        const k = Math.min(length - n, SKB_MAX);
        const chunk = { data: buffer.slice(offset + n, offset + n + k), read: 0, held: held(k) };
        to.queue.push(chunk);
        to.held += chunk.held;
        n += k;
      }
      // Blocking, a send that did not all fit waits, and returns what it
      // sent when a signal comes.
      if (n < length && !sock.timeout && !nonblocking(sock) && !(flagsOf(sock) & MSG_DONTWAIT)) io.awaitSignal();
      return n;
    },
    recvmsg(sock: Sock, length: number): { buffer: Uint8Array; addr?: string; port?: number } | null {
      const e = end(sock);
      const readable = (): boolean => e.queue.length > 0 || e.error !== 0 || (e.shut & RCV) !== 0;
      if (!e.queue.length && length > 0) {
        if (sock.timeout) timedWait(sock, readable);
        else if (!readable()) blocked(sock);
      }
      if (!e.queue.length) {
        if (e.error && length > 0) {
          const err = e.error;
          e.error = 0;
          fail(err);
        }
        return null;
      }
      // A stream: one recv takes from as many sends as it has room for
      // (MSG_PEEK: and leaves them there).
      const peek = (flagsOf(sock) & MSG_PEEK) !== 0;
      const out = new Uint8Array(Math.min(length, e.queue.reduce((n, c) => n + c.data.length - c.read, 0)));
      let n = 0;
      for (let i = 0; n < out.length; i++) {
        const c = e.queue[i];
        const k = Math.min(out.length - n, c.data.length - c.read);
        out.set(c.data.subarray(c.read, c.read + k), n);
        n += k;
        if (peek) continue;
        c.read += k;
        if (c.read === c.data.length) { e.queue.shift(); e.held -= c.held; i--; }
      }
      return { buffer: out };
    },
    // A dup of the fd shares the socket: the end closes with its last fd
    // (the closing one is still in FS.streams). As Linux, the peer is shut
    // down both ways, and gets ECONNRESET if data sent to this end was not
    // read.
    close(sock: Sock): number {
      const e = sock.pair;
      if (e && !FS.streams.some((s) => s && s !== sock.stream && s.node?.sock === sock)) {
        e.closed = true;
        if (e.queue.length && !e.peer.closed) e.peer.error = ECONNRESET;
        e.queue = [];
        e.held = 0;
        e.peer.shut = RCV | SEND;
      }
      return 0;
    },
  };
  const sockOf = (fd: number): Sock | undefined => FS.streams[fd]?.node?.sock;
  return {
    connect(a, b) {
      const sa = sockOf(a) ?? fail(EINVAL), sb = sockOf(b) ?? fail(EINVAL);
      const ea = { queue: [], held: 0, closed: false, shut: 0, error: 0 } as unknown as End;
      const eb = { queue: [], held: 0, closed: false, shut: 0, error: 0, peer: ea } as unknown as End;
      ea.peer = eb;
      for (const [s, e] of [[sa, ea], [sb, eb]] as const) {
        s.pair = e;
        s.family = 1; // AF_UNIX
        s.sock_ops = ops;
      }
    },
    isPair: (fd) => sockOf(fd)?.pair !== undefined,
    timeout(fd, seconds) {
      const s = sockOf(fd);
      if (s?.pair) s.timeout = seconds !== null && seconds > 0 ? seconds * 1000 : 0;
    },
    msgFlags(fd, f) {
      const s = sockOf(fd);
      if (s && f) flags.set(io.depth(), { sock: s, flags: f });
      else flags.delete(io.depth());
    },
    looking(on) { lookingAt = on ? io.depth() : -1; },
    // unix_shutdown: what one end shuts, the other sees from its side.
    shutdown(fd, how) {
      const e = sockOf(fd)?.pair;
      if (!e) return EINVAL;
      if (how < 0 || how > 2) return EINVAL;
      const mode = how + 1;
      e.shut |= mode;
      e.peer.shut |= (mode & RCV ? SEND : 0) | (mode & SEND ? RCV : 0);
      return 0;
    },
    handlerDone(raised) {
      const depth = io.depth();
      for (const d of [...resumes.keys()]) if (d > depth || (raised && d === depth)) resumes.delete(d);
    },
  };
}
