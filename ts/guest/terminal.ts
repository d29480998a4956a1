// A terminal for guests: the termios state, window size and foreground
// process group that tcgetattr/tcsetattr, ioctl(TIOCGWINSZ) and
// tcgetpgrp/tcsetpgrp see, shared with the guest's worker in a
// SharedArrayBuffer. Two kinds:
//   - a real terminal (`wasig run` on a tty): the kernel is the line
//     discipline. Every tcsetattr of the guest is applied to the real tty
//     (the host's `apply`), so echo, canonical lines and Ctrl+C → SIGINT are
//     the kernel's own, and input passes through untouched;
//   - an emulated one (a browser's xterm, tests): this class is the line
//     discipline, as Linux's n_tty for the flags programs use: ISIG (VINTR,
//     VQUIT, VSUSP → SIGINT, SIGQUIT, SIGTSTP to the foreground group),
//     ICANON (lines, VERASE, VWERASE, VKILL, VEOF), ECHO/ECHOE/ECHOK/ECHONL/
//     ECHOCTL, ICRNL/INLCR/IGNCR, and OPOST/ONLCR on output.
// Termios values are Linux's (glibc's <termios.h>), like signal numbers.
import { SIGINT, SIGQUIT, SIGTSTP, SIGWINCH } from '../constants.js';

/** Word indices of the shared buffer (parent and worker, both TypeScript;
 *  the guest's C side names its words through the layout table). */
export const TTY = {
  iflag: 0, oflag: 1, cflag: 2, lflag: 3, ispeed: 4, ospeed: 5, line: 6,
  rows: 7, cols: 8, xpixel: 9, ypixel: 10, pgrp: 11, cc: 12, nccs: 32,
} as const;
const WORDS = TTY.cc + TTY.nccs;

// glibc's <termios.h> (Linux).
export const T = {
  IGNBRK: 0o1, BRKINT: 0o2, INLCR: 0o100, IGNCR: 0o200, ICRNL: 0o400, IXON: 0o2000, IUTF8: 0o40000,
  OPOST: 0o1, ONLCR: 0o4,
  B38400: 0o17, CS8: 0o60, CREAD: 0o200, HUPCL: 0o2000,
  ISIG: 0o1, ICANON: 0o2, ECHO: 0o10, ECHOE: 0o20, ECHOK: 0o40, ECHONL: 0o100, NOFLSH: 0o200,
  ECHOCTL: 0o1000, ECHOKE: 0o4000, IEXTEN: 0o100000,
  VINTR: 0, VQUIT: 1, VERASE: 2, VKILL: 3, VEOF: 4, VTIME: 5, VMIN: 6, VSTART: 8, VSTOP: 9,
  VSUSP: 10, VEOL: 11, VREPRINT: 12, VDISCARD: 13, VWERASE: 14, VLNEXT: 15, VEOL2: 16,
} as const;

/** Linux's tty_std_termios: what a fresh terminal starts with. */
export function defaultTermios(): number[] {
  const w = new Array<number>(WORDS).fill(0);
  w[TTY.iflag] = T.ICRNL | T.IXON | T.IUTF8;
  w[TTY.oflag] = T.OPOST | T.ONLCR;
  w[TTY.cflag] = T.B38400 | T.CS8 | T.CREAD | T.HUPCL;
  w[TTY.lflag] = T.ISIG | T.ICANON | T.ECHO | T.ECHOE | T.ECHOK | T.ECHOCTL | T.ECHOKE | T.IEXTEN;
  w[TTY.ispeed] = w[TTY.ospeed] = T.B38400;
  // INIT_C_CC: ^C ^\ ^? ^U ^D, time 0, min 1, -, ^Q ^S ^Z, -, ^R ^O ^W ^V
  [3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f, 0x17, 0x16, 0]
    .forEach((c, i) => { w[TTY.cc + i] = c; });
  return w;
}

/** OPOST with ONLCR turns \n into \r\n on the way to the screen, as the
 *  kernel does (an emulated terminal's output; a real one does it itself). */
export function postProcess(oflag: number, data: Uint8Array): Uint8Array {
  if (!(oflag & T.OPOST) || !(oflag & T.ONLCR) || !data.includes(10)) return data;
  const r: number[] = [];
  for (const c of data) { if (c === 10) r.push(13); r.push(c); }
  return new Uint8Array(r);
}

/** A saved `stty -g` line (GNU: iflag:oflag:cflag:lflag:cc0:…:cc31 in hex)
 *  as termios words, or null when it is not one. */
export function parseSttyG(line: string): number[] | null {
  const f = line.trim().split(':');
  if (f.length < 4 + 17 || f.some((x) => !/^[0-9a-f]+$/i.test(x))) return null;
  const w = defaultTermios();
  const n = f.map((x) => parseInt(x, 16));
  [w[TTY.iflag], w[TTY.oflag], w[TTY.cflag], w[TTY.lflag]] = n;
  for (let i = 0; i < TTY.nccs; i++) w[TTY.cc + i] = n[4 + i] ?? 0;
  w[TTY.ispeed] = w[TTY.ospeed] = w[TTY.cflag] & 0o10017;
  return w;
}

