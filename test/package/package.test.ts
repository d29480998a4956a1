// The package as npm would publish it (npm pack): what is in it and what is
// not, exports that resolve to shipped files, types per condition that
// compile in strict Node and browser projects, require() where engines says
// it works, and an API reference that TypeDoc builds without a warning.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
let files: Set<string>;

beforeAll(() => {
  const [info] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' }));
  files = new Set(info.files.map((f: { path: string }) => f.path));
}, 60_000);

/** Every file path an exports target names (patterns expanded over the pack). */
function targets(v: unknown): string[] {
  if (typeof v === 'string') return [v.replace(/^\.\//, '')];
  return Object.values(v as object).flatMap(targets);
}

describe('package contents', () => {
  test('LICENSE (MIT, wasig contributors) and README ship', () => {
    expect(files.has('LICENSE')).toBe(true);
    expect(files.has('README.md')).toBe(true);
    expect(files.has('wasm/wit/signals.wit')).toBe(true);
    expect(files.has('wasm/wit/deps/io/package.wit')).toBe(true);
    expect(files.has('c-src/component/signal.c')).toBe(true);
    expect(pkg.license).toBe('MIT');
    const license = readFileSync(`${root}/LICENSE`, 'utf8');
    expect(license).toMatch(/^MIT License/);
    expect(license).toContain('wasig contributors');
  });

  test('no build stamps, no source maps pointing at unshipped sources', () => {
    const stray = [...files].filter((f) => f.endsWith('.map') || f.endsWith('.built') || f.startsWith('ts/') || f.startsWith('build/'));
    expect(stray).toEqual([]);
    const withMapRefs = [...files].filter((f) => f.endsWith('.js') && readFileSync(`${root}/${f}`, 'utf8').includes('sourceMappingURL'));
    expect(withMapRefs).toEqual([]);
  });

  test('every exports target is in the package, with types for each condition of the main entry', () => {
    for (const [key, value] of Object.entries(pkg.exports)) {
      for (const t of targets(value)) {
        if (t.includes('*')) {
          const re = new RegExp(`^${t.replace(/[.]/g, '\\.').replace('*', '.+')}$`);
          expect([...files].some((f) => re.test(f)), `${key} -> ${t}`).toBe(true);
        } else {
          expect(files.has(t), `${key} -> ${t}`).toBe(true);
        }
      }
    }
    expect(pkg.exports['.'].node.types).toBe('./dist/index.node.d.ts');
    expect(pkg.exports['.'].default.types).toBe('./dist/index.browser.d.ts');
    for (const f of ['wasm/core-wasi.wasm', 'wasm/component-host.wasm', 'wasm/core-emscripten-web.wasm', 'wasm/core-emscripten-web.mjs', 'dist/guest/browser/worker.js']) {
      expect(files.has(f), f).toBe(true);
    }
  });

  test("engines names the Node versions whose require() loads ES modules, and require('wasig') works here", () => {
    expect(pkg.engines.node).toBe('^20.19.0 || >=22.12.0');
    const r = spawnSync(process.execPath, ['-e', `
      const w = require('wasig');
      w.createRuntime().then((rt) => { rt.signal('SIGUSR1', () => console.log('ok')); rt.raiseSignal('SIGUSR1'); rt.close(); });
    `], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok');
  });
});

describe('types', () => {
  const tsc = (project: string) => spawnSync(process.execPath, [`${root}/node_modules/typescript/bin/tsc`, '-p', project],
    { cwd: root, encoding: 'utf8' });

  test('a strict Node project without lib.dom compiles against the Node types; each misuse is an error', () => {
    const r = tsc('test/types/node/tsconfig.json');
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);

  test('a strict browser project (bundler resolution, no @types/node) compiles against the browser types; each misuse is an error', () => {
    const r = tsc('test/types/browser/tsconfig.json');
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);

  test('TypeDoc builds the API reference of both entries without a warning (every public item documented)', () => {
    const r = spawnSync(process.execPath, [`${root}/node_modules/typedoc/bin/typedoc`, '--emit', 'none'], { cwd: root, encoding: 'utf8' });
    const out = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, '');
    expect(out.split('\n').filter((l) => /warning|error/.test(l) && !/Found 0 errors and 0 warnings/.test(l))).toEqual([]);
    expect(r.status).toBe(0);
  }, 120_000);
});
