// The guest's side of its terminal, inside its worker: the wasig_tty_js and
// wasig_fd_poll_js imports (c-src/core/boundary.h). The guest's C side
// passes termios as int32 words whose indices the layout table names; the
// terminal's shared buffer (terminal.ts) holds the same fields in its own
// order, and the parent applies a change before tcsetattr returns.
import { TTY, T, postProcess } from './terminal.js';
import { stdinDiscard, stdinState, type GuestStart } from './protocol.js';

/** The C side's word names in the layout table, by terminal field. */
const FIELDS: [string, number][] = [
  ['TTY_IFLAG', TTY.iflag], ['TTY_OFLAG', TTY.oflag], ['TTY_CFLAG', TTY.cflag], ['TTY_LFLAG', TTY.lflag],
  ['TTY_ISPEED', TTY.ispeed], ['TTY_OSPEED', TTY.ospeed], ['TTY_LINE', TTY.line], ['TTY_ROWS', TTY.rows],
  ['TTY_COLS', TTY.cols], ['TTY_XPIXEL', TTY.xpixel], ['TTY_YPIXEL', TTY.ypixel], ['TTY_PGRP', TTY.pgrp],
];
const TERMIOS = new Set<number>([TTY.iflag, TTY.oflag, TTY.cflag, TTY.lflag, TTY.ispeed, TTY.ospeed, TTY.line]);

/** What the parent does for a change (the 'tty' message). */
export type TtyChange = 'set' | 'flush' | 'winsz' | 'pgrp';

export class GuestTty {
  private readonly words: Int32Array | null;

  constructor(
    private readonly start: GuestStart,
    private readonly memory: () => WebAssembly.Memory,
    private readonly layout: () => Record<string, number>,
    /** Tells the parent and waits until it is done; its result. `flag`:
     *  discard input (set, flush), the size changed (winsz). */
    private readonly rpc: (change: TtyChange, flag: boolean) => number,
  ) {
    this.words = start.ttyBuf ? new Int32Array(start.ttyBuf) : null;
  }

  /** Whether fd is the terminal: one of stdio, or the controlling
   *  terminal's own number (WASIG_TTY_FD) when the guest has one. */
  isTty(fd: number): boolean {
    if (!this.words) return false;
    if (fd >= 0 && fd <= 2) return ((this.start.ttyFds ?? 0) >> fd & 1) === 1;
    return this.isCtty(fd);
  }

  /** Whether fd is the controlling terminal's number and the guest has one. */
  isCtty(fd: number): boolean {
    return !!this.words && !!this.start.ttyIn && fd > 2 && fd === this.layout()?.TTY_FD;
  }

  /** Where a read of fd takes its bytes: stdin's ring, or for the
   *  controlling terminal what is typed on it, which is stdin's when stdin
   *  is the terminal (`keyboard`: the terminal's own, read only for it).
   *  null for another fd. */
  source(fd: number): { buf: SharedArrayBuffer; ignore: boolean; file: boolean; terminal: boolean; keyboard: boolean } | null {
    const s = this.start;
    if (fd !== 0 && !this.isCtty(fd)) return null;
    if (fd !== 0 && !this.isTty(0)) return { buf: s.ttyIn!, ignore: false, file: false, terminal: true, keyboard: true };
    return { buf: s.stdinBuf, ignore: s.stdin === 'ignore', file: !!s.stdinFile, terminal: this.isTty(0), keyboard: false };
  }

  /** The ring of what is typed on the terminal (stdin's when stdin is the
   *  terminal): what tcflush and TCSAFLUSH discard. */
  private typed(): SharedArrayBuffer | undefined {
    return this.isTty(0) ? this.start.stdinBuf : this.start.ttyIn;
  }

  /** Output to fd: through the emulated terminal's OPOST when fd is the
   *  terminal by a pipe (a real tty, inherited, does it itself). Converted
   *  here, as it is written, under the termios of that moment. */
  output(fd: number, data: Uint8Array): Uint8Array {
    const mode = fd === 1 ? this.start.stdout : this.start.stderr;
    if (!this.isTty(fd) || mode !== 'pipe') return data;
    return postProcess(Atomics.load(this.words!, TTY.oflag), data);
  }

