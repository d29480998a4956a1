// The asc transform of wasig's AssemblyScript library (`--transform
// wasig/transform`). On the program that asc compiled it:
//  - runs the top-level code as an exported _start (asc's --exportStart),
//    not as the wasm start function, which runs inside instantiation, before
//    the host can link the signal library's calls back to the program;
//  - exports the library's handler dispatcher (__wasig_call), through which
//    the host runs handlers;
//  - opens every loop body of the program's own code with
//
//        count = (count + 1) & (BUDGET - 1); if (count == 0) checkpoint()
//
//    on a new local, as `wasig cc` does for C (ts/cli/preempt.ts): a busy
//    loop reaches a safe point every BUDGET iterations. asc's own library
//    (~lib/, which holds the allocator and the garbage collector, and this
//    library when imported as a package) is left alone, so a handler never
//    runs inside the runtime.
// WASIG_PREEMPT=0 in the environment, or the `wasig/transform/no-preempt`
// entry, keeps the first two and skips the loops.
import type Binaryen from 'binaryen';

type B = typeof Binaryen;
type Mod = Binaryen.Module;

/** Loop iterations between two safe points (a power of 2). */
export const BUDGET = 1024;
const HOOK_MODULE = 'wasig', HOOK_BASE = 'wasig_as_checkpoint';
const DISPATCH = '__wasig_call';

/** The fields of each expression kind that hold child expressions. */
function childFields(b: B): Map<number, string[]> {
  const m = new Map<number, string[]>();
  const set = (id: number, f: string[]) => m.set(id, f);
  set(b.BlockId, ['children']);
  set(b.IfId, ['condition', 'ifTrue', 'ifFalse']);
  set(b.LoopId, ['body']);
  set(b.BreakId, ['condition', 'value']);
  set(b.SwitchId, ['condition', 'value']);
  set(b.CallId, ['operands']);
  set(b.CallIndirectId, ['target', 'operands']);
  set(b.LocalSetId, ['value']);
  set(b.GlobalSetId, ['value']);
  set(b.LoadId, ['ptr']);
  set(b.StoreId, ['ptr', 'value']);
  set(b.UnaryId, ['value']);
  set(b.BinaryId, ['left', 'right']);
  set(b.SelectId, ['ifTrue', 'ifFalse', 'condition']);
  set(b.DropId, ['value']);
  set(b.ReturnId, ['value']);
  set(b.MemoryGrowId, ['delta']);
  set(b.AtomicRMWId, ['ptr', 'value']);
  set(b.AtomicCmpxchgId, ['ptr', 'expected', 'replacement']);
  set(b.AtomicWaitId, ['ptr', 'expected', 'timeout']);
  set(b.AtomicNotifyId, ['ptr', 'notifyCount']);
  set(b.SIMDExtractId, ['vec']);
  set(b.SIMDReplaceId, ['vec', 'value']);
  set(b.SIMDShuffleId, ['left', 'right']);
  set(b.SIMDTernaryId, ['a', 'b', 'c']);
  set(b.SIMDShiftId, ['vec', 'shift']);
  set(b.SIMDLoadId, ['ptr']);
  set(b.SIMDLoadStoreLaneId, ['ptr', 'vec']);
  set(b.MemoryInitId, ['dest', 'offset', 'size']);
  set(b.MemoryCopyId, ['dest', 'source', 'size']);
  set(b.MemoryFillId, ['dest', 'value', 'size']);
  set(b.RefIsNullId, ['value']);
  set(b.RefAsId, ['value']);
  set(b.RefEqId, ['left', 'right']);
  set(b.TableGetId, ['index']);
  set(b.TableSetId, ['index', 'value']);
  set(b.TableGrowId, ['value', 'delta']);
  set(b.TryId, ['body', 'catchBodies']);
  set(b.ThrowId, ['operands']);
  set(b.TupleMakeId, ['operands']);
  set(b.TupleExtractId, ['tuple']);
  // Leaves: no children.
  for (const id of [b.NopId, b.UnreachableId, b.ConstId, b.LocalGetId, b.GlobalGetId, b.MemorySizeId, b.PopId,
    b.AtomicFenceId, b.DataDropId, b.RefNullId, b.RefFuncId, b.RethrowId, b.TableSizeId]) set(id, []);
  return m;
}

/** The loops of an expression tree, outermost first. */
function loopsOf(b: B, fields: Map<number, string[]>, root: number, fn: string): number[] {
  const loops: number[] = [];
  const stack = [root];
  while (stack.length) {
    const e = stack.pop()!;
    if (!e) continue;
    const id = b.getExpressionId(e);
    if (!fields.has(id)) {
      throw new Error(`wasig transform: ${fn} has an expression of kind ${id} it cannot look into: build with WASIG_PREEMPT=0 (and call checkpoint() in long loops)`);
    }
    if (id === b.LoopId) loops.push(e);
    const f = fields.get(id)!;
    // binaryen.js has no info reader for some leaves (unreachable).
    if (!f.length) continue;
    const info = b.getExpressionInfo(e) as unknown as Record<string, unknown>;
    for (const k of f) {
      const v = info[k];
      if (Array.isArray(v)) stack.push(...(v as number[]));
      else if (typeof v === 'number') stack.push(v);
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
 *  functions; returns how many loops it instrumented. */
export function preemptLoops(b: B, module: Mod): number {
  const fields = childFields(b);
  let hook: string | null = null;
  let count = 0;
  for (const name of functionNames(b, module)) {
    if (name.startsWith('~lib/') || name.startsWith('~wasig/')) continue;
    const fn = module.getFunction(name);
    const info = b.getFunctionInfo(fn);
    if (info.module || !info.body) continue; // an import
    const loops = loopsOf(b, fields, info.body, name);
    if (!loops.length) continue;
    hook ??= hookName(b, module);
    // Not in binaryen.js's typings: the C API's loop accessors and AddVar.
    const raw = b as unknown as {
      _BinaryenFunctionAddVar(f: number, t: number): number;
      _BinaryenLoopGetBody(l: number): number;
      _BinaryenLoopSetBody(l: number, e: number): void;
    };
    const c = raw._BinaryenFunctionAddVar(fn, b.i32);
    for (const loop of loops) {
      const body = raw._BinaryenLoopGetBody(loop);
      const check = module.if(
        module.i32.eqz(module.local.tee(c, module.i32.and(module.i32.add(module.local.get(c, b.i32), module.i32.const(1)), module.i32.const(BUDGET - 1)), b.i32)),
        module.call(hook, [], b.none));
      raw._BinaryenLoopSetBody(loop, module.block(null, [check, body], b.getExpressionType(body)));
      count++;
    }
  }
  return count;
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
    if (this.preempt) preemptLoops(this.binaryen, module);
  }
}
