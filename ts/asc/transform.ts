// The asc transform of wasig's AssemblyScript library (`--transform
// wasig/transform`). On the program that asc compiled it:
//  - runs the top-level code as an exported _start (asc's --exportStart),
//    not as the wasm start function, which runs inside instantiation, before
//    the host can link the signal library's calls back to the program;
//  - exports the library's handler dispatcher (__wasig_call), through which
//    the host runs handlers;
//  - opens every loop body of the program's own code with
//
//        count -= 1; if (count == 0) { count = BUDGET; checkpoint() }
//
//    on a new local, as `wasig cc` does for C (ts/cli/preempt.ts): a busy
//    loop reaches a safe point every BUDGET iterations (small innermost
//    loops: every BUDGET checks of UNROLL iterations, their body repeated
//    so that a check costs a quarter as much);
//  - opens every program function that can recurse (it lies on a cycle of
//    the call graph) with the same check on one global counter, so that a
//    recursion that runs no loop (a naive fib) reaches a safe point within
//    BUDGET calls, as ts/cli/preempt.ts does for C. asc's own library
//    (~lib/, which holds the allocator and the garbage collector, and this
//    library when imported as a package) is left alone, so a handler never
//    runs inside the runtime.
// WASIG_PREEMPT=0 in the environment, or the `wasig/transform/no-preempt`
// entry, keeps the first two and skips the loops.
import type Binaryen from 'binaryen';
import { inCycle } from '../cli/call-cycles.js';

type B = typeof Binaryen;
type Mod = Binaryen.Module;

/** Loop iterations between two safe points (a power of 2). */
export const BUDGET = 1024;
const HOOK_MODULE = 'wasig', HOOK_BASE = 'wasig_as_checkpoint';
const DISPATCH = '__wasig_call';
/** The program's own functions, not asc's library's nor this transform's. */
const isProgram = (name: string) => !name.startsWith('~lib/') && !name.startsWith('~wasig/');

/** Per expression kind: binaryen.js's class of it and the fields that hold
 *  child expressions (each with a setter named after it). */
function childFields(b: B): Map<number, [string, string[]]> {
  const m = new Map<number, [string, string[]]>();
  const set = (id: number, cls: string, f: string[]) => m.set(id, [cls, f]);
  set(b.BlockId, 'Block', ['children']);
  set(b.IfId, 'If', ['condition', 'ifTrue', 'ifFalse']);
  set(b.LoopId, 'Loop', ['body']);
  set(b.BreakId, 'Break', ['condition', 'value']);
  set(b.SwitchId, 'Switch', ['condition', 'value']);
  set(b.CallId, 'Call', ['operands']);
  set(b.CallIndirectId, 'CallIndirect', ['target', 'operands']);
  set(b.LocalSetId, 'LocalSet', ['value']);
  set(b.GlobalSetId, 'GlobalSet', ['value']);
  set(b.LoadId, 'Load', ['ptr']);
  set(b.StoreId, 'Store', ['ptr', 'value']);
  set(b.UnaryId, 'Unary', ['value']);
  set(b.BinaryId, 'Binary', ['left', 'right']);
  set(b.SelectId, 'Select', ['ifTrue', 'ifFalse', 'condition']);
  set(b.DropId, 'Drop', ['value']);
  set(b.ReturnId, 'Return', ['value']);
  set(b.MemoryGrowId, 'MemoryGrow', ['delta']);
  set(b.AtomicRMWId, 'AtomicRMW', ['ptr', 'value']);
  set(b.AtomicCmpxchgId, 'AtomicCmpxchg', ['ptr', 'expected', 'replacement']);
  set(b.AtomicWaitId, 'AtomicWait', ['ptr', 'expected', 'timeout']);
  set(b.AtomicNotifyId, 'AtomicNotify', ['ptr', 'notifyCount']);
  set(b.SIMDExtractId, 'SIMDExtract', ['vec']);
  set(b.SIMDReplaceId, 'SIMDReplace', ['vec', 'value']);
  set(b.SIMDShuffleId, 'SIMDShuffle', ['left', 'right']);
  set(b.SIMDTernaryId, 'SIMDTernary', ['a', 'b', 'c']);
  set(b.SIMDShiftId, 'SIMDShift', ['vec', 'shift']);
  set(b.SIMDLoadId, 'SIMDLoad', ['ptr']);
  set(b.SIMDLoadStoreLaneId, 'SIMDLoadStoreLane', ['ptr', 'vec']);
  set(b.MemoryInitId, 'MemoryInit', ['dest', 'offset', 'size']);
  set(b.MemoryCopyId, 'MemoryCopy', ['dest', 'source', 'size']);
  set(b.MemoryFillId, 'MemoryFill', ['dest', 'value', 'size']);
  set(b.RefIsNullId, 'RefIsNull', ['value']);
  set(b.RefAsId, 'RefAs', ['value']);
  set(b.RefEqId, 'RefEq', ['left', 'right']);
  set(b.TableGetId, 'TableGet', ['index']);
  set(b.TableSetId, 'TableSet', ['index', 'value']);
  set(b.TableGrowId, 'TableGrow', ['value', 'delta']);
  set(b.TryId, 'Try', ['body', 'catchBodies']);
  set(b.ThrowId, 'Throw', ['operands']);
  set(b.TupleMakeId, 'TupleMake', ['operands']);
  set(b.TupleExtractId, 'TupleExtract', ['tuple']);
  // Leaves: no children.
  for (const id of [b.NopId, b.UnreachableId, b.ConstId, b.LocalGetId, b.GlobalGetId, b.MemorySizeId, b.PopId,
    b.AtomicFenceId, b.DataDropId, b.RefNullId, b.RefFuncId, b.RethrowId, b.TableSizeId]) set(id, '', []);
  return m;
}

