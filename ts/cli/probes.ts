// What `wasig cc` learns by running the compiler (that it is a clang with a
// wasm32 target, where its C library, builtins, wasm-ld and include folders
// are), kept in the per-user cache so that a call does not ask again: the
// eight runs took ~175 ms of a 390 ms `wasig cc -c` (a configure script
// makes hundreds of such calls), and over 30 s each on a machine at a load
// average of 40. An answer is kept under the compiler's real path, size and
// modification time and the question, and used only while the files it
// names still exist: an upgraded compiler or a removed package is asked
// again. Only good answers are kept, so installing what an error named is
// enough. Without a usable cache folder every call asks.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './cache.js';

interface Kept<T> { answer: T; files: string[] }

/** The file an answer of `compiler` (its path) to `question` is kept in,
 *  or null when the compiler or the cache folder cannot be found. Found
 *  once per question and handed to `recall` and then `remember`: it costs
 *  a realpath, a stat, a hash and the cache folder's checks. */
export function place(compiler: string, question: unknown): string | null {
  try {
    const real = realpathSync(compiler);
    const st = statSync(real);
    const key = createHash('sha256').update(JSON.stringify([real, st.size, st.mtimeMs, question])).digest('hex').slice(0, 24);
    return join(cacheDir('probes'), `${key}.json`);
  } catch {
    return null;
  }
}

/** The kept answer, if every file it names is still there. */
export function recall<T>(file: string | null): T | null {
  if (!file) return null;
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as Kept<T>;
    return Array.isArray(kept.files) && kept.files.every((f) => typeof f === 'string' && existsSync(f)) ? kept.answer : null;
  } catch {
    return null;
  }
}

/** Keeps a good answer and the files it stands on (written whole, then
 *  renamed: parallel calls of a build read one answer or none). */
export function remember<T>(file: string | null, answer: T, files: string[]): void {
  if (!file) return;
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify({ answer, files } satisfies Kept<T>));
    renameSync(tmp, file);
  } catch {
    // Not kept: the next call asks again.
  }
}
