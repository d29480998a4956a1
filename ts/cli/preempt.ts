// Preemption of busy code, at the cost of a counter per loop iteration and
// per entry of a recursive function.
//
// `wasig cc` compiles the program (never the library) with
// -fsanitize-coverage=func,trace-pc: the compiler calls
// __sanitizer_cov_trace_pc, our safe point (c-src/libc/guest.c), at the
// entry of each of the program's functions. Those calls only mark which
// functions are the program's own (a call in every basic block, the default
// level, also split the program's critical edges: +5% on Lua with no check at
// all). This pass, run on the linked module, rewrites each such function: it
// drops the coverage calls, sets a new local (a register, unlike a global)
// to BUDGET on entry, and opens every loop body with
//
//     if (--count == 0) { count = BUDGET; call hook }
//
// Busy code either runs a loop or recurses. A program function that can be
// part of a call cycle (recursion, direct or mutual, through pointers or
// through the library) also opens with the same check on one global counter,
// so a recursion that never runs a loop (a naive fib) reaches the safe point
// within BUDGET calls. Every cycle of the call graph holds a function of a
// strongly connected component, and every cycle that runs only program code
// or passes through it holds a program function of its component: a check in
// each such function bounds every cycle, and functions outside a cycle (most
// of a program) pay nothing. The graph must not miss an edge, or a cycle goes
// unchecked: call_indirect and call_ref can reach every function whose
// address is taken (a table's element or a ref.func), and so can the library
// (qsort calls its comparator, stdio its write function) and every import
// but WASI's (the host calls handlers through the table; emscripten's
// invoke_* wrappers and JavaScript call table entries and exports). So they
// all lead to one node, OUTSIDE, with an edge to each of those functions and
// to the module's exports but its start-up entries (run once, by the loader,
// never from inside a call out of the module). Loops keep their local
// counter, which is cheaper than a global.
//
// The functions of the library and of libc are left as they are, so a
// handler never runs inside them. A branch hint section (branch-hints.ts)
// tells the engine each check's `if` is cold, so that the call in it does not
// cost the loop its registers.
//
// setjmp: a handler run at a safe point may longjmp back into the function
// that called setjmp, and that jump lands only through the catch the
// compiler gave that function's calls (wasi: a try/catch of __c_longjmp,
// then testSetjmp's dispatch to the setjmp; emscripten: each call goes
// through a JavaScript invoke_* wrapper, followed by the same dispatch). A
// check placed where no such catch covers it would let the jump escape the
// function, and the guest die. So in a function that calls setjmp:
//  - the entry check is safe: at entry the function has not called setjmp
//    yet, so a jump can only target a caller, which catches it as usual;
//  - a loop is checked only where one of the function's own try/catch
//    blocks covers its header (on wasi, loops that the compiler placed
//    among the calls it wraps); a loop outside them (a busy loop after the
//    function's last call, say) stays unchecked, as do all of them on
//    emscripten, whose dispatch follows each invoke_* site and cannot be
//    made for a new call without knowing the compiler's control flow.
//
// The module is read, rewritten and written by Binaryen, which knows every
// opcode the toolchains emit (exception handling, atomics, bulk memory,
// SIMD, tail calls) and any size; docs/benchmarks.md compares it with the
// byte-level rewriter it replaced.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { addBranchHints } from './branch-hints.js';
import { inCycle } from './call-cycles.js';

export const HOOK = '__sanitizer_cov_trace_pc';
/** Loop iterations between two calls of the safe point (a power of 2). */
export const BUDGET = 1024;

type Ref = number;
/** Binaryen's C API, as its JS build exports it (typed here: index.d.ts
 *  declares only the wrappers, which are slower for a walk of every node). */
