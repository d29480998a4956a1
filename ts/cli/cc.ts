// `wasig cc`: compiles C programs that use <signal.h> into wasig guests.
// It calls clang-14 (wasm32-wasi) or emcc with our include directory first,
// the core and libc layer (compiled once per target and cached), and the
// link flags each target needs.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOOK, preemptLoopsInFile } from './preempt.js';

export type Target = 'wasi' | 'emscripten';

export const root = fileURLToPath(new URL('../../', import.meta.url));
const include = join(root, 'c-src/include');
const jsLibrary = join(root, 'shims/emscripten/wasig-guest.js');
const prelude = join(root, 'shims/emscripten/esm-node-prelude.js');

export const WASI_CC = process.env.WASIG_WASI_CC ?? 'clang-14';
export const EMCC = process.env.WASIG_EMCC ?? 'emcc';

/** Flags every guest link gets, per target (the "documented equivalent" of
 *  `wasig cc`, see c-src/libc/README.md). */
export function linkFlags(target: Target): string[] {
  if (target === 'wasi') {
    // The table is exported: the host calls handlers through it (wasig_call_js).
    return ['-Wl,--shared-memory,--import-memory,--max-memory=268435456,--no-check-features', '-Wl,--wrap=sysconf',
      '-Wl,--export-table'];
  }
  return [
    '--js-library', jsLibrary, '--extern-pre-js', prelude,
    '-sMODULARIZE', '-sEXPORT_ES6', '-sEXPORT_NAME=createGuest', '-sEXIT_RUNTIME=1', '-sINVOKE_RUN=0',
    // Host directories (--dir) are mounted with NODEFS in Node.
    "-sEXPORTED_RUNTIME_METHODS=['callMain','ENV']", "-sDEFAULT_LIBRARY_FUNCS_TO_INCLUDE=['$ENV']",
    '-lnodefs.js',
    // The preemption hook is exported so that preempt.ts finds it in a module
    // whose names emcc stripped. The library's own entry points are not
    // exports: it hands them to the host from a constructor (boundary.h).
    `-sEXPORTED_FUNCTIONS=['_main','_${HOOK}']`,
    '-sALLOW_MEMORY_GROWTH', '-sENVIRONMENT=node,worker,web', '-sNODEJS_CATCH_EXIT=0',
    '-sNODEJS_CATCH_REJECTION=0', '-Wl,--wrap=sysconf',
  ];
}

function env(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_PATH: process.env.NODE_PATH || '/usr/share/nodejs' };
}

