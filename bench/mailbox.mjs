// 3 (core part). Main thread -> wasm loop in a worker: the host posts a
// signal into the core's mailbox in shared memory (the protocol of
// wasig_core.h: lock, append to the ring, unlock, set `tripped`, bump and
// notify `wake`) and the loop's safe point runs a C handler. Against
// Pyodide's interrupt buffer, when the pyodide package can be found.
// Samples alternate between the workers; only one spins at a time.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { SIGUSR1 } from '../dist/index.node.js';
import { startGuest } from './lib/guest.mjs';
import { jitter, now, row, shuffle, summary, quantile } from './lib/stats.mjs';

const SAMPLES = Number(process.env.BENCH_MB_SAMPLES ?? 300);
const LOST_MS = 1500; // no handler this long after the write: the signal was lost

export function findPyodide() {
  const env = process.env.WASIG_BENCH_PYODIDE;
  if (env && existsSync(`${env}/pyodide.asm.wasm`)) return env;
  // The project's own (a devDependency, which spawnPython's tests use too).
  try { return dirname(createRequire(import.meta.url).resolve('pyodide/package.json')); } catch { return null; }
}

function messages(w) {
  const queue = [], waiting = [];
  w.on('message', (m) => (waiting.length ? waiting.shift()(m) : queue.push(m)));
  w.on('error', (e) => { throw e; });
  // A message, or { timeout: true } after ms.
  // (The timer is cleared on an answer: left running, 60 s timers kept the
  // process alive for a minute after the bench.)
  return (ms = 60000) => (queue.length ? Promise.resolve(queue.shift()) : new Promise((resolve) => {
    const timer = setTimeout(() => { const i = waiting.indexOf(r); if (i >= 0) { waiting.splice(i, 1); resolve({ timeout: true }); } }, ms);
    const r = (v) => { clearTimeout(timer); resolve(v); };
    waiting.push(r);
  }));
}

function poster({ memory, p, layout }) {
  const i32 = new Int32Array(memory.buffer);
  const at = (name) => (p + layout[name]) >> 2;
  const [tripped, wake, lock, head] = ['mb.tripped', 'mb.wake', 'mb.lock', 'mb.head'].map(at);
  const ring = p + layout['mb.ring'], size = layout['info.size'], max = layout['ring.max'];
  return (sig, value) => {
    while (Atomics.compareExchange(i32, lock, 0, 1) !== 0);
    const h = Atomics.load(i32, head) >>> 0;
    const rec = (ring + (h % max) * size) >> 2;
    i32.fill(0, rec, rec + (size >> 2));
    i32[rec + (layout['info.signo'] >> 2)] = sig;
    i32[rec + (layout['info.code'] >> 2)] = layout.SI_QUEUE;
    i32[rec + (layout['info.value'] >> 2)] = value;
    Atomics.store(i32, head, h + 1);
    Atomics.store(i32, lock, 0);
    Atomics.store(i32, tripped, 1);
    Atomics.add(i32, wake, 1);
    Atomics.notify(i32, wake);
  };
}

