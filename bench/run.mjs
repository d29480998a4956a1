// make bench: runs every section, prints one table, and writes
// docs/benchmarks.json, docs/benchmarks.svg and docs/benchmarks.md.
// Sections run one after another, each measuring its own peers in the same
// run (interleaved or alternating), so that each ratio compares like with like.
import { writeFileSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import * as safepoint from './safepoint.mjs';
import * as oslat from './oslat.mjs';
import * as mailbox from './mailbox.mjs';
import * as throughput from './throughput.mjs';
import * as footprint from './footprint.mjs';
import { FLAVORS } from './lib/wasm.mjs';
import { row } from './lib/stats.mjs';
import { chart } from './lib/svg.mjs';

const docs = new URL('../docs/', import.meta.url);
const sh = (cmd, args) => { try { return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString().split('\n')[0].trim(); } catch { return 'n/a'; } };

function machine() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpu: `${cpus[0]?.model ?? 'unknown'} x ${cpus.length}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    node: process.version,
    python3: sh('python3', ['--version']),
    clang: sh('clang-14', ['--version']),
    emcc: sh('emcc', ['--version']),
    loadavgAtStart: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

// Guest and browser rows: the same shape, measured once ts/guest exports a
// working spawn and the browser harness exists.
function guestSpawnAvailable() {
  try {
    const src = ['ts/guest/index.ts', 'ts/guest/spawn.ts'].map((f) => new URL(`../${f}`, import.meta.url)).filter(existsSync);
    return src.some((u) => /export\s+(async\s+)?function\s+spawn|export\s*\{[^}]*\bspawn\b/.test(readFileSync(u, 'utf8')));
  } catch { return false; }
}

function pendingRows() {
  const why = guestSpawnAvailable()
    ? 'ts/guest exports spawn now, but this row is not written yet (see the notes below)'
    : 'needs a guest in a worker: ts/guest/ has no working spawn yet, and c-src/libc/ no build (another engineer is writing them)';
  const R = (id, group, name, note = why) => row({ id, group, name, unit: 'us', status: 'not measured yet', note });
  return [
    R('oslat.guest-busy', '2. OS signal -> handler (Node, kill(2) from another process)', 'wasig guest busy in a worker (goal: p50 <= 2x bare Node)'),
    R('oslat.guest-sigtimedwait', '2. OS signal -> handler (Node, kill(2) from another process)', 'wasig guest blocked in sigtimedwait (goal: p50 <= 2x bare Node)'),
    R('guest.busy', '3. main thread -> wasm loop in a worker (Node)', 'wasig guest (ts/guest spawn) busy, vs Pyodide (goal: <= 0.5x)'),
    R('guest.blocked', '3. main thread -> wasm loop in a worker (Node)', 'wasig guest (ts/guest spawn) blocked in sigtimedwait, vs Pyodide'),
    R('chromium.busy', '3b. page -> guest in a Web Worker (Chromium)', 'busy guest, vs Pyodide in Chromium', 'needs ts/guest in the browser and the browser test harness (browser issue)'),
    R('chromium.blocked', '3b. page -> guest in a Web Worker (Chromium)', 'blocked guest', 'needs ts/guest in the browser and the browser test harness (browser issue)'),
    R('throughput.guest-c', '4. throughput: raise to own handler', 'C guest (c-src/libc raise()) to its own handler, vs python3'),
    { ...R('storm.rt1m', '6. storm', '1,000,000 realtime signals host -> guest: lost, reordered, rate'), unit: 'signals/s' },
  ];
}

function fmt(v, unit) {
  if (v === null || v === undefined || Number.isNaN(v)) return '';
  if (unit === 'bytes') return String(Math.round(v));
  const a = Math.abs(v);
  return a >= 1000 ? v.toFixed(0) : a >= 100 ? v.toFixed(1) : a >= 10 ? v.toFixed(2) : v.toFixed(3);
}

function ratioText(r) {
  if (!r) return '';
  const lab = r.of === 'peer/this' ? ' faster' : '';
  const n = (v, d) => (v < 0.01 ? v.toPrecision(2) : v.toFixed(v < 10 ? d : 1));
  return `${n(r.median, 3)}x${lab}` + (r.p99 != null ? ` (p99 ${n(r.p99, 2)})` : '');
}

function table(rows) {
  const head = ['group', 'row', 'median', 'p99', 'unit', 'ratio to peer', 'peer', 'goal', 'met'];
  const lines = rows.map((r) => [
    r.group.replace(/^(\d+b?)\..*/, '$1'), r.name, r.status === 'measured' ? fmt(r.median, r.unit) : r.status, fmt(r.p99, r.unit), r.unit,
    ratioText(r.ratio), r.peer ?? '', r.goal?.text ?? '', r.goal ? (r.goal.met ? 'yes' : 'NO') : '',
  ]);
  return { head, lines };
}

function printTable({ head, lines }) {
  const w = head.map((h, i) => Math.min(i === 1 ? 78 : 40, Math.max(h.length, ...lines.map((l) => String(l[i]).length))));
  const cut = (s, n) => (s.length > n ? s.slice(0, n - 1) + '~' : s);
  const fmtl = (l) => l.map((c, i) => (i >= 2 && i <= 3 ? cut(String(c), w[i]).padStart(w[i]) : cut(String(c), w[i]).padEnd(w[i]))).join(' | ');
  console.log(fmtl(head));
  console.log(w.map((n) => '-'.repeat(n)).join('-|-'));
  for (const l of lines) console.log(fmtl(l));
}

function markdown(m, rows, notes, seconds) {
  const { head, lines } = table(rows);
  const esc = (s) => String(s).replace(/\|/g, '\\|');
  const md = [];
  md.push('# wasig benchmarks', '');
  md.push('Generated by `make bench` (bench/run.mjs); do not edit by hand: the text after the table comes from bench/notes.md.', '');
  md.push('Every figure is a median over many samples with its p99 beside it. Every comparison is a ratio of two things measured in the same run, interleaved or alternating: "ratio" is this row / its peer, or, marked "faster", peer / this row. For ratios the p99 column is the ratio of the p99s (latency), the p99 of per-round ratios (safe point), or the worst round (throughput).', '');
  md.push('## Machine', '');
  for (const [k, v] of Object.entries(m)) md.push(`- ${k}: ${v}`);
  md.push(`- bench wall time: ${seconds.toFixed(0)} s`, '');
  md.push('## Goals', '');
  for (const r of rows.filter((r) => r.goal)) md.push(`- ${r.goal.met ? 'met' : '**missed**'}: ${r.group.split(' ')[0]} ${r.name}: ${ratioText(r.ratio)} (goal ${r.goal.text})`);
  md.push('', '## Table', '');
  md.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
  for (const l of lines) md.push(`| ${l.map(esc).join(' | ')} |`);
  md.push('', 'Row notes:', '');
  for (const r of rows.filter((r) => r.note)) md.push(`- \`${r.id}\`: ${r.note}`);
  md.push('', '## Chart', '', '![ratios to peers](benchmarks.svg)', '');
  md.push('Machine-readable: [benchmarks.json](benchmarks.json) (same rows; new rows, such as the guest rows, are more entries of the same shape).', '');
  md.push(notes);
  return md.join('\n') + '\n';
}

