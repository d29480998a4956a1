// The guest's ingress mailbox (wasig_mailbox in c-src/core/wasig_core.h).
// Every offset comes from the layout table the module publishes
// (wasig_layout), never from copied numbers.
//
// The mailbox sits in memory the guest can write, so the producer trusts
// nothing it reads there. There is one producer per mailbox: the host thread
// that owns the guest's handle (every sender goes through it). It needs no
// lock, and keeps its own copy of `head`: it writes head for the consumer but
// never reads it back. The only value it reads is `tail` (the consumer's
// progress), checked against its own head; a guest that moves tail where a
// consumer cannot have put it has corrupted its mailbox, and the owner ends
// it. Every loop is bounded by the ring's size.
//
// Room: realtime signals may fill the ring only up to RESERVE slots short of
// full, and a standard signal already waiting in the ring coalesces with it
// (Linux keeps the first siginfo; a stop or SIGCONT only with the newest
// record, see post()), so a standard signal -- SIGTERM, SIGSTOP, SIGCONT --
// always finds a slot whatever the realtime traffic.

export interface MailboxLayout {
  tripped: number; wake: number; head: number; tail: number; ring: number;
  ringMax: number; infoSize: number; bytes: number;
  info: { signo: number; code: number; errno: number; pid: number; uid: number; status: number; band: number; value: number };
  SIGRTMIN: number;
  NSIG: number;
}

/** Largest ring a layout may declare (the C header's is 256). */
const RING_LIMIT = 1 << 16;

/** Reads and checks a layout table; throws on anything a real module would
 *  not publish (a worker may be buggy or lying). */
export function mailboxLayout(L: Record<string, number>): MailboxLayout {
  if (L === null || typeof L !== 'object') throw new Error('wasig guest: no layout table');
  const k = (n: string, align = 4) => {
    const v = L[n];
    if (v === undefined) throw new Error(`wasig guest: the module's layout table has no '${n}': rebuild it with this version of wasig cc`);
    if (!Number.isSafeInteger(v) || v < 0 || v > 1 << 24 || v % align) throw new Error(`wasig guest: the layout entry '${n}' (${String(v)}) is out of range`);
    return v;
  };
  const ring = k('mb.ring'), ringMax = k('ring.max', 1), infoSize = k('info.size');
  if (ringMax < 64 || ringMax > RING_LIMIT) throw new Error(`wasig guest: ring.max ${ringMax} is out of range`);
  if (infoSize < 32) throw new Error(`wasig guest: info.size ${infoSize} is out of range`);
  const m: MailboxLayout = {
    tripped: k('mb.tripped'), wake: k('mb.wake'), head: k('mb.head'), tail: k('mb.tail'),
    ring, ringMax, infoSize, bytes: ring + ringMax * infoSize,
    info: {
      signo: k('info.signo'), code: k('info.code'), errno: k('info.errno'), pid: k('info.pid'),
      uid: k('info.uid'), status: k('info.status'), band: k('info.band'), value: k('info.value'),
    },
    SIGRTMIN: k('SIGRTMIN', 1),
    NSIG: k('NSIG', 1),
  };
  for (const n of ['tripped', 'wake', 'head', 'tail'] as const) {
    if (m[n] + 4 > ring) throw new Error(`wasig guest: the mailbox word '${n}' overlaps its ring`);
  }
  for (const [n, v] of Object.entries(m.info)) {
    if (v + 4 > infoSize) throw new Error(`wasig guest: the siginfo field '${n}' is outside its record`);
  }
  if (m.SIGRTMIN < 32 || m.SIGRTMIN >= m.NSIG || m.NSIG > 65) throw new Error('wasig guest: signal numbering out of range');
  return m;
}

/** The standard signals' share of the ring. */
export function reserve(m: MailboxLayout): number {
  return m.SIGRTMIN;
}

export interface Record_ { signo: number; code: number; pid: number; uid: number; value: number }

export const POSTED = 0;
export const FULL = 1;
export const CORRUPT = 2;
export type PostResult = typeof POSTED | typeof FULL | typeof CORRUPT;

/** SIGCONT and the stop signals: their order against each other matters
 *  (a SIGCONT discards pending stops and a stop discards a pending SIGCONT). */
const ORDERED = new Set([18, 19, 20, 21, 22]);

