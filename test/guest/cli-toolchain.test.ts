// `wasig cc` finding its compiler and keeping its files: the toolchain on a
// PATH made for each test (any clang >= 14 with a wasm32 target, WASI_SDK_PATH,
// the overrides), one line naming what to install when something is missing,
// the library cache in a private per-user folder, and temporary files in
// private folders only.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { root, wasig } from './helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'wasig-cli-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const src = join(root, 'test/guest/c/args.c');
let n = 0;
const fresh = (name: string) => {
  const d = join(scratch, `${name}-${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

/** `wasig cc ARGS` with only `env` (plus HOME and the cache) in its environment. */
function cc(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [wasig, 'cc', ...args], {
    encoding: 'utf8',
    env: { HOME: process.env.HOME ?? scratch, XDG_CACHE_HOME: join(scratch, 'cache'), ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const run = (wasm: string) => spawnSync(process.execPath, [wasig, 'run', wasm, 'hi'], { encoding: 'utf8' }).stdout;

/** A folder holding only the given commands (symbolic links or scripts). */
function bin(entries: Record<string, string>): string {
  const d = fresh('bin');
  for (const [name, what] of Object.entries(entries)) {
    if (what.startsWith('/')) symlinkSync(what, join(d, name));
    else writeFileSync(join(d, name), what, { mode: 0o755 });
  }
  return d;
}
const CLANG = '/usr/lib/llvm-14/bin/clang';

describe('wasig cc: finding the compiler', () => {
  test('no compiler at all: one line naming the Debian packages and wasi-sdk, status 127', () => {
    const r = cc([src, '-o', join(fresh('out'), 'a.wasm')], { PATH: bin({}) });
    expect(r.code).toBe(127);
    expect(r.err).toBe("wasig cc: no clang >= 14 with a wasm32 target on PATH: install Debian's clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32, or set WASI_SDK_PATH to a wasi-sdk\n");
  });

  test('no emcc: one line naming the emscripten package, status 127', () => {
    const r = cc(['--target', 'emscripten', src], { PATH: bin({}) });
    expect(r.code).toBe(127);
    expect(r.err).toMatch(/^wasig cc: no emcc on PATH: install Debian's emscripten .*WASIG_EMCC[^\n]*\n$/);
  });

  test('a clang older than 14 is passed over and named', () => {
    const old = '#!/bin/sh\necho "Debian clang version 13.0.1"\n';
    const r = cc([src], { PATH: bin({ clang: old }) });
    expect(r.code).toBe(127);
    expect(r.err).toMatch(/^wasig cc: no clang >= 14 with a wasm32 target on PATH \(clang is clang 13\): install Debian's clang-14/);
  });

  test('a clang without the WASI C library says to install wasi-libc', () => {
    // clang-14 itself, but with a sysroot that has no libc.a.
    const empty = fresh('sysroot');
    const r = cc([src], { PATH: bin({ 'clang-15': '#!/bin/sh\nexec ' + CLANG + ' --sysroot=' + empty + ' "$@"\n' }) });
    expect(r.code).toBe(127);
    expect(r.err).toMatch(/^wasig cc: clang-15 finds no WASI C library \(libc\.a\): install Debian's wasi-libc \(or set WASI_SDK_PATH to a wasi-sdk\)\n$/);
  });

  test('any clang >= 14 with a wasm32 target on PATH, under any of its names: clang-16 here', () => {
    const out = join(fresh('out'), 'a.wasm');
    const old = '#!/bin/sh\necho "clang version 12.0.0"\n';
    const r = cc(['-v', src, '-o', out], { PATH: `${bin({ clang: old, 'clang-16': CLANG })}:/usr/bin` });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^clang-16 --target=wasm32-wasi .* -o [^\n]*a\.wasm$/m);
    expect(run(out)).toMatch(/^X=0 FOO=none sqrt=2\.0 argc=2\narg\[1\]=hi\n$/);
  }, 120_000);

  test('what the compiler says of itself is asked once and kept: a second call runs it only to compile', () => {
    const log = join(fresh('log'), 'runs');
    const logged = `#!/bin/sh\necho "$*" >> ${log}\nexec ${CLANG} "$@"\n`;
    const env = { PATH: `${bin({ 'clang-17': logged })}:/usr/bin`, XDG_CACHE_HOME: fresh('xdg') };
    const obj = join(fresh('out'), 'a.o');
    const runs = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
    const first = cc(['-c', src, '-o', obj], env);
    expect(first.code, first.err).toBe(0);
    const asked = runs().filter((l) => !l.includes(' -c '));
    expect(asked.length).toBeGreaterThanOrEqual(5); // --version, -print-targets, libc.a, builtins, wasm-ld, include folders
    rmSync(log);
    const second = cc(['-c', src, '-o', obj], env);
    expect(second.code, second.err).toBe(0);
    expect(runs()).toHaveLength(1);
    expect(runs()[0]).toContain(' -c ');
    // A kept answer whose files are gone is asked again: WASI_SDK_PATH below.
  }, 120_000);

  test("WASI_SDK_PATH: its clang with its sysroot, before any clang on PATH", () => {
    // A wasi-sdk layout made of Debian's pieces: bin/clang, share/wasi-sysroot.
    const sdk = fresh('wasi-sdk');
    mkdirSync(join(sdk, 'bin'));
    symlinkSync(CLANG, join(sdk, 'bin/clang'));
    mkdirSync(join(sdk, 'share/wasi-sysroot/include'), { recursive: true });
    mkdirSync(join(sdk, 'share/wasi-sysroot/lib'), { recursive: true });
    symlinkSync('/usr/include/wasm32-wasi', join(sdk, 'share/wasi-sysroot/include/wasm32-wasi'));
    symlinkSync('/usr/lib/wasm32-wasi', join(sdk, 'share/wasi-sysroot/lib/wasm32-wasi'));
    const out = join(fresh('out'), 'a.wasm');
    const r = cc(['-v', src, '-o', out], { PATH: '/usr/bin', WASI_SDK_PATH: sdk });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`${sdk}/bin/clang --target=wasm32-wasi --sysroot=${sdk}/share/wasi-sysroot `);
    expect(run(out)).toMatch(/^X=0 FOO=none/);
    // An SDK without its C library: said in one line, naming WASI_SDK_PATH.
    rmSync(join(sdk, 'share/wasi-sysroot/lib/wasm32-wasi'));
    const bad = cc([src, '-o', out], { PATH: '/usr/bin', WASI_SDK_PATH: sdk });
    expect(bad.code).toBe(127);
    expect(bad.err).toMatch(/^wasig cc: WASI_SDK_PATH=\S+: \S+ finds no WASI C library \(libc\.a\): install a complete wasi-sdk in WASI_SDK_PATH\n$/);
  }, 120_000);

  test('WASI_SDK_PATH without a clang, WASIG_WASI_CC or WASIG_EMCC naming nothing: one line, status 127', () => {
    for (const [env, re] of [
      [{ WASI_SDK_PATH: fresh('nosdk') }, /^wasig cc: WASI_SDK_PATH=\S+ has no bin\/clang: point it at a wasi-sdk, or unset it/],
      [{ WASIG_WASI_CC: '/nonexistent/clang' }, /^wasig cc: WASIG_WASI_CC=\/nonexistent\/clang is not an executable file/],
      [{ WASIG_EMCC: 'no-such-emcc' }, /^wasig cc: WASIG_EMCC=no-such-emcc is not an executable file/],
    ] as const) {
      const target = 'WASIG_EMCC' in env ? 'emscripten' : 'wasi';
      const r = cc(['--target', target, src], { PATH: '/usr/bin', ...env });
      expect(r.code).toBe(127);
      expect(r.err).toMatch(re);
      expect(r.err.split('\n')).toHaveLength(2);
    }
  });
});

