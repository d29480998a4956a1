// Preemption of busy loops, at the cost of a counter per loop iteration.
//
// `wasig cc` compiles the program (never the library) with
// -fsanitize-coverage=trace-pc: the compiler calls __sanitizer_cov_trace_pc,
// our safe point (c-src/libc/guest.c), on the program's basic blocks. Those
// calls mark which functions are the program's own; a call per block is too
// dear to keep. This pass, run on the linked module, rewrites each such
// function: it drops the coverage calls and opens every loop body with
//
//     count += 1; if ((count & (BUDGET - 1)) == 0) call hook
//
// on a new local (a register, unlike a global). A busy program must run some
// loop, so it reaches the safe point within BUDGET iterations of one; the
// functions of the library and of libc are left as they are, so a handler
// never runs inside them.
import { readFileSync, writeFileSync } from 'node:fs';

export const HOOK = '__sanitizer_cov_trace_pc';
/** Loop iterations between two calls of the safe point (a power of 2). */
export const BUDGET = 1024;

class Reader {
  constructor(readonly b: Uint8Array, public at = 0) {}
  byte(): number {
    if (this.at >= this.b.length) throw new Error('unexpected end of module');
    return this.b[this.at++];
  }
  u32(): number {
    let result = 0, shift = 0, byte;
    do {
      byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  }
  /** Skips a signed LEB (constants, block types). */
  sleb(): void {
    while (this.byte() & 0x80) { /* continuation */ }
  }
  skip(n: number): void {
    this.at += n;
  }
  name(): string {
    const n = this.u32();
    const s = new TextDecoder().decode(this.b.subarray(this.at, this.at + n));
    this.at += n;
    return s;
  }
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && !(byte & 0x40)) || (n === -1 && (byte & 0x40));
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function memarg(r: Reader): void {
  if (r.u32() & 0x40) r.u32(); // multi-memory: a memory index follows
  r.u32();
}

/** Skips the immediates of the instruction whose opcode was just read. */
function immediates(r: Reader, op: number): void {
  if (op >= 0x28 && op <= 0x3e) return memarg(r);
  if (op >= 0x20 && op <= 0x26) { r.u32(); return; }
  switch (op) {
    case 0x02: case 0x03: case 0x04: r.sleb(); return;
    case 0x0c: case 0x0d: case 0x10: case 0x12: case 0xd2: r.u32(); return;
    case 0x0e: for (let n = r.u32() + 1; n > 0; n--) r.u32(); return;
    case 0x11: case 0x13: r.u32(); r.u32(); return;
    case 0x1c: for (let n = r.u32(); n > 0; n--) r.byte(); return;
    case 0x3f: case 0x40: r.u32(); return;
    case 0x41: case 0x42: r.sleb(); return;
    case 0x43: r.skip(4); return;
    case 0x44: r.skip(8); return;
    case 0xd0: r.byte(); return;
    case 0xfc: {
      const sub = r.u32();
      if (sub === 8 || sub === 10 || sub === 12 || sub === 14) { r.u32(); r.u32(); } else if (sub > 7) r.u32();
      return;
    }
    case 0xfd: {
      const sub = r.u32();
      if (sub <= 11 || sub === 92 || sub === 93) memarg(r);
      else if (sub === 12 || sub === 13) r.skip(16);
      else if (sub >= 21 && sub <= 34) r.byte();
      else if (sub >= 84 && sub <= 91) { memarg(r); r.byte(); }
      return;
    }
    case 0xfe: {
      if (r.u32() === 3) r.byte(); else memarg(r);
      return;
    }
    default:
      if (op <= 0x1b || (op >= 0x45 && op <= 0xc4) || op === 0xd1) return;
      throw new Error(`unknown opcode 0x${op.toString(16)}`);
  }
}

interface Section { id: number; start: number; end: number; name?: string }

function sections(b: Uint8Array): Section[] {
  const r = new Reader(b, 8);
  const out: Section[] = [];
  while (r.at < b.length) {
    const id = r.byte();
    const size = r.u32();
    const start = r.at;
    const s: Section = { id, start, end: start + size };
    if (id === 0) s.name = r.name();
    out.push(s);
    r.at = start + size;
  }
  return out;
}

/** The hook's function index: by name when the module keeps its names, else
 *  by export (emcc exports it directly). -1 when absent. */
function findHook(b: Uint8Array, secs: Section[]): number {
  const names = secs.find((s) => s.id === 0 && s.name === 'name');
  if (names) {
    const r = new Reader(b, names.start);
    r.name();
    while (r.at < names.end) {
      const sub = r.byte();
      const next = r.u32() + r.at;
      if (sub === 1) {
        for (let n = r.u32(); n > 0; n--) {
          const index = r.u32();
          if (r.name() === HOOK) return index;
        }
      }
      r.at = next;
    }
  }
  const exp = secs.find((s) => s.id === 7);
  if (exp) {
    const r = new Reader(b, exp.start);
    for (let n = r.u32(); n > 0; n--) {
      const field = r.name();
      const kind = r.byte();
      const index = r.u32();
      if (kind === 0 && field === HOOK) return index;
    }
  }
  return -1;
}

/** Parameter counts of the defined functions, in order. */
function paramCounts(b: Uint8Array, secs: Section[]): number[] {
  const types: number[] = [];
  const ts = secs.find((s) => s.id === 1);
  if (ts) {
    const r = new Reader(b, ts.start);
    for (let n = r.u32(); n > 0; n--) {
      if (r.byte() !== 0x60) throw new Error('unexpected type form');
      const params = r.u32();
      for (let i = 0; i < params; i++) r.byte();
      for (let results = r.u32(); results > 0; results--) r.byte();
      types.push(params);
    }
  }
  const fs = secs.find((s) => s.id === 3);
  const out: number[] = [];
  if (fs) {
    const r = new Reader(b, fs.start);
    for (let n = r.u32(); n > 0; n--) out.push(types[r.u32()]);
  }
  return out;
}

/** One function body, rewritten if it is the program's (calls the hook):
 *  a new i32 local counts loop iterations; every BUDGET-th calls the hook. */
function rewriteBody(b: Uint8Array, start: number, end: number, hook: number, params: number): number[] | null {
  const r = new Reader(b, start);
  const groups: number[] = [];
  let locals = params;
  for (let n = r.u32(); n > 0; n--) {
    const count = r.u32();
    locals += count;
    groups.push(...uleb(count), r.byte());
  }
  const declared = (groups.length ? new Reader(b, start).u32() : 0);
  const codeStart = r.at;
  const calls: [number, number][] = [];
  const loops: number[] = [];
  while (r.at < end) {
    const at = r.at;
    const op = r.byte();
    const imm = r.at;
    immediates(r, op);
    if (op === 0x10 && new Reader(b, imm).u32() === hook) calls.push([at, r.at]);
    else if (op === 0x03) loops.push(r.at);
  }
  if (!calls.length) return null;
  const counter = uleb(locals); // the local after all the others
  const check = [
    0x20, ...counter, 0x41, 1, 0x6a, 0x22, ...counter, // count += 1
    0x41, ...sleb(BUDGET - 1), 0x71, 0x45,  // (count & (BUDGET-1)) == 0
    0x04, 0x40, 0x10, ...uleb(hook), 0x0b,  // if: call hook; end
  ];
  const out: number[] = [...uleb(declared + 1), ...groups, 1, 0x7f];
  let at = codeStart, c = 0, l = 0;
  while (at < end) {
    const nextCall = c < calls.length ? calls[c][0] : end;
    const nextLoop = l < loops.length ? loops[l] : end;
    const stop = Math.min(nextCall, nextLoop);
    for (; at < stop; at++) out.push(b[at]);
    if (stop === end) break;
    if (stop === nextLoop && nextLoop <= nextCall) { out.push(...check); l++; }
    else { at = calls[c][1]; c++; }
  }
  return out;
}

/** Rewrites a linked module; returns null when it has no coverage calls. */
export function preemptLoops(b: Uint8Array): { bytes: Uint8Array; functions: number } | null {
  const secs = sections(b);
  const hook = findHook(b, secs);
  const code = secs.find((s) => s.id === 10);
  if (hook < 0 || !code) return null;
  const params = paramCounts(b, secs);

  const r = new Reader(b, code.start);
  const bodies: number[][] = [];
  let changed = 0;
  for (let i = 0, n = r.u32(); i < n; i++) {
    const size = r.u32();
    const start = r.at;
    const body = rewriteBody(b, start, start + size, hook, params[i]);
    if (body) changed++;
    bodies.push(body ?? [...b.subarray(start, start + size)]);
    r.at = start + size;
  }
  if (!changed) return null;

  const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
  const out: number[] = [...b.subarray(0, 8)];
  for (const s of secs) {
    if (s.id === 0 && s.name?.startsWith('.debug')) continue; // code offsets moved
    if (s.id === 10) {
      const content: number[] = uleb(bodies.length);
      for (const body of bodies) content.push(...uleb(body.length), ...body);
      out.push(...section(10, content));
    } else {
      out.push(s.id, ...uleb(s.end - s.start), ...b.subarray(s.start, s.end));
    }
  }
  return { bytes: Uint8Array.from(out), functions: changed };
}

export function preemptLoopsInFile(path: string): number {
  const result = preemptLoops(new Uint8Array(readFileSync(path)));
  if (!result) return 0;
  new WebAssembly.Module(result.bytes as Uint8Array<ArrayBuffer>); // validate before replacing
  writeFileSync(path, result.bytes);
  return result.functions;
}
