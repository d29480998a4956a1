// The guest's ingress mailbox (wasig_mailbox in c-src/core/wasig_core.h),
// written by producers on other threads. Every offset comes from the layout
// table the module publishes (wasig_layout), never from copied numbers.
//
// Producers: take `lock` (compare-exchange 0 -> 1), write the record at
// ring[head % ring.max], bump head, release the lock, then store tripped = 1,
// bump `wake` and notify it. The same code serves a mailbox inside shared
// guest memory (written in place) and one in a SharedArrayBuffer that a guest
// with unshared memory pulls into its own (pull()).

export interface MailboxLayout {
  tripped: number; wake: number; lock: number; head: number; tail: number; ring: number;
  ringMax: number; infoSize: number; bytes: number;
  info: { signo: number; code: number; errno: number; pid: number; uid: number; status: number; band: number; value: number };
  SIGRTMIN: number;
}

export function mailboxLayout(L: Record<string, number>): MailboxLayout {
  const k = (n: string) => {
    const v = L[n];
    if (v === undefined) throw new Error(`wasig guest: the module's layout table has no '${n}': rebuild it with this version of wasig cc`);
    return v;
  };
  const ring = k('mb.ring'), ringMax = k('ring.max'), infoSize = k('info.size');
  return {
    tripped: k('mb.tripped'), wake: k('mb.wake'), lock: k('mb.lock'), head: k('mb.head'), tail: k('mb.tail'),
    ring, ringMax, infoSize, bytes: ring + ringMax * infoSize,
    info: {
      signo: k('info.signo'), code: k('info.code'), errno: k('info.errno'), pid: k('info.pid'),
      uid: k('info.uid'), status: k('info.status'), band: k('info.band'), value: k('info.value'),
    },
    SIGRTMIN: k('SIGRTMIN'),
  };
}

export interface Record_ { signo: number; code: number; pid: number; uid: number; value: number }

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

/** Appends a record. Returns false when the ring is full (the sender gets
 *  EAGAIN); a standard signal already in the ring coalesces, as the core
 *  would coalesce it. */
export function post(i32: Int32Array, base: number, m: MailboxLayout, r: Record_): boolean {
  const lock = (base + m.lock) >> 2;
  while (Atomics.compareExchange(i32, lock, 0, 1) !== 0) { /* another producer: spin */ }
  let ok = true;
  try {
    const hi = (base + m.head) >> 2;
    const head = Atomics.load(i32, hi) >>> 0;
    const tail = Atomics.load(i32, (base + m.tail) >> 2) >>> 0;
    if (((head - tail) >>> 0) >= m.ringMax) {
      ok = false;
      if (r.signo < m.SIGRTMIN) {
        for (let i = tail; i !== head; i = (i + 1) >>> 0) {
          const at = (base + m.ring + (i % m.ringMax) * m.infoSize) >> 2;
          if (Atomics.load(i32, at + (m.info.signo >> 2)) === r.signo) { ok = true; break; }
        }
      }
    } else {
      const at = (base + m.ring + (head % m.ringMax) * m.infoSize) >> 2;
      const f = m.info;
      i32[at + (f.signo >> 2)] = r.signo;
      i32[at + (f.code >> 2)] = r.code;
      i32[at + (f.errno >> 2)] = 0;
      i32[at + (f.pid >> 2)] = r.pid;
      i32[at + (f.uid >> 2)] = r.uid;
      i32[at + (f.status >> 2)] = 0;
      i32[at + (f.band >> 2)] = 0;
      i32[at + (f.value >> 2)] = r.value;
      Atomics.store(i32, hi, (head + 1) | 0);
    }
  } finally {
    Atomics.store(i32, lock, 0);
  }
  if (ok) tick(i32, base, m);
  return ok;
}

/** The consumer side of an unshared mailbox: moves what producers put in
 *  the SharedArrayBuffer `src` into the guest's own mailbox at `p` (its only
 *  producer, on the guest's own thread). Returns the records moved. */
export function pull(src: Int32Array, dst: Int32Array, p: number, m: MailboxLayout): number {
  if (!Atomics.exchange(src, m.tripped >> 2, 0)) return 0;
  const sh = Atomics.load(src, m.head >> 2) >>> 0;
  let st = Atomics.load(src, m.tail >> 2) >>> 0;
  const dhi = (p + m.head) >> 2;
  let dh = dst[dhi] >>> 0;
  const dt = dst[(p + m.tail) >> 2] >>> 0;
  const words = m.infoSize >> 2;
  let n = 0;
  while (st !== sh && ((dh - dt) >>> 0) < m.ringMax) {
    const from = (m.ring + (st % m.ringMax) * m.infoSize) >> 2;
    const to = (p + m.ring + (dh % m.ringMax) * m.infoSize) >> 2;
    for (let w = 0; w < words; w++) dst[to + w] = Atomics.load(src, from + w);
    st = (st + 1) >>> 0;
    dh = (dh + 1) >>> 0;
    n++;
  }
  dst[dhi] = dh | 0;
  Atomics.store(src, m.tail >> 2, st | 0);
  if (st !== sh) Atomics.store(src, m.tripped >> 2, 1); // more than fit: next time
  dst[(p + m.tripped) >> 2] = 1;
  return n;
}
