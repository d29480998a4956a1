// A strict Node project without lib.dom: the package's Node types compile,
// and misuse is a type error (each @ts-expect-error must find one).
import {
  createRuntime, spawn, SIGINT, Signals, SIG_BLOCK, Sigmasks, ITIMER_REAL, ITIMER_PROF, SIG_IGN,
  type GuestExit, type SigInfo, type SignalName,
} from 'wasig';
// @ts-expect-error the browser entry's export, not Node's
import { sharedDelivery } from 'wasig';

const rt = await createRuntime({ flavor: 'emscripten', pythonDefaults: false });
rt.signal(SIGINT, () => {});
rt.signal('SIGTERM', (signum: number, frame: null) => { void signum; void frame; });
rt.signal(Signals.SIGUSR1, SIG_IGN);
// @ts-expect-error not a signal name
rt.signal('SIGFOO', () => {});
// @ts-expect-error a handler takes (signum, frame)
rt.signal(SIGINT, (a: string) => a);
rt.raiseSignal('SIGUSR1');
rt.pthreadSigmask(SIG_BLOCK, ['SIGINT', 2, Signals.SIGHUP]);
rt.pthreadSigmask(Sigmasks.SIG_SETMASK, []);
// @ts-expect-error `how` is one of Sigmasks
rt.pthreadSigmask(99, []);
rt.setitimer(ITIMER_REAL, 0.5, 0.5);
const [delay, interval]: [number, number] = rt.getitimer(ITIMER_PROF);
void delay; void interval;
// @ts-expect-error `which` is ITIMER_REAL, ITIMER_VIRTUAL or ITIMER_PROF
rt.setitimer(7, 1);
const info: SigInfo | null = await rt.sigtimedwait(['SIGUSR2'], 0, { signal: AbortSignal.timeout(10) });
void info;
// @ts-expect-error a wait's options are { signal }
await rt.sigwait([SIGINT], { timeout: 1 });
await rt.pause({ signal: new AbortController().signal }).catch(() => {});
for await (const i of rt.signalfd(['SIGUSR1'])) { const n: number = i.si_signo; void n; break; }
const name: SignalName = 'SIGRTMIN';
void name;
// @ts-expect-error a typo of bindOsSignals
await createRuntime({ bindOSSignals: true });
rt[Symbol.dispose]();
await rt[Symbol.asyncDispose]();
if (rt.exitStatus) { const s: string = rt.exitStatus.signalName; void s; }

const g = spawn('prog.wasm', { args: ['a'], stdio: 'pipe' });
g.kill('SIGTERM');
g.kill(Signals.SIGKILL);
// @ts-expect-error not a signal name
g.kill('SIGFOO');
// @ts-expect-error workerUrl is the browser's option
spawn('prog.wasm', { workerUrl: 'w.js' });
g.on('stdout', (d) => { const b: Uint8Array = d; void b; });
g.once('stop', (sig) => { const n: number = sig; void n; });
g.off('exit', () => {});
// @ts-expect-error no such event
g.on('stdot', () => {});
// @ts-expect-error stdout's listener gets bytes, not a string
g.on('stdout', (d: string) => d);
g.on('exit', (s: GuestExit) => {
  if (s.signal === null) { const c: number = s.code; void c; }
  else { const n: string = s.signalName; const c: null = s.code; void n; void c; }
});
await g[Symbol.asyncDispose]();
void sharedDelivery;

// The relay for pages without cross-origin isolation mounts in a Node server.
import { createServer } from 'node:http';
import { createRelay, RELAY_PATH, type Relay } from 'wasig/relay';
const relay: Relay = createRelay({ maxQueue: 100 });
createServer((req, res) => { if (!relay(req, res)) res.end(RELAY_PATH); }).close();
// @ts-expect-error not an option of createRelay
createRelay({ maxQueues: 100 });
