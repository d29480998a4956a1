// Private folders for `wasig cc`: the per-user cache of the compiled library
// ($XDG_CACHE_HOME/wasig, else ~/.cache/wasig) and temporary folders. Never
// inside the package (it may be a read-only or shared node_modules) and never
// at a predictable path under /tmp, where another user could plant files that
// we would then link or run.
import { lstatSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** The cache folder cannot be used safely: the message says why and what to do. */
export class CacheError extends Error {}

/** $XDG_CACHE_HOME/wasig (the spec ignores a relative XDG_CACHE_HOME), else ~/.cache/wasig. */
export function cacheRoot(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'wasig');
}

/** Creates `dir` (mode 0700) or checks the one there: a real folder, ours,
 *  writable by nobody else. Anything else is refused, not repaired. */
export function privateDir(dir: string): string {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new CacheError(`cannot create the cache folder ${dir}: ${(e as Error).message}; set XDG_CACHE_HOME to a folder of yours`);
  }
  const st = lstatSync(dir);
  const uid = process.getuid?.();
  const why = !st.isDirectory() ? 'is not a folder (a symbolic link or a file)'
    : uid !== undefined && st.uid !== uid ? `belongs to uid ${st.uid}, not to you (uid ${uid})`
      : (st.mode & 0o022) !== 0 ? `is writable by others (mode ${(st.mode & 0o777).toString(8)})`
        : null;
  if (why) throw new CacheError(`the cache folder ${dir} ${why}: remove it, or set XDG_CACHE_HOME to a folder of yours`);
  return dir;
}

/** The folder for one build of the library: cacheRoot()/KEY, private. The
 *  folders above the cache root (~/.cache) are created as usual if missing. */
export function cacheDir(key: string): string {
  const root = cacheRoot();
  mkdirSync(join(root, '..'), { recursive: true, mode: 0o700 });
  privateDir(root);
  return privateDir(join(root, key));
}

/** A new private temporary folder (mkdtemp: a random name, mode 0700). */
export function tempDir(prefix = 'wasig-cc-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
