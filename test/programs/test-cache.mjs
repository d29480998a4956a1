// The per-user cache of what test/programs builds: $WASIG_TEST_CACHE, else
// $XDG_CACHE_HOME/wasig-test, else ~/.cache/wasig-test. Entries are folders
// named by a key that covers every input of the build (sources, flags,
// wasig's library and driver, the toolchain's files), written under a
// temporary name and renamed into place whole: a reader sees a complete
// build or none, and two clones that build the same key at once both end up
// with one good copy.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export function testCache() {
  const env = process.env.WASIG_TEST_CACHE;
  if (env) return env;
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'wasig-test');
}

// The compilers and libraries a build used: their size and time, so that an
// upgraded package (a new clang, wasi-libc or emscripten) builds anew.
const TOOLCHAIN = ['/usr/bin/cc', '/usr/bin/clang-14', '/usr/bin/wasm-ld-14', '/usr/lib/wasm32-wasi/libc.a',
  '/usr/share/emscripten/emscripten-version.txt', '/usr/share/emscripten/emcc.py'];
let toolchain = null;
export function toolchainKey() {
  if (toolchain) return toolchain;
  const h = createHash('sha256');
  for (const f of TOOLCHAIN) {
    if (!existsSync(f)) { h.update(`${f} -\n`); continue; }
    const real = realpathSync(f);
    const st = statSync(real);
    h.update(`${f} ${real} ${st.size} ${st.mtimeMs}\n`);
  }
  return (toolchain = h.digest('hex'));
}

/** Builds of one kind kept besides the newest (older ones are removed). */
const KEEP = 4;

/** The folder `sub/key` of the cache, made by `produce(tmp)` (which fills
 *  `tmp` and returns true, or returns false to give up: nothing is kept)
 *  unless it is there. Returns its path, or null when `produce` gave up. */
export function keyedDir(sub, key, produce) {
  const parent = join(testCache(), sub);
  const dir = join(parent, key);
  if (existsSync(dir)) {
    const now = new Date();
    utimesSync(dir, now, now); // the most recently used is kept longest
    return dir;
  }
  mkdirSync(parent, { recursive: true });
  const tmp = mkdtempSync(join(parent, '.tmp-'));
  try {
    if (!produce(tmp)) return null;
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // Another clone finished the same build first: keep its copy.
      if (!existsSync(dir)) throw e;
    }
    prune(parent, key);
    return dir;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Removes the older builds of the same kind as `key` (objects or
 *  executables) past KEEP, and temporary folders left a day ago by a build
 *  that was killed. */
function prune(parent, key) {
  const kind = (n) => n.startsWith('obj-') ? 'obj' : 'exe';
  const day = Date.now() - 86400e3;
  const entries = readdirSync(parent).map((n) => ({ n, t: statSync(join(parent, n)).mtimeMs }));
  for (const { n, t } of entries) if (n.startsWith('.tmp-') && t < day) rmSync(join(parent, n), { recursive: true, force: true });
  const same = entries.filter(({ n }) => !n.startsWith('.') && kind(n) === kind(key)).sort((a, b) => b.t - a.t);
  for (const { n } of same.slice(KEEP)) rmSync(join(parent, n), { recursive: true, force: true });
}