interface Api {
  readBinary(b: Uint8Array, features?: number): Module;
  [fn: `_Binaryen${string}`]: (...args: number[]) => number;
  [key: string]: unknown;
}
interface Module {
  ptr: number;
  i32: { sub(a: Ref, c: Ref): Ref; eqz(a: Ref): Ref; const(v: number): Ref };
  local: { get(i: number, t: number): Ref; set(i: number, v: Ref): Ref; tee(i: number, v: Ref, t: number): Ref };
  if(c: Ref, t: Ref, f?: Ref): Ref;
  call(name: string, ops: Ref[], t: number): Ref;
  block(label: string | null, list: Ref[], t: number): Ref;
  getNumFunctions(): number;
  getFunctionByIndex(i: number): Ref;
  getFunction(name: string): Ref;
  getGlobal: unknown;
  addGlobal: unknown;
  global: { get: unknown; set: unknown };
  getNumExports(): number;
  getExportByIndex(i: number): Ref;
  getNumElementSegments(): number;
  getElementSegmentByIndex(i: number): Ref;
  setFeatures(f: number): void;
  emitBinary(): Uint8Array;
  dispose(): void;
}

/** What clang-14 and emscripten 3.1.6 can emit, and what they will: not GC
 *  or strings, whose encodings this pass has no business with. Reading with
 *  these on does not change the encoding of what the module does not use. */
export function features(b: Api): number {
  const f = b.Features as Record<string, number>;
  return f.Atomics | f.MutableGlobals | f.NontrappingFPToInt | f.SIMD128 | f.BulkMemory | f.SignExt
    | f.ExceptionHandling | f.TailCall | f.ReferenceTypes | f.Multivalue | f.ExtendedConst
    | f.RelaxedSIMD | f.BulkMemoryOpt | f.CallIndirectOverlong;
}

let loaded: Api | null = null;
export async function binaryen(): Promise<Api> {
  // 14 MB of JS and wasm: loaded only when a program is linked.
  loaded ??= (await import('binaryen')).default as unknown as Api;
  return loaded;
}

const UNMARKED = `no function of the program is marked for preemption (calls ${HOOK}): compile every object of the program with \`wasig cc\``;

/** hinted: how many checks carry a branch hint (all, unless the written
 *  bytes held a check in a shape branch-hints.ts does not know). entries:
 *  functions that can recurse, checked at entry. */
export interface PreemptResult { bytes: Uint8Array; functions: number; loops: number; entries: number; hinted: number }
/** keepNames: write the name section (and debug info) back; without it the
 *  output has none, as an optimized build. hints (default on): write the
 *  branch hint section; off for output that is optimized again, whose
 *  offsets the optimizer would not keep. */
export interface PreemptOptions { keepNames?: boolean; hints?: boolean }

/** The runtime entry that the setjmp lowerings call where the program calls
 *  setjmp (LLVM 14 for wasi and emscripten, whose is wrapped by the
 *  library; __wasm_setjmp from LLVM 18): a function calls setjmp when it
 *  calls one of these or an invoke_* wrapper (found by name: `wasig cc`
 *  links with the function names kept). */
const SETJMP = new Set(['saveSetjmp', '__wrap_saveSetjmp', '__wasm_setjmp']);
/** Imports that never call back into the module. */
const LEAF_MODULES = new Set(['wasi_snapshot_preview1', 'wasi_unstable']);
/** Exports run once by the loader before anything else, never from inside a
 *  call out of the module (else every function that writes to stdout would
 *  be in a cycle through main). By export or by function name: emcc -O3
 *  minifies export names. */
const ENTRIES = new Set(['_start', '_initialize', '__wasm_call_ctors', 'main', '__main_argc_argv', '__main_void', '__original_main']);

/** What the walk learns of one defined function. */
interface Seen { fn: Ref; node: number; defined: number; marks: number; loops: { loop: Ref; covered: boolean }[]; setjmp: boolean }

/** Rewrites a linked module. Throws when the module cannot be read, when it
 *  has no safe point, or when no function of it is marked as the program's:
 *  preemption is never silently off. */