/** Termios words as a `stty -g` line, which `stty` takes back exactly. */
export function sttyG(w: ArrayLike<number>): string {
  const hex = (v: number) => (v >>> 0).toString(16);
  const cc = Array.from({ length: TTY.nccs }, (_, i) => hex(w[TTY.cc + i] & 0xff));
  return [hex(w[TTY.iflag]), hex(w[TTY.oflag]), hex(w[TTY.cflag]), hex(w[TTY.lflag]), ...cc].join(':');
}

/** Options of `new Terminal()`. */
export interface TerminalOptions {
  /** Columns the guest sees (TIOCGWINSZ). */
  cols?: number;
  /** Rows the guest sees. */
  rows?: number;
  /** Initial termios words (defaultTermios() when left out). */
  termios?: number[];
  /** A real terminal: called after every change of the guest's termios with
   *  the words to put on it; input then passes through untouched (the
   *  kernel did the line discipline). Left out: this class emulates it. */
  apply?: (words: number[]) => void;
  /** Whether it is the controlling terminal of the guests given it (their
   *  /dev/tty opens). Default true; false for a real tty that is not the
   *  host process's own controlling terminal (under setsid). */
  controlling?: boolean;
  /** A real terminal's keyboard, read only while a guest reads its
   *  controlling terminal with its stdin not the terminal (a pager whose
   *  stdin is a pipe reads /dev/tty): starts reading, with what arrives and
   *  the end of it, and returns what stops it. Left out: input() alone. */
  keyboard?: (onData: (d: Uint8Array) => void, onEnd: () => void) => () => void;
  /** A real terminal's host descriptor (Node): what guests write to their
   *  /dev/tty is written there. Left out: to the stdout or stderr of a
   *  guest that is the terminal. */
  fd?: number;
}

type Guest = {
  pid: number;
  feed(d: Uint8Array): void;
  eof(): void;
  flushInput(): void;
  kill(sig: number): void;
};

/** One terminal; guests spawned with `{ terminal }` share it. */
export class Terminal {
  /** @internal The state guests share with the host (termios, size, group). */
  readonly buffer = new SharedArrayBuffer(WORDS * 4);
  private readonly w = new Int32Array(this.buffer);
  private readonly guests = new Map<number, Guest>();
  private line: number[] = [];
  private readonly outListeners: ((d: Uint8Array) => void)[] = [];
  private readonly apply?: (words: number[]) => void;
  private readonly keyboard?: TerminalOptions['keyboard'];
  private stopKeyboard: (() => void) | null = null;
  /** @internal Whether guests given it have it as their /dev/tty. */
  readonly controlling: boolean;
  /** @internal A real terminal's host descriptor (TerminalOptions.fd). */
  readonly fd?: number;

  constructor(o: TerminalOptions = {}) {
    (o.termios ?? defaultTermios()).forEach((v, i) => { this.w[i] = v; });
    this.w[TTY.cols] = o.cols ?? 80;
    this.w[TTY.rows] = o.rows ?? 24;
    this.apply = o.apply;
    this.keyboard = o.keyboard;
    this.controlling = o.controlling ?? true;
    this.fd = o.fd;
  }

  /** Whether a real terminal (the host's tty) backs it. */
  get real(): boolean { return !!this.apply; }
  /** The current width in columns. */
  get cols(): number { return Atomics.load(this.w, TTY.cols); }
  /** The current height in rows. */
  get rows(): number { return Atomics.load(this.w, TTY.rows); }
  /** The foreground process group (a guest's pid; 0 before one attached). */
  get foreground(): number { return Atomics.load(this.w, TTY.pgrp); }
  /** Makes a guest's process group the foreground one. */
  set foreground(pgrp: number) { Atomics.store(this.w, TTY.pgrp, pgrp); }
  /** True when the guest turned off canonical input or signal keys (raw or
   *  cbreak mode): a page that edits lines itself should then hand every key
   *  to input(). */
  get raw(): boolean {
    const l = Atomics.load(this.w, TTY.lflag);
    return (l & (T.ICANON | T.ISIG)) !== (T.ICANON | T.ISIG);
  }
  /** The termios words now (copy). */
  termios(): number[] { return Array.from(this.w.subarray(0, WORDS)); }

  /** Echo and the line discipline's own output (emulated terminals): the
   *  page writes it to its screen. Guest output goes through output(). */
  on(_event: 'echo', fn: (d: Uint8Array) => void): this {
    this.outListeners.push(fn);
    return this;
  }

