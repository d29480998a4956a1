// 5. Footprint: bytes of each .wasm per flavor; memory and creation time of
// one runtime; 1,000 runtimes in one process. Run in a fresh process per
// flavor (node --expose-gc bench/footprint.mjs FLAVOR) so that nothing else
// is in the heap; the parent (bench/run.mjs) also collects the file sizes.
import { readFileSync, statSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { now, row, summary } from './lib/stats.mjs';

const wasmDir = new URL('../wasm/', import.meta.url);
const gc = () => { globalThis.gc?.(); globalThis.gc?.(); };
const mem = () => { gc(); const m = process.memoryUsage(); return { heap: m.heapUsed, rss: m.rss, ext: m.external + m.arrayBuffers }; };

async function child(flavor) {
  const before = mem();
  const t0 = now();
  const { createRuntime } = await import('../dist/index.node.js');
  const rt0 = await createRuntime({ flavor });
  const cold = now() - t0;
  const one = mem();
  const warm = [];
  for (let i = 0; i < 300; i++) {
    const t = now();
    const rt = await createRuntime({ flavor });
    warm.push(now() - t);
    rt.close();
  }
  const b = mem();
  const t1 = now();
  const many = [];
  for (let i = 0; i < 1000; i++) many.push(await createRuntime({ flavor }));
  const t1000 = now() - t1;
  const a = mem();
  for (const rt of many) rt.close();
  rt0.close();
  return { cold, one: { heap: one.heap - before.heap, rss: one.rss - before.rss }, warm, t1000, d1000: { heap: a.heap - b.heap, rss: a.rss - b.rss, ext: a.ext - b.ext } };
}

/** The module without its custom sections (names, DWARF, producers). */
export function strip(b) {
  const keep = [b.subarray(0, 8)];
  let p = 8;
  const leb = () => { let r = 0, sh = 0, x; do { x = b[p++]; r |= (x & 0x7f) << sh; sh += 7; } while (x & 0x80); return r >>> 0; };
  while (p < b.length) {
    const start = p, id = b[p++], len = leb(), end = p + len;
    if (id !== 0) keep.push(b.subarray(start, end));
    p = end;
  }
  return Buffer.concat(keep);
}

export function measure(pyodideDir) {
  const files = {};
  for (const f of ['core-wasi.wasm', 'core-emscripten.wasm', 'core-emscripten.mjs']) {
    const u = new URL(f, wasmDir);
    files[f] = { bytes: statSync(u).size, gzip: gzipSync(readFileSync(u)).length };
  }
  // The guest library: a minimal program built without it (the toolchain's
  // defaults) and with it (`wasig cc --no-preempt`), per flavor (mk/bench.mk).
  const minDir = new URL('../build/bench/min/', import.meta.url);
  // Sizes without custom sections (Debian's wasi-libc brings DWARF: raw files
  // would measure debug info); the file's own size in `file`.
  const size = (f) => {
    const u = new URL(f, minDir);
    if (!existsSync(u)) return null;
    const b = readFileSync(u);
    const s = f.endsWith('.wasm') ? strip(b) : b;
    return { bytes: s.length, gzip: gzipSync(s).length, file: b.length };
  };
  const guestLib = {};
  for (const flavor of ['wasi', 'emscripten']) {
    guestLib[flavor] = {
      plain: size(`plain-${flavor}/minimal.wasm`), wasig: size(`wasig-${flavor}/minimal.wasm`), signal: size(`wasig-${flavor}/minimal-signal.wasm`),
      plainJs: flavor === 'emscripten' ? size('plain-emscripten/minimal.mjs') : null, wasigJs: flavor === 'emscripten' ? size('wasig-emscripten/minimal.mjs') : null,
    };
  }
  let pyodide = null;
  if (pyodideDir) pyodide = { bytes: statSync(`${pyodideDir}/pyodide.asm.wasm`).size, stdlib: statSync(`${pyodideDir}/python_stdlib.zip`).size };
  const procSize = (() => {
    const x = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(new URL('core-wasi.wasm', wasmDir))), {}).exports;
    const dv = new DataView(x.memory.buffer), at = x.wasig_layout();
    return dv.getInt32(at + 4, true); // first entry: proc.size
  })();
  const per = {};
  for (const flavor of ['wasi', 'emscripten']) {
    per[flavor] = JSON.parse(execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), flavor]).toString());
  }
  return { files, guestLib, pyodide, procSize, per };
}