export async function preemptLoops(input: Uint8Array, opts: PreemptOptions = {}): Promise<PreemptResult> {
  const b = await binaryen();
  const ids = {
    block: b.BlockId as number, if: b.IfId as number, loop: b.LoopId as number, call: b.CallId as number,
    try: b.TryId as number, callIndirect: b.CallIndirectId as number, callRef: b.CallRefId as number,
    refFunc: b.RefFuncId as number, const: b.ConstId as number,
  };
  let m: Module;
  try {
    m = b.readBinary(input, features(b));
  } catch (e) {
    throw new Error(`not a wasm module Binaryen can read (${(e as Error).message})`);
  }
  try {
    const { ptr: hook, name: hookText } = hookName(b, m);
    const children = childTable(b);
    const i32 = b.i32 as number;
    const id = b._BinaryenExpressionGetId;
    const info = b.getFunctionInfo as (f: Ref) => { name: string; module: string; base: string };
    const n = m.getNumFunctions();
    // The call graph's nodes: the module's functions in index order, then OUTSIDE.
    const OUTSIDE = n;
    const byPtr = new Map<number, number>(), byName = new Map<string, number>();
    /** import -> whether it can call back (OUTSIDE) */
    const callsBack = new Map<number, boolean>();
    const invokes = new Set<number>(); // emscripten's invoke_* imports (by name pointer)
    const setjmps = new Set<number>(); // SETJMP's functions (by name pointer)
    for (let fi = 0; fi < n; fi++) {
      const fn = m.getFunctionByIndex(fi);
      const ptr = b._BinaryenFunctionGetName(fn);
      const fInfo = info(fn);
      byPtr.set(ptr, fi);
      byName.set(fInfo.name, fi);
      if (SETJMP.has(fInfo.name)) setjmps.add(ptr);
      if (fInfo.module) {
        callsBack.set(fi, !LEAF_MODULES.has(fInfo.module));
        if (fInfo.base.startsWith('invoke_')) invokes.add(ptr);
      }
    }
    const { taken, hookSlots } = addressTaken(b, m, byName, hookText);
    // A mark: the coverage call, or on emscripten in a function that calls
    // setjmp, the same call through invoke_v(the hook's table slot).
    // wasm-ld wraps each export of a command (wasig cc exports the hook) in
    // a function that calls it between the constructors and destructors:
    // a call of the hook, but no function of the program.
    const wrapper = exportedAs(b, m, HOOK);
    let own = true;
    const isMark = (e: Ref) => {
      if (!own || e === 0 || id(e) !== ids.call) return false;
      const target = b._BinaryenCallGetTarget(e);
      if (target === hook) return b._BinaryenCallGetNumOperands(e) === 0;
      if (!invokes.has(target) || b._BinaryenCallGetNumOperands(e) !== 1) return false;
      const slot = b._BinaryenCallGetOperandAt(e, 0);
      return id(slot) === ids.const && hookSlots.has(b._BinaryenConstGetValueI32(slot));
    };
    let imports = 0, defined = -1, hookIndex = -1;
    const edges: number[][] = Array.from({ length: n + 1 }, () => []);
    const seen: Seen[] = [];
    const stack: Ref[] = [];
    /** per stack entry: whether a try/catch of the function covers it */
    const cover: boolean[] = [];
    for (let fi = 0; fi < n; fi++) {
      const fn = m.getFunctionByIndex(fi);
      const body = b._BinaryenFunctionGetBody(fn);
      // Binaryen writes the imports first, then the rest in this order.
      if (!body) { // an import
        imports++;
        if (callsBack.get(fi)) edges[fi].push(OUTSIDE);
        continue;
      }
      defined++;
      if (b._BinaryenFunctionGetName(fn) === hook) hookIndex = defined;
      const out = edges[fi];
      const s: Seen = { fn, node: fi, defined, marks: 0, loops: [], setjmp: false };
      own = b._BinaryenFunctionGetName(fn) !== wrapper;
      /** try name -> whether a throw in its body is caught in this function */
      const tryCover = new Map<string, boolean>();
      const push = (e: Ref, c: boolean) => { stack.push(e); cover.push(c); };
      // Coverage calls are statements: children of blocks, loop bodies,
      // if arms, try bodies, the function body. They are dropped where they
      // are found; one anywhere else would be a module this pass does not
      // understand, and it says so.
      if (isMark(body)) { b._BinaryenFunctionSetBody(fn, b._BinaryenNop(m.ptr)); s.marks++; } else push(body, false);
      while (stack.length) {
        const e = stack.pop()!;
        const covered = cover.pop()!;
        if (!e) continue;
        const kind = id(e);
        if (kind === ids.block) {
          for (let i = b._BinaryenBlockGetNumChildren(e) - 1; i >= 0; i--) {
            const c = b._BinaryenBlockGetChildAt(e, i);
            if (isMark(c)) { b._BinaryenBlockRemoveChildAt(e, i); s.marks++; } else push(c, covered);
          }
        } else if (kind === ids.loop) {
          s.loops.push({ loop: e, covered });
          const c = b._BinaryenLoopGetBody(e);
          if (isMark(c)) { b._BinaryenLoopSetBody(e, b._BinaryenNop(m.ptr)); s.marks++; } else push(c, covered);
        } else if (kind === ids.if) {
          push(b._BinaryenIfGetCondition(e), covered);
          const t = b._BinaryenIfGetIfTrue(e), f = b._BinaryenIfGetIfFalse(e);
          if (isMark(t)) { b._BinaryenIfSetIfTrue(e, b._BinaryenNop(m.ptr)); s.marks++; } else push(t, covered);
          if (isMark(f)) { b._BinaryenIfSetIfFalse(e, b._BinaryenNop(m.ptr)); s.marks++; } else push(f, covered);
        } else if (kind === ids.try) {
          // A throw in the body goes to this try's catches, or for a
          // `delegate` to the catches of the try it names (the caller's
          // when it names none of this function's); a throw in a catch
          // body goes where one beside the try would.
          const t = (b.getExpressionInfo as (e: Ref) => { name: string; isDelegate: boolean; delegateTarget: string })(e);
          const inner = b._BinaryenTryGetNumCatchBodies(e) > 0 ? true : t.isDelegate ? tryCover.get(t.delegateTarget) ?? false : covered;
          if (t.name) tryCover.set(t.name, inner);
          const tb = b._BinaryenTryGetBody(e);
          if (isMark(tb)) { b._BinaryenTrySetBody(e, b._BinaryenNop(m.ptr)); s.marks++; } else push(tb, inner);
          for (let i = b._BinaryenTryGetNumCatchBodies(e) - 1; i >= 0; i--) {
            const c = b._BinaryenTryGetCatchBodyAt(e, i);
            if (isMark(c)) { b._BinaryenTrySetCatchBodyAt(e, i, b._BinaryenNop(m.ptr)); s.marks++; } else push(c, covered);
          }
        } else if (isMark(e)) {
          throw new Error(`a call of ${HOOK} used as a value in function ${fi}`);
        } else {
          const visit = children[kind];
          if (!visit) throw new Error(`function ${fi} holds an expression this pass does not know (Binaryen id ${kind})`);
          const before = stack.length;
          visit(e, stack);
          for (let i = before; i < stack.length; i++) cover.push(covered);
          if (kind === ids.call) {
            const target = b._BinaryenCallGetTarget(e);
            const callee = byPtr.get(target)!;
            out.push(callee);
            if (invokes.has(target) || setjmps.has(target)) s.setjmp = true;
          } else if (kind === ids.callIndirect || kind === ids.callRef) {
            out.push(OUTSIDE);
          } else if (kind === ids.refFunc) {
            taken.add(byPtr.get(b._BinaryenRefFuncGetFunc(e))!);
          }
        }
      }
      if (s.marks) seen.push(s);
    }
    // OUTSIDE reaches every function whose address is taken, and every
    // export but the start-up entries.
    for (const fi of taken) edges[OUTSIDE].push(fi);
    for (let i = 0, ne = m.getNumExports(); i < ne; i++) {
      const x = m.getExportByIndex(i);
      if (b._BinaryenExportGetKind(x) !== (b.ExternalFunction as number)) continue;
      const { name, value } = (b.getExportInfo as (x: Ref) => { name: string; value: string })(x);
      if (!ENTRIES.has(name) && !ENTRIES.has(value)) edges[OUTSIDE].push(byName.get(value)!);
    }
    const cyclic = inCycle(edges);
    let functions = 0, loops = 0, entries = 0;
    /** defined function's position (the code section's order) -> its checks */
    const checks = new Map<number, number>();
    const entryCount = seen.some((s) => cyclic[s.node]) ? addEntryCounter(b, m) : '';
    for (const s of seen) {
      functions++;
      // In a function that calls setjmp, only loops a catch of its own
      // covers (the header comment says why).
      const found = s.setjmp ? s.loops.filter((l) => l.covered) : s.loops;
      const recursive = cyclic[s.node];
      if (!found.length && !recursive) continue;
      let top = b._BinaryenFunctionGetBody(s.fn);
      const type = b._BinaryenExpressionGetType(top);
      const prologue: Ref[] = [];
      if (found.length) {
        const count = b._BinaryenFunctionAddVar(s.fn, i32);
        for (const { loop } of found) {
          const old = b._BinaryenLoopGetBody(loop);
          b._BinaryenLoopSetBody(loop, checked(b, m, count, hookText, old));
          loops++;
        }
        prologue.push(m.local.set(count, m.i32.const(BUDGET)));
      }
      if (recursive) {
        prologue.push(...entryCheck(b, m, entryCount, hookText));
        entries++;
      }
      top = b._BinaryenFunctionGetBody(s.fn);
      b._BinaryenFunctionSetBody(s.fn, m.block(null, [...prologue, top], type));
      checks.set(s.defined, found.length + (recursive ? 1 : 0));
    }
    // No mark at all: objects not compiled by wasig cc, or a program whose
    // marks sit only in the table (a function with no block to mark, one
    // that only longjmps).
    if (!functions && !taken.has(byPtr.get(hook)!)) {
      throw new Error(UNMARKED);
    }
    m.setFeatures(features(b));
    const setDebugInfo = b.setDebugInfo as (on: boolean) => void;
    setDebugInfo(!!opts.keepNames);
    try {
      const out = m.emitBinary();
      const hinted = hookIndex < 0 || opts.hints === false ? { bytes: out, hinted: 0 } : addBranchHints(out, imports, checks, BUDGET, imports + hookIndex);
      return { bytes: hinted.bytes, functions, loops, entries, hinted: hinted.hinted };
    } finally {
      setDebugInfo(false);
    }
  } finally {
    m.dispose();
  }
}

