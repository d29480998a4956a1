// Latency of an OS signal into receiver processes: each receiver prints
// "up" when started, "ready" when told "go", and the CLOCK_MONOTONIC time
// its handler ran for the SIGUSR1 that this process then sends with kill(2).
// Receivers take turns in a shuffled order after a warm-up, so that every
// one sees the same machine; only the one being measured is told to get
// ready (busy receivers spin then).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { jitter, now, shuffle } from './stats.mjs';

function start(cmd, args) {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = [], waiting = [];
  createInterface({ input: child.stdout }).on('line', (l) => (waiting.length ? waiting.shift()(l) : lines.push(l)));
  const next = () => (lines.length ? Promise.resolve(lines.shift()) : new Promise((r) => waiting.push(r)));
  return { child, next };
}

/** receivers: { name: [cmd, args, …] }. Returns { name: [us, …] }. */
export async function signalLatency(receivers, samples) {
  const rs = {};
  for (const [k, [cmd, args]] of Object.entries(receivers)) {
    rs[k] = start(cmd, args);
    if ((await rs[k].next()) !== 'up') throw new Error(`receiver ${k} did not start`);
  }
  const lat = Object.fromEntries(Object.keys(rs).map((k) => [k, []]));
  const one = async (k) => {
    const r = rs[k];
    r.child.stdin.write('go\n');
    if ((await r.next()) !== 'ready') throw new Error(`receiver ${k}: protocol`);
    await jitter(2, 5);
    const t0 = now();
    process.kill(r.child.pid, 'SIGUSR1');
    const line = await r.next();
    const t1 = Number(line);
    if (!Number.isFinite(t1)) throw new Error(`receiver ${k}: ${line}`);
    return t1 - t0;
  };
  const names = Object.keys(rs);
  try {
    for (let w = 0; w < 10; w++) for (const k of names) await one(k);
    for (let i = 0; i < samples; i++) for (const k of shuffle([...names])) lat[k].push((await one(k)) / 1e3);
  } finally {
    for (const r of Object.values(rs)) r.child.kill('SIGKILL');
  }
  return lat;
}
