// A branch hint section (WebAssembly's branch hinting proposal,
// `metadata.code.branch_hint`) for the preemption checks of a written module.
//
// Why: a check's cold arm calls the safe point. An engine that does not know
// the arm is cold keeps every value that lives across that call where the
// call cannot clobber it, on every iteration of the loop; told that the `if`
// is unlikely, V8 puts the arm in deferred code and the loop keeps its
// registers (Lua's VM loop: 1.14x without the hint, 1.05x with it,
// docs/benchmarks.md). A hint never changes what a program does, so an
// engine that does not read the section loses nothing, and a check this
// file does not find only goes without its hint.
//
// Binaryen (132) keeps hints in its IR but its C API cannot set them, so
// they are found in the bytes Binaryen wrote: each check is written as the
// exact sequence `matchCheck` describes, located by the counter (a local in
// loops, a global at a recursive function's entry) and the hook's function
// index.

/** Where a function's checks are: its index in the module's function index
 *  space (imports first) and how many checks it has. */
export interface HintedFunction { index: number; checks: number }

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** The bytes of a check up to its call's opcode, as a matcher: a loop's
 *  `local.get c | i32.const 1 | i32.sub | local.tee c | i32.eqz | if (empty) |
 *  i32.const budget | local.set c | call hook`, or a recursive function's
 *  entry check on a global, `global.get g | i32.const 1 | i32.sub |
 *  global.set g | global.get g | i32.eqz | if (empty) | i32.const budget |
 *  global.set g | call hook`. Local and global indices vary (Binaryen
 *  renumbers locals when it writes), so the one at `at` stands for one
 *  LEB128 that must be the same each time. Returns the offset of the `if`
 *  opcode from `at`, or -1. */
function matchCheck(b: Uint8Array, at: number, end: number, budget: number[], hook: number[]): number {
  const local = b[at] === 0x20;
  if (!local && b[at] !== 0x23) return -1;
  let p = at + 1;
  const c0 = p;
  while (p < end && b[p] & 0x80) p++;
  p++;
  const c = b.subarray(c0, p);
  const same = (bytes: ArrayLike<number>) => {
    for (let i = 0; i < bytes.length; i++) if (b[p + i] !== bytes[i]) return false;
    p += bytes.length;
    return true;
  };
  if (!same([0x41, 0x01, 0x6b])) return -1;
  if (local ? !same([0x22]) || !same(c) : !same([0x24]) || !same(c) || !same([0x23]) || !same(c)) return -1;
  if (!same([0x45])) return -1;
  const ifAt = p;
  if (!same([0x04, 0x40, 0x41]) || !same(budget) || !same([local ? 0x21 : 0x24]) || !same(c) || !same([0x10]) || !same(hook)) return -1;
  return p <= end ? ifAt - at : -1;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

function readUleb(b: Uint8Array, p: number): [number, number] {
  let r = 0, s = 0, x: number;
  do {
    x = b[p++];
    r += (x & 0x7f) * 2 ** s;
    s += 7;
  } while (x & 0x80);
  return [r, p];
}

/** `bytes` with a branch hint section that marks each found check unlikely
 *  (placed before the code section, as the proposal asks). `defined` maps
 *  the index of a defined function among the module's defined functions
 *  (the code section's order) to its entry. Returns the bytes unchanged
 *  when a function's checks are not all found (hints are all or nothing per
 *  function, so a miscount never hints another branch). */
export function addBranchHints(bytes: Uint8Array, imports: number, defined: Map<number, number>, budget: number, hookIndex: number): { bytes: Uint8Array; hinted: number } {
  let p = 8;
  let codeStart = -1, codeSection = -1;
  while (p < bytes.length) {
    const id = bytes[p];
    const [size, start] = readUleb(bytes, p + 1);
    if (id === 10) { codeSection = p; codeStart = start; break; }
    p = start + size;
  }
  if (codeStart < 0) return { bytes, hinted: 0 };
  const budgetBytes = sleb(budget), hookBytes = uleb(hookIndex);
  let [count, q] = readUleb(bytes, codeStart);
  const entries: number[] = [];
  let functions = 0, hinted = 0;
  for (let i = 0; i < count; i++) {
    const [size, body] = readUleb(bytes, q);
    const end = body + size;
    const want = defined.get(i);
    if (want) {
      const offsets: number[] = [];
      for (let at = body; at < end && offsets.length <= want; at++) {
        const d = matchCheck(bytes, at, end, budgetBytes, hookBytes);
        if (d >= 0) offsets.push(at + d - body);
      }
      if (offsets.length === want) {
        entries.push(...uleb(imports + i), ...uleb(offsets.length));
        for (const o of offsets) entries.push(...uleb(o), 1, 0); // size 1, hint 0: unlikely
        functions++;
        hinted += offsets.length;
      }
    }
    q = end;
  }
  if (!functions) return { bytes, hinted: 0 };
  const name = new TextEncoder().encode('metadata.code.branch_hint');
  const payload = [...uleb(name.length), ...name, ...uleb(functions), ...entries];
  const section = Uint8Array.from([0, ...uleb(payload.length), ...payload]);
  const out = new Uint8Array(bytes.length + section.length);
  out.set(bytes.subarray(0, codeSection), 0);
  out.set(section, codeSection);
  out.set(bytes.subarray(codeSection), codeSection + section.length);
  return { bytes: out, hinted };
}