describe('wasig cc: its files', () => {
  test('the library cache is a private folder in $XDG_CACHE_HOME/wasig, not in the package', () => {
    const cache = fresh('xdg');
    const out = join(fresh('out'), 'a.wasm');
    const t0 = Date.now();
    const r = cc([src, '-o', out], { PATH: process.env.PATH!, XDG_CACHE_HOME: cache });
    expect(r.code, r.err).toBe(0);
    const top = join(cache, 'wasig');
    expect(statSync(top).mode & 0o777).toBe(0o700);
    // The compiled library, and what the compiler said of itself (probes).
    const libs = readdirSync(top).filter((d) => d !== 'probes');
    expect(libs).toHaveLength(1);
    expect(libs[0]).toMatch(/^lib-wasi-[0-9a-f]{16}$/);
    expect(statSync(join(top, libs[0])).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(top, libs[0])).sort()).toContain('guest.o');
    expect(statSync(join(top, 'probes')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(top, 'probes'))).toHaveLength(2);
    // Nothing written into the package (where older versions kept it).
    const old = join(root, 'build/guest-lib');
    const written = existsSync(old) ? readdirSync(old, { recursive: true }).filter((f) => statSync(join(old, String(f))).mtimeMs >= t0) : [];
    expect(written).toEqual([]);
    // Without XDG_CACHE_HOME: ~/.cache/wasig.
    const home = fresh('home');
    const h = spawnSync(process.execPath, [wasig, 'cc', src, '-o', out], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home } });
    expect(h.status, h.stderr).toBe(0);
    expect(statSync(join(home, '.cache/wasig')).mode & 0o777).toBe(0o700);
    // Two cold builds of wasig's library: the bound catches a hang, and holds
    // on a machine loaded many times over (120 s was too little at a load of 35).
  }, 600_000);

  test('a cache folder writable by others, or not a folder, is refused with what to do', () => {
    const shared = fresh('xdg');
    mkdirSync(join(shared, 'wasig'));
    chmodSync(join(shared, 'wasig'), 0o777);
    let r = cc([src], { PATH: process.env.PATH!, XDG_CACHE_HOME: shared });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^wasig cc: the cache folder \S+wasig is writable by others \(mode 777\): remove it, or set XDG_CACHE_HOME to a folder of yours\n$/);
    const linked = fresh('xdg');
    symlinkSync(fresh('elsewhere'), join(linked, 'wasig'));
    r = cc([src], { PATH: process.env.PATH!, XDG_CACHE_HOME: linked });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is not a folder \(a symbolic link or a file\): remove it/);
  });

  test.runIf(process.getuid?.() === 0)("a cache folder of another user is refused (as root: one made nobody's)", () => {
    const other = fresh('xdg');
    mkdirSync(join(other, 'wasig'), { mode: 0o700 });
    chownSync(join(other, 'wasig'), 65534, 65534);
    const r = cc([src], { PATH: process.env.PATH!, XDG_CACHE_HOME: other });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^wasig cc: the cache folder \S+ belongs to uid 65534, not to you \(uid 0\)/);
  });

  test('temporary files only in new private folders: a wasm-opt planted at the old fixed path never runs', () => {
    const tmp = fresh('tmp');
    const marker = join(scratch, `planted-ran-${n++}`);
    for (const uid of [0, process.getuid?.() ?? 0]) {
      mkdirSync(join(tmp, `wasig-idle-wasm-opt-${uid}`), { recursive: true });
      writeFileSync(join(tmp, `wasig-idle-wasm-opt-${uid}`, 'wasm-opt'), `#!/bin/sh\ntouch ${marker}\nexit 0\n`, { mode: 0o755 });
    }
    const before = readdirSync(tmp).sort();
    const out = join(fresh('out'), 'a.wasm');
    const r = cc(['-v', src, '-o', out], { PATH: process.env.PATH!, TMPDIR: tmp });
    expect(r.code, r.err).toBe(0);
    expect(existsSync(marker)).toBe(false);
    // clang was pointed at a fresh mkdtemp folder, removed afterwards.
    const b = /-B(\S+)/.exec(r.err)?.[1];
    expect(b).toMatch(new RegExp(`^${tmp}/wasig-cc-\\w{6}$`));
    expect(existsSync(b!)).toBe(false);
    expect(readdirSync(tmp).sort()).toEqual(before);
    expect(run(out)).toMatch(/^X=0/);
  }, 120_000);
});
