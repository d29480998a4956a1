// setjmp/longjmp in components. clang lowers them to wasm exceptions (a
// tag section, try/catch/throw), which wasm-tools' component encoder keeps
// and V8 runs, but jco 1.35's transpile refuses: it translates the
// component with the exceptions proposal off ("exceptions proposal not
// enabled"). Its output depends on a core module only through the module's
// imports and exports (the generated JavaScript instantiates each one by
// name), so jco is given a stand-in of each module that uses exceptions:
// the same module without its tags and with every function body
// `unreachable`, which jco validates; the stand-in's file in the output is
// then replaced by the module itself.

import { leb } from '../guest/wasm-info.js';

/** A core module with exceptions and the stand-in jco transpiles instead. */
export interface StandIn { real: Uint8Array; standIn: Uint8Array }

const COMPONENT_CORE_MODULE = 1;
const SECTION_IMPORT = 2, SECTION_EXPORT = 7, SECTION_CODE = 10, SECTION_TAG = 13;
const KIND_TAG = 4;

function readU32(b: Uint8Array, at: number): [number, number] {
  let v = 0, shift = 0, i = at;
  for (;;) {
    if (i >= b.length) throw new Error('truncated LEB128');
    const byte = b[i++];
    v += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return [v, i];
    shift += 7;
    if (shift > 35) throw new Error('LEB128 too long');
  }
}

/** head: where its id byte is; start..end: its contents. */
interface Section { id: number; head: number; start: number; end: number }

/** The sections of a module or component after its 8-byte header. */
function sections(b: Uint8Array): Section[] {
  const list: Section[] = [];
  let at = 8;
  while (at < b.length) {
    const id = b[at];
    const [size, body] = readU32(b, at + 1);
    list.push({ id, head: at, start: body, end: body + size });
    at = body + size;
  }
  if (at !== b.length) throw new Error('a section runs past the end');
  return list;
}

function concat(parts: (Uint8Array | number[])[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** Whether an import or export section names a tag (then no stand-in: its
 *  tags cannot be left out). Entries: name(s), kind, index or type. */
function namesTag(b: Uint8Array, s: Section, imports: boolean): boolean {
  let [count, at] = readU32(b, s.start);
  const name = () => { const [len, from] = readU32(b, at); at = from + len; };
  for (; count > 0; count--) {
    name();
    if (imports) name();
    const kind = b[at++];
    if (kind === KIND_TAG) return true;
    if (!imports || kind === 0) { [, at] = readU32(b, at); continue; }
    if (kind === 1) { at++; at = limits(b, at); continue; } // table: reftype, limits
    if (kind === 2) { at = limits(b, at); continue; } // memory
    if (kind === 3) { at += 2; continue; } // global: valtype, mut
    throw new Error(`unknown import kind ${kind}`);
  }
  return false;
}

function limits(b: Uint8Array, at: number): number {
  const flags = b[at++];
  [, at] = readU32(b, at);
  if (flags & 1) [, at] = readU32(b, at);
  return at;
}

/** The module without tags and with every body `unreachable`, or null when
 *  it uses no exceptions (no tag section) or cannot do without its tags. */
function standInOf(m: Uint8Array): Uint8Array | null {
  const list = sections(m);
  if (!list.some((s) => s.id === SECTION_TAG)) return null;
  if (list.some((s) => (s.id === SECTION_IMPORT || s.id === SECTION_EXPORT) && namesTag(m, s, s.id === SECTION_IMPORT))) return null;
  const parts: (Uint8Array | number[])[] = [m.subarray(0, 8)];
  for (const s of list) {
    if (s.id === SECTION_TAG) continue;
    if (s.id !== SECTION_CODE) { parts.push(m.subarray(s.head, s.end)); continue; }
    const [count] = readU32(m, s.start);
    // Each body: size 3, no locals, unreachable, end.
    const body: number[] = [...leb(count)];
    for (let i = 0; i < count; i++) body.push(3, 0, 0x00, 0x0b);
    parts.push([SECTION_CODE, ...leb(body.length), ...body]);
  }
  return concat(parts);
}

/** The component with a stand-in for each core module that uses
 *  exceptions, and the pairs to swap back; `standIns` is empty when no
 *  module needs one. */
export function withoutExceptions(component: Uint8Array): { component: Uint8Array; standIns: StandIn[] } {
  const standIns: StandIn[] = [];
  const parts: (Uint8Array | number[])[] = [component.subarray(0, 8)];
  for (const s of sections(component)) {
    const whole = component.subarray(s.head, s.end);
    const real = component.subarray(s.start, s.end);
    const standIn = s.id === COMPONENT_CORE_MODULE ? standInOf(real) : null;
    if (!standIn) { parts.push(whole); continue; }
    standIns.push({ real: real.slice(), standIn });
    parts.push([COMPONENT_CORE_MODULE, ...leb(standIn.length)], standIn);
  }
  return { component: standIns.length ? concat(parts) : component, standIns };
}

/** The module to write for a core file of jco's output: the real one where
 *  the file is a stand-in. */
export function realModule(file: Uint8Array, standIns: StandIn[]): Uint8Array {
  const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
  return standIns.find((s) => same(s.standIn, file))?.real ?? file;
}
