// Compiles the AssemblyScript test programs with asc and wasig's transform,
// when they or the library changed.
import { existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import asc from 'assemblyscript/asc';

export const root = new URL('../../', import.meta.url).pathname;
const out = join(root, 'build/test-asc');
/** A folder where `wasig` is this package, for `import … from "wasig/assembly"`. */
export const modules = join(root, 'build/asc-modules');

function linkPackage(): void {
  mkdirSync(modules, { recursive: true });
  if (!existsSync(join(modules, 'wasig'))) symlinkSync('../..', join(modules, 'wasig'));
}

const mtime = (p: string) => statSync(p).mtimeMs;

/** Path of the .wasm of an AssemblyScript source (relative to the repo). */
export async function compile(src: string, opts: { transform?: string; name?: string; flags?: string[] } = {}): Promise<string> {
  const transform = opts.transform ?? join(root, 'dist/asc/transform.js');
  const name = opts.name ?? src.split('/').pop()!.replace(/\.ts$/, '');
  const wasm = join(out, `${name}.wasm`);
  const srcPath = join(root, src);
  const newest = Math.max(mtime(srcPath), mtime(join(root, 'assembly/index.ts')), mtime(transform));
  if (existsSync(wasm) && mtime(wasm) >= newest) return wasm;
  linkPackage();
  mkdirSync(out, { recursive: true });
  const err: string[] = [];
  const stderr = { write: (s: string | Uint8Array) => { err.push(String(s)); return true; } };
  const { error } = await asc.main([srcPath, '--path', modules, '--transform', transform, '-O3', '-o', wasm, ...(opts.flags ?? [])],
    { stdout: stderr as never, stderr: stderr as never });
  if (error) throw new Error(`asc failed on ${src}: ${error.message}\n${err.join('')}`);
  return wasm;
}