const ARRAY_SETTER: Record<string, string> = { children: 'setChildAt', operands: 'setOperandAt', catchBodies: 'setCatchBodyAt' };

interface Found { loop: number; replace: (e: number) => void }

/** The loops of a function body, each with a way to replace it in its parent. */
function loopsOf(b: B, fields: Map<number, [string, string[]]>, fn: number, name: string): Found[] {
  const loops: Found[] = [];
  const classes = b as unknown as Record<string, Record<string, (...a: number[]) => void>>;
  const stack: Found[] = [{ loop: b.getFunctionInfo(fn).body, replace: (e) => (b as unknown as { _BinaryenFunctionSetBody(f: number, e: number): void })._BinaryenFunctionSetBody(fn, e) }];
  while (stack.length) {
    const { loop: e, replace } = stack.pop()!;
    if (!e) continue;
    const id = b.getExpressionId(e);
    const kind = fields.get(id);
    if (!kind) {
      throw new Error(`wasig transform: ${name} has an expression of kind ${id} it cannot look into: build with WASIG_PREEMPT=0 (and call checkpoint() in long loops)`);
    }
    if (id === b.LoopId) loops.push({ loop: e, replace });
    const [cls, f] = kind;
    // binaryen.js has no info reader for some leaves (unreachable).
    if (!f.length) continue;
    const info = b.getExpressionInfo(e) as unknown as Record<string, unknown>;
    for (const k of f) {
      const v = info[k];
      if (Array.isArray(v)) {
        const setAt = classes[cls][ARRAY_SETTER[k]];
        (v as number[]).forEach((c, i) => stack.push({ loop: c, replace: (x) => setAt(e, i, x) }));
      } else if (typeof v === 'number') {
        const set = classes[cls][`set${k[0].toUpperCase()}${k.slice(1)}`];
        stack.push({ loop: v, replace: (x) => set(e, x) });
      }
    }
  }
  return loops;
}

function functionNames(b: B, module: Mod): string[] {
  const names: string[] = [];
  for (let i = 0, n = module.getNumFunctions(); i < n; i++) names.push(b.getFunctionInfo(module.getFunctionByIndex(i)).name);
  return names;
}

function hookName(b: B, module: Mod): string {
  for (let i = 0, n = module.getNumFunctions(); i < n; i++) {
    const f = b.getFunctionInfo(module.getFunctionByIndex(i));
    if (f.module === HOOK_MODULE && f.base === HOOK_BASE) return f.name;
  }
  const name = '~wasig/checkpoint';
  module.addFunctionImport(name, HOOK_MODULE, HOOK_BASE, b.none, b.none);
  return name;
}