/** The functions whose address a table segment holds, and the slots that
 *  hold the hook (emscripten's invoke_v calls it through one). */
function addressTaken(b: Api, m: Module, byName: Map<string, number>, hook: string): { taken: Set<number>; hookSlots: Set<number> } {
  const segInfo = b.getElementSegmentInfo as (seg: Ref) => { offset: Ref; data: string[] };
  const taken = new Set<number>(), hookSlots = new Set<number>();
  for (let i = 0, ns = m.getNumElementSegments(); i < ns; i++) {
    const { offset, data } = segInfo(m.getElementSegmentByIndex(i));
    // An active segment at a constant offset tells the slots; one at an
    // imported global's offset (a relocatable module) only the functions.
    const at = offset && b._BinaryenExpressionGetId(offset) === (b.ConstId as number) ? b._BinaryenConstGetValueI32(offset) : -1;
    data.forEach((name, k) => {
      const fi = byName.get(name);
      if (fi !== undefined) taken.add(fi);
      if (name === hook && at >= 0) hookSlots.add(at + k);
    });
  }
  return { taken, hookSlots };
}

/** A new mutable global for the entry checks, set to BUDGET: one counter
 *  for the whole program (a function's locals die at each return). */
function addEntryCounter(b: Api, m: Module): string {
  let name = 'wasig$entries';
  for (let k = 0; (m.getGlobal as (n: string) => Ref)(name); k++) name = `wasig$entries${k}`;
  (m.addGlobal as (n: string, t: number, mut: boolean, init: Ref) => Ref)(name, b.i32 as number, true, m.i32.const(BUDGET));
  return name;
}

