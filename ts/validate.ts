// Argument checks shared by every entry point: Python's error classes and
// messages, raised before any state changes.
import { NSIG, Signals } from './constants.js';
import { OverflowError, ValueError } from './errors.js';

function pyType(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  switch (typeof v) {
    case 'string': return 'str';
    case 'number': return Number.isInteger(v) ? 'int' : 'float';
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'function': return 'function';
    default:
      // JavaScript's collections under the names of Python's that they stand for.
      if (Array.isArray(v)) return 'list';
      if (v instanceof Set) return 'set';
      if (v instanceof Map || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) return 'dict';
      return 'object';
  }
}

/** An integer argument: TypeError for '2', 2.5, NaN, undefined. */
export function int(v: unknown, what = 'argument'): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (v === undefined) throw new TypeError(`missing required ${what}`);
  if (typeof v === 'bigint') throw new TypeError(`${what.replace(/^argument: /, '')} must be a number, not a BigInt (${v}n): pass Number(${v}n)`);
  throw new TypeError(`'${pyType(v)}' object cannot be interpreted as an integer`);
}

/** An integer that goes to a C int (Argument Clinic's `int`): past 32 bits
 *  it is Python's OverflowError, never a value wrapped around. */
export function cInt(v: unknown, what = 'argument'): number {
  return inCInt(int(v, what), 'Python int too large to convert to C int', 'Python int too small to convert to C int');
}

function inCInt(n: number, tooLarge: string, tooSmall: string): number {
  if (n > 0x7fffffff) throw new OverflowError(tooLarge);
  if (n < -0x80000000) throw new OverflowError(tooSmall);
  return n;
}

/** A signal given by name ('SIGINT', or 'INT' as kill(1) takes it) becomes
 *  its number; an unknown name is Python's `Signals('SIGFOO')` error. Other
 *  values (numbers, and strings that are no name, such as '2') pass through
 *  to the number checks. */
export function byName(v: unknown): unknown {
  // Only what looks like a name is one: '2' stays the TypeError it is in Python.
  if (typeof v !== 'string' || !/^[A-Z][A-Z0-9]*$/.test(v)) return v;
  const n = (Signals as unknown as Record<string, unknown>)[v.startsWith('SIG') ? v : `SIG${v}`];
  if (typeof n !== 'number') throw new ValueError(`${JSON.stringify(v).replace(/^"|"$/g, "'")} is not a valid Signals`);
  return n;
}

/** A signal number (or name) in 1..NSIG-1; a C int first, as in Python. */
export function signum(v: unknown): number {
  const n = cInt(byName(v), 'argument: signalnum');
  if (n < 1 || n >= NSIG) throw new ValueError('signal number out of range');
  return n;
}

/** Seconds as a real number (int or float); NaN is a ValueError as in Python. */
export function seconds(v: unknown, what = 'seconds'): number {
  if (typeof v !== 'number') {
    if (v === undefined) throw new TypeError(`missing required argument: ${what}`);
    throw new TypeError(`'${pyType(v)}' object cannot be interpreted as a number`);
  }
  if (Number.isNaN(v)) throw new ValueError('Invalid value NaN (not a number)');
  return v;
}

/** Seconds that become a time for the OS (a timer's delay or interval, a
 *  wait's timeout): Python holds them as 64-bit nanoseconds first, so what
 *  is past that range, infinities too, is its OverflowError, never a value
 *  clamped or a wait that silently never ends. */
export function timestamp(v: unknown, what = 'seconds'): number {
  const s = seconds(v, what);
  if (!(Math.abs(s) * 1e9 < 2 ** 63)) {
    throw new OverflowError(Number.isInteger(s) ? 'timestamp too large to convert to C _PyTime_t' : 'timestamp out of range for platform time_t');
  }
  return s;
}

/** A C int taken as Python's "i" format takes it (file descriptors, pids):
 *  past 32 bits an OverflowError in that converter's words. */
export function signedInt(v: unknown, what = 'argument'): number {
  return inCInt(int(v, what), 'signed integer is greater than maximum', 'signed integer is less than minimum');
}

/** A signal set: any iterable of integers in 1..NSIG-1, as two 32-bit halves. */
export function sigset(v: unknown): [lo: number, hi: number] {
  if (v === null || v === undefined || typeof (v as Iterable<unknown>)[Symbol.iterator] !== 'function' ||
      typeof v === 'string') {
    throw new TypeError(`'${pyType(v)}' object is not iterable`);
  }
  let lo = 0, hi = 0;
  for (const item of v as Iterable<unknown>) {
    const n = int(byName(item), 'signal number');
    if (n < 1 || n >= NSIG) throw new ValueError(`signal number ${n} out of range`);
    if (n <= 32) lo |= 1 << (n - 1);
    else hi |= 1 << (n - 33);
  }
  return [lo >>> 0, hi >>> 0];
}

export function setFromHalves(lo: number, hi: number): Set<number> {
  const out = new Set<number>();
  for (let s = 1; s <= 32; s++) if (lo & (1 << (s - 1))) out.add(s);
  for (let s = 33; s < NSIG; s++) if (hi & (1 << (s - 33))) out.add(s);
  return out;
}

export function bit(sig: number): [lo: number, hi: number] {
  return sig <= 32 ? [(1 << (sig - 1)) >>> 0, 0] : [0, (1 << (sig - 33)) >>> 0];
}

/** Refuses keys of an options object that are not among `valid`, naming them. */
export function checkOptionNames(what: string, options: object, valid: readonly string[]): void {
  for (const k of Object.keys(options)) {
    if (!valid.includes(k)) {
      throw new TypeError(`${what}: unknown option ${JSON.stringify(k)}; the options are ${valid.join(', ')}`);
    }
  }
}