/** Puts a safe point at the header of every loop of the program's own
 *  functions; returns how many loops it instrumented.
 *
 *  The call sits outside the loop: the header's check branches out of it,
 *  the call runs, and an enclosing loop enters it again at the header,
 *
 *      block $done (result T)
 *        loop $again
 *          block $call
 *            br $done (loop $L (br_if $call (count check)) BODY)
 *          end
 *          count = BUDGET
 *          call checkpoint
 *          br $again
 *
 *  which is the same program (the header is where the check is). A call
 *  inside the loop's body would make the engine keep the loop's values where
 *  a call cannot clobber them, on every iteration: measured 3x slower on a
 *  multiply-add chain, against none this way (bench/assemblyscript.mjs). */
export function preemptLoops(b: B, module: Mod): number {
  const fields = childFields(b);
  // Not in binaryen.js's typings: the C API's loop accessors and AddVar.
  const raw = b as unknown as {
    _BinaryenFunctionAddVar(f: number, t: number): number;
    _BinaryenLoopGetBody(l: number): number;
    _BinaryenLoopSetBody(l: number, e: number): void;
  };
  let hook: string | null = null;
  let count = 0;
  for (const name of functionNames(b, module)) {
    if (!isProgram(name)) continue;
    const fn = module.getFunction(name);
    const info = b.getFunctionInfo(fn);
    if (info.module || !info.body) continue; // an import
    const loops = loopsOf(b, fields, fn, name);
    if (!loops.length) continue;
    hook ??= hookName(b, module);
    const c = raw._BinaryenFunctionAddVar(fn, b.i32);
    for (const { loop, replace } of loops) {
      const n = count++;
      const type = b.getExpressionType(loop);
      // count -= 1; zero every BUDGET iterations (count starts at BUDGET).
      const tick = module.i32.eqz(module.local.tee(c, module.i32.sub(module.local.get(c, b.i32), module.i32.const(1)), b.i32));
      const reset = module.local.set(c, module.i32.const(BUDGET));
      const body = raw._BinaryenLoopGetBody(loop);
      if (type === b.unreachable) {
        // A loop that never ends normally: no outer structure to leave it by.
        raw._BinaryenLoopSetBody(loop, module.block(null, [module.if(tick, module.block(null, [reset, module.call(hook, [], b.none)])), body], b.getExpressionType(body)));
        continue;
      }
      const done = `~wasig|done${n}`, again = `~wasig|again${n}`, call = `~wasig|call${n}`;
      const copies = type === b.none ? unrolledCopies(b, module, fields, loop, body, done, n) : [];
      raw._BinaryenLoopSetBody(loop, module.block(null, [module.br(call, tick), ...copies, body], b.getExpressionType(body)));
      const leave = type === b.none ? module.block(call, [loop, module.br(done)]) : module.block(call, [module.br(done, 0, loop)]);
      replace(module.block(done, [module.loop(again, module.block(null, [leave, reset, module.call(hook, [], b.none), module.br(again)]))], type));
    }
    const body = b.getFunctionInfo(fn).body;
    (b as unknown as { _BinaryenFunctionSetBody(f: number, e: number): void })._BinaryenFunctionSetBody(fn,
      module.block(null, [module.local.set(c, module.i32.const(BUDGET)), body], b.getExpressionType(body)));
  }
  return count;
}

/** How many times a small innermost loop's body is repeated per check, and
 *  what small is (expressions in its body). A check is a decrement and a
 *  branch: on a loop of a few instructions (an array sum) that alone is
 *  +25%; repeated 4 times it is a quarter of that. */
export const UNROLL = 4;
const UNROLL_MAX_NODES = 64;