const t0 = Date.now();
const m = machine();
const pyodideDir = mailbox.findPyodide();
const sections = [
  ['safe-point overhead', () => safepoint.rows(FLAVORS.map(safepoint.measure))],
  ['OS signal latency', async () => oslat.rows(await oslat.measure())],
  ['main thread -> worker latency', async () => mailbox.rows(await mailbox.measure())],
  ['throughput', async () => throughput.rows(await throughput.measure())],
  ['footprint', () => footprint.rows(footprint.measure(pyodideDir))],
];
let rows = [];
for (const [name, run] of sections) {
  const t = Date.now();
  process.stderr.write(`bench: ${name} ...`);
  try {
    rows.push(...(await run()));
  } catch (e) {
    rows.push(row({ id: `failed.${name}`, group: name, name: `${name} failed`, unit: '', status: 'failed', note: String(e?.stack ?? e).split('\n').slice(0, 3).join(' ') }));
  }
  process.stderr.write(` ${((Date.now() - t) / 1000).toFixed(0)} s\n`);
}
rows.push(...pendingRows());
const order = (g) => parseFloat(g);
rows = rows.map((r, i) => [r, i]).sort((a, b) => order(a[0].group) - order(b[0].group) || a[1] - b[1]).map(([r]) => r);
m.loadavgAtEnd = os.loadavg().map((x) => x.toFixed(2)).join(' ');
const seconds = (Date.now() - t0) / 1000;

printTable(table(rows));
mkdirSync(docs, { recursive: true });
writeFileSync(new URL('benchmarks.json', docs), JSON.stringify({ machine: m, seconds, rows }, null, 2) + '\n');
writeFileSync(new URL('benchmarks.svg', docs), chart(rows));
const notes = readFileSync(new URL('./notes.md', import.meta.url), 'utf8');
writeFileSync(new URL('benchmarks.md', docs), markdown(m, rows, notes, seconds));
console.log(`\nwrote docs/benchmarks.md, docs/benchmarks.json, docs/benchmarks.svg (${seconds.toFixed(0)} s)`);
