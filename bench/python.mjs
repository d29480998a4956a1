// 10. Python programs: wasig+Pyodide (spawnPython) against plain
// Pyodide in a worker (its interrupt buffer written by the app) and native
// python3, all in the same run and with the same Python code:
// - latency: an outside SIGUSR1 into `while True: pass` to the line the
//   handler prints reaching the host (the same path for the three), samples
//   interleaved; a signal with no line within LOST_MS is lost (plain
//   Pyodide: then written again);
// - storm: STORM SIGUSR1 sent at once, handler calls counted (plain Pyodide:
//   the app writes the next one as soon as the buffer reads 0; native
//   python3: Linux merges pending standard signals, by design);
// - setitimer(ITIMER_REAL, 20 ms) in a busy loop: how late the handler runs
//   (plain Pyodide has no setitimer that fires while Python computes);
// - Python's own speed, a pyperformance-style loop, with and without wasig.
// `node bench/python.mjs` prints the rows alone.
import { spawn as spawnNative } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { createRuntime, spawnPython } from '../dist/index.node.js';
import { findPyodide } from './mailbox.mjs';
import { jitter, now, row, shuffle, summary } from './lib/stats.mjs';

const SAMPLES = Number(process.env.BENCH_PY_SAMPLES ?? 100);
const STORM = Number(process.env.BENCH_PY_STORM ?? 1000);
const LOST_MS = 1500;
const SILENT_MS = 10_000;
const G = '10. Python (Pyodide)';

const HANDLER = `import signal, sys
n = 0
def h(signum, frame):
    global n
    n += 1
    print("h", n, flush=True)
signal.signal(signal.SIGUSR1, h)
print("ready", flush=True)
while True:
    pass
`;
const TIMER = `import signal, time
late = []
def h(signum, frame):
    late.append(time.perf_counter() - t0 - 0.02)
signal.signal(signal.SIGALRM, h)
for i in range(30):
    t0 = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, 0.02)
    k = len(late)
    while len(late) == k:
        pass
late.sort()
print("late", late[len(late) // 2] * 1e6, late[-1] * 1e6, flush=True)
`;
const LOOP = `import time
def run(n):
    x = 0
    for i in range(n):
        x = (x * 31 + i) % 1000003
    return x
run(100000)
best = None
for _ in range(5):
    t = time.perf_counter(); run(300000); d = time.perf_counter() - t
    best = d if best is None or d < best else best
print("loop", best / 300000 * 1e9, flush=True)
`;

/** Lines from a subject, awaited one at a time, with a timeout. */
function lines() {
  const q = [], waiters = [];
  return {
    push(line, t1 = now()) { const w = waiters.shift(); if (w) w({ line, t1 }); else q.push({ line, t1 }); },
    next(ms = LOST_MS) {
      if (q.length) return Promise.resolve(q.shift());
      return new Promise((res) => {
        const w = (v) => { clearTimeout(t); res(v); };
        const t = setTimeout(() => { waiters.splice(waiters.indexOf(w), 1); res({ timeout: true }); }, ms);
        waiters.push(w);
      });
    },
    drain() { q.length = 0; },
  };
}

function wasig(rt, code) {
  const p = spawnPython({ code, stdio: 'pipe' });
  const l = lines();
  let buf = '';
  p.on('stdout', (d) => { const t1 = now(); buf += Buffer.from(d).toString(); let i; while ((i = buf.indexOf('\n')) >= 0) { l.push(buf.slice(0, i), t1); buf = buf.slice(i + 1); } });
  // A program that ended by itself (the timer and loop ones) is not killed.
  return { l, send: () => rt.os.kill(p.pid, 'SIGUSR1'), end: () => { if (!p.exitStatus) p.kill('SIGKILL'); } };
}

function plain(dir, code, withBuffer) {
  const sab = withBuffer ? new SharedArrayBuffer(4) : null;
  const ib = sab && new Int32Array(sab);
  const w = new Worker(new URL('./workers/pyodide-plain.mjs', import.meta.url), { workerData: { dir, code, sab } });
  const l = lines();
  w.on('message', (m) => { if (m.error) l.push(`error ${m.error}`); else l.push(m.line, Number(m.t1)); });
  return { l, ib, send: () => Atomics.store(ib, 0, 10), end: () => w.terminate() };
}