function run(cmd: string, args: string[], verbose: boolean): number {
  if (verbose) process.stderr.write(`${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: env() });
  if (r.error) {
    process.stderr.write(`wasig cc: cannot run ${cmd}: ${r.error.message} (install it: see TOOLCHAIN.md, or set ${cmd === EMCC ? 'WASIG_EMCC' : 'WASIG_WASI_CC'})\n`);
    return 127;
  }
  return r.status ?? 1;
}

function sources(): string[] {
  const list = (d: string) => readdirSync(join(root, d)).filter((f) => f.endsWith('.c')).map((f) => join(root, d, f));
  return [...list('c-src/core'), ...list('c-src/libc')];
}

/** The core and libc objects for a target, rebuilt when a source changed. */
export function libraryObjects(target: Target, verbose = false): string[] {
  const srcs = sources();
  const hdrs = [
    ...readdirSync(join(root, 'c-src/core')).filter((f) => f.endsWith('.h')).map((f) => join(root, 'c-src/core', f)),
    ...readdirSync(join(root, 'c-src/libc')).filter((f) => f.endsWith('.h')).map((f) => join(root, 'c-src/libc', f)),
  ];
  const newestHeader = Math.max(...hdrs.map((h) => statSync(h).mtimeMs));
  let dir = join(root, 'build/guest-lib', target);
  try { mkdirSync(dir, { recursive: true }); } catch {
    dir = join(tmpdir(), `wasig-lib-${createHash('sha1').update(root).digest('hex').slice(0, 8)}`, target);
    mkdirSync(dir, { recursive: true });
  }
  const objs: string[] = [];
  for (const src of srcs) {
    const obj = join(dir, basename(src, '.c') + '.o');
    objs.push(obj);
    if (existsSync(obj)) {
      const t = statSync(obj).mtimeMs;
      if (t >= statSync(src).mtimeMs && t >= newestHeader) continue;
    }
    const core = src.includes('/c-src/core/');
    const tmp = `${obj}.${process.pid}.tmp`;
    // The core needs real atomics (its mailbox is shared with other threads);
    // the libc layer must not use them: errno is thread_local in wasi-libc,
    // which clang-14 cannot compile with atomics on.
    const args = target === 'wasi'
      ? ['--target=wasm32-wasi', '-O2', '-Wall', '-Wextra', ...(core ? ['-matomics', '-mbulk-memory'] : []), `-I${include}`, '-c', src, '-o', tmp]
      : ['-O2', '-Wall', '-Wextra', `-I${include}`, '-c', src, '-o', tmp];
    const status = run(target === 'wasi' ? WASI_CC : EMCC, args, verbose);
    if (status !== 0) throw new Error(`wasig cc: building the wasig library failed on ${src}`);
    renameSync(tmp, obj);
  }
  return objs;
}

export const CC_HELP = `usage: wasig cc [--target wasi|emscripten] [-v] [compiler options] file.c... -o OUT

Compiles and links a C program that uses <signal.h> (and <wasig.h>) into a
wasig guest. Other options (-O2, -D…, -I…, -c, -l…) go to the compiler.
  --target wasi        clang-14 --target=wasm32-wasi; OUT is a .wasm (default)
  --target emscripten  emcc; writes OUT's base name + .mjs (loader) and .wasm
  --no-preempt         do not instrument the program's code: handlers then run
                       only at its signal and blocking calls, wasig_poll() and
                       sched_yield(), not inside loops that never call them
  -v                   print the commands
Run the result with: wasig run OUT`;

/** Marks the program's own code for preemption: the compiler calls
 *  __sanitizer_cov_trace_pc (c-src/libc/guest.c) in it, and after the link
 *  preempt.ts turns those calls into a cheap check at every loop header.
 *  The library itself is never instrumented. */
const PREEMPT = ['-fsanitize-coverage=trace-pc'];

export function cc(argv: string[]): number {
  let target: Target = 'wasi';
  let out: string | null = null;
  let verbose = false;
  let preempt = true;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--target' || a === '-target') {
      const t = argv[++i];
      if (t !== 'wasi' && t !== 'emscripten') { process.stderr.write(`wasig cc: --target must be wasi or emscripten, not ${t}\n`); return 2; }
      target = t;
    } else if (a.startsWith('--target=')) {
      const t = a.slice(9);
      if (t !== 'wasi' && t !== 'emscripten') { process.stderr.write(`wasig cc: --target must be wasi or emscripten, not ${t}\n`); return 2; }
      target = t;
    } else if (a === '-o') out = argv[++i];
    else if (a === '-v') verbose = true;
    else if (a === '--no-preempt') preempt = false;
    else if (a === '--help' || a === '-h') { process.stdout.write(CC_HELP + '\n'); return 0; }
    else rest.push(a);
  }
  if (!rest.some((a) => !a.startsWith('-'))) { process.stderr.write(`wasig cc: no input files\n${CC_HELP}\n`); return 2; }
  const compileOnly = rest.includes('-c') || rest.includes('-E') || rest.includes('-S');
  const opt = rest.some((a) => /^-O/.test(a)) ? [] : ['-O2'];
  // Debian's wasi-libc carries debug info (about 58 KB a program): keep it
  // only when the program is built with -g.
  const strip = target === 'wasi' && !rest.some((a) => /^-g/.test(a)) ? ['-Wl,--strip-debug'] : [];
  if (preempt) opt.push(...PREEMPT);
  const inc = [`-I${include}`];
  const cmd = target === 'wasi' ? WASI_CC : EMCC;
  const tgt = target === 'wasi' ? ['--target=wasm32-wasi'] : [];
  if (compileOnly) return run(cmd, [...tgt, ...inc, ...opt, ...rest, ...(out ? ['-o', out] : [])], verbose);
  let objs: string[];
  try {
    objs = libraryObjects(target, verbose);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
  let wasm: string, status: number;
  if (target === 'wasi') {
    wasm = out ?? 'a.out.wasm';
    if (dirname(wasm)) mkdirSync(dirname(wasm), { recursive: true });
    // clang runs wasm-opt after linking when it finds one, which drops the
    // names the preemption pass looks the hook up by: link with a wasm-opt
    // that does nothing, and optimize after the pass.
    const idle = preempt ? [`-B${idleWasmOpt()}`] : [];
    status = run(cmd, [...tgt, ...idle, ...inc, ...opt, ...rest, ...objs, ...linkFlags('wasi'), ...strip, '-o', wasm], verbose);
  } else {
    const base = (out ?? 'a.out.mjs').replace(/\.(wasm|mjs|js)$/, '');
    if (dirname(base)) mkdirSync(dirname(base), { recursive: true });
    wasm = `${base}.wasm`;
    status = run(cmd, [...inc, ...opt, ...rest, ...objs, ...linkFlags('emscripten'), '-o', `${base}.mjs`], verbose);
  }
  if (status !== 0 || !preempt) return status;
  try {
    const n = preemptLoopsInFile(wasm);
    if (verbose) process.stderr.write(`wasig cc: preemption checks at the loop headers of ${n} functions\n`);
  } catch (e) {
    process.stderr.write(`wasig cc: the preemption pass failed on ${wasm}: ${(e as Error).message}; build with --no-preempt to skip it\n`);
    return 1;
  }
  if (target === 'wasi' && !rest.some((a) => a === '-O0') && hasWasmOpt()) {
    return run('wasm-opt', [wasm, opt.find((a) => /^-O/.test(a)) ?? rest.find((a) => /^-O/.test(a)) ?? '-O2', '-o', wasm], verbose);
  }
  return 0;
}

/** A directory whose `wasm-opt` does nothing (see the wasi link above). */
function idleWasmOpt(): string {
  const dir = join(tmpdir(), `wasig-idle-wasm-opt-${process.getuid?.() ?? 0}`);
  const tool = join(dir, 'wasm-opt');
  if (!existsSync(tool)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${tool}.${process.pid}`, '#!/bin/sh\n# wasig cc: clang\'s post-link wasm-opt runs later, after the preemption pass\nexit 0\n', { mode: 0o755 });
    renameSync(`${tool}.${process.pid}`, tool);
  }
  return dir;
}

function hasWasmOpt(): boolean {
  return spawnSync('wasm-opt', ['--version'], { stdio: 'ignore' }).status === 0;
}

export function readText(p: string): string {
  return readFileSync(p, 'utf8');
}
