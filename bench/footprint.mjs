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

export function measure(pyodideDir) {
  const files = {};
  for (const f of ['core-wasi.wasm', 'core-emscripten.wasm', 'core-emscripten.mjs']) {
    const u = new URL(f, wasmDir);
    files[f] = { bytes: statSync(u).size, gzip: gzipSync(readFileSync(u)).length };
  }
  const guestLib = ['guest-wasi.wasm', 'guest-emscripten.wasm'].filter((f) => existsSync(new URL(f, wasmDir)));
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

export function rows({ files, pyodide, procSize, per }) {
  const g = '5. footprint';
  const out = [];
  for (const [f, { bytes, gzip }] of Object.entries(files)) {
    out.push(row({
      id: `footprint.file.${f}`, group: g, name: `${f} (gzip ${gzip} B)`, unit: 'bytes', median: bytes, samples: 1,
      peer: pyodide && f.endsWith('.wasm') ? 'footprint.pyodide' : null,
      ratio: pyodide && f.endsWith('.wasm') ? { median: bytes / pyodide.bytes, p99: null, of: 'this/peer' } : null,
    }));
  }
  out.push(row({ id: 'footprint.file.guest', group: g, name: 'guest library .wasm (c-src/libc), per flavor', unit: 'bytes', status: 'not measured yet', note: 'c-src/libc has no build output yet (another engineer is writing it)' }));
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
