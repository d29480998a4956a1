// Preemption of busy loops, at the cost of a counter per loop iteration.
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
// A busy program must run some loop, so it reaches the safe point within
// BUDGET iterations of one; the functions of the library and of libc are
// left as they are, so a handler never runs inside them. A branch hint
// section (branch-hints.ts) tells the engine the `if` is cold, so that the
// call in it does not cost the loop its registers.
//
// The module is read, rewritten and written by Binaryen, which knows every
// opcode the toolchains emit (exception handling, atomics, bulk memory,
// SIMD, tail calls) and any size; docs/benchmarks.md compares it with the
// byte-level rewriter it replaced.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { addBranchHints } from './branch-hints.js';

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
function features(b: Api): number {
  const f = b.Features as Record<string, number>;
  return f.Atomics | f.MutableGlobals | f.NontrappingFPToInt | f.SIMD128 | f.BulkMemory | f.SignExt
    | f.ExceptionHandling | f.TailCall | f.ReferenceTypes | f.Multivalue | f.ExtendedConst
    | f.RelaxedSIMD | f.BulkMemoryOpt | f.CallIndirectOverlong;
}

let loaded: Api | null = null;
async function binaryen(): Promise<Api> {
  // 14 MB of JS and wasm: loaded only when a program is linked.
  loaded ??= (await import('binaryen')).default as unknown as Api;
  return loaded;
}

const UNMARKED = `no function of the program is marked for preemption (calls ${HOOK}): compile every object of the program with \`wasig cc\``;

/** hinted: how many checks carry a branch hint (all, unless the written
 *  bytes held a check in a shape branch-hints.ts does not know). */
export interface PreemptResult { bytes: Uint8Array; functions: number; loops: number; hinted: number }
/** keepNames: write the name section (and debug info) back; without it the
 *  output has none, as an optimized build. hints (default on): write the
 *  branch hint section; off for output that is optimized again, whose
 *  offsets the optimizer would not keep. */
export interface PreemptOptions { keepNames?: boolean; hints?: boolean }

/** Rewrites a linked module. Throws when the module cannot be read, when it
 *  has no safe point, or when no function of it is marked as the program's:
 *  preemption is never silently off. */
