// A strict browser project (a bundler's resolution, lib.dom, no @types/node):
// the package's browser types compile, and misuse is a type error.
import { createRuntime, spawn, sharedDelivery, FallbackGuestProcess, SIGUSR1, type GuestExit } from 'wasig';

const isolated: boolean = sharedDelivery();
void isolated;
const rt = await createRuntime({ wasm: new URL('/core-wasi.wasm', location.href) });
await createRuntime({ flavor: 'emscripten', wasm: fetch('/core-emscripten-web.wasm') });
await createRuntime({ wasm: new Uint8Array(8) });
await createRuntime({ wasm: await WebAssembly.compile(new Uint8Array(8)) });
// @ts-expect-error not a source of wasm (lib.dom's WebAssembly.Module is an
// empty interface, so any object would pass as one; null does not)
await createRuntime({ wasm: null });
// @ts-expect-error bindOsSignals exists, flavor 'node' does not
await createRuntime({ flavor: 'node' });
rt.signal(SIGUSR1, () => {});
rt.raiseSignal('SIGUSR1');
// @ts-expect-error not a signal name
rt.raiseSignal('SIGUSR3');

const g = spawn('/prog.wasm', { workerUrl: new URL('./wasig-worker.js', import.meta.url), fallbackWorkerUrl: '/fb.js' });
if (g instanceof FallbackGuestProcess) { const d: 'relay' | 'none' | null = g.delivery; void d; }
g.on('exit', (s: GuestExit) => { void s; });
g.kill('SIGINT');
// @ts-expect-error not a spawn option
spawn('/prog.wasm', { workerURL: '/w.js' });
g[Symbol.dispose]();

// wasig/relay is server code: in a browser project its createRelay never returns.
import { createRelay, RELAY_PATH } from 'wasig/relay';
const noRelay = (): never => createRelay({ maxQueue: 1 });
void noRelay; void RELAY_PATH;