  /** A new window size: the guests see it in TIOCGWINSZ; when it changed the
   *  foreground group gets SIGWINCH (as Linux's TIOCSWINSZ does). */
  resize(cols: number, rows: number, signal = true): boolean {
    if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 0 || rows < 0 || cols > 0xffff || rows > 0xffff) {
      throw new RangeError(`a terminal size is two integers from 0 to 65535, not ${cols}x${rows}`);
    }
    const changed = this.cols !== cols || this.rows !== rows;
    Atomics.store(this.w, TTY.cols, cols);
    Atomics.store(this.w, TTY.rows, rows);
    if (changed && signal) this.signal(SIGWINCH);
    return changed;
  }

  /** Bytes typed on the terminal: through the line discipline to the
   *  foreground guest's stdin. */
  input(data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const fg = this.guests.get(this.foreground);
    if (this.real) { fg?.feed(bytes); return; }
    const w = this.w, iflag = w[TTY.iflag], lflag = w[TTY.lflag], cc = (i: number) => w[TTY.cc + i];
    const canon = (lflag & T.ICANON) !== 0, echo = (lflag & T.ECHO) !== 0;
    const out: number[] = [], echoed: number[] = [];
    const is = (c: number, i: number) => cc(i) !== 0 && c === cc(i);
    const echoChar = (c: number) => {
      if (!echo) return;
      if ((lflag & T.ECHOCTL) && (c < 32 || c === 127) && c !== 10 && c !== 9) echoed.push(94, c === 127 ? 63 : c + 64);
      else echoed.push(c);
    };
    const erase = (n: number) => {
      for (let k = 0; k < n && this.line.length; k++) {
        const c = this.line.pop()!;
        if (echo && (lflag & T.ECHOE)) {
          const width = (lflag & T.ECHOCTL) && (c < 32 || c === 127) ? 2 : 1;
          for (let j = 0; j < width; j++) echoed.push(8, 32, 8);
        }
      }
    };
    for (let c of bytes) {
      if (c === 13) {
        if (iflag & T.IGNCR) continue;
        if (iflag & T.ICRNL) c = 10;
      } else if (c === 10 && (iflag & T.INLCR)) c = 13;
      if (lflag & T.ISIG) {
        const sig = is(c, T.VINTR) ? SIGINT : is(c, T.VQUIT) ? SIGQUIT : is(c, T.VSUSP) ? SIGTSTP : 0;
        if (sig) {
          if (!(lflag & T.NOFLSH)) { this.line = []; fg?.flushInput(); }
          echoChar(c);
          this.emitEcho(echoed);
          echoed.length = 0;
          this.signal(sig);
          continue;
        }
      }
      if (canon) {
        if (is(c, T.VERASE)) { erase(1); continue; }
        if (is(c, T.VKILL)) { erase(this.line.length); if (echo && (lflag & T.ECHOK) && !(lflag & T.ECHOE)) echoed.push(10); continue; }
        if (is(c, T.VWERASE) && (lflag & T.IEXTEN)) {
          let n = 0;
          while (n < this.line.length && this.line[this.line.length - 1 - n] === 32) n++;
          while (n < this.line.length && this.line[this.line.length - 1 - n] !== 32) n++;
          erase(n);
          continue;
        }
        if (is(c, T.VEOF)) {
          // ^D: what is on the line goes out without it; on an empty line the
          // reader sees the end of input.
          if (this.line.length) { out.push(...this.line); this.line = []; } else fg?.eof();
          continue;
        }
        this.line.push(c);
        if (c === 10 || is(c, T.VEOL) || is(c, T.VEOL2)) {
          out.push(...this.line);
          this.line = [];
          if (c === 10 && !echo && (lflag & T.ECHONL)) echoed.push(10);
        }
        echoChar(c);
        continue;
      }
      out.push(c);
      echoChar(c);
    }
    this.emitEcho(echoed);
    if (out.length) fg?.feed(new Uint8Array(out));
  }

  /** Output on its way to an emulated terminal's screen (the echo). */
  output(data: Uint8Array): Uint8Array {
    return this.real ? data : postProcess(this.w[TTY.oflag], data);
  }

  private emitEcho(bytes: number[]): void {
    if (!bytes.length) return;
    const d = this.output(new Uint8Array(bytes));
    for (const fn of this.outListeners) fn(d);
  }

  /** Sends sig to the foreground process group. */
  signal(sig: number): void {
    const g = this.guests.get(this.foreground);
    try { g?.kill(sig); } catch { /* it ended */ }
  }

  // ---- the guests' side (spawn) -------------------------------------------

  /** @internal A guest whose stdio is this terminal. The first one becomes
   *  the foreground group. */
  attach(g: Guest): () => void {
    this.guests.set(g.pid, g);
    if (!this.foreground || !this.guests.has(this.foreground)) this.foreground = g.pid;
    return () => {
      this.guests.delete(g.pid);
      if (!this.guests.size) this.unlisten();
    };
  }

  /** @internal A guest reads the keyboard other than as its stdin: a real
   *  terminal's is read from now on (once), into input(); at its end (a
   *  hang-up) every guest's input ends. */
  listen(): void {
    if (this.stopKeyboard || !this.keyboard) return;
    this.stopKeyboard = this.keyboard((d) => this.input(d), () => {
      for (const g of this.guests.values()) g.eof();
    });
  }

  /** @internal Stops reading a real terminal's keyboard. */
  unlisten(): void {
    this.stopKeyboard?.();
    this.stopKeyboard = null;
  }

  /** @internal The guest changed the termios (words already in the buffer). */
  changed(flush: boolean): void {
    if (flush) { this.line = []; this.guests.get(this.foreground)?.flushInput(); }
    this.apply?.(this.termios());
  }
}
