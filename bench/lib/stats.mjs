// Order statistics for the benchmarks: every figure is a median with its p99.
export function quantile(xs, q) {
  if (!xs.length) return NaN;
  const s = Float64Array.from(xs).sort();
  const at = (s.length - 1) * q;
  const lo = Math.floor(at), hi = Math.ceil(at);
  return s[lo] + (s[hi] - s[lo]) * (at - lo);
}

export function summary(xs) {
  return { median: quantile(xs, 0.5), p99: quantile(xs, 0.99), samples: xs.length };
}

export const now = () => Number(process.hrtime.bigint()); // ns, CLOCK_MONOTONIC

/** A row of the table. Every row has the same shape, so that rows measured
 *  later (guests, browsers) are only more entries. */
export function row(r) {
  return {
    id: r.id, group: r.group, name: r.name, unit: r.unit,
    median: r.median ?? null, p99: r.p99 ?? null, samples: r.samples ?? null,
    peer: r.peer ?? null,              // id of the row it is compared with
    ratio: r.ratio ?? null,            // { median, p99, of: 'this/peer' | 'peer/this' }
    goal: r.goal ?? null,              // { text, met }
    status: r.status ?? 'measured',    // 'measured' | 'not measured yet' | 'failed'
    note: r.note ?? '',
  };
}

export function shuffle(a) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Reads the core's layout table (name -> int) out of an instance's memory. */
export function readLayout(exports, memory = exports.memory) {
  const dv = new DataView(memory.buffer);
  const bytes = new Uint8Array(memory.buffer);
  const out = {};
  for (let at = exports.wasig_layout(); ; at += 8) {
    const np = dv.getUint32(at, true);
    if (!np) break;
    let end = np;
    while (bytes[end]) end++;
    out[Buffer.from(bytes.slice(np, end)).toString()] = dv.getInt32(at + 4, true);
  }
  return out;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const jitter = (lo, hi) => sleep(lo + Math.random() * (hi - lo));
