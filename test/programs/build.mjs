// Builds the Debian programs of recipes.mjs natively (cc) and with a plain
// `wasig cc` for both targets, into build/programs/NAME/{native,wasi,emscripten}/.
// Fetches the sources first (tools/debian-source.sh). Cached: a build is
// redone only when its sources, its recipe, the compiler or wasig's library
// changed. Records build times and sizes in build/programs/builds.json.
// Usage: node test/programs/build.mjs [NAME...]
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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
    const args = target === 'native'
      ? [...r.cflags, ...sources, '-o', out, ...r.libs, ...(r.nativeLibs ?? [])]
      : ['cc', '--target', target, ...r.cflags, ...sources, '-o', out, ...r.libs];
    const cmd = target === 'native' ? 'cc' : 'node';
    log(`${name}: building for ${target}`);
    const t0 = Date.now();
    const p = spawnSync(cmd, target === 'native' ? args : [wasig, ...args], { cwd: src, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
    const ms = Date.now() - t0;
    if (p.status !== 0) {
      results[target] = { error: `${name}: the ${target} build failed (${cmd} ${args.join(' ')}, in ${src}):\n${p.stderr}` };
      log(results[target].error);
      continue;
    }
    writeFileSync(stamp, key);
    results[target] = { ms, bytes: statSync(out).size };
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
      else console.log(`${n} ${t}: ${v.bytes} bytes${v.cached ? ' (cached)' : `, ${(v.ms / 1000).toFixed(1)} s`}`);
    }
  }
  process.exit(failed ? 1 : 0);
}