/** global = global - 1; if (global == 0) { global = BUDGET; call hook }. The
 *  exact shape matters: branch-hints.ts finds it in the written bytes. */
function entryCheck(b: Api, m: Module, g: string, hook: string): Ref[] {
  const i32 = b.i32 as number;
  const get = () => (m.global.get as (n: string, t: number) => Ref)(g, i32);
  const set = (v: Ref) => (m.global.set as (n: string, v: Ref) => Ref)(g, v);
  return [
    set(m.i32.sub(get(), m.i32.const(1))),
    m.if(m.i32.eqz(get()), m.block(null, [set(m.i32.const(BUDGET)), m.call(hook, [], b.none as number)], b.none as number)),
  ];
}

/** The internal name (an interned C string) of the function exported as
 *  `name` when it is not the function of that name, else 0. */
function exportedAs(b: Api, m: Module, name: string): number {
  for (let i = 0, n = m.getNumExports(); i < n; i++) {
    const x = m.getExportByIndex(i);
    if (b._BinaryenExportGetKind(x) !== (b.ExternalFunction as number)) continue;
    const { name: as, value } = (b.getExportInfo as (x: Ref) => { name: string; value: string })(x);
    if (as === name && value !== name) return b._BinaryenFunctionGetName(m.getFunction(value));
  }
  return 0;
}

