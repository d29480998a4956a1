// The package as a user gets it: the packed tarball installed into a project
// of its own (with assemblyscript, as the README says), then the README's
// commands run there, with a cache folder of the user's: `npx wasig cc` on a
// C program and `npx asc --transform wasig/transform` on the README's
// AssemblyScript program, each run by `wasig run` and stopped by a real
// signal sent from this process.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = join(root, 'build/installed');
const app = join(work, 'app');
const env = { ...process.env, XDG_CACHE_HOME: join(work, 'cache') };
const pins = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies;

beforeAll(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'pack'), { recursive: true });
  mkdirSync(app, { recursive: true });
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', join(work, 'pack')], { cwd: root, encoding: 'utf8' }));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'an-app', private: true, type: 'module' }));
  // What the README says: npm install --save-dev wasig assemblyscript (from
  // npm's cache here: the machine may be offline).
  execFileSync('npm', ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund',
    join(work, 'pack', filename), `assemblyscript@${pins.assemblyscript}`], { cwd: app, encoding: 'utf8', stdio: 'pipe' });
}, 300_000);

/** `wasig run <file>` (the bin npx runs, started directly: npm's exec ends
 *  by a signal of its own when its job gets one, whatever the child does):
 *  waits for `ready` on stdout, sends `sig` from this process, and resolves
 *  with the exit and the output. */
function runUntil(file: string, ready: string, sig: NodeJS.Signals): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(app, 'node_modules/.bin/wasig'), ['run', file], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', sent = false;
    const onData = (d: Buffer) => {
      out += d;
      if (!sent && out.includes(ready)) { sent = true; process.kill(child.pid!, sig); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const hang = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no exit within 60 s:\n${out}`)); }, 60_000);
    child.on('exit', (code, signal) => { clearTimeout(hang); resolve({ code, signal, out }); });
  });
}

describe('the installed package', () => {
  test('npx wasig cc builds a C program with the shipped sources; wasig run stops it gracefully on SIGTERM', async () => {
    copyFileSync(join(root, 'examples/graceful.c'), join(app, 'graceful.c'));
    execFileSync('npx', ['wasig', 'cc', 'graceful.c', '-o', 'graceful.wasm'], { cwd: app, env, encoding: 'utf8', stdio: 'pipe' });
    // the compiled library went to the user's cache, nothing into node_modules
    expect(execFileSync('find', [join(work, 'cache/wasig'), '-name', '*.o'], { encoding: 'utf8' })).not.toBe('');
    expect(execFileSync('find', [join(app, 'node_modules/wasig'), '-newer', join(app, 'graceful.c'), '-type', 'f'], { encoding: 'utf8' })).toBe('');
    const r = await runUntil('graceful.wasm', 'serving', 'SIGTERM');
    expect(r.out).toContain('Terminated received');
    expect(r.out).toContain('cleanup done, bye');
    expect([r.code, r.signal]).toEqual([0, null]);
  }, 180_000);

  test("the README's AssemblyScript program, built with npx asc --transform wasig/transform, takes Ctrl+C in its busy loop", async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const m = readme.match(/<!-- installed-test: file=prog\.ts -->\n```ts\n([\s\S]*?)```/);
    expect(m, 'the README marks its AssemblyScript sample').not.toBeNull();
    writeFileSync(join(app, 'prog.ts'), m![1]);
    execFileSync('npx', ['asc', 'prog.ts', '--transform', 'wasig/transform', '-O3', '-o', 'prog.wasm'], { cwd: app, env, encoding: 'utf8', stdio: 'pipe' });
    const r = await runUntil('prog.wasm', 'Ctrl+C stops me', 'SIGINT');
    expect(r.out).toContain('stopped by SIGINT');
    expect([r.code, r.signal]).toEqual([0, null]);
  }, 180_000);
});