/** Bump the wake word and wake a waiter, without a signal (data on stdin). */
export function wake(i32: Int32Array, base: number, m: MailboxLayout): void {
  const w = (base + m.wake) >> 2;
  Atomics.add(i32, w, 1);
  Atomics.notify(i32, w);
}

/** Trip the mailbox with no record: a timer is due. */
export function tick(i32: Int32Array, base: number, m: MailboxLayout): void {
  Atomics.store(i32, (base + m.tripped) >> 2, 1);
  wake(i32, base, m);
}

/** The producer of one mailbox. */
export class Producer {
  private head: number;

  constructor(readonly i32: Int32Array, readonly base: number, readonly m: MailboxLayout) {
    if (!Number.isInteger(base) || base < 0 || base % 4 || base + m.bytes > i32.byteLength) {
      throw new RangeError(`wasig guest: a mailbox at ${String(base)} does not fit its memory (${i32.byteLength} bytes)`);
    }
    this.head = Atomics.load(i32, (base + m.head) >> 2) >>> 0;
  }

  private slot(i: number): number {
    return (this.base + this.m.ring + (i % this.m.ringMax) * this.m.infoSize) >> 2;
  }

  /** Records the consumer has not taken yet, or -1 when `tail` is not
   *  where a consumer could have put it. */
  used(): number {
    const tail = Atomics.load(this.i32, (this.base + this.m.tail) >> 2) >>> 0;
    const n = (this.head - tail) >>> 0;
    return n > this.m.ringMax ? -1 : n;
  }

  /** Appends a record. FULL: the sender gets EAGAIN. CORRUPT: the guest
   *  broke its mailbox; nothing was written. */
  post(r: Record_): PostResult {
    const used = this.used();
    if (used < 0) return CORRUPT;
    const { m, i32 } = this;
    const rt = r.signo >= m.SIGRTMIN;
    if (rt) {
      if (used >= m.ringMax - reserve(m)) return FULL;
    } else {
      // Newest first: the same signal waiting coalesces. A stop or SIGCONT
      // only with the newest record: the consumer rewrites the slots it has
      // taken (it moves held realtime records to the end of what it took)
      // while this scan may still count them as waiting, so "no SIGCONT
      // after this stop" read across several slots can be false -- a
      // SIGCONT coalesced into one already taken before a stop left its
      // guest stopped for good. The newest slot holds, whatever it reads,
      // either the newest record or a realtime one.
      let again = false;
      const far = ORDERED.has(r.signo) ? Math.min(used, 1) : used;
      for (let k = 1; k <= far; k++) {
        const s = Atomics.load(i32, this.slot((this.head - k) >>> 0) + (m.info.signo >> 2));
        if (s === r.signo) { again = true; break; }
      }
      if (again) { tick(i32, this.base, m); return POSTED; }
      // Otherwise a slot of its own; when none is left the owner holds it
      // (FULL for a standard signal means "later", never "refused": see
      // GuestProcess.defer).
      if (used >= m.ringMax) return FULL;
    }
    const at = this.slot(this.head);
    const f = m.info;
    Atomics.store(i32, at + (f.signo >> 2), r.signo);
    Atomics.store(i32, at + (f.code >> 2), r.code);
    Atomics.store(i32, at + (f.errno >> 2), 0);
    Atomics.store(i32, at + (f.pid >> 2), r.pid);
    Atomics.store(i32, at + (f.uid >> 2), r.uid);
    Atomics.store(i32, at + (f.status >> 2), 0);
    Atomics.store(i32, at + (f.band >> 2), 0);
    Atomics.store(i32, at + (f.value >> 2), r.value);
    this.head = (this.head + 1) >>> 0;
    Atomics.store(i32, (this.base + m.head) >> 2, this.head | 0);
    tick(i32, this.base, m);
    return POSTED;
  }

  /** Records not yet taken, oldest first (for a mailbox only the host
   *  reads: the queue kept before a guest is ready). */
  *pending(): Generator<Record_> {
    const used = this.used();
    const f = this.m.info;
    for (let k = used; k >= 1; k--) {
      const at = this.slot((this.head - k) >>> 0);
      yield {
        signo: this.i32[at + (f.signo >> 2)], code: this.i32[at + (f.code >> 2)], pid: this.i32[at + (f.pid >> 2)],
        uid: this.i32[at + (f.uid >> 2)], value: this.i32[at + (f.value >> 2)],
      };
    }
  }
}