export function rows({ files, guestLib, pyodide, procSize, per }) {
  const g = '5. footprint';
  const out = [];
  for (const [f, { bytes, gzip }] of Object.entries(files)) {
    out.push(row({
      id: `footprint.file.${f}`, group: g, name: `${f} (gzip ${gzip} B)`, unit: 'bytes', median: bytes, samples: 1,
      peer: pyodide && f.endsWith('.wasm') ? 'footprint.pyodide' : null,
      ratio: pyodide && f.endsWith('.wasm') ? { median: bytes / pyodide.bytes, p99: null, of: 'this/peer' } : null,
    }));
  }
  for (const [flavor, s] of Object.entries(guestLib ?? {})) {
    if (!s.plain || !s.wasig) {
      out.push(row({ id: `footprint.guest.${flavor}`, group: g, name: `guest library (c-src/core + c-src/libc), ${flavor}`, unit: 'bytes', status: 'failed', note: 'build/bench/min/ is missing: run `make bench`' }));
      continue;
    }
    const js = s.plainJs && s.wasigJs ? `; the .mjs loader ${s.plainJs.bytes} -> ${s.wasigJs.bytes} B (+${s.wasigJs.bytes - s.plainJs.bytes})` : '';
    out.push(row({ id: `footprint.guest.${flavor}.plain`, group: g, name: `${flavor}: minimal program \`int main(void){return 0;}\`, without wasig (gzip ${s.plain.gzip} B; no custom sections)`, unit: 'bytes', median: s.plain.bytes, samples: 1,
      note: `${flavor === 'wasi' ? 'clang-14 --target=wasm32-wasi -O2 (wasi-libc)' : 'emcc -O2 -sMODULARIZE -sEXPORT_ES6'}; the file is ${s.plain.file} B with its custom sections` }));
    out.push(row({ id: `footprint.guest.${flavor}.wasig`, group: g, name: `${flavor}: the same with the guest library (\`wasig cc --no-preempt\`) (gzip ${s.wasig.gzip} B)`, unit: 'bytes', median: s.wasig.bytes, samples: 1,
      note: `the library adds ${s.wasig.bytes - s.plain.bytes} B (${s.wasig.gzip - s.plain.gzip} B gzipped)${js}; the file is ${s.wasig.file} B with its custom sections${s.wasig.file > s.wasig.bytes ? ' (DWARF of the libc)' : ''}` }));
    if (s.signal) out.push(row({ id: `footprint.guest.${flavor}.signal`, group: g, name: `${flavor}: a minimal program using sigaction + raise, \`wasig cc --no-preempt\` (gzip ${s.signal.gzip} B)`, unit: 'bytes', median: s.signal.bytes, samples: 1, note: `${s.signal.bytes - s.plain.bytes} B more than without wasig; the file is ${s.signal.file} B` }));
  }
  if (pyodide) out.push(row({ id: 'footprint.pyodide', group: g, name: 'pyodide.asm.wasm (for scale)', unit: 'bytes', median: pyodide.bytes, samples: 1, note: `+ python_stdlib.zip ${pyodide.stdlib} B` }));
  for (const [flavor, r] of Object.entries(per)) {
    out.push(row({ id: `footprint.${flavor}.cold`, group: g, name: `${flavor}: first runtime in a fresh process (import + compile + create)`, unit: 'ms', median: r.cold / 1e6, samples: 1, note: `heap +${(r.one.heap / 1024).toFixed(0)} KiB, RSS +${(r.one.rss / 1024).toFixed(0)} KiB` }));
    out.push(row({ id: `footprint.${flavor}.create`, group: g, name: `${flavor}: createRuntime() + close(), core already loaded`, unit: 'us', ...summary(r.warm.map((x) => x / 1e3)) }));
    out.push(row({ id: `footprint.${flavor}.1000`, group: g, name: `${flavor}: 1,000 live runtimes in one process`, unit: 'ms', median: r.t1000 / 1e6, samples: 1,
      note: `heap +${(r.d1000.heap / 1048576).toFixed(1)} MiB, RSS +${(r.d1000.rss / 1048576).toFixed(1)} MiB; linear memory per process struct ${procSize} B (${(procSize * 1000 / 1048576).toFixed(1)} MiB per 1,000)` }));
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2]) process.stdout.write(JSON.stringify(await child(process.argv[2])));
}
