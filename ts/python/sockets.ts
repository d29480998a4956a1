// socket.socketpair() for Pyodide: Emscripten's sockets are WebSockets and
// its socketpair fails (EINVAL), so the pair is two of Emscripten's socket
// streams (made by Python, so send, recv and fileno are CPython's own) whose
// operations are replaced by a connected AF_UNIX SOCK_STREAM pair held in
// memory. As with pipes (pipes.ts), only the Python thread reads and writes
// them, so a blocking wait lasts until a signal for a handler comes and then
// fails with EINTR (CPython runs the handler and tries again, PEP 475).
import { EAGAIN, EINTR, EPIPE, O_NONBLOCK, type EmscriptenFS } from './pipes.js';

/** Linux's accounting of an AF_UNIX stream socket's send buffer
 *  (net.core.wmem_default), as measured: a send is taken while less than
 *  the buffer is held, as buffers of at most SKB_MAX bytes; each holds its
 *  allocation until read: its bytes in a kmalloc block (rounded up to a
 *  power of two, with 320 bytes of shared info) and 256 for the sk_buff, or
 *  past a page's worth its bytes in pages and 768. So 278 one-byte sends
 *  fill it, 167 of 200 to 700 bytes, 44 of 4096, 13 of 16384. */
const SNDBUF = 212992;
const SKB_MAX = SNDBUF / 2 - 64;
const held = (n: number): number => (n <= 3776 ? 256 + 2 ** Math.ceil(Math.log2(Math.max(512, n + 320))) : 768 + n);
// poll(2) bits as Emscripten's poll and select read them.
const POLLIN = 1, POLLOUT = 4, POLLHUP = 16;
const EINVAL = 28;

/** One send waiting to be read. */
interface Chunk { data: Uint8Array; read: number; held: number }
/** One end: what was sent to it and not read yet. */
interface End { queue: Chunk[]; held: number; peer: End; closed: boolean }
interface Sock { family: number; type: number; stream: unknown; sock_ops: unknown; pair?: End }
interface SockStream { flags: number; node?: { sock?: Sock } }
/** What of Pyodide's Emscripten module this needs. */
export interface SocketModule { FS?: EmscriptenFS<SockStream> }

/** Returns connect(fdA, fdB), which turns two of Emscripten's socket fds
 *  into a connected pair. `awaitSignal` blocks until a signal for a handler
 *  is there; `brokenPipe` is called for a send with no reader (SIGPIPE). */
export function socketPairs(module: SocketModule, awaitSignal: () => void, brokenPipe: () => void): (a: number, b: number) => void {
  const FS = module.FS;
  if (!FS) throw new Error('wasig: this Pyodide has no FS: socket.socketpair() cannot be made; use the pinned pyodide version');
  const fail = (errno: number): never => { throw new FS.ErrnoError(errno); };
  const end = (sock: Sock): End => sock.pair ?? fail(EINVAL);
  const ops = {
    poll(sock: Sock): number {
      const e = end(sock);
      let mask = 0;
      if (e.queue.length || e.peer.closed) mask |= POLLIN;
      if (e.peer.closed) mask |= POLLHUP;
      if (e.peer.held < SNDBUF || e.peer.closed) mask |= POLLOUT;
      return mask;
    },
    ioctl: () => EINVAL,
    getname: () => fail(EINVAL),
    bind: () => fail(EINVAL),
    connect: () => fail(EINVAL),
    listen: () => fail(EINVAL),
    accept: () => fail(EINVAL),
    // Emscripten passes no flags: MSG_DONTWAIT and MSG_NOSIGNAL are not seen.
    sendmsg(sock: Sock, buffer: Uint8Array, offset: number, length: number): number {
      const e = end(sock);
      const to = e.peer;
      if (to.closed) { brokenPipe(); fail(EPIPE); }
      if (length <= 0) return 0;
      if (to.held >= SNDBUF) {
        if ((sock.stream as SockStream).flags & O_NONBLOCK) fail(EAGAIN);
        awaitSignal();
        fail(EINTR);
      }
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
      if (n < length && !((sock.stream as SockStream).flags & O_NONBLOCK)) awaitSignal();
      return n;
    },
    recvmsg(sock: Sock, length: number): { buffer: Uint8Array; addr?: string; port?: number } | null {
      const e = end(sock);
      if (!e.queue.length) {
        if (e.peer.closed || length <= 0) return null;
        if ((sock.stream as SockStream).flags & O_NONBLOCK) fail(EAGAIN);
        awaitSignal();
        fail(EINTR);
      }
      // A stream: one recv takes from as many sends as it has room for.
      const out = new Uint8Array(Math.min(length, e.queue.reduce((n, c) => n + c.data.length - c.read, 0)));
      let n = 0;
      while (n < out.length) {
        const c = e.queue[0];
        const k = Math.min(out.length - n, c.data.length - c.read);
        out.set(c.data.subarray(c.read, c.read + k), n);
        c.read += k;
        n += k;
        if (c.read === c.data.length) { e.queue.shift(); e.held -= c.held; }
      }
      return { buffer: out };
    },
    // A dup of the fd shares the socket: the end closes with its last fd
    // (the closing one is still in FS.streams).
    close(sock: Sock): number {
      const e = sock.pair;
      if (e && !FS.streams.some((s) => s && s !== sock.stream && s.node?.sock === sock)) {
        e.closed = true;
        e.queue = [];
        e.held = 0;
      }
      return 0;
    },
  };
  const sockOf = (fd: number): Sock => FS.streams[fd]?.node?.sock ?? fail(EINVAL);
  return (a, b) => {
    const sa = sockOf(a), sb = sockOf(b);
    const ea = { queue: [], held: 0, closed: false } as unknown as End;
    const eb = { queue: [], held: 0, closed: false, peer: ea } as unknown as End;
    ea.peer = eb;
    for (const [s, e] of [[sa, ea], [sb, eb]] as const) {
      s.pair = e;
      s.family = 1; // AF_UNIX
      s.sock_ops = ops;
    }
  };
}