/** The hook's internal name (an interned C string: compared as a pointer).
 *  By name (`wasig cc` links with the names kept: emcc -O3 minifies export
 *  names), else by export. */
function hookName(b: Api, m: Module): { ptr: number; name: string } {
  const byName = m.getFunction(HOOK);
  if (byName) return { ptr: b._BinaryenFunctionGetName(byName), name: HOOK };
  for (let i = 0, n = m.getNumExports(); i < n; i++) {
    const x = m.getExportByIndex(i);
    if (b._BinaryenExportGetKind(x) !== (b.ExternalFunction as number)) continue;
    const e = b.getExportInfo as (x: Ref) => { name: string; value: string };
    const { name, value } = e(x);
    if (name === HOOK) return { ptr: b._BinaryenFunctionGetName(m.getFunction(value)), name: value };
  }
  throw new Error(UNMARKED);
}

/** if (--count == 0) { count = BUDGET; call hook }; then the old body. The
 *  exact shape matters: branch-hints.ts finds it in the written bytes. */
function checked(b: Api, m: Module, count: number, hook: string, body: Ref): Ref {
  const i32 = b.i32 as number;
  const due = m.i32.eqz(m.local.tee(count, m.i32.sub(m.local.get(count, i32), m.i32.const(1)), i32));
  const check = m.if(due, m.block(null, [m.local.set(count, m.i32.const(BUDGET)), m.call(hook, [], b.none as number)], b.none as number));
  return m.block(null, [check, body], b._BinaryenExpressionGetType(body));
}

type Visit = (e: Ref, out: Ref[]) => void;

/** Where each kind of expression keeps its operands: the walk needs every
 *  child to find every loop. A kind missing here stops the pass (with its
 *  id) rather than leaving loops unseen. */
