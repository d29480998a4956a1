// `make demo`: first the runtime demo (Python's signal API on real OS
// signals), then C programs built with `wasig cc` running under `wasig run`,
// receiving real signals sent with kill(2) — on both wasm targets.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const r = spawnSync('node', ['examples/runtime-demo.mjs'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exitCode = r.status ?? 1;

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

async function show(title, target, example, args, script, input) {
  // An emscripten program runs by its loader (.mjs), the host JavaScript it trusts.
  const prog = `build/examples/${target}/${example}.${target === 'emscripten' ? 'mjs' : 'wasm'}`;
  console.log(`\n=== ${title} [${target}]: wasig run ${prog} ${args.join(' ')}`);
  const child = spawn('node', ['bin/wasig.js', 'run', prog, ...args],
    { cwd: root, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; process.stdout.write(`  | ${String(d).replace(/\n(?=.)/g, '\n  | ')}`); });
  const done = new Promise((res) => child.on('close', (code, signal) => res({ code, signal })));
  const until = async (text) => { for (let i = 0; i < 500 && !out.includes(text); i++) await sleep(10); };
  await script({ until, send: (sig) => { console.log(`  > kill -${sig.replace('SIG', '')} ${child.pid}`); process.kill(child.pid, sig); }, child });
  const { code, signal } = await done;
  console.log(`  = ${signal ? `died of ${signal}, as the shell sees it` : `exited with status ${code}`}`);
}

await show('graceful shutdown on SIGTERM', 'wasi', 'graceful', [], async ({ until, send }) => {
  await until('job 3 done');
  send('SIGTERM');
});
await show('Ctrl+C on a computation that reports progress', 'emscripten', 'progress', [], async ({ until, send }) => {
  await until('counting primes');
  await sleep(300);
  send('SIGUSR1');
  await until('so far');
  send('SIGINT');
});
await show('an event loop on sigwaitinfo', 'wasi', 'eventloop', [], async ({ until, send }) => {
  await until('waiting for events');
  send('SIGHUP');
  await until('reloading');
  send('SIGUSR1');
  await until('user events');
  send('SIGWINCH');
  await until('window size');
  send('SIGTERM');
});
await show('an alarm() timeout on a blocking read (nobody answers)', 'emscripten', 'timeout', ['1'], async () => {}, '');
await show('an alarm() timeout on a blocking read (an answer in time)', 'wasi', 'timeout', ['3'], async ({ until, child }) => {
  await until('your name');
  console.log('  > (types) Ada');
  child.stdin.write('Ada\n');
}, 'Ada');
