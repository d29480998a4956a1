// 6. Storm: realtime signals from the host into a guest that drains them.
// The guest is bench/c/guest.c (`wasig cc`, spawned with ts/guest spawn()) in
// "storm" mode: SIGRTMIN blocked and taken with sigwaitinfo (or, the second
// variant, an SA_SIGINFO handler in a wasig_poll() loop). The host sends
// SIGRTMIN with si_code SI_QUEUE and si_value 0, 1, 2, … (what sigqueue()
// sends) through GuestProcess.receive() — the entry the process table uses
// for kill/sigqueue between emulated processes — and, when the guest's
// mailbox is full (BlockingIOError, EAGAIN to a sender), retries the same
// value until it fits. The guest checks every value: none lost, none
// reordered, none with a wrong signal or code.
import { BlockingIOError, SIGRTMIN, SI_QUEUE } from '../dist/index.node.js';
import { startGuest } from './lib/guest.mjs';
import { now, row } from './lib/stats.mjs';

const N = Number(process.env.BENCH_STORM_N ?? 1_000_000);
// The handler variant is slower per signal (see bench/notes.md): it is
// run with fewer signals so that the bench stays short. Nothing is
// extrapolated: the row says how many were sent.
const N_HANDLER = Number(process.env.BENCH_STORM_N_HANDLER ?? 200_000);
const CAP_MS = 60_000;
const CHUNK = 10_000;

async function one(flavor, mode, n) {
  const { g, next } = startGuest(flavor, ['storm', String(n), ...(mode === 'handler' ? ['handler'] : [])]);
  const ready = await next(20_000);
  if (ready !== 'ready') throw new Error(`storm guest ${flavor}: ${JSON.stringify(ready)}`);
  await g.ready;
  const uid = process.getuid?.() ?? 0;
  let retries = 0;
  const chunks = [];
  const t0 = now();
  let tc = t0;
  for (let i = 0; i < n; i++) {
    for (;;) {
      try {
        g.receive(SIGRTMIN, SI_QUEUE, 1, uid, i);
        break;
      } catch (e) {
        if (!(e instanceof BlockingIOError)) throw e;
        retries++;
        if ((retries & 0xffff) === 0 && now() - t0 > CAP_MS * 1e6) {
          g.kill('SIGKILL');
          throw new Error(`storm ${flavor} ${mode}: ${i} of ${n} sent after ${CAP_MS / 1000} s: stopped (lower BENCH_STORM_N)`);
        }
      }
    }
    if ((i + 1) % CHUNK === 0) { const t = now(); chunks.push(CHUNK / ((t - tc) / 1e9)); tc = t; }
  }
  const tSent = now();
  const line = await next(CAP_MS);
  const tEnd = now();
  const st = await g.exited;
  const m = typeof line === 'string' && /^storm n=(\d+) last=(-?\d+) lost=(\d+) reordered=(\d+) bad=(\d+) ns=(\d+)/.exec(line);
  if (!m) throw new Error(`storm ${flavor} ${mode}: ${JSON.stringify(line)} ${JSON.stringify(st)} ${g.stderr}`);
  const [received, last, lost, reordered, bad, drainNs] = m.slice(1).map(Number);
  chunks.sort((a, b) => a - b);
  return {
    flavor, mode, n, received, last, lost, reordered, bad, retries, exit: st,
    sendMs: (tSent - t0) / 1e6, totalMs: (tEnd - t0) / 1e6, drainMs: drainNs / 1e6,
    rate: n / ((tEnd - t0) / 1e9), slowestChunk: chunks[0] ?? null, medianChunk: chunks[chunks.length >> 1] ?? null,
  };
}

// Each variant runs REPEAT times, alternating flavors (the rate varies by
// several times between runs on a shared machine): the row gives the median
// run, the p99 column the slowest run.
const REPEAT = Number(process.env.BENCH_STORM_REPEAT ?? 3);

export async function measure() {
  const runs = {};
  for (let i = 0; i < REPEAT; i++) {
    for (const [mode, n] of [['sigwaitinfo', N], ['handler', N_HANDLER]]) {
      for (const flavor of ['wasi', 'emscripten']) (runs[`${flavor}.${mode}`] ??= []).push(await one(flavor, mode, n));
    }
  }
  return Object.values(runs).map((rs) => {
    const sorted = [...rs].sort((a, b) => a.rate - b.rate);
    return { ...sorted[sorted.length >> 1], all: rs };
  });
}

export function rows(runs) {
  const g = '6. storm: realtime signals host -> guest';
  return runs.map((r) => {
    const good = (x) => x.received === x.n && x.last === x.n - 1 && !x.lost && !x.reordered && !x.bad && x.exit.code === 0;
    const ok = r.all.every(good);
    const rates = r.all.map((x) => x.rate);
    const how = r.mode === 'sigwaitinfo' ? 'drained by sigwaitinfo' : 'drained by an SA_SIGINFO handler in a wasig_poll() loop';
    return row({
      id: `storm.${r.flavor}.${r.mode}`, group: g,
      name: `${r.n.toLocaleString('en-US')} SIGRTMIN (si_value 0..n-1) into a ${r.flavor} guest, ${how}, x${r.all.length}: ${ok ? 'none lost or reordered' : 'LOST OR REORDERED'}`,
      unit: 'signals/s', median: r.rate, p99: Math.min(...rates), samples: r.all.length, status: ok ? 'measured' : 'failed',
      note: `${r.all.length} runs of ${r.n} signals: rates ${rates.map((x) => x.toFixed(0)).join(', ')} /s (median column: the median run; p99 column: the slowest run); ` +
        `every run: lost ${r.all.map((x) => x.lost).join('/')}, reordered ${r.all.map((x) => x.reordered).join('/')}, wrong signal/code ${r.all.map((x) => x.bad).join('/')}, received ${r.all.map((x) => x.received).join('/')}. Median run: ` +
        `${(r.totalMs / 1000).toFixed(2)} s end to end (sender done at ${(r.sendMs / 1000).toFixed(2)} s; guest drain ${(r.drainMs / 1000).toFixed(2)} s); ` +
        `${r.retries} retries on a full mailbox (BlockingIOError/EAGAIN); per ${CHUNK.toLocaleString('en-US')} signals: median ${r.medianChunk?.toFixed(0)}/s, slowest ${r.slowestChunk?.toFixed(0)}/s`,
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(rows(await measure())));
}
