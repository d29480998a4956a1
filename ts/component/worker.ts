// The body of a component's worker: wasig's core holds the process's signal
// state (one process struct, its mailbox pulled from the parent's buffer as
// for an emscripten guest), the component's imports are wasig:signals on
// that core plus stdio-only WASI (wasi.ts), and jco's transpiled JavaScript
// instantiates the component synchronously with them and runs wasi:cli/run.
// Portable: the platform brings module loading, time and output.
import { Core, type CoreExports } from '../core/core.js';
import { GuestKilled, WasmException, type GuestHost, type WorkerPlatform } from '../guest/guest-host.js';
import { GuestError } from '../guest/wasm-info.js';
import { ComponentSignals, Waitable, type Delivery, type PtimerExports } from './signals.js';
import { ComponentExit, componentClocks, componentImports } from './wasi.js';

/** Runs the component; returns its exit status. */
export async function runComponent(pf: WorkerPlatform, host: GuestHost): Promise<number> {
  const s = pf.start;
  const c = s.component;
  if (!c) throw new GuestError('a component needs its transpiled form: start it with spawn()');
  // The module of the process's state (wasm/component-host.wasm): the core
  // and the POSIX timers, whose clocks are the component's own.
  const clocks = componentClocks();
  let memory: WebAssembly.Memory | null = null;
  const instance = new WebAssembly.Instance(c.signalCore, {
    env: { wasig_now_js: (w: number) => pf.now(w) },
    wasi_snapshot_preview1: {
      clock_time_get: (id: number, _precision: bigint, at: number) => {
        const ns = id === 0 ? clocks.wallNs() : id === 1 ? clocks.monotonicNs() : BigInt(Math.round(pf.now(2) * 1000));
        new DataView(memory!.buffer).setBigUint64(at, ns, true);
        return 0;
      },
    },
  });
  const x = instance.exports as unknown as CoreExports & PtimerExports;
  memory = x.memory;
  host.memory = () => x.memory;
  let core: Core | null = null;
  host.ready(() => x.wasig_layout(), (pid, uid) => {
    core = new Core('wasi', x);
    return x.wasig_component_proc(pid, uid);
  }, false);
  const signals = new ComponentSignals(core!, host.proc, host, (w) => pf.now(w), x);
  const imports = componentImports(pf, host, signals, clocks);
  const js = await pf.importModule(c.url);
  let exports: Record<string, any>;
  try {
    exports = js.instantiate((name: string) => {
      const m = c.cores[name];
      if (!m) throw new GuestError(`the transpiled component asks for a core module ${name} it was not given`);
      return m;
    }, imports);
  } catch (e) {
    throw unwrap(e);
  }
  const run = exports.run?.run ?? exports['wasi:cli/run@0.2.12']?.run;
  const handle = exports.handler?.handle ?? exports['wasig:signals/handler@0.1.0']?.handle;
  if (typeof run !== 'function' && typeof handle !== 'function') {
    throw new GuestError('the component exports neither wasi:cli/run nor wasig:signals/handler: build a command (wasig cc --component) or a reactor (with -mexec-model=reactor)');
  }
  try {
    if (typeof run === 'function') run();
    else react(signals, handle);
    return 0;
  } catch (e) {
    const u = unwrap(e);
    if (u instanceof ComponentExit) return u.code;
    // run returned its error case: a command that failed.
    if (u && typeof u === 'object' && 'payload' in u && !(u instanceof GuestKilled)) return 1;
    throw u;
  }
}

const SIGSEGV = 11;
/** Why a reactor ends when a jump leaves its handler (docs/wit.md). */
const REACTOR_JUMP = 'a longjmp out of the reactor\'s signal handler (wasig:signals/handler.handle) to a jmp_buf whose '
  + 'function has returned: the host calls the handler while the component is idle, so no frame of it is below the handler '
  + 'to take the jump; jump only within the handler, or build a command (no -mexec-model=reactor) whose main calls sigsetjmp';

/** A reactor: the host calls its exported handler for each signal it
 *  catches, one at a time, and restores the mask after each (sigreturn).
 *  Nothing else of it runs, so it is idle whenever a signal comes; it ends
 *  by a default action or an exit from a handler. */
function react(signals: ComponentSignals, handle: (d: Delivery) => void): never {
  const deliverable = new (class extends Waitable { ready() { return signals.hasDeliverable(); } })();
  for (;;) {
    const d = signals.takeDeliverable();
    if (!d) { signals.poll([deliverable]); continue; }
    try {
      handle(d);
    } catch (e) {
      // A jump within the handler (to a sigsetjmp of this same call) never
      // gets here: a frame of the call took it. Any other buffer's frame
      // returned before the call began, as a command's would after its
      // function returned: SIGSEGV, as there (worker-main.ts).
      if (WasmException && unwrap(e) instanceof WasmException) throw new GuestKilled(SIGSEGV, REACTOR_JUMP);
      throw e;
    }
    signals.control.sigprocmask('set-mask', d.restoreMask);
  }
}

/** jco may wrap what an import threw (ComponentError, cause). */
function unwrap(e: unknown): unknown {
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    if (e instanceof GuestKilled || e instanceof ComponentExit || e instanceof WebAssembly.RuntimeError) return e;
    const cause = (e as { cause?: unknown }).cause;
    if (cause === undefined) break;
    e = cause;
  }
  return e;
}
