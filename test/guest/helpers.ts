// Builds guest programs with `wasig cc` (both targets, and as components)
// when their sources changed, and small waiting helpers for the guest tests.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../../', import.meta.url).pathname;
export const wasig = join(root, 'bin/wasig.js');
export type Flavor = 'wasi' | 'emscripten';
export const flavors: Flavor[] = ['wasi', 'emscripten'];
/** What `wasig cc` builds: a core module of a flavor, or a component. */
export type Kind = Flavor | 'component';

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const libTime = () => Math.max(newest(join(root, 'c-src')), statSync(join(root, 'shims/emscripten/wasig-guest.js')).mtimeMs,
  statSync(join(root, 'dist/cli/cc.js')).mtimeMs, statSync(join(root, 'dist/component/build.js')).mtimeMs);

/** Path of `src` (relative to the repo) built for `flavor`: the .wasm, or
 *  for emscripten the .mjs loader beside it (the path that says to trust
 *  the loader). */
export function build(src: string, flavor: Kind, outDir = 'build/test-guest', flags: string[] = []): string {
  const name = src.split('/').pop()!.replace(/\.c$/, '');
  const out = join(root, outDir, flavor, `${name}.wasm`);
  const srcPath = join(root, src);
  if (!existsSync(out) || statSync(out).mtimeMs < Math.max(statSync(srcPath).mtimeMs, libTime())) {
    const kind = flavor === 'component' ? ['--component'] : ['--target', flavor];
    execFileSync('node', [wasig, 'cc', ...kind, ...flags, srcPath, '-o', out], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  return flavor === 'emscripten' ? out.replace(/\.wasm$/, '.mjs') : out;
}

/** `src` (relative to the repo) built natively with cc and `flags`, to
 *  compare a guest with: the program's path, in build/test-guest/native. */
export function buildNative(src: string, flags: string[] = []): string {
  const dir = join(root, 'build/test-guest/native');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, src.split('/').pop()!.replace(/\.c$/, ''));
  execFileSync('cc', [join(root, src), '-o', out, ...flags]);
  return out;
}

export function example(name: string, flavor: Kind): string {
  return build(`examples/${name}.c`, flavor, 'build/examples');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for cond() to hold; fails after `ms` (only to catch hangs). */
export async function until(cond: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
