// Builds the Debian programs of recipes.mjs natively (cc) and with a plain
// `wasig cc` for both targets. Fetches the sources first
// (tools/debian-source.sh). Records build times and sizes in
// build/programs/builds.json. Usage: node test/programs/build.mjs [NAME...]
//
// Cached per user, outside the clone (test-cache.mjs), and by content: a
// guest's objects are compiled again only when its sources, its recipe,
// wasig's headers or compiler driver or the toolchain changed, and relinked
// when wasig's library did. So a fresh clone on a machine that ran the
// suite builds only what its commit changed, and a clean machine (CI)
// builds everything. A library a program uses (ncurses' libtinfo for less)
// is a recipe too: compiled and archived once per target, cached alike.
// Each build lands in a folder named by its key, whole or
// not at all, so that clones running side by side never see each other's
// half-written programs.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recipes } from './recipes.mjs';
import { keyedDir, testCache, toolchainKey } from './test-cache.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const wasig = join(root, 'bin/wasig.js');
export const TARGETS = ['native', 'wasi', 'emscripten'];
const debianDir = join(testCache(), 'debian');

// `wasig run`'s own modules in dist/cli: they change nothing `wasig cc`
// builds, so a change to them keeps the compiled programs.
const runOnly = /^dist\/cli\/(?:run|tty)\.(?:js|d\.ts)(?:\.map)?$/;
// The rewrites of a linked module (the preemption pass and its parts, the
// adaptation of mismatched calls): `wasig cc -c` never runs them, so a
// change to them relinks without compiling again.
const linkOnly = /^dist\/cli\/(?:run|tty|preempt|mismatch|branch-hints|call-cycles)\.(?:js|d\.ts)(?:\.map)?$/;

/** Hashes the files of `dir` (names relative to the repository, and
 *  contents), except those whose name `skip` matches. */
function hashTree(h, dir, skip = null) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) hashTree(h, p, skip);
    else if (!skip?.test(relative(root, p))) { h.update(relative(root, p)); h.update(readFileSync(p)); }
  }
}

/** What a guest build depends on besides its sources: wasig's library,
 *  shims and compiler driver. */
function libraryKey() {
  const h = createHash('sha256').update(toolchainKey());
  for (const d of ['c-src', 'shims', 'dist/cli']) hashTree(h, join(root, d), runOnly);
  return h.digest('hex');
}

/** What compiling a guest's sources depends on besides them: the headers
 *  (c-src/include) and the compiler driver, not the library's code. So a
 *  change to the library relinks a program without compiling it again. */
function headersKey() {
  const h = createHash('sha256').update(toolchainKey());
  for (const d of ['c-src/include', 'dist/cli']) hashTree(h, join(root, d), linkOnly);
  return h.digest('hex');
}

/** The compiler command for a target: cc, or `wasig cc --target T`. */
const compiler = (target) => target === 'native' ? ['cc', []] : ['node', [wasig, 'cc', '--target', target]];

/** Compiles sources to objects (`wasig cc -c`, or cc for a native
 *  library), unless those of the same key are in the cache. Returns the
 *  objects, or { error }. */
function objects(name, target, sources, src, cflags, key, log) {
  const names = sources.map((s, i) => `${i}-${s.replace(/[/.]/g, '_')}.o`);
  const [cmd, pre] = compiler(target);
  let error = null;
  const dir = keyedDir(join('programs', name, target), `obj-${key}`, (tmp) => {
    for (const [i, s] of sources.entries()) {
      const args = [...pre, ...cflags, '-c', s, '-o', join(tmp, names[i])];
      const p = spawnSync(cmd, args, { cwd: src, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
      if (p.status !== 0) {
        error = `${name}: compiling ${s} for ${target} failed (${cmd} ${args.join(' ')}, in ${src}):\n${p.stderr}`;
        return false;
      }
    }
    log(`${name}: compiled ${sources.length} sources for ${target}`);
    return true;
  });
  return dir ? { objs: names.map((n) => join(dir, n)) } : { error };
}

/** The archiver of a target: the objects of both guests are wasm objects,
 *  emscripten's of its own LLVM's version, which its emar reads. */
const ARCHIVER = { native: 'ar', wasi: 'llvm-ar-14', emscripten: 'emar' };

/** The executables built in this process: NAME/TARGET -> path. */
const built = new Map();

/** Where a program's executable is for a target (built by buildProgram in
 *  this process: its folder is named by its key). */
export function output(name, target) {
  const p = built.get(`${name}/${target}`);
  if (!p) throw new Error(`${name} was not built for ${target}: call buildProgram('${name}') first`);
  return p;
}

/** The executable's (or a library's archive's) file name in its folder. */
const exeName = (name, target) => recipes[name].library ?? (target === 'native' ? recipes[name].exe : `${recipes[name].exe}.wasm`);

/** Fetches a recipe's package and prepares it (once per user, again when
 *  the recipe's preparation changes); the lock keeps two clones from
 *  unpacking or configuring the same tree at once. Returns the tree, its
 *  sources and a hash of them and of the recipe. */
function prepared(name, log) {
  const r = recipes[name];
  if (!r) throw new Error(`no recipe for ${name} (known: ${Object.keys(recipes).join(', ')})`);
  const src = join(debianDir, r.package, 'src');
  mkdirSync(debianDir, { recursive: true });
  const stamp = join(src, '.prepared');
  if (r.prepare && !(existsSync(stamp) && readFileSync(stamp, 'utf8') === r.prepare)) log(`${name}: preparing (${r.prepare})`);
  execFileSync('flock', [join(debianDir, '.lock'), 'bash', '-c',
    'bash tools/debian-source.sh "$1" && cd "$2" && if [ -n "$PREPARE" ] && ! printf %s "$PREPARE" | cmp -s - .prepared; then (eval "$PREPARE") && printf %s "$PREPARE" > .prepared; fi',
    '_', r.package, src],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, WASIG_DEBIAN_DIR: debianDir, PREPARE: r.prepare ?? '' } });
  const sources = r.sources(src);
  const h = createHash('sha256');
  h.update(JSON.stringify({ ...r, sources }));
  for (const s of sources) h.update(readFileSync(join(src, s)));
  // What a program includes from the libraries it uses.
  for (const u of r.uses ?? []) h.update(prepared(u, log).key);
  for (const d of r.includes ?? []) hashTree(h, join(src, d));
  return { src, sources, key: h.digest('hex') };
}