const producers = new WeakMap<ArrayBufferLike, Map<number, Producer>>();

/** post() for callers that keep no Producer: one per (buffer, base). */
export function post(i32: Int32Array, base: number, m: MailboxLayout, r: Record_): boolean {
  let byBase = producers.get(i32.buffer);
  if (!byBase) producers.set(i32.buffer, byBase = new Map());
  let p = byBase.get(base);
  if (!p || p.m !== m) byBase.set(base, p = new Producer(i32, base, m));
  return p.post(r) === POSTED;
}

/** The consumer side of an unshared mailbox: moves what producers put in
 *  the SharedArrayBuffer `src` into the guest's own mailbox at `p` (its only
 *  producer, on the guest's own thread). Returns the records moved. The
 *  guest's ring gets the producer's rule: realtime records only while the
 *  standard signals' share stays free, so a standard signal behind a queue
 *  of realtime ones still gets in (ahead of them, as Linux delivers standard
 *  signals first). What does not fit stays in `src`, in order. Indices read
 *  from the guest's memory are bounded like the producer's. */
export function pull(src: Int32Array, dst: Int32Array, p: number, m: MailboxLayout): number {
  const sh = Atomics.load(src, m.head >> 2) >>> 0;
  const st = Atomics.load(src, m.tail >> 2) >>> 0;
  // Records left here last time (no room in the guest) are looked at again
  // without a trip: a trip left set for them would make every wait return
  // at once (a guest with a full queue spun).
  const tripped = Atomics.exchange(src, m.tripped >> 2, 0);
  if (!tripped && sh === st) return 0;
  const avail = Math.min((sh - st) >>> 0, m.ringMax);
  const dhi = (p + m.head) >> 2;
  let dh = dst[dhi] >>> 0;
  const dt = dst[(p + m.tail) >> 2] >>> 0;
  let used = (dh - dt) >>> 0;
  if (used > m.ringMax) used = m.ringMax; // a guest that lies about its ring gets nothing
  const words = m.infoSize >> 2;
  const kept: Int32Array[] = [];
  let n = 0;
  for (let k = 0; k < avail; k++) {
    const from = (m.ring + ((st + k) % m.ringMax) * m.infoSize) >> 2;
    const rt = Atomics.load(src, from + (m.info.signo >> 2)) >= m.SIGRTMIN;
    const fits = rt ? !kept.length && used < m.ringMax - reserve(m) : used < m.ringMax;
    if (!fits) {
      const r = new Int32Array(words);
      for (let w = 0; w < words; w++) r[w] = Atomics.load(src, from + w);
      kept.push(r);
      continue;
    }
    const to = (p + m.ring + (dh % m.ringMax) * m.infoSize) >> 2;
    for (let w = 0; w < words; w++) dst[to + w] = Atomics.load(src, from + w);
    dh = (dh + 1) >>> 0;
    used++;
    n++;
  }
  // Only the consumer writes below head: the kept records go back at the
  // end of the stretch it took, and the producer sees them as not taken.
  const nt = (st + avail - kept.length) >>> 0;
  for (let i = 0; i < kept.length; i++) {
    const to = (m.ring + ((nt + i) % m.ringMax) * m.infoSize) >> 2;
    for (let w = 0; w < words; w++) Atomics.store(src, to + w, kept[i][w]);
  }
  dst[dhi] = dh | 0;
  Atomics.store(src, m.tail >> 2, nt | 0);
  // A trip without records is a timer that is due: the guest looks too.
  if (n || tripped) dst[(p + m.tripped) >> 2] = 1;
  return n;
}

/** A host-only mailbox with the layout of a real one's ring rules, for the
 *  signals sent before a guest is ready: the same room and the same
 *  coalescing, so that they fit its real ring when it starts. */
export function hostMailbox(ringMax: number, SIGRTMIN: number, NSIG: number): Producer {
  const info = { signo: 0, code: 4, errno: 8, pid: 12, uid: 16, status: 20, band: 24, value: 28 };
  const m: MailboxLayout = {
    tripped: 0, wake: 4, head: 8, tail: 12, ring: 32, ringMax, infoSize: 32, bytes: 32 + ringMax * 32, info, SIGRTMIN, NSIG,
  };
  return new Producer(new Int32Array(new SharedArrayBuffer(m.bytes)), 0, m);
}
