// Finds the compiler `wasig cc` runs for each target, and says in one line
// what to install when there is none. wasm32-wasi: WASIG_WASI_CC, then the
// clang of WASI_SDK_PATH (with its sysroot), then the first clang >= 14 on
// PATH whose wasm32 target, WASI C library, builtins and wasm-ld are all
// there. Emscripten: WASIG_EMCC, then emcc on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { place, recall, remember } from './probes.js';

export type Target = 'wasi' | 'emscripten';

export interface Compiler {
  /** The command to run (a path, or a name found on PATH). */
  cmd: string;
  /** Where `cmd` was found: the file that runs. */
  path: string;
  /** Flags it needs before any other (--target, --sysroot). */
  flags: string[];
  /** What identifies it in the library cache (path and version). */
  id: string;
}

/** A missing or unusable toolchain: the message is one line that says what
 *  to install; `wasig cc` prints it and exits 127 (command not found). */
export class ToolchainError extends Error {}

const CLANGS = ['clang', 'clang-19', 'clang-18', 'clang-17', 'clang-16', 'clang-15', 'clang-14'];
const DEBIAN_WASI = 'clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32';

/** The file `name` resolves to on PATH, or null. */
export function which(name: string, path = process.env.PATH ?? ''): string | null {
  if (name.includes('/')) return isExecutable(name) ? name : null;
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (isExecutable(p)) return p;
  }
  return null;
}

function isExecutable(p: string): boolean {
  try {
    const st = statSync(p);
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function output(cmd: string, args: string[]): string | null {
  // A bound that only a hung compiler reaches: on a machine busy with a
  // parallel build these answers took over 30 s, and a probe cut short must
  // not read as a compiler without a wasm32 target.
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
    throw new ToolchainError(`${cmd} ${args.join(' ')} did not answer in 600 s: check that ${cmd} runs, or name another compiler with WASIG_WASI_CC`);
  }
  return r.status === 0 ? r.stdout : null;
}

/** clang's major version from `--version`, or 0 when it is not a clang. */
function clangMajor(cmd: string): number {
  const m = /clang version (\d+)/.exec(output(cmd, ['--version']) ?? '');
  return m ? Number(m[1]) : 0;
}

/** Why this clang cannot build wasm32-wasi programs, or null when it can;
 *  `found` gets the files it found (its libc, builtins and wasm-ld). */
function wasiProblem(cmd: string, flags: string[], major: number, sdk: boolean, found: string[]): string | null {
  const pkg = (p: string) => (sdk ? 'a complete wasi-sdk in WASI_SDK_PATH' : `Debian's ${p}`);
  if (!/\bwasm32\b/.test(output(cmd, ['-print-targets']) ?? '')) return `${cmd} has no wasm32 target`;
  const file = (what: string) => (output(cmd, [...flags, `-print-file-name=${what}`]) ?? '').trim();
  const libc = file('libc.a');
  if (!isAbsolute(libc) || !existsSync(libc)) return `${cmd} finds no WASI C library (libc.a): install ${pkg('wasi-libc')}`;
  const rt = (output(cmd, [...flags, '-print-libgcc-file-name']) ?? '').trim();
  if (!rt || !existsSync(rt)) return `${cmd} has no wasm32 builtins (${rt || 'libclang_rt.builtins-wasm32.a'}): install ${pkg(`libclang-rt-${major}-dev-wasm32`)}`;
  // Asked without --target, which makes clang-14 answer the bare name.
  const ld = (output(cmd, ['-print-prog-name=wasm-ld']) ?? '').trim();
  const ldPath = !ld ? null : isAbsolute(ld) ? (isExecutable(ld) ? ld : null) : which(ld);
  if (!ldPath) return `${cmd} finds no wasm-ld: install ${pkg(`lld-${major}`)}`;
  found.push(libc, rt, ldPath);
  return null;
}

/** clang's major version, and why it cannot build wasm32-wasi programs
 *  (null: it can; not asked below clang 14). `path` is where `cmd` was
 *  found. A good answer is kept (probes.ts). */
function probeWasi(cmd: string, path: string, flags: string[], sdk: boolean): { major: number; problem: string | null } {
  const where = place(path, ['wasi', flags, sdk]);
  const kept = recall<number>(where);
  if (kept !== null) return { major: kept, problem: null };
  const major = clangMajor(cmd);
  if (major < 14) return { major, problem: null };
  const found: string[] = [];
  const problem = wasiProblem(cmd, flags, major, sdk, found);
  if (!problem) remember(where, major, found);
  return { major, problem };
}

const found = new Map<Target, Compiler>();

/** The compiler for `target`; throws ToolchainError naming what to install. */
export function findCompiler(target: Target): Compiler {
  const known = found.get(target);
  if (known) return known;
  const c = target === 'wasi' ? findWasi() : findEmcc();
  found.set(target, c);
  return c;
}

function findEmcc(): Compiler {
  const given = process.env.WASIG_EMCC;
  const cmd = given || 'emcc';
  const path = which(cmd);
  if (!path) {
    throw new ToolchainError(given
      ? `WASIG_EMCC=${given} is not an executable file: point it at emcc, or unset it to use emcc from PATH`
      : "no emcc on PATH: install Debian's emscripten (apt-get install emscripten), or set WASIG_EMCC to an emcc");
  }
  return { cmd, path, flags: [], id: `${path} emcc` };
}

function findWasi(): Compiler {
  const flags = ['--target=wasm32-wasi'];
  const given = process.env.WASIG_WASI_CC;
  if (given) {
    // An explicit choice is used as it is: its own errors are clearer than ours.
    const path = which(given);
    if (!path) throw new ToolchainError(`WASIG_WASI_CC=${given} is not an executable file: point it at a clang with a wasm32 target, or unset it`);
    return { cmd: given, path, flags, id: `${path} ${clangMajor(given)}` };
  }
  const sdk = process.env.WASI_SDK_PATH;
  if (sdk) {
    const cmd = join(sdk, 'bin/clang');
    const sysroot = join(sdk, 'share/wasi-sysroot');
    if (!isExecutable(cmd)) throw new ToolchainError(`WASI_SDK_PATH=${sdk} has no bin/clang: point it at a wasi-sdk, or unset it to use ${DEBIAN_WASI.split(' ')[0]}`);
    const sdkFlags = [...flags, `--sysroot=${sysroot}`];
    const { major, problem } = probeWasi(cmd, cmd, sdkFlags, true);
    if (problem) throw new ToolchainError(`WASI_SDK_PATH=${sdk}: ${problem}`);
    return { cmd, path: cmd, flags: sdkFlags, id: `${cmd} ${major} ${sysroot}` };
  }
  const problems: string[] = [];
  for (const name of CLANGS) {
    const path = which(name);
    if (!path) continue;
    const { major, problem } = probeWasi(name, path, flags, false);
    if (major < 14) {
      problems.push(`${name} is ${major ? `clang ${major}` : 'not clang'}`);
      continue;
    }
    if (!problem) return { cmd: name, path, flags, id: `${path} ${major}` };
    problems.push(problem);
  }
  // The first clang that came close says best what is missing.
  const near = problems.find((p) => p.includes('install'));
  throw new ToolchainError(near
    ? `${near} (or set WASI_SDK_PATH to a wasi-sdk)`
    : `no clang >= 14 with a wasm32 target on PATH${problems.length ? ` (${problems.join('; ')})` : ''}: install Debian's ${DEBIAN_WASI}, or set WASI_SDK_PATH to a wasi-sdk`);
}
