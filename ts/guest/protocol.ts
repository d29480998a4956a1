// What the parent (spawn) and the guest's worker say to each other, and the
// shared buffers between them. Portable: no host APIs.
import type { AscLibrary } from './assemblyscript.js';
import type { GuestFlavor, MemoryImport } from './wasm-info.js';

/** A guest's stdin: the host's ('inherit'), `proc.stdin` ('pipe'), or none. */
export type StdioIn = 'inherit' | 'pipe' | 'ignore';
/** A guest's stdout or stderr: the host's, events and strings ('pipe'),
 *  none, or a host fd. */
export type StdioOut = 'inherit' | 'pipe' | 'ignore' | number;

/** A component as its worker runs it: the URL of jco's JavaScript
 *  (instantiation 'sync'), its core modules by file name, and wasig's core
 *  for the signal state. */
export interface ComponentStart {
  url: string;
  cores: Record<string, WebAssembly.Module>;
  signalCore: WebAssembly.Module;
}

/** workerData of a guest worker. */
export interface GuestStart {
  flavor: GuestFlavor;
  /** WASI: the compiled module. Emscripten: its .wasm bytes plus the loader. */
  module?: WebAssembly.Module;
  wasmBinary?: Uint8Array;
  loaderUrl?: string;
  memory?: MemoryImport | null;
  /** AssemblyScript: the signal library its imports are linked to. */
  lib?: AscLibrary;
  /** A component: jco's transpiled form (ts/component). */
  component?: ComponentStart;
  args: string[];
  env: Record<string, string>;
  preopens: Record<string, string>;
  stdout: StdioOut;
  stderr: StdioOut;
  stdin: StdioIn;
  pid: number;
  uid: number;
  /** The control words (CTRL_*). */
  ctrl: SharedArrayBuffer;
  stdinBuf: SharedArrayBuffer;
  /** The mailbox when the guest's memory is not shared. */
  mailbox: SharedArrayBuffer;
  /** The terminal's shared state (terminal.ts), when the guest has one. */
  ttyBuf?: SharedArrayBuffer;
  /** Bit i set: fd i (0-2) is that terminal. */
  ttyFds?: number;
  /** When that terminal is the guest's controlling terminal (its /dev/tty):
   *  what is typed on it for reads of /dev/tty while stdin is not the
   *  terminal (a ring as stdinBuf; stdin's is read when it is). */
  ttyIn?: SharedArrayBuffer;
  /** A real terminal's host descriptor, where writes to /dev/tty go. */
  ttyOutFd?: number;
  /** stdin is inherited from a regular file (readable at its end, not hung up). */
  stdinFile?: boolean;
}

export type FromGuest =
  | { t: 'ready'; proc: number; layout: Record<string, number>; memory: WebAssembly.Memory | null }
  | { t: 'timer'; which: number; delayUs: number }
  | { t: 'kill'; pid: number; sig: number; code: number; value: number }
  /** setresuid (gid 0) or setresgid (gid 1); the parent answers through ctrl. */
  | { t: 'setid'; gid: number; r: number; e: number; s: number }
  /** The guest reads stdin (or, `tty`, its terminal's keyboard) for the
   *  first time: the parent starts relaying it. */
  | { t: 'stdin'; tty?: boolean }
  /** The guest changed its terminal; the parent answers through ctrl. */
  | { t: 'tty'; change: 'set' | 'flush' | 'winsz' | 'pgrp'; flag: boolean }
  | { t: 'out'; fd: number; data: Uint8Array }
  | { t: 'stopped'; sig: number }
  | { t: 'continued' }
  /** The browser fallback's CTRL_FATAL (no shared ctrl there): the signals
   *  that would end the guest now, as wasig_fatal_js last said. */
  | { t: 'fatal'; lo: number; hi: number }
  | { t: 'exit'; code: number }
  | { t: 'signal'; sig: number; message?: string }
  | { t: 'error'; message: string };