export async function measure() {
  const lw = new Worker(new URL('./workers/loop-worker.mjs', import.meta.url));
  const lnext = messages(lw);
  const post = poster(await lnext());
  const subjects = {
    spin: { lat: [], run: async (i) => { lw.postMessage({ cmd: 'spin' }); await lnext(); await jitter(2, 4); const t0 = now(); post(10, i); const m = await lnext(LOST_MS); if (m.timeout || m.value !== i) throw new Error(`mailbox: signal ${i} lost or wrong (${JSON.stringify(m)})`); return Number(m.t1) - t0; } },
    wait: { lat: [], run: async (i) => { lw.postMessage({ cmd: 'wait' }); await lnext(); await jitter(2, 4); const t0 = now(); post(10, i); const m = await lnext(LOST_MS); if (m.timeout || m.value !== i) throw new Error(`mailbox: signal ${i} lost or wrong (${JSON.stringify(m)})`); return Number(m.t1) - t0; } },
  };
  // The floor: a plain JS worker spinning on / blocked in Atomics.wait on a word.
  const fsab = new SharedArrayBuffer(4), fa = new Int32Array(fsab);
  const fw = new Worker(new URL('./workers/floor-worker.mjs', import.meta.url), { workerData: { sab: fsab } });
  const fnext = messages(fw);
  for (const cmd of ['spin', 'wait']) {
    subjects[`floor-${cmd}`] = { lat: [], run: async () => {
      fw.postMessage({ cmd }); await fnext(); await jitter(2, 4);
      const t0 = now(); Atomics.store(fa, 0, 1); Atomics.notify(fa, 0);
      const m = await fnext(LOST_MS);
      if (m.timeout) throw new Error('floor worker: no answer');
      return Number(m.t1) - t0;
    } };
  }
  // Guests spawned with ts/guest's spawn() (bench/c/guest.c): guest.kill()
  // from this thread -> the C handler (busy) or sigtimedwait's return (blocked).
  const guests = [];
  for (const flavor of ['wasi', 'emscripten']) {
    for (const mode of ['busy', 'wait']) {
      const { g, next } = startGuest(flavor, [mode]);
      guests.push(g);
      const up = await next(20000);
      if (up !== 'up') throw new Error(`guest ${flavor} ${mode} did not start: ${JSON.stringify(up)}`);
      subjects[`guest-${mode}-${flavor}`] = { lat: [], run: async () => {
        g.stdin.write('go\n');
        const ready = await next(LOST_MS);
        if (ready !== 'ready') throw new Error(`guest ${flavor} ${mode}: ${JSON.stringify(ready)}`);
        await jitter(2, 4);
        const t0 = now();
        g.kill(SIGUSR1);
        const m = await next(LOST_MS);
        const t1 = Number(m);
        if (typeof m !== 'string' || !Number.isFinite(t1)) throw new Error(`guest ${flavor} ${mode}: signal lost or wrong (${JSON.stringify(m)})`);
        return t1 - t0;
      } };
    }
  }
  let pw = null, pyInfo = null;
  const dir = findPyodide();
  if (dir) {
    const sab = new SharedArrayBuffer(4);
    const ib = new Int32Array(sab);
    pw = new Worker(new URL('./workers/pyodide-worker.mjs', import.meta.url), { workerData: { dir, sab } });
    const pnext = messages(pw);
    pyInfo = { dir, ...(await pnext()) };
    // Pyodide sometimes consumes the buffer (it reads 0 again) and keeps
    // spinning with no KeyboardInterrupt: such a sample is counted as lost,
    // and the buffer is written again until the loop stops.
    subjects.pyodide = { lat: [], lost: 0, run: async () => {
      pw.postMessage({}); await pnext(); await jitter(2, 4);
      const t0 = now(); Atomics.store(ib, 0, 2);
      let m = await pnext(LOST_MS);
      if (!m.timeout) return Number(m.t1) - t0;
      subjects.pyodide.lost++;
      while (m.timeout) { Atomics.store(ib, 0, 2); m = await pnext(LOST_MS); }
      return null;
    } };
  }
  const names = Object.keys(subjects);
  for (let w = 0; w < 20; w++) for (const s of names) await subjects[s].run(-1 - w);
  if (subjects.pyodide) subjects.pyodide.lost = 0;
  for (let i = 0; i < SAMPLES; i++) for (const s of shuffle([...names])) { const v = await subjects[s].run(i); if (v !== null) subjects[s].lat.push(v); }
  await lw.terminate();
  for (const g of guests) g.kill('SIGKILL');
  await fw.terminate();
  if (pw) await pw.terminate();
  return { lat: Object.fromEntries(names.map((s) => [s, subjects[s].lat])), pyInfo: pyInfo && { ...pyInfo, lost: subjects.pyodide.lost, sent: SAMPLES } };
}