export async function preemptLoops(input: Uint8Array, opts: PreemptOptions = {}): Promise<PreemptResult> {
  const b = await binaryen();
  const ids = {
    block: b.BlockId as number, if: b.IfId as number, loop: b.LoopId as number, call: b.CallId as number,
    try: b.TryId as number,
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
    const isHook = (e: Ref) => e !== 0 && id(e) === ids.call && b._BinaryenCallGetTarget(e) === hook
      && b._BinaryenCallGetNumOperands(e) === 0;
    let functions = 0, loops = 0, imports = 0, defined = -1, hookIndex = -1;
    /** defined function's position (the code section's order) -> its checks */
    const checks = new Map<number, number>();
    const stack: Ref[] = [];
    const found: Ref[] = [];
    for (let fi = 0, n = m.getNumFunctions(); fi < n; fi++) {
      const fn = m.getFunctionByIndex(fi);
      const body = b._BinaryenFunctionGetBody(fn);
      // Binaryen writes the imports first, then the rest in this order.
      if (!body) { imports++; continue; } // an import
      defined++;
      if (b._BinaryenFunctionGetName(fn) === hook) hookIndex = defined;
      let marks = 0;
      found.length = 0;
      // Coverage calls are statements: children of blocks, loop bodies,
      // if arms, try bodies, the function body. They are dropped where they
      // are found; one anywhere else would be a module this pass does not
      // understand, and it says so.
      if (isHook(body)) { b._BinaryenFunctionSetBody(fn, b._BinaryenNop(m.ptr)); marks++; } else stack.push(body);
      while (stack.length) {
        const e = stack.pop()!;
        if (!e) continue;
        const kind = id(e);
        if (kind === ids.block) {
          for (let i = b._BinaryenBlockGetNumChildren(e) - 1; i >= 0; i--) {
            const c = b._BinaryenBlockGetChildAt(e, i);
            if (isHook(c)) { b._BinaryenBlockRemoveChildAt(e, i); marks++; } else stack.push(c);
          }
        } else if (kind === ids.loop) {
          found.push(e);
          const c = b._BinaryenLoopGetBody(e);
          if (isHook(c)) { b._BinaryenLoopSetBody(e, b._BinaryenNop(m.ptr)); marks++; } else stack.push(c);
        } else if (kind === ids.if) {
          stack.push(b._BinaryenIfGetCondition(e));
          const t = b._BinaryenIfGetIfTrue(e), f = b._BinaryenIfGetIfFalse(e);
          if (isHook(t)) { b._BinaryenIfSetIfTrue(e, b._BinaryenNop(m.ptr)); marks++; } else stack.push(t);
          if (isHook(f)) { b._BinaryenIfSetIfFalse(e, b._BinaryenNop(m.ptr)); marks++; } else stack.push(f);
        } else if (kind === ids.try) {
          const t = b._BinaryenTryGetBody(e);
          if (isHook(t)) { b._BinaryenTrySetBody(e, b._BinaryenNop(m.ptr)); marks++; } else stack.push(t);
          for (let i = b._BinaryenTryGetNumCatchBodies(e) - 1; i >= 0; i--) {
            const c = b._BinaryenTryGetCatchBodyAt(e, i);
            if (isHook(c)) { b._BinaryenTrySetCatchBodyAt(e, i, b._BinaryenNop(m.ptr)); marks++; } else stack.push(c);
          }
        } else if (isHook(e)) {
          throw new Error(`a call of ${HOOK} used as a value in function ${fi}`);
        } else {
          const visit = children[kind];
          if (!visit) throw new Error(`function ${fi} holds an expression this pass does not know (Binaryen id ${kind})`);
          visit(e, stack);
        }
      }
      if (!marks) continue;
      functions++;
      if (!found.length) continue;
      const count = b._BinaryenFunctionAddVar(fn, i32);
      for (const loop of found) {
        const old = b._BinaryenLoopGetBody(loop);
        b._BinaryenLoopSetBody(loop, checked(b, m, count, hookText, old));
        loops++;
      }
      const top = b._BinaryenFunctionGetBody(fn);
      b._BinaryenFunctionSetBody(fn, m.block(null, [m.local.set(count, m.i32.const(BUDGET)), top], b._BinaryenExpressionGetType(top)));
      checks.set(defined, found.length);
    }
    // No direct mark: either objects not compiled by wasig cc, or a program
    // whose only marks are those emscripten's setjmp lowering wraps in
    // invoke_* (an indirect call, so the hook sits in the table): a function
    // that calls setjmp, whose loops cannot be checked anyway (docs/programs.md),
    // beside functions with no block to mark (one that only longjmps).
    if (!functions && !inTable(b, m, hookText)) {
      throw new Error(UNMARKED);
    }
    m.setFeatures(features(b));
    const setDebugInfo = b.setDebugInfo as (on: boolean) => void;
    setDebugInfo(!!opts.keepNames);
    try {
      const out = m.emitBinary();
      const hinted = hookIndex < 0 || opts.hints === false ? { bytes: out, hinted: 0 } : addBranchHints(out, imports, checks, BUDGET, imports + hookIndex);
      return { bytes: hinted.bytes, functions, loops, hinted: hinted.hinted };
    } finally {
      setDebugInfo(false);
    }
  } finally {
    m.dispose();
  }
}

/** Whether a table segment holds the function `name` (its address taken). */
function inTable(b: Api, m: Module, name: string): boolean {
  const info = b.getElementSegmentInfo as (seg: Ref) => { data: string[] };
  for (let i = 0, n = m.getNumElementSegments(); i < n; i++) {
    if (info(m.getElementSegmentByIndex(i)).data.includes(name)) return true;
  }
  return false;
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
  const tmp = `${path}.${process.pid}.preempt.tmp`;
  try {
    const result = await preemptLoops(new Uint8Array(readFileSync(path)), opts);
    try {
      new WebAssembly.Module(result.bytes as Uint8Array<ArrayBuffer>);
    } catch (e) {
      throw new Error(`the rewritten module does not validate (${(e as Error).message})`);
    }
    writeFileSync(tmp, result.bytes);
    renameSync(tmp, path);
    return result;
  } catch (e) {
    rmSync(tmp, { force: true });
    rmSync(path, { force: true });
    throw e;
  }
}