/** For a small innermost loop (no loop or try in it; calls count, as asc
 *  inlines the small ones only later) that ends
 *  normally: UNROLL - 1 copies of its body, each in a block that its
 *  `continue`s (branches to the loop) end, so that the next copy runs as the
 *  next iteration, and whose end (the loop ending) leaves by `done`; the loop
 *  then reads `check; copy 1; ...; copy UNROLL-1; body`, the same iterations
 *  in the same order with one check for UNROLL of them. Labels inside each
 *  copy are renamed (Binaryen wants them unique in a function). None when
 *  the loop does not qualify. */
function unrolledCopies(b: B, module: Mod, fields: Map<number, [string, string[]]>, loop: number, body: number, done: string, n: number): number[] {
  const label = b.getExpressionInfo(loop) as unknown as { name: string | null };
  if (!label.name) return [];
  let nodes = 0;
  const stack = [body];
  while (stack.length) {
    const e = stack.pop()!;
    if (!e) continue;
    const id = b.getExpressionId(e);
    if (id === b.LoopId || id === b.TryId || id === b.ThrowId || id === b.RethrowId
      || !fields.has(id) || ++nodes > UNROLL_MAX_NODES) return [];
    stack.push(...children(b, fields, e));
  }
  const copies: number[] = [];
  for (let k = 0; k < UNROLL - 1; k++) {
    const next = `~wasig|next${n}.${k}`;
    const copy = module.copyExpression(body);
    relabel(b, fields, copy, label.name, next, `~wasig|u${n}.${k}`);
    copies.push(module.block(next, [copy, module.br(done)]));
  }
  return copies;
}

function children(b: B, fields: Map<number, [string, string[]]>, e: number): number[] {
  const f = fields.get(b.getExpressionId(e))![1];
  if (!f.length) return [];
  const info = b.getExpressionInfo(e) as unknown as Record<string, unknown>;
  const out: number[] = [];
  for (const k of f) {
    const v = info[k];
    if (Array.isArray(v)) out.push(...(v as number[]));
    else if (typeof v === 'number' && v) out.push(v);
  }
  return out;
}

/** In a copied body: branches to the loop go to `next`, and every block
 *  label gets `suffix` (with the branches to it). Parents come before
 *  their children, so a block is renamed before a branch to it is seen. */
function relabel(b: B, fields: Map<number, [string, string[]]>, copy: number, loopName: string, next: string, suffix: string): void {
  // binaryen.js's expression classes (untyped in its typings).
  const cls = b as unknown as Record<'Block' | 'Break' | 'Switch', Record<string, (e: number, ...a: (number | string)[]) => void>>;
  const renamed = new Map<string, string>([[loopName, next]]);
  const to = (name: string) => renamed.get(name) ?? name;
  const stack = [copy];
  while (stack.length) {
    const e = stack.pop()!;
    const id = b.getExpressionId(e);
    const info = b.getExpressionInfo(e) as unknown as { name?: string | null; names?: string[]; defaultName?: string };
    if (id === b.BlockId && info.name) {
      renamed.set(info.name, `${info.name}${suffix}`);
      cls.Block.setName(e, `${info.name}${suffix}`);
    } else if (id === b.BreakId) {
      cls.Break.setName(e, to(info.name!));
    } else if (id === b.SwitchId) {
      info.names!.forEach((x, i) => cls.Switch.setNameAt(e, i, to(x)));
      cls.Switch.setDefaultName(e, to(info.defaultName!));
    }
    stack.push(...children(b, fields, e));
  }
}

/** The program's functions that can recurse: those on a cycle of the call
 *  graph. The graph must miss no edge, or a cycle goes unchecked: a
 *  call_indirect reaches every function in a table or named by a ref.func,
 *  and so does every import (the host runs handlers through the
 *  dispatcher's call_indirect, and calls exports), all through one node,
 *  OUTSIDE, with an edge to each of those functions and to each export but
 *  _start (run once, by the loader). asc's own library is in the graph (its
 *  Array#map calls the program's closure) but gets no check. */
