// Calls through a prototype that disagrees with the definition.
//
// Old C programs call functions through K&R declarations or through a
// prototype of another file (`void f();` declared here, `int f(int)` defined
// there). On x86-64 such a call works: the arguments go in registers the
// callee reads or ignores, a result the caller does not want stays in rax.
// wasm-ld links each such call to a stub `signature_mismatch:NAME` of the
// caller's type whose body traps, and warns. This pass, run on the linked
// module before any optimizer can inline the stub, gives each stub a body
// that calls NAME as x86-64 would have: an argument both sides have goes
// through (i32 and i64 wrapped or zero-extended, as a 32-bit register write
// leaves the upper half 0; another change of type is 0), a missing one is 0,
// an extra one is dropped; a result the caller wants and the callee lacks is
// 0, one it does not want is dropped.
import { binaryen, features, rewriteInPlace } from './preempt.js';

const PREFIX = 'signature_mismatch:';

type Ref = number;
/* eslint-disable @typescript-eslint/no-explicit-any -- Binaryen's JS API */
type Api = any;
type Module = any;


/** One adapted stub: its function and both types, as `(i32) -> void`. */
export interface Adapted { name: string; caller: string; callee: string }

/** Gives every stub of `m` that names a function of `m` the adapter body;
 *  `missing` gets the names of the others (wasm-ld drops a definition that
 *  only stubs call). */
export function adaptStubs(b: Api, m: Module, missing: string[] = []): Adapted[] {
  const done: Adapted[] = [];
  const scalar = new Map<number, string>([[b.i32, 'i32'], [b.i64, 'i64'], [b.f32, 'f32'], [b.f64, 'f64']]);
  const text = (ts: number[]) => `(${ts.map((t) => scalar.get(t)).join(', ')})`;
  const result = (ts: number[]) => (ts.length ? scalar.get(ts[0])! : 'void');
  const zero = (t: number): Ref => {
    if (t === b.i32) return m.i32.const(0);
    if (t === b.i64) return m.i64.const(0, 0);
    return t === b.f32 ? m.f32.const(0) : m.f64.const(0);
  };
  /** `e` of type `from` as a value of type `to`, by x86-64's rules above. */
  const convert = (e: Ref, from: number, to: number): Ref => {
    if (from === to) return e;
    if (from === b.i32 && to === b.i64) return m.i64.extend_u(e);
    if (from === b.i64 && to === b.i32) return m.i32.wrap(e);
    return m.block(null, [m.drop(e), zero(to)], to);
  };
  for (let i = 0, n = m.getNumFunctions(); i < n; i++) {
    const stub = m.getFunctionByIndex(i);
    const s = b.getFunctionInfo(stub);
    if (!s.name.startsWith(PREFIX) || s.module) continue;
    const targetName = s.name.slice(PREFIX.length);
    const target = m.getFunction(targetName);
    if (!target) {
      missing.push(targetName);
      continue;
    }
    const t = b.getFunctionInfo(target);
    const have: number[] = b.expandType(s.params), want: number[] = b.expandType(t.params);
    const mine: number[] = b.expandType(s.results), theirs: number[] = b.expandType(t.results);
    // Only scalars have an x86-64 register to stand for; anything else
    // (multiple results, references, vectors) keeps its trap.
    if (![...have, ...want, ...mine, ...theirs].every((x) => scalar.has(x)) || mine.length > 1 || theirs.length > 1) continue;
    const args = want.map((q, j) => (j < have.length ? convert(m.local.get(j, have[j]), have[j], q) : zero(q)));
    const call = m.call(t.name, args, theirs.length ? theirs[0] : b.none);
    let body: Ref;
    if (!mine.length) body = theirs.length ? m.drop(call) : call;
    else if (!theirs.length) body = m.block(null, [call, zero(mine[0])], mine[0]);
    else body = convert(call, theirs[0], mine[0]);
    b._BinaryenFunctionSetBody(stub, body);
    done.push({ name: targetName, caller: `${text(have)} -> ${result(mine)}`, callee: `${text(want)} -> ${result(theirs)}` });
  }
  return done;
}

/** The line `wasig cc` prints for an adapted call (beside wasm-ld's warning). */
export const adaptedLine = (a: Adapted) =>
  `wasig cc: the calls of ${a.name} as ${a.caller} are adapted to its definition ${a.callee} as on x86-64 (a missing argument or result is 0, an extra one dropped)\n`;

/** What adaptStubsInFile did: the calls it adapted, and the functions whose
 *  definition the link dropped (link again with them exported, and name
 *  them as `exported`: the pass removes those exports). */
export interface Adaptation { adapted: Adapted[]; missing: string[] }

/** Adapts the stubs of the module at `path` in place (names and debug info
 *  kept: the passes after it find functions by name). A module with no stub
 *  is not rewritten; on a failure it is removed (rewriteInPlace). */
export async function adaptStubsInFile(path: string, exported: string[] = []): Promise<Adaptation> {
  return rewriteInPlace(path, 'adapt', async (bytes) => {
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(PREFIX) < 0) {
      return { bytes: null, result: { adapted: [], missing: [] } };
    }
    const b: Api = await binaryen();
    const m = b.readBinary(bytes, features(b));
    try {
      m.setFeatures(features(b));
      const missing: string[] = [];
      const adapted = adaptStubs(b, m, missing);
      if (missing.length) return { bytes: null, result: { adapted, missing } };
      for (const name of exported) if (m.getExport(name)) m.removeExport(name);
      b.setDebugInfo(true);
      try {
        return { bytes: m.emitBinary(), result: { adapted, missing } };
      } finally {
        b.setDebugInfo(false);
      }
    } finally {
      m.dispose();
    }
  });
}

/** The functions wasm-ld's warnings name (emcc's link: its optimizer
 *  inlines the stubs, so they cannot be adapted there). */
export function mismatchedIn(linkerOutput: string): string[] {
  return [...new Set([...linkerOutput.matchAll(/warning: function signature mismatch: (\S+)/g)].map((x) => x[1]))];
}