function native(code) {
  const c = spawnNative('python3', ['-c', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const l = lines();
  let buf = '';
  c.stdout.on('data', (d) => { const t1 = now(); buf += d; let i; while ((i = buf.indexOf('\n')) >= 0) { l.push(buf.slice(0, i), t1); buf = buf.slice(i + 1); } });
  return { l, send: () => c.kill('SIGUSR1'), end: () => c.kill('SIGKILL') };
}

async function expectLine(s, re, ms, what) {
  const m = await s.l.next(ms);
  if (m.timeout || !re.test(m.line)) throw new Error(`${what}: ${JSON.stringify(m)}`);
  return m;
}

export async function measure() {
  const dir = findPyodide();
  if (!dir) return null;
  const rt = await createRuntime();
  const subjects = { wasig: wasig(rt, HANDLER), pyodide: plain(dir, HANDLER, true), python3: native(HANDLER) };
  for (const [k, s] of Object.entries(subjects)) await expectLine(s, /^ready$/, 240_000, `${k} ready`);
  const lat = { wasig: [], pyodide: [], python3: [] }, lost = { wasig: 0, pyodide: 0, python3: 0 };
  for (let i = -10; i < SAMPLES; i++) {
    for (const k of shuffle(Object.keys(subjects))) {
      const s = subjects[k];
      await jitter(2, 4);
      const t0 = now();
      s.send();
      let m = await s.l.next();
      if (m.timeout) {
        if (i >= 0) lost[k]++;
        while (m.timeout) { s.send(); m = await s.l.next(); }
      } else if (i >= 0) lat[k].push((m.t1 - t0) / 1e3);
      s.l.drain();
    }
  }
  // The storm: STORM at once, then the count of handler calls.
  const storm = {};
  for (const [k, s] of Object.entries(subjects)) {
    await new Promise((r) => setTimeout(r, 200));
    s.l.drain();
    let got = 0;
    const t0 = now();
    if (k === 'pyodide') {
      for (let i = 0; i < STORM; i++) {
        // The app waits (up to 200 ms) for Pyodide to take the last one.
        const until = now() + 2e8;
        while (Atomics.load(s.ib, 0) !== 0 && now() < until) await new Promise((res) => setImmediate(res));
        s.send();
      }
    } else {
      for (let i = 0; i < STORM; i++) s.send();
    }
    // Counted until SILENT_MS pass without a handler line: on a loaded
    // machine a worker can be kept off the CPU for seconds.
    for (;;) { const m = await s.l.next(SILENT_MS); if (m.timeout) break; got++; }
    storm[k] = { got, ms: (now() - t0) / 1e6 - SILENT_MS };
    s.end();
  }
  // setitimer in a busy loop, and the loop's speed.
  const once = async (s, re) => { const m = await expectLine(s, re, 240_000, String(re)); s.end(); return m.line.split(' ').slice(1).map(Number); };
  const timer = { wasig: await once(wasig(rt, TIMER), /^late /), python3: await once(native(TIMER), /^late /) };
  const loop = {
    wasig: await once(wasig(rt, LOOP), /^loop /), pyodide: await once(plain(dir, LOOP, false), /^loop /),
    python3: await once(native(LOOP), /^loop /),
  };
  rt.close();
  return { lat, lost, storm, timer, loop };
}

export function rows(r) {
  if (!r) {
    return [row({ id: 'python.wasig', group: G, name: 'Python rows', unit: '', status: 'not measured yet', note: 'pyodide not found: `make bench` installs it' })];
  }
  const out = [];
  const ratio = (a, b) => ({ median: a.median / b.median, p99: a.p99 / b.p99, of: 'this/peer' });
  const s = Object.fromEntries(Object.entries(r.lat).map(([k, v]) => [k, summary(v)]));
  const names = { wasig: 'wasig+Pyodide (spawnPython, kill())', pyodide: 'plain Pyodide (interrupt buffer written by the app)', python3: 'native python3 (kill(2))' };
  for (const k of ['wasig', 'pyodide', 'python3']) {
    out.push(row({
      id: `python.latency.${k}`, group: G, name: `outside SIGUSR1 -> handler's line at the host, busy loop: ${names[k]}`, unit: 'us', ...s[k],
      peer: k === 'wasig' ? 'python.latency.pyodide' : null, ratio: k === 'wasig' ? ratio(s.wasig, s.pyodide) : null,
      note: `${r.lost[k]} of ${s[k].samples + r.lost[k]} lost`,
    }));
  }
  for (const k of ['wasig', 'pyodide', 'python3']) {
    out.push(row({
      id: `python.storm.${k}`, group: G, name: `${STORM} SIGUSR1 at once -> handler calls: ${names[k]}`, unit: 'calls', median: r.storm[k].got, samples: 1,
      note: `${STORM - r.storm[k].got} lost${k === 'python3' ? ' (Linux merges pending standard signals)' : ''}; drained in ${r.storm[k].ms.toFixed(0)} ms`,
    }));
  }
  out.push(row({ id: 'python.itimer.wasig', group: G, name: 'setitimer(ITIMER_REAL, 20 ms) in a busy loop: handler late by (wasig+Pyodide)', unit: 'us', median: r.timer.wasig[0], p99: r.timer.wasig[1], samples: 30, peer: 'python.itimer.python3', ratio: { median: r.timer.wasig[0] / r.timer.python3[0], p99: r.timer.wasig[1] / r.timer.python3[1], of: 'this/peer' }, note: 'p99 column: the worst of 30; plain Pyodide has no setitimer that fires while Python computes' }));
  out.push(row({ id: 'python.itimer.python3', group: G, name: 'setitimer(ITIMER_REAL, 20 ms) in a busy loop: handler late by (native python3)', unit: 'us', median: r.timer.python3[0], p99: r.timer.python3[1], samples: 30, note: 'p99 column: the worst of 30' }));
  out.push(row({ id: 'python.loop.wasig', group: G, name: 'Python loop `x = (x*31 + i) % 1000003` with wasig attached', unit: 'ns/iter', median: r.loop.wasig[0], samples: 5, peer: 'python.loop.pyodide', ratio: { median: r.loop.wasig[0] / r.loop.pyodide[0], p99: null, of: 'this/peer' }, goal: { text: '<= 1.1x plain Pyodide', op: '<=', value: 1.1, met: r.loop.wasig[0] / r.loop.pyodide[0] <= 1.1 }, note: 'best of 5 runs of 300,000 iterations' }));
  out.push(row({ id: 'python.loop.pyodide', group: G, name: 'the same loop, plain Pyodide (no interrupt buffer)', unit: 'ns/iter', median: r.loop.pyodide[0], samples: 5, note: 'best of 5' }));
  out.push(row({ id: 'python.loop.python3', group: G, name: 'the same loop, native python3', unit: 'ns/iter', median: r.loop.python3[0], samples: 5, note: 'best of 5' }));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rs = rows(await measure());
  for (const x of rs) console.log([x.name, x.median?.toFixed?.(1), x.p99?.toFixed?.(1), x.unit, x.ratio ? `${x.ratio.median.toFixed(3)}x` : '', x.note].join(' | '));
  process.exit(0);
}
