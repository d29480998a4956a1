// The guest's worker without cross-origin isolation (see ./fallback.ts).
// The guest body is the same portable one (../worker-main.ts, ../guest-host.ts);
// what changes is underneath it: its mailbox, stdin ring and rpc word are
// this worker's own ArrayBuffers, and Atomics.wait on them (which a
// non-shared buffer refuses) becomes a long poll of the page's relay with
// synchronous XHR. Timers run here. A WASI guest linked with shared memory
// gets its memory import rewritten to unshared (its atomics still work).
import { mailboxLayout, post, tick, wake, type MailboxLayout } from '../mailbox.js';
import { MAILBOX_BYTES, STDIN_CAP, STDIN_HEADER, stdinEnd, stdinWrite, type FromGuest, type GuestStart } from '../protocol.js';
import { runGuest } from '../worker-main.js';
import type { FallbackStart } from './fallback.js';
import { workerPlatform } from './worker.js';
import { memoryImport } from '../wasm-info.js';

declare const self: { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown): void };

/** The bytes with every memory import's "shared" limits flag cleared. */
export function unshareMemoryImport(bytes: Uint8Array): Uint8Array {
  const b = new Uint8Array(bytes);
  let at = 8;
  const u32 = () => { let r = 0, s = 0, x; do { x = b[at++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return r >>> 0; };
  const name = () => { const n = u32(); at += n; };
  const limits = (patch: boolean) => {
    const f = b[at];
    if (patch && (f & 2)) b[at] = f & ~2;
    at++;
    u32();
    if (f & 1) u32();
  };
  while (at < b.length) {
    const id = b[at++];
    const size = u32();
    const end = at + size;
    if (id === 2) {
      const n = u32();
      for (let i = 0; i < n; i++) {
        name(); name();
        const kind = b[at++];
        if (kind === 0) u32();
        else if (kind === 1) { at++; limits(false); }
        else if (kind === 2) limits(true);
        else if (kind === 3) at += 2;
        else break;
      }
      return b;
    }
    at = end;
  }
  return b;
}

const POLL_MS = 50;

self.onmessage = async (e: MessageEvent) => {
  self.onmessage = null;
  const s = e.data as FallbackStart;
  const send = (m: FromGuest) => self.postMessage(m);
  const start: GuestStart = {
    ...s, ctrl: new ArrayBuffer(8) as unknown as SharedArrayBuffer,
    stdinBuf: new ArrayBuffer(STDIN_HEADER + STDIN_CAP) as unknown as SharedArrayBuffer,
    mailbox: new ArrayBuffer(MAILBOX_BYTES) as unknown as SharedArrayBuffer,
  };
  if (s.flavor === 'wasi') {
    try {
      start.module = await WebAssembly.compile(unshareMemoryImport(s.wasmBinary!) as Uint8Array<ArrayBuffer>);
    } catch (err) {
      send({ t: 'error', message: `${s.args[0]} is not a valid WebAssembly module: ${(err as Error).message}` });
      return;
    }
    if (start.memory) start.memory = { ...start.memory, shared: false };
    delete start.wasmBinary;
  } else if (s.flavor === 'assemblyscript') {
    // The program's memory is its own and unshared already; the library's
    // import is made unshared, so it pulls its mailbox from this worker.
    try {
      start.module = await WebAssembly.compile(s.wasmBinary as Uint8Array<ArrayBuffer>);
      const lib = unshareMemoryImport(s.libBinary!);
      const memory = memoryImport(lib);
      if (!memory) throw new Error('the signal library imports no memory: rebuild it with make build');
      start.lib = { module: await WebAssembly.compile(lib as Uint8Array<ArrayBuffer>), memory };
    } catch (err) {
      send({ t: 'error', message: `${s.args[0]}: ${(err as Error).message}` });
      return;
    }
    delete start.wasmBinary;
  }
  const box = new Int32Array(start.mailbox);
  const ctrl = new Int32Array(start.ctrl);
  let m: MailboxLayout | null = null;
  const early: { signo: number; code: number; pid: number; uid: number; value: number }[] = [];
  const deadlines: (number | undefined)[] = [];
  let lastPoll = 0;
  let busy = false;
  const realWait = Atomics.wait.bind(Atomics);

  /** Reads the relay (waiting up to `ms`), applies what came, fires due timers. */
  const poll = (ms: number): void => {
    if (busy) return;
    busy = true;
    try {
      lastPoll = performance.now();
      if (s.relay) {
        let msgs: any[] = [];
        try {
          const x = new XMLHttpRequest();
          x.open('GET', `${s.relay}?wait=${Math.max(0, Math.floor(ms))}`, false);
          x.send();
          if (x.status === 200) msgs = JSON.parse(x.responseText);
        } catch { /* the page went away: nothing arrives */ }
        for (const r of msgs) {
          if (r.k === 'sig') {
            if (m) post(box, 0, m, r); else early.push(r);
          } else if (r.k === 'stdin') {
            stdinWrite(start.stdinBuf, Uint8Array.from(r.data));
            if (m) wake(box, 0, m);
          } else if (r.k === 'eof') {
            stdinEnd(start.stdinBuf);
            if (m) wake(box, 0, m);
          } else if (r.k === 'ctrl') {
            ctrl[1] = r.r;
            ctrl[0] = 1;
          }
        }
      } else if (ms > 0) {
        // No relay: nothing can arrive but timers; pass the time (the worker
        // has no way to sleep without shared memory).
        const until = performance.now() + Math.min(ms, 50);
        while (performance.now() < until) { /* spin */ }
      }
      fireDue(performance.now());
    } finally {
      busy = false;
    }
  };

  /** Trips the mailbox for the timers that are due (in-thread: a timer
   *  needs nothing from the relay). */
  const fireDue = (now: number): void => {
    deadlines.forEach((d, which) => {
      if (d !== undefined && d <= now && m) { deadlines[which] = undefined; tick(box, 0, m); }
    });
  };

  // Blocking: Atomics.wait on our own buffers polls the relay until the word
  // moves, the timeout passes, or a timer is due.
  (Atomics as { wait: typeof Atomics.wait }).wait = ((a: Int32Array, i: number, v: number, timeout?: number) => {
    if (a.buffer instanceof SharedArrayBufferLike) return realWait(a, i, v, timeout);
    if (Atomics.load(a, i) !== v) return 'not-equal';
    const end = performance.now() + (timeout ?? Infinity);
    for (;;) {
      const now = performance.now();
      const due = Math.min(end, ...deadlines.filter((d): d is number => d !== undefined));
      poll(Math.min(5000, Math.max(0, due - now)));
      if (Atomics.load(a, i) !== v) return 'ok';
      if (performance.now() >= end) return 'timed-out';
    }
  }) as typeof Atomics.wait;
  // Computing: the guest's safe points pull the mailbox; every POLL_MS one
  // of them reads the relay first. A due timer only trips the mailbox: a
  // guest re-arming a 1 us interval timer at every safe point made one
  // synchronous relay request per safe point.
  const beforePull = (): void => {
    if (!m || busy) return;
    const now = performance.now();
    if (now - lastPoll >= POLL_MS) poll(0);
    else fireDue(now);
  };

  await runGuest({ ...workerPlatform(start, (msg) => {
    if (msg.t === 'ready') {
      if (msg.proc) {
        m = mailboxLayout(msg.layout);
        for (const r of early.splice(0)) post(box, 0, m, r);
      }
      send(msg);
    } else if (msg.t === 'timer') {
      deadlines[msg.which] = msg.delayUs >= 0 ? performance.now() + msg.delayUs / 1000 : undefined;
    } else if (msg.t !== 'stdin') {
      send(msg);
    }
  }), beforePull });
};

// SharedArrayBuffer is absent here; `instanceof` needs a class either way.
const SharedArrayBufferLike: { new (n: number): ArrayBufferLike } =
  (globalThis as { SharedArrayBuffer?: { new (n: number): ArrayBufferLike } }).SharedArrayBuffer ?? (class {} as never);