  /** Canonical input mode, and VMIN/VTIME otherwise, for reads of fd
   *  (stdin, or the controlling terminal) when it is the terminal. */
  readMode(fd: number): { canon: boolean; vmin: number; vtime: number } | null {
    const w = this.words;
    if (!w || !this.isTty(fd)) return null;
    return {
      canon: (Atomics.load(w, TTY.lflag) & T.ICANON) !== 0,
      vmin: Atomics.load(w, TTY.cc + T.VMIN) & 0xff,
      vtime: Atomics.load(w, TTY.cc + T.VTIME) & 0xff,
    };
  }

  /** wasig_tty_js(fd, op, words): the words in the guest's memory. */
  call(fd: number, op: number, ptr: number): number {
    return this.callWords(fd, op, new Int32Array(this.memory().buffer, ptr, this.layout().TTY_WORDS));
  }

  /** The same on words anywhere (a component's, which wasig:signals/stdio
   *  lifts from its records). */
  callWords(fd: number, op: number, mem: Int32Array): number {
    const L = this.layout();
    if (!this.isTty(fd)) return -L.ENOTTY;
    const w = this.words!;
    const cc = L.TTY_CC, n = Math.min(L.TTY_NCCS, TTY.nccs);
    switch (op) {
      case L.TTY_GET:
        for (const [name, i] of FIELDS) mem[L[name]] = Atomics.load(w, i);
        for (let i = 0; i < n; i++) mem[cc + i] = Atomics.load(w, TTY.cc + i);
        return 0;
      case L.TTY_SET_NOW: case L.TTY_SET_DRAIN: case L.TTY_SET_FLUSH: {
        for (const [name, i] of FIELDS) if (TERMIOS.has(i)) Atomics.store(w, i, mem[L[name]]);
        for (let i = 0; i < n; i++) Atomics.store(w, TTY.cc + i, mem[cc + i] & 0xff);
        const typed = this.typed();
        if (op === L.TTY_SET_FLUSH && typed) stdinDiscard(typed);
        return this.rpc('set', op === L.TTY_SET_FLUSH);
      }
      case L.TTY_WINSZ: {
        const rows = mem[L.TTY_ROWS] & 0xffff, cols = mem[L.TTY_COLS] & 0xffff;
        Atomics.store(w, TTY.xpixel, mem[L.TTY_XPIXEL] & 0xffff);
        Atomics.store(w, TTY.ypixel, mem[L.TTY_YPIXEL] & 0xffff);
        const oldRows = Atomics.exchange(w, TTY.rows, rows), oldCols = Atomics.exchange(w, TTY.cols, cols);
        const changed = oldRows !== rows || oldCols !== cols;
        // The parent signals the foreground group when it changed.
        return this.rpc('winsz', changed);
      }
      case L.TTY_PGRP_SET: {
        const pgrp = mem[L.TTY_PGRP];
        if (pgrp < 0) return -L.EINVAL;
        // Each guest leads its own session: its own group is the only one
        // it may put in the foreground (Linux: EPERM for another session's).
        if (pgrp !== this.start.pid) return -L.EPERM;
        Atomics.store(w, TTY.pgrp, pgrp);
        return this.rpc('pgrp', false);
      }
      case L.TTY_FLUSH: {
        const typed = this.typed();
        if (typed) stdinDiscard(typed);
        return this.rpc('flush', true);
      }
      default:
        return -L.EINVAL;
    }
  }

  /** wasig_fd_poll_js(fd): the host's stdio, and the controlling
   *  terminal (always writable). `ask(keyboard)` starts the parent's relay
   *  of what is read. */
  poll(fd: number, ask: (keyboard: boolean) => void): number {
    const L = this.layout();
    if (fd === 1 || fd === 2) return L.FD_OUT;
    const src = this.source(fd);
    if (!src) return -1;
    const out = fd === 0 ? 0 : L.FD_OUT;
    if (src.ignore) return L.FD_IN | out; // /dev/null: always readable (0 bytes)
    ask(src.keyboard);
    const { avail, eof } = stdinState(src.buf);
    // The bytes waiting ride above the bits (FIONREAD).
    if (avail) return L.FD_IN | out | (eof && !src.file ? L.FD_HUP : 0) | Math.min(avail, 0x7fffff) << 8;
    // At the end, a pipe hangs up (Linux: POLLHUP alone); a terminal or a
    // regular file is readable (read gives 0).
    if (eof) return (src.terminal || src.file ? L.FD_IN : L.FD_HUP) | out;
    return out;
  }
}
