// The parent's end of a worker's stdin (C guests and Python programs alike):
// bytes wait here until the shared ring (protocol.ts) has room, the end of
// input is marked after the last of them, and the reader is woken after
// each move. A ring that stays full is retried every 10 ms.
import { stdinBuffer, stdinEnd, stdinWrite } from './protocol.js';

export class StdinPipe {
  /** The ring the worker reads. */
  readonly buffer = stdinBuffer();
  private pending: Uint8Array[] = [];
  private ended = false;
  private closed = false;
  private poll: ReturnType<typeof setInterval> | undefined;

  /** `wake` tells the reader to look again. */
  constructor(private readonly wake: () => void) {}

  /** Queues bytes (nothing after end() or close()). */
  feed(d: Uint8Array): void {
    if (this.ended || this.closed) return;
    this.pending.push(d);
    this.flush();
  }

  /** End of input after what was fed. */
  end(): void {
    if (this.closed) return;
    this.ended = true;
    this.flush();
  }

  /** Drops what still waits for room in the ring (a terminal's flush). */
  discard(): void {
    this.pending = [];
  }

  /** The reader is gone: nothing more moves. */
  close(): void {
    this.closed = true;
    clearInterval(this.poll);
    this.poll = undefined;
    this.pending = [];
  }

  private flush(): void {
    while (this.pending.length) {
      const d = this.pending[0];
      const n = stdinWrite(this.buffer, d);
      if (n < d.length) { this.pending[0] = d.subarray(n); break; }
      this.pending.shift();
    }
    if (!this.pending.length && this.ended) stdinEnd(this.buffer);
    this.wake();
    if (this.pending.length && !this.poll) {
      this.poll = setInterval(() => {
        if (!this.pending.length || this.closed) { clearInterval(this.poll); this.poll = undefined; return; }
        this.flush();
      }, 10);
    }
  }
}