export function recursiveFunctions(b: B, module: Mod): string[] {
  const fields = childFields(b);
  const names = functionNames(b, module);
  const index = new Map(names.map((n, i) => [n, i]));
  const OUTSIDE = names.length;
  const edges: number[][] = Array.from({ length: names.length + 1 }, () => []);
  const taken = new Set<number>();
  names.forEach((name, fi) => {
    const info = b.getFunctionInfo(module.getFunction(name));
    if (info.module || !info.body) { edges[fi].push(OUTSIDE); return; } // an import
    const stack = [info.body];
    while (stack.length) {
      const e = stack.pop()!;
      const id = b.getExpressionId(e);
      if (!fields.has(id)) {
        throw new Error(`wasig transform: ${name} has an expression of kind ${id} it cannot look into: build with WASIG_PREEMPT=0 (and call checkpoint() in long recursions)`);
      }
      if (id === b.CallId) edges[fi].push(index.get((b.getExpressionInfo(e) as Binaryen.CallInfo).target)!);
      else if (id === b.CallIndirectId) edges[fi].push(OUTSIDE);
      else if (id === b.RefFuncId) taken.add(index.get((b.getExpressionInfo(e) as Binaryen.RefFuncInfo).func)!);
      stack.push(...children(b, fields, e));
    }
  });
  for (let i = 0, n = module.getNumElementSegments(); i < n; i++) {
    for (const f of b.getElementSegmentInfo(module.getElementSegmentByIndex(i)).data) taken.add(index.get(f)!);
  }
  for (let i = 0, n = module.getNumExports(); i < n; i++) {
    const x = b.getExportInfo(module.getExportByIndex(i));
    if (x.kind === b.ExternalFunction && x.name !== '_start') taken.add(index.get(x.value)!);
  }
  for (const fi of taken) edges[OUTSIDE].push(fi);
  const cyclic = inCycle(edges);
  return names.filter((n, fi) => cyclic[fi] && isProgram(n) && !b.getFunctionInfo(module.getFunction(n)).module);
}

/** Opens each function that can recurse with
 *
 *      entries -= 1; if (entries == 0) { entries = BUDGET; checkpoint() }
 *
 *  on one new global (a function's locals die at each return); returns how
 *  many functions it checked. */
export function preemptRecursion(b: B, module: Mod): number {
  const recursive = recursiveFunctions(b, module);
  if (!recursive.length) return 0;
  const hook = hookName(b, module);
  let g = '~wasig/entries';
  for (let k = 0; module.getGlobal(g); k++) g = `~wasig/entries${k}`;
  module.addGlobal(g, b.i32, true, module.i32.const(BUDGET));
  const setBody = (b as unknown as { _BinaryenFunctionSetBody(f: number, e: number): void })._BinaryenFunctionSetBody;
  for (const name of recursive) {
    const fn = module.getFunction(name);
    const body = b.getFunctionInfo(fn).body;
    const check = module.if(module.i32.eqz(module.global.get(g, b.i32)),
      module.block(null, [module.global.set(g, module.i32.const(BUDGET)), module.call(hook, [], b.none)]));
    setBody(fn, module.block(null, [module.global.set(g, module.i32.sub(module.global.get(g, b.i32), module.i32.const(1))), check, body],
      b.getExpressionType(body)));
  }
  return recursive.length;
}

/** Exports the library's dispatcher when the program uses it. */
export function exportDispatcher(b: B, module: Mod): boolean {
  if (module.getExport(DISPATCH)) return true;
  const name = functionNames(b, module).find((n) => n.endsWith(`/${DISPATCH}`));
  if (!name) return false;
  module.addFunctionExport(name, DISPATCH);
  return true;
}

export function preemptEnabled(): boolean {
  const v = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.WASIG_PREEMPT;
  return !(v === '0' || v === 'off' || v === 'false');
}

/** The transform asc instantiates (it sets `binaryen` on the prototype). */
export default class WasigTransform {
  declare binaryen: B;
  declare log: (...a: unknown[]) => void;
  protected preempt = preemptEnabled();

  afterInitialize(program: { options: { exportStart: string | null } }): void {
    program.options.exportStart ??= '_start';
  }

  afterCompile(module: Mod): void {
    exportDispatcher(this.binaryen, module);
    if (!this.preempt) return;
    // Recursion first: its graph walk then sees no check of the loop pass.
    preemptRecursion(this.binaryen, module);
    preemptLoops(this.binaryen, module);
  }
}
