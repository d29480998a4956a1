// Pyodide's os.pipe() is Emscripten's PIPEFS, which never fills and whose
// empty read fails with EAGAIN even when blocking or when no writer is left.
// Its stream operations are wrapped here (in memory, not on disk) to give
// Linux's pipe: a capacity, EOF once every write end is closed, EPIPE with
// no read end, and blocking reads and writes that wait. The Python thread is
// the only one that can read or write its pipes, so a wait can end only by a
// signal whose handler does it: the wait lasts until a signal for a handler
// comes and then fails with EINTR, so CPython runs the handler and tries
// again (PEP 475), as on Linux.

/** Linux's pipe: 16 slots of a page each. A write first tops up the last
 *  slot with the part of it past whole pages, if that fits; the rest takes
 *  new slots, a page each; a slot is freed once read to its end. So a write
 *  of up to a page is all or nothing, and the capacity depends on the
 *  sizes written, as on Linux (65536 bytes in writes of 4096). */
const PAGE = 4096;
const SLOTS = 16;
const O_ACCMODE = 3;
const O_WRONLY = 1;
export const O_NONBLOCK = 0o4000;
// poll(2) bits as Emscripten's poll and select read them.
const POLLIN = 1, POLLOUT = 4, POLLERR = 8, POLLHUP = 16;

/** A slot: where its page is written up to, and how much is unread. */
interface Slot { end: number; unread: number }

/** How many bytes of a write of `length` the slots take now (and takes them). */
function fill(slots: Slot[], length: number): number {
  let n = 0;
  const chars = length % PAGE;
  const last = slots[slots.length - 1];
  if (chars && last && last.end + chars <= PAGE) { last.end += chars; last.unread += chars; n = chars; }
  while (n < length && slots.length < SLOTS) {
    const k = Math.min(PAGE, length - n);
    slots.push({ end: k, unread: k });
    n += k;
  }
  return n;
}

function drain(slots: Slot[], length: number): void {
  while (length > 0 && slots.length) {
    const k = Math.min(slots[0].unread, length);
    slots[0].unread -= k;
    length -= k;
    if (slots[0].unread === 0) slots.shift();
  }
}

interface Pipe { buckets: unknown[] | null }
interface Stream { flags: number; node: { pipe?: Pipe } }
type Io = (stream: Stream, buffer: Uint8Array, offset: number, length: number, position?: number) => number;
interface Ops { read: Io; write: Io; close(stream: Stream): void; poll(stream: Stream): number }
/** What of Emscripten's FS the pipes and sockets need, with their streams. */
export interface EmscriptenFS<S> { streams: (S | null | undefined)[]; ErrnoError: new (errno: number) => Error }
/** What of Pyodide's Emscripten module this needs. */
export interface PipeModule { PIPEFS?: { stream_ops?: Ops }; FS?: EmscriptenFS<Stream> }
// Emscripten's errno numbers (not Linux's): CPython maps them back.
export const EAGAIN = 6;
export const EINTR = 27;
export const EPIPE = 64;

/** Wraps Emscripten's pipe operations; `awaitSignal` blocks until a signal
 *  for a handler is there; `brokenPipe` is called for a write with no
 *  reader (SIGPIPE). */
export function linuxPipes(module: PipeModule, awaitSignal: () => void, brokenPipe: () => void): void {
  const ops = module.PIPEFS?.stream_ops;
  const FS = module.FS;
  if (!ops || !FS) throw new Error("wasig: this Pyodide has no PIPEFS: os.pipe() would not behave as Linux's; use the pinned pyodide version");
  const { read, write } = ops;
  const slotsOf = new WeakMap<Pipe, Slot[]>();
  const slots = (p: Pipe): Slot[] => {
    let v = slotsOf.get(p);
    if (!v) slotsOf.set(p, (v = []));
    return v;
  };
  // An end is open while a stream on it is (dup'ed ones included).
  const open = (p: Pipe, writing: boolean): boolean =>
    FS.streams.some((s) => s?.node?.pipe === p && ((s.flags & O_ACCMODE) === O_WRONLY) === writing);
  const blocked = (s: Stream): never => {
    if (s.flags & O_NONBLOCK) throw new FS.ErrnoError(EAGAIN);
    awaitSignal();
    throw new FS.ErrnoError(EINTR);
  };
  ops.read = function (stream, buffer, offset, length, position) {
    const p = stream.node.pipe!;
    if (length > 0 && !slots(p).length) {
      if (!open(p, true)) return 0;
      blocked(stream);
    }
    const n = read.call(this, stream, buffer, offset, length, position);
    drain(slots(p), n);
    return n;
  };
  ops.write = function (stream, buffer, offset, length, position) {
    const p = stream.node.pipe!;
    if (!open(p, false)) { brokenPipe(); throw new FS.ErrnoError(EPIPE); }
    if (length <= 0) return 0;
    const n = fill(slots(p), length);
    if (n === 0) blocked(stream);
    write.call(this, stream, buffer, offset, n, position);
    // Blocking, a write that did not all fit waits, and returns what it
    // wrote when a signal comes.
    if (n < length && !(stream.flags & O_NONBLOCK)) awaitSignal();
    return n;
  };
  // select and poll: a full pipe is not writable; with no reader left the
  // write end is in error, with no writer the read end is readable (end of
  // file) and hung up, as on Linux.
  ops.poll = (stream) => {
    const p = stream.node.pipe!;
    if ((stream.flags & O_ACCMODE) === O_WRONLY) return (slots(p).length < SLOTS ? POLLOUT : 0) | (open(p, false) ? 0 : POLLERR);
    return (slots(p).length ? POLLIN : 0) | (open(p, true) ? 0 : POLLIN | POLLHUP);
  };
  // Emscripten counts the ends by closes, which dup does not count: a
  // closed dup would free the data under the other. The data goes with the
  // last stream on the pipe (the closing one is still in FS.streams).
  ops.close = (stream) => {
    const p = stream.node.pipe!;
    if (!FS.streams.some((s) => s && s !== stream && s.node?.pipe === p)) { p.buckets = null; slotsOf.delete(p); }
  };
}
