// The mailbox protocol under fast-check: a host producer (ts/guest/mailbox.ts)
// and a model of the guest's consumer, with the guest also free to write
// anything over its mailbox. Honest consumer: every accepted record comes
// out once, in order; a standard signal is never refused while the ring
// holds only what the rules let in; realtime ones only past their share.
// Lying consumer: post() always returns at once and never throws.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { CORRUPT, FULL, POSTED, hostMailbox, reserve, type Producer } from '../../dist/guest/mailbox.js';

const SIGRTMIN = 34, NSIG = 65, RING = 256;

/** The guest side of the protocol, honest: takes up to n records. */
function consume(p: Producer, n: number): number[] {
  const { i32, m } = p;
  const head = Atomics.load(i32, m.head >> 2) >>> 0;
  let tail = Atomics.load(i32, m.tail >> 2) >>> 0;
  const out: number[] = [];
  while (tail !== head && out.length < n) {
    out.push(i32[(m.ring + (tail % m.ringMax) * m.infoSize + m.info.value) >> 2]);
    tail = (tail + 1) >>> 0;
  }
  Atomics.store(i32, m.tail >> 2, tail | 0);
  return out;
}

const op = fc.oneof(
  fc.record({ k: fc.constant('send' as const), sig: fc.integer({ min: 1, max: NSIG - 1 }) }),
  fc.record({ k: fc.constant('burst' as const), sig: fc.integer({ min: SIGRTMIN, max: NSIG - 1 }), n: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ k: fc.constant('take' as const), n: fc.integer({ min: 0, max: 300 }) }),
);

test('honest consumer: nothing accepted is lost or reordered; standard signals always get in', () => {
  fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
    const p = hostMailbox(RING, SIGRTMIN, NSIG);
    let serial = 0;
    const waiting: { sig: number; v: number }[] = []; // accepted and not taken
    const delivered: number[] = [], expected: number[] = [];
    const send = (sig: number) => {
      const v = ++serial;
      const before = p.used();
      const r = p.post({ signo: sig, code: 0, pid: 1, uid: 0, value: v });
      expect(r).not.toBe(CORRUPT);
      if (r === POSTED && p.used() === before + 1) waiting.push({ sig, v });
      else if (r === POSTED) {
        // Coalesced: the same standard signal is waiting.
        expect(sig).toBeLessThan(SIGRTMIN);
        expect(waiting.some((w) => w.sig === sig)).toBe(true);
      } else if (sig < SIGRTMIN) {
        expect(before).toBe(RING); // a standard signal: only a ring full to the last slot
      } else {
        expect(before).toBeGreaterThanOrEqual(RING - reserve(p.m));
      }
    };
    for (const o of ops) {
      if (o.k === 'send') send(o.sig);
      else if (o.k === 'burst') for (let i = 0; i < o.n; i++) send(o.sig);
      else {
        const got = consume(p, o.n);
        delivered.push(...got);
        expected.push(...waiting.splice(0, got.length).map((w) => w.v));
      }
    }
    delivered.push(...consume(p, RING));
    expected.push(...waiting.splice(0).map((w) => w.v));
    expect(delivered).toEqual(expected);
  }), { numRuns: 300 });
});

test('lying consumer: whatever it writes over its mailbox, post() returns at once', () => {
  const lie = fc.record({ word: fc.integer({ min: 0, max: 7 }), value: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) });
  const step = fc.oneof(op, fc.record({ k: fc.constant('lie' as const), lies: fc.array(lie, { maxLength: 8 }), ring: fc.array(fc.integer(), { maxLength: 64 }) }));
  fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (ops) => {
    const p = hostMailbox(RING, SIGRTMIN, NSIG);
    const t0 = performance.now();
    for (const o of ops) {
      if (o.k === 'lie') {
        for (const l of o.lies) Atomics.store(p.i32, l.word, l.value);
        o.ring.forEach((x, i) => { p.i32[(p.m.ring >> 2) + ((x >>> 0) % (RING * 8))] = i * x; });
      } else if (o.k === 'take') {
        consume(p, o.n);
      } else {
        for (let i = 0; i < (o.k === 'burst' ? o.n : 1); i++) {
          const r = p.post({ signo: o.sig, code: 0, pid: 1, uid: 0, value: i });
          expect([POSTED, FULL, CORRUPT]).toContain(r);
        }
      }
    }
    expect(performance.now() - t0).toBeLessThan(2000);
  }), { numRuns: 300 });
});
