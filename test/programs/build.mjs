// Builds the Debian programs of recipes.mjs natively (cc) and with a plain
// `wasig cc` for both targets, into build/programs/NAME/{native,wasi,emscripten}/.
// Fetches the sources first (tools/debian-source.sh). Cached: a guest's
// objects are compiled again only when its sources, its recipe, wasig's
// headers or compiler driver changed, and relinked when wasig's library
// did. Records build times and sizes in build/programs/builds.json.
// Usage: node test/programs/build.mjs [NAME...]
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recipes } from './recipes.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const wasig = join(root, 'bin/wasig.js');
export const TARGETS = ['native', 'wasi', 'emscripten'];

function hashTree(h, dir) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) hashTree(h, p);
    else { h.update(p); h.update(readFileSync(p)); }
  }
}

/** What a guest build depends on besides its sources: wasig's library,
 *  shims and compiler driver. */
function libraryKey() {
  const h = createHash('sha256');
  for (const d of ['c-src', 'shims', 'dist/cli']) hashTree(h, join(root, d));
  return h.digest('hex');
}

/** What compiling a guest's sources depends on besides them: the headers
 *  (c-src/include) and the compiler driver, not the library's code. So a
 *  change to the library relinks a program without compiling it again. */
function headersKey() {
  const h = createHash('sha256');
  for (const d of ['c-src/include', 'dist/cli']) hashTree(h, join(root, d));
  return h.digest('hex');
}

/** Compiles a guest's sources to objects in `dir` (`wasig cc -c`), unless
 *  those of the same key are there. Returns the objects, or { error }. */
function guestObjects(name, target, sources, src, key, log) {
  const r = recipes[name];
  const dir = join(dirname(output(name, target)), 'obj');
  const stamp = join(dir, '.key');
  const objs = sources.map((s, i) => join(dir, `${i}-${s.replace(/[/.]/g, '_')}.o`));
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === key && objs.every((o) => existsSync(o))) return { objs };
  mkdirSync(dir, { recursive: true });
  rmSync(stamp, { force: true });
  for (const [i, s] of sources.entries()) {
    const args = [wasig, 'cc', '--target', target, ...r.cflags, '-c', s, '-o', objs[i]];
    const p = spawnSync('node', args, { cwd: src, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
    if (p.status !== 0) return { error: `${name}: compiling ${s} for ${target} failed (node ${args.join(' ')}, in ${src}):\n${p.stderr}` };
  }
  writeFileSync(stamp, key);
  log(`${name}: compiled ${sources.length} sources for ${target}`);
  return { objs };
}

/** Where a program's executable is for a target. */
export function output(name, target) {
  const r = recipes[name];
  const dir = join(root, 'build/programs', name, target);
  return target === 'native' ? join(dir, r.exe) : join(dir, `${r.exe}.wasm`);
}

function sh(cmd, cwd) {
  execFileSync('bash', ['-c', cmd], { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Builds `name` for `targets`; returns per target { ms?, bytes, cached? }
 *  or { error } (the compiler's output) when that build failed. */
export function buildProgram(name, log = () => {}, targets = TARGETS) {
  const r = recipes[name];
  if (!r) throw new Error(`no recipe for ${name} (known: ${Object.keys(recipes).join(', ')})`);
  sh(`bash tools/debian-source.sh ${r.package}`, root);
  const src = join(root, 'build/debian', r.package, 'src');
  if (r.prepare && !existsSync(join(src, '.prepared'))) {
    log(`${name}: preparing (${r.prepare})`);
    sh(r.prepare, src);
    writeFileSync(join(src, '.prepared'), r.prepare);
  }
  const sources = r.sources(src);
  const srcKey = createHash('sha256');
  srcKey.update(JSON.stringify({ ...r, sources }));
  for (const s of sources) srcKey.update(readFileSync(join(src, s)));
  const lib = libraryKey();
  const headers = headersKey();
  const results = {};
  for (const target of targets) {
    const out = output(name, target);
    const key = createHash('sha256').update(srcKey.copy().digest('hex')).update(target === 'native' ? 'cc' : lib).digest('hex');
    const stamp = `${out}.key`;
    if (existsSync(out) && existsSync(stamp) && readFileSync(stamp, 'utf8') === key) {
      results[target] = { cached: true, bytes: statSync(out).size };
      continue;
    }
    mkdirSync(dirname(out), { recursive: true });
    log(`${name}: building for ${target}`);
    const t0 = Date.now();
    // A guest is compiled (cached by its sources and the headers) and then
    // linked with the library (cached by everything): the link, wasm-opt and
    // the preemption pass are what a change to the library costs.
    let inputs = sources, compiledMs = 0;
    if (target !== 'native') {
      const objKey = createHash('sha256').update(srcKey.copy().digest('hex')).update(target).update(headers).digest('hex');
      const o = guestObjects(name, target, sources, src, objKey, log);
      if (o.error) {
        results[target] = { error: o.error };
        log(o.error);
        continue;
      }
      inputs = o.objs;
      compiledMs = Date.now() - t0;
    }
    const args = target === 'native'
      ? [...r.cflags, ...sources, '-o', out, ...r.libs, ...(r.nativeLibs ?? [])]
      : ['cc', '--target', target, ...r.cflags, ...inputs, '-o', out, ...r.libs];
    const cmd = target === 'native' ? 'cc' : 'node';
    const p = spawnSync(cmd, target === 'native' ? args : [wasig, ...args], { cwd: src, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
    const ms = Date.now() - t0;
    if (p.status !== 0) {
      results[target] = { error: `${name}: the ${target} build failed (${cmd} ${args.join(' ')}, in ${src}):\n${p.stderr}` };
      log(results[target].error);
      continue;
    }
    writeFileSync(stamp, key);
    results[target] = target === 'native' ? { ms, bytes: statSync(out).size }
      : { ms, compileMs: compiledMs, linkMs: ms - compiledMs, bytes: statSync(out).size };
  }
  const report = join(root, 'build/programs/builds.json');
  let all = {};
  try { all = JSON.parse(readFileSync(report, 'utf8')); } catch { /* first build */ }
  for (const [t, v] of Object.entries(results)) {
    if (v.error) continue;
    (all[name] ??= {})[t] = v.cached ? { ...(all[name]?.[t] ?? {}), bytes: v.bytes } : v;
  }
  writeFileSync(report, JSON.stringify(all, null, 2) + '\n');
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(recipes);
  let failed = 0;
  for (const n of names) {
    const r = buildProgram(n, (m) => console.log(m));
    for (const [t, v] of Object.entries(r)) {
      if (v.error) failed++;
      else console.log(`${n} ${t}: ${v.bytes} bytes${v.cached ? ' (cached)' : `, ${(v.ms / 1000).toFixed(1)} s${v.linkMs !== undefined ? ` (compile ${(v.compileMs / 1000).toFixed(1)} s, link ${(v.linkMs / 1000).toFixed(1)} s)` : ''}`}`);
    }
  }
  process.exit(failed ? 1 : 0);
}