/** Builds `name` for `targets`; returns per target { ms?, bytes, cached? }
 *  or { error } (the compiler's output) when that build failed. */
export function buildProgram(name, log = () => {}, targets = TARGETS) {
  const r = recipes[name];
  const { src, sources, key: sourcesKey } = prepared(name, log);
  const srcKey = createHash('sha256').update(sourcesKey);
  // The libraries it links with: their headers on the include path.
  const uses = r.uses ?? [];
  const cflags = [...r.cflags, ...uses.flatMap((u) => (recipes[u].includes ?? []).map((d) => `-I${join(debianDir, recipes[u].package, 'src', d)}`))];
  const lib = libraryKey();
  const headers = headersKey();
  const results = {};
  for (const target of targets) {
    // The libraries first (each cached as a program is).
    const archives = [];
    for (const u of uses) {
      const ur = buildProgram(u, log, [target])[target];
      if (ur.error) { results[target] = { error: ur.error }; break; }
      archives.push(output(u, target));
    }
    if (results[target]) continue;
    const key = createHash('sha256').update(srcKey.copy().digest('hex')).update(target === 'native' ? toolchainKey() : lib)
      .update(archives.join('\n')).digest('hex');
    const exe = exeName(name, target);
    let result = { cached: true };
    const dir = keyedDir(join('programs', name, target), key, (tmp) => {
      const out = join(tmp, exe);
      log(`${name}: building for ${target}`);
      const t0 = Date.now();
      // A guest is compiled (cached by its sources and the headers) and then
      // linked with the library (cached by everything): the link, wasm-opt and
      // the preemption pass are what a change to the library costs. A
      // library is compiled to objects and archived, on every target.
      let inputs = sources, compiledMs = 0;
      if (target !== 'native' || r.library) {
        const objKey = createHash('sha256').update(srcKey.copy().digest('hex')).update(target)
          .update(target === 'native' ? toolchainKey() : headers).digest('hex');
        const o = objects(name, target, sources, src, cflags, objKey, log);
        if (o.error) {
          result = { error: o.error };
          return false;
        }
        inputs = o.objs;
        compiledMs = Date.now() - t0;
      }
      const [cmd, args] = r.library ? [ARCHIVER[target], ['rcs', out, ...inputs]]
        : target === 'native' ? ['cc', [...cflags, ...sources, ...archives, '-o', out, ...r.libs, ...(r.nativeLibs ?? [])]]
          : ['node', [wasig, 'cc', '--target', target, ...cflags, ...inputs, ...archives, '-o', out, ...r.libs]];
      const p = spawnSync(cmd, args, { cwd: src, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
      const ms = Date.now() - t0;
      if (p.status !== 0) {
        result = { error: `${name}: the ${target} build failed (${cmd} ${args.join(' ')}, in ${src}):\n${p.stderr}` };
        return false;
      }
      result = target === 'native' && !r.library ? { ms } : { ms, compileMs: compiledMs, linkMs: ms - compiledMs };
      return true;
    });
    if (!dir) {
      log(result.error);
      results[target] = result;
      continue;
    }
    built.set(`${name}/${target}`, join(dir, exe));
    results[target] = { ...result, bytes: statSync(join(dir, exe)).size };
  }
  const report = join(root, 'build/programs/builds.json');
  mkdirSync(dirname(report), { recursive: true });
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
