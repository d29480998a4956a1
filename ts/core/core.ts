// The C core seen from TypeScript: its exports, and the layout table it
// publishes. Offsets and constants are read from the module itself
// (wasig_layout), never copied by hand.

/** Exports of c-src/core/boundary.h, as both flavors provide them. */
export interface CoreExports {
  memory: WebAssembly.Memory;
  wasig_layout(): number;
  wasig_proc_new(pid: number, uid: number): number;
  wasig_proc_free(p: number): void;
  wasig_set_action(p: number, sig: number, kind: number, handler: number, flags: number,
    maskLo: number, maskHi: number): number;
  wasig_get_action(p: number, sig: number, field: number): number;
  wasig_default_action(sig: number): number;
  wasig_send(p: number, sig: number, code: number, pid: number, uid: number, value: number): number;
  wasig_drain(p: number): void;
  wasig_check(p: number): number;
  wasig_next(p: number): number;
  wasig_rearm(p: number): void;
  wasig_deliverable(p: number): number;
  wasig_sigmask(p: number, how: number, lo: number, hi: number): number;
  wasig_take(p: number, lo: number, hi: number): number;
  wasig_fatal(p: number, word: number): number;
  wasig_queued(p: number, sig: number): number;
  wasig_setitimer(p: number, which: number, nowUs: number, valueUs: number, intervalUs: number): number;
  wasig_getitimer(p: number, which: number, nowUs: number): number;
  wasig_timer_due(p: number, which: number): number;
  wasig_timer_expire(p: number, which: number, nowUs: number): number;
  wasig_alarm(p: number, nowUs: number, seconds: number): number;
  wasig_timers_shift(p: number, deltaUs: number): void;
  wasig_set_wakeup(p: number, fd: number, flags: number): number;
  wasig_stack_get(): number;
  wasig_stack_set(sp: number): void;
}

/** The exports with the shadow stack put back when a JS exception (a stack
 *  overflow in the middle of a call) unwinds one: else its frame would stay
 *  allocated for good, and after a few the core's stack would run into its
 *  data (boundary.h, wasig_stack_get). */
function guarded(x: CoreExports): CoreExports {
  if (typeof x.wasig_stack_get !== 'function') return x;
  const base = x.wasig_stack_get();
  // Put back at the next call: in the catch the JS stack is still at its
  // limit, and calling into wasm there may overflow again.
  let dirty = false;
  const out: Record<string, unknown> = { memory: x.memory };
  for (const [name, f] of Object.entries(x)) {
    if (typeof f !== 'function' || name === 'memory') { out[name] ??= f; continue; }
    const g = f as (...a: number[]) => unknown;
    // Seven: the most any export takes (wasm ignores the extra ones); no
    // rest parameters on the hot path.
    out[name] = (a: number, b: number, c: number, d: number, e: number, h: number, i: number) => {
      if (dirty) { x.wasig_stack_set(base); dirty = false; }
      try {
        return g(a, b, c, d, e, h, i);
      } catch (err) {
        dirty = true;
        throw err;
      }
    };
  }
  return out as unknown as CoreExports;
}

/** Which build of the core backs a runtime: clang's wasm32-wasi or emcc's. */
export type Flavor = 'wasi' | 'emscripten';

export interface SigInfoRecord {
  si_signo: number;
  si_code: number;
  si_errno: number;
  si_pid: number;
  si_uid: number;
  si_status: number;
  si_band: number;
  si_value: number;
}

/** Reads the (name, value) pairs of wasig_layout() out of linear memory. */
function readLayout(x: CoreExports): Record<string, number> {
  const table: Record<string, number> = {};
  const dv = new DataView(x.memory.buffer);
  const bytes = new Uint8Array(x.memory.buffer);
  const decoder = new TextDecoder();
  for (let at = x.wasig_layout(); ; at += 8) {
    const namePtr = dv.getUint32(at, true);
    if (namePtr === 0) break;
    let end = namePtr;
    while (bytes[end] !== 0) end++;
    // A copy: browsers' TextDecoder refuses views of shared memory (a
    // guest's memory is shared).
    table[decoder.decode(bytes.slice(namePtr, end))] = dv.getInt32(at + 4, true);
  }
  return table;
}

export class Core {
  readonly layout: Record<string, number>;
  private buffer: ArrayBufferLike;
  private i32: Int32Array;
  private f64: Float64Array;

  readonly x: CoreExports;

  constructor(readonly flavor: Flavor, x: CoreExports) {
    this.x = guarded(x);
    this.layout = readLayout(x);
    this.buffer = x.memory.buffer;
    this.i32 = new Int32Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
  }

  /** The core grows memory when it allocates a process: views must follow. */
  private views(): void {
    if (this.x.memory.buffer !== this.buffer) {
      this.buffer = this.x.memory.buffer;
      this.i32 = new Int32Array(this.buffer);
      this.f64 = new Float64Array(this.buffer);
    }
  }

  k(name: string): number {
    const v = this.layout[name];
    if (v === undefined) throw new Error(`wasig core: layout has no entry '${name}' (core and host out of step: rebuild with make build)`);
    return v;
  }

  newProc(pid: number, uid: number): number {
    const p = this.x.wasig_proc_new(pid, uid);
    if (!p) throw new RangeError('wasig core: out of memory for a new process');
    this.views();
    return p;
  }

  i32At(p: number, name: string): number {
    this.views();
    return this.i32[(p + this.k(name)) >> 2];
  }

  /** For hot paths: the index of an int32 field in `heap32`, found once. */
  i32Index(p: number, name: string): number {
    return (p + this.k(name)) >> 2;
  }

  /** The int32 view of linear memory, current after any growth. */
  get heap32(): Int32Array {
    this.views();
    return this.i32;
  }

  /** A 64-bit mask field as two unsigned halves. */
  maskAt(p: number, name: string): [number, number] {
    this.views();
    const at = (p + this.k(name)) >> 2;
    return [this.i32[at] >>> 0, this.i32[at + 1] >>> 0];
  }

  f64At(p: number, name: string, index = 0): number {
    this.views();
    return this.f64[((p + this.k(name)) >> 3) + index];
  }

  /** The siginfo that the last next()/take() left in the process's out field. */
  info(p: number): SigInfoRecord {
    this.views();
    const base = (p + this.k('out')) >> 2;
    const at = (field: string) => this.i32[base + (this.k(`info.${field}`) >> 2)];
    return {
      si_signo: at('signo'),
      si_code: at('code'),
      si_errno: at('errno'),
      si_pid: at('pid'),
      si_uid: at('uid'),
      si_status: at('status'),
      si_band: at('band'),
      si_value: at('value'),
    };
  }
}

const cores = new Map<Flavor, Promise<Core>>();

/** One module instance per flavor per JS realm; each runtime is one process
 *  struct inside it. */
export function sharedCore(flavor: Flavor, load: (f: Flavor) => Promise<CoreExports>): Promise<Core> {
  let c = cores.get(flavor);
  if (!c) {
    c = load(flavor).then((x) => new Core(flavor, x));
    c.catch(() => cores.delete(flavor));
    cores.set(flavor, c);
  }
  return c;
}