// The ctrl buffer. Int32 words: the kill() rpc's state and result, the
// output bytes posted and not yet taken by the parent, and per interval timer
// a flag "a timer message is on its way". Then per timer, as a Float64, its
// latest deadline (ms since the epoch, on performance.timeOrigin + now(), so
// that both threads read it alike; < 0 disarmed). A guest re-arming a timer
// at every safe point thus sends one message per parent turn, not per call.
// A ctrl smaller than CTRL_BYTES (the browser fallback's, not shared) has
// none of this: every timer call is a message there, handled in-thread.
export const CTRL_RPC = 0;
export const CTRL_RESULT = 1;
export const CTRL_OUT = 2;
export const CTRL_TIMER = 3;
/** Two words (signals 1-32, 33-64) of the signals whose arrival would end
 *  the guest now (default disposition Term or Core, not blocked, not waited
 *  for), which its worker updates after every change of disposition or mask
 *  (a component's worker itself, a C guest's library through
 *  wasig_fatal_js), so that the parent ends it at once, busy loop or not. */
export const CTRL_FATAL = 6;
/** Per interval timer, the signal its announced expiry sends (0: none the
 *  parent may act on), written before its deadline: on the real clock the
 *  parent ends the guest at that deadline when CTRL_FATAL has the signal. */
export const CTRL_TIMER_SIG = 9;
/** Set by the parent to the signal that ended the guest while its worker
 *  may still run: the worker then calls no handler and posts no output. */
export const CTRL_DEAD = 12;
export const CTRL_DEADLINE = 8;
export const CTRL_BYTES = 96;

/** Output bytes a guest may have on their way to its parent (stdio 'pipe')
 *  before its writes wait for the parent: back-pressure, not a growing
 *  queue. Each message carries at most OUT_CHUNK bytes. */
export const OUT_WINDOW = 1 << 20;
export const OUT_CHUNK = 64 * 1024;

export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Size of the unshared mailbox buffer: generous, the layout's is 8 KiB. */
export const MAILBOX_BYTES = 64 * 1024;

// The stdin ring: Int32 header [head, tail, eof], then the bytes.
export const STDIN_HEADER = 16;
export const STDIN_CAP = 64 * 1024;
const HEAD = 0, TAIL = 1, EOF = 2;

export function stdinBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(STDIN_HEADER + STDIN_CAP);
}

/** Producer side (the parent). Returns how many bytes it took. */
export function stdinWrite(buf: SharedArrayBuffer, data: Uint8Array): number {
  const h = new Int32Array(buf, 0, 4);
  const bytes = new Uint8Array(buf, STDIN_HEADER);
  const head = Atomics.load(h, HEAD) >>> 0, tail = Atomics.load(h, TAIL) >>> 0;
  const n = Math.min(data.length, STDIN_CAP - ((head - tail) >>> 0));
  for (let i = 0; i < n; i++) bytes[(head + i) % STDIN_CAP] = data[i];
  Atomics.store(h, HEAD, (head + n) | 0);
  return n;
}

export function stdinEnd(buf: SharedArrayBuffer): void {
  Atomics.store(new Int32Array(buf, 0, 4), EOF, 1);
}

/** Consumer side (the guest): bytes read, 0 at end of input, -1 when none yet. */
export function stdinRead(buf: SharedArrayBuffer, into: Uint8Array): number {
  const h = new Int32Array(buf, 0, 4);
  const bytes = new Uint8Array(buf, STDIN_HEADER);
  const head = Atomics.load(h, HEAD) >>> 0, tail = Atomics.load(h, TAIL) >>> 0;
  const avail = (head - tail) >>> 0;
  if (!avail) {
    if (!Atomics.load(h, EOF)) return -1;
    // The end was marked after the last bytes: look again before saying so.
    return (Atomics.load(h, HEAD) >>> 0) === head ? 0 : stdinRead(buf, into);
  }
  const n = Math.min(avail, into.length);
  for (let i = 0; i < n; i++) into[i] = bytes[(tail + i) % STDIN_CAP];
  Atomics.store(h, TAIL, (tail + n) | 0);
  return n;
}

/** Consumer side: bytes waiting, and whether the end was marked. */
export function stdinState(buf: SharedArrayBuffer): { avail: number; eof: boolean } {
  const h = new Int32Array(buf, 0, 4);
  const eof = Atomics.load(h, EOF) === 1;
  const avail = ((Atomics.load(h, HEAD) >>> 0) - (Atomics.load(h, TAIL) >>> 0)) >>> 0;
  return { avail, eof };
}

/** Consumer side: drop what is waiting (tcflush, TCSAFLUSH). */
export function stdinDiscard(buf: SharedArrayBuffer): void {
  const h = new Int32Array(buf, 0, 4);
  Atomics.store(h, TAIL, Atomics.load(h, HEAD));
}