function childTable(b: Api): Visit[] {
  const t: Visit[] = [];
  const fn = (name: string) => {
    const f = b[`_Binaryen${name}`];
    if (typeof f !== 'function') throw new Error(`this Binaryen has no ${name}`);
    return f as (e: Ref, i?: number) => Ref;
  };
  const idOf = (kind: string) => b[`${kind}Id`] as number;
  const leaf = (...kinds: string[]) => { for (const k of kinds) t[idOf(k)] = () => {}; };
  const fields = (kind: string, ...names: string[]) => {
    const gets = names.map((n) => fn(`${kind}Get${n}`));
    t[idOf(kind)] = (e, out) => { for (const g of gets) out.push(g(e)); };
  };
  const operands = (kind: string, ...names: string[]) => {
    const gets = names.map((n) => fn(`${kind}Get${n}`));
    const count = fn(`${kind}GetNumOperands`), at = fn(`${kind}GetOperandAt`);
    t[idOf(kind)] = (e, out) => {
      for (const g of gets) out.push(g(e));
      for (let i = count(e) - 1; i >= 0; i--) out.push(at(e, i));
    };
  };
  leaf('Nop', 'LocalGet', 'GlobalGet', 'AtomicFence', 'DataDrop', 'Const', 'MemorySize', 'Unreachable', 'Pop',
    'RefNull', 'RefFunc', 'TableSize', 'Rethrow', 'ElemDrop');
  fields('Break', 'Condition', 'Value');
  fields('Switch', 'Condition', 'Value');
  operands('Call');
  operands('CallIndirect', 'Target');
  operands('CallRef', 'Target');
  operands('Throw');
  operands('TupleMake');
  fields('LocalSet', 'Value');
  fields('GlobalSet', 'Value');
  fields('Load', 'Ptr');
  fields('Store', 'Ptr', 'Value');
  fields('AtomicRMW', 'Ptr', 'Value');
  fields('AtomicCmpxchg', 'Ptr', 'Expected', 'Replacement');
  fields('AtomicWait', 'Ptr', 'Expected', 'Timeout');
  fields('AtomicNotify', 'Ptr', 'NotifyCount');
  fields('SIMDExtract', 'Vec');
  fields('SIMDReplace', 'Vec', 'Value');
  fields('SIMDShuffle', 'Left', 'Right');
  fields('SIMDTernary', 'A', 'B', 'C');
  fields('SIMDShift', 'Vec', 'Shift');
  fields('SIMDLoad', 'Ptr');
  fields('SIMDLoadStoreLane', 'Ptr', 'Vec');
  fields('MemoryInit', 'Dest', 'Offset', 'Size');
  fields('MemoryCopy', 'Dest', 'Source', 'Size');
  fields('MemoryFill', 'Dest', 'Value', 'Size');
  fields('Unary', 'Value');
  fields('Binary', 'Left', 'Right');
  fields('Select', 'IfTrue', 'IfFalse', 'Condition');
  fields('Drop', 'Value');
  fields('Return', 'Value');
  fields('MemoryGrow', 'Delta');
  fields('RefIsNull', 'Value');
  fields('RefEq', 'Left', 'Right');
  fields('RefAs', 'Value');
  fields('TableGet', 'Index');
  fields('TableSet', 'Index', 'Value');
  fields('TableGrow', 'Value', 'Delta');
  fields('TupleExtract', 'Tuple');
  return t;
}

/** Rewrites `path` in place, atomically: the result is validated by the
 *  engine, written beside it and renamed over it. On any failure the file
 *  is removed (a half-made program is no program) and the error thrown. */
export async function preemptLoopsInFile(path: string, opts: PreemptOptions = {}): Promise<PreemptResult> {
  return rewriteInPlace(path, 'preempt', async (bytes) => {
    const result = await preemptLoops(bytes, opts);
    return { bytes: result.bytes, result };
  });
}

/** The one way a linked module at `path` is changed (this pass, the
 *  adaptation of mismatched calls): `rewrite` makes the new bytes from the
 *  old, or null to leave the file as it is; the new module must validate on
 *  this engine, is written beside the old one and renamed over it, so no
 *  reader sees half a module. On any failure the file is removed (a
 *  half-made program is no program) and the error thrown. */
export async function rewriteInPlace<T>(path: string, tag: string,
  rewrite: (bytes: Uint8Array) => Promise<{ bytes: Uint8Array | null; result: T }>): Promise<T> {
  const tmp = `${path}.${process.pid}.${tag}.tmp`;
  try {
    const { bytes, result } = await rewrite(new Uint8Array(readFileSync(path)));
    if (!bytes) return result;
    try {
      new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    } catch (e) {
      throw new Error(`the rewritten module does not validate (${(e as Error).message})`);
    }
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
    return result;
  } catch (e) {
    rmSync(tmp, { force: true });
    rmSync(path, { force: true });
    throw e;
  }
}
