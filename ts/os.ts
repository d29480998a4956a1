// Python's os pipe functions, emulated per runtime: finite buffers and
// non-blocking writes, enough for set_wakeup_fd and the programs that read it.
import { BlockingIOError, OSError, ValueError, errno } from './errors.js';
import { cInt, int } from './validate.js';

class Pipe {
  private buf: Uint8Array;
  private start = 0;
  length = 0;
  readerOpen = true;
  writerOpen = true;
  constructor(readonly capacity: number) {
    this.buf = new Uint8Array(capacity);
  }
  free(): number {
    return this.capacity - this.length;
  }
  push(bytes: Uint8Array): number {
    const n = Math.min(bytes.length, this.free());
    for (let i = 0; i < n; i++) this.buf[(this.start + this.length + i) % this.capacity] = bytes[i];
    this.length += n;
    return n;
  }
  shift(max: number): Uint8Array {
    const n = Math.min(max, this.length);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.buf[(this.start + i) % this.capacity];
    this.start = (this.start + n) % this.capacity;
    this.length -= n;
    return out;
  }
}

interface Fd { pipe: Pipe; end: 'r' | 'w'; blocking: boolean }

export class EmulatedOs {
  private fds = new Map<number, Fd>();
  private nextFd = 3; // 0-2 are the host's stdio

  /** Called when a write finds no reader, as the kernel raises SIGPIPE. */
  constructor(private readonly onBrokenPipe: () => void = () => {}) {}

  pipe({ capacity = 65536 }: { capacity?: number } = {}): [number, number] {
    const cap = int(capacity, 'capacity');
    if (cap < 1) throw new ValueError('pipe capacity must be at least 1');
    const p = new Pipe(cap);
    const r = this.alloc({ pipe: p, end: 'r', blocking: false });
    const w = this.alloc({ pipe: p, end: 'w', blocking: false });
    return [r, w];
  }

  private alloc(fd: Fd): number {
    while (this.fds.has(this.nextFd)) this.nextFd++;
    const n = this.nextFd++;
    this.fds.set(n, fd);
    return n;
  }

  private get(fd: unknown): Fd {
    const n = cInt(fd, 'fd');
    const f = this.fds.get(n);
    if (!f) throw new OSError(errno.EBADF);
    return f;
  }

  isOpen(fd: number): boolean {
    return this.fds.has(fd);
  }

  read(fd: number, n: number): Uint8Array {
    const f = this.get(fd);
    const count = int(n, 'n');
    if (count < 0) throw new ValueError('negative buffersize in read');
    if (f.end !== 'r') throw new OSError(errno.EBADF);
    if (f.pipe.length === 0 && f.blocking && f.pipe.writerOpen && count > 0) {
      throw new BlockingIOError('os.read on an empty blocking pipe would wait forever in a synchronous call: make the fd non-blocking with os.setBlocking(fd, false)');
    }
    return f.pipe.shift(count);
  }

  /** raiseSigpipe: false for the wakeup byte, written from the trip. */
  write(fd: number, bytes: Uint8Array | ArrayLike<number>, raiseSigpipe = true): number {
    const f = this.get(fd);
    if (f.end !== 'w') throw new OSError(errno.EBADF);
    const data = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes as ArrayLike<number>);
    if (!f.pipe.readerOpen) {
      if (raiseSigpipe) this.onBrokenPipe();
      throw new OSError(errno.EPIPE);
    }
    if (data.length === 0) return 0;
    if (f.pipe.free() === 0) {
      throw new BlockingIOError(f.blocking
        ? 'os.write to a full blocking pipe would wait forever in a synchronous call: read from it first, or make the fd non-blocking with os.setBlocking(fd, false)'
        : undefined);
    }
    return f.pipe.push(data);
  }

  close(fd: number): void {
    const f = this.get(fd);
    this.fds.delete(fd);
    if (f.end === 'r') f.pipe.readerOpen = false;
    else f.pipe.writerOpen = false;
  }

  setBlocking(fd: number, flag: boolean): void {
    this.get(fd).blocking = Boolean(flag);
  }

  getBlocking(fd: number): boolean {
    return this.get(fd).blocking;
  }
}