export function rows({ lat, pyInfo }) {
  const us = (xs) => xs.map((x) => x / 1e3);
  const out = [];
  const ratio = (a, b) => {
    // per-sample pairs are not matched in time; compare medians and p99s
    return { median: quantile(a, 0.5) / quantile(b, 0.5), p99: quantile(a, 0.99) / quantile(b, 0.99), of: 'this/peer' };
  };
  const g = '3. main thread -> wasm loop in a worker (Node)';
  for (const [k, name] of [['spin', 'core in shared memory, busy loop (inline safe point), C handler'], ['wait', 'core in shared memory, blocked in Atomics.wait on the wake word, C handler']]) {
    const r = pyInfo && lat.pyodide ? ratio(lat[k], lat.pyodide) : null;
    out.push(row({
      id: `mailbox.${k}`, group: g, name, unit: 'us', ...summary(us(lat[k])),
      peer: r ? 'mailbox.pyodide' : null, ratio: r,
      goal: r ? { text: '<= 0.5x Pyodide', op: '<=', value: 0.5, met: r.median <= 0.5 } : null,
      note: 'bench harness (bench/c/loop.c), not ts/guest: the mechanism a guest uses',
    }));
  }
  for (const [k, name] of [['floor-spin', 'floor: plain JS worker spinning on a SharedArrayBuffer word (no wasm, no signals)'], ['floor-wait', 'floor: plain JS worker blocked in Atomics.wait, woken by Atomics.notify (no wasm, no signals)']]) {
    const r = pyInfo && lat.pyodide ? ratio(lat[k], lat.pyodide) : null;
    out.push(row({ id: `mailbox.${k}`, group: g, name, unit: 'us', ...summary(us(lat[k])), peer: r ? 'mailbox.pyodide' : null, ratio: r,
      note: 'what any design pays at least on this machine: one store seen by a spinning thread, or one futex wake-up of a blocked one' }));
  }
  for (const [k, name] of [
    ['guest-busy-wasi', 'wasig guest (wasi, spawn()) busy: `while (!got) wasig_poll();`, guest.kill() -> C handler'],
    ['guest-wait-wasi', 'wasig guest (wasi, spawn()) blocked in sigtimedwait, guest.kill() -> return'],
    ['guest-busy-emscripten', 'wasig guest (emscripten, spawn()) busy: `while (!got) wasig_poll();`, guest.kill() -> C handler'],
    ['guest-wait-emscripten', 'wasig guest (emscripten, spawn()) blocked in sigtimedwait, guest.kill() -> return'],
  ]) {
    const r = pyInfo && lat.pyodide ? ratio(lat[k], lat.pyodide) : null;
    out.push(row({
      id: `guest.${k}`, group: g, name, unit: 'us', ...summary(us(lat[k])),
      peer: r ? 'mailbox.pyodide' : null, ratio: r,
      goal: r ? { text: '<= 0.5x Pyodide', op: '<=', value: 0.5, met: r.median <= 0.5 } : null,
      note: 'bench/c/guest.c built by `wasig cc` (default flags), spawned with ts/guest spawn(); t1 taken in the guest (CLOCK_MONOTONIC)',
    }));
  }
  if (lat.pyodide) {
    out.push(row({ id: 'mailbox.pyodide', group: g, name: 'Pyodide interrupt buffer, `while True: pass` -> KeyboardInterrupt', unit: 'us', ...summary(us(lat.pyodide)), note: `pyodide ${pyInfo.version ?? ''} from ${pyInfo.dir}; loadPyodide took ${pyInfo.loadMs.toFixed(0)} ms; ${pyInfo.lost} of ${pyInfo.sent} interrupts lost (buffer consumed, no KeyboardInterrupt within ${LOST_MS} ms; written again)` }));
  } else {
    out.push(row({ id: 'mailbox.pyodide', group: g, name: 'Pyodide interrupt buffer, `while True: pass` -> KeyboardInterrupt', unit: 'us', status: 'not measured yet', note: 'pyodide not found: `npm install` installs it (a devDependency), or set WASIG_BENCH_PYODIDE to its folder' }));
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(rows(await measure())));
}
