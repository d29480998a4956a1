// `wasig cc`: compiles C programs that use <signal.h> into wasig guests.
// It calls clang (wasm32-wasi, found by toolchain.ts) or emcc with our
// include directory first, the core and libc layer (compiled once per target
// and compiler into the per-user cache, cache.ts), and the link flags each
// target needs.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, UsageError } from './args.js';
import { CacheError, cacheDir, removeDir, tempDir } from './cache.js';
import { adaptedLine, adaptStubsInFile, mismatchedIn, type Adaptation } from './mismatch.js';
import { HOOK, preemptLoopsInFile } from './preempt.js';
import { place, recall, remember } from './probes.js';
import { findCompiler, ToolchainError, type Compiler, type Target } from './toolchain.js';
import { COMMAND_WORLD, REACTOR_WORLD, componentize } from '../component/build.js';
import { JcoMissing } from '../component/jco.js';
import { transpileInto } from '../component/transpile.node.js';

export type { Target } from './toolchain.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));
const include = join(root, 'c-src/include');
const jsLibrary = join(root, 'shims/emscripten/wasig-guest.js');
const prelude = join(root, 'shims/emscripten/esm-node-prelude.js');

/** Functions a library stands in front of with the linker's --wrap: one
 *  `#define NAME __wrap_NAME` line each in c-src/libc/emscripten-wrap.h
 *  (emscripten) or c-src/libc/wasi-wrap.h (wasi and components: the
 *  descriptor table). */
function wrapped(header: string): string[] {
  const text = readFileSync(join(root, header), 'utf8');
  return [...text.matchAll(/^#define (\w+) __wrap_\1$/gm)].map((m) => m[1]);
}
const wrapFlags = (header: string) => `-Wl,${wrapped(header).map((f) => `--wrap=${f}`).join(',')}`;

/** Flags a component's link gets. */
const componentLink = (reactor: boolean) => [wrapFlags('c-src/libc/wasi-wrap.h'), ...LOCKS, ...ANCESTORS,
  // A command's _start is the library's (c-src/component/start.c says why).
  ...(reactor ? [] : ['-nostartfiles'])];

/** setjmp/longjmp on wasm32-wasi: clang lowers them to wasm exceptions
 *  (<setjmp.h> and c-src/libc/setjmp-wasi.c say how). Every wasi compile
 *  and link gets these, so that a plain `wasig cc prog.c` works for programs
 *  that use setjmp; a program that does not use it emits no exception code.
 *  Wasm exceptions run without flags in Node 20 (V8 11) and Chromium. */
const SJLJ = ['-mexception-handling', '-mllvm', '-wasm-enable-sjlj'];

/** POSIX record locks are ours on both targets (c-src/libc/posix-lock.c). */
const LOCKS = ['-Wl,--wrap=fcntl'];
/** The directories above preopened ones exist (c-src/libc/posix-dirs.c). */
const ANCESTORS = ['-Wl,--wrap=stat,--wrap=lstat'];

/** Job control on emscripten's reads and writes of the terminal
 *  (c-src/libc/tty.c). Not in emscripten-wrap.h: <wasi/api.h> declares
 *  these as imports, which a file that renamed them would redefine. */
const EMSCRIPTEN_JOBS = ['-Wl,--wrap=__wasi_fd_read,--wrap=__wasi_fd_write'];

/** Flags every guest link gets, per target (the "documented equivalent" of
 *  `wasig cc`, see c-src/libc/README.md). */
export function linkFlags(target: Target): string[] {
  if (target === 'wasi') {
    // The table is exported: the host calls handlers through it (wasig_call_js).
    return ['-Wl,--shared-memory,--import-memory,--max-memory=268435456,--no-check-features', '-Wl,--wrap=sysconf',
      '-Wl,--export-table',
      // <sys/mman.h> turns on wasi-libc's mmap emulation (c-src/include).
      '-lwasi-emulated-mman', ...LOCKS,
      ...ANCESTORS,
      // ENOMEM from a malloc that memory.grow refused (c-src/libc/alloc.c).
      '-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=aligned_alloc',
      // The guest's own descriptor numbers: dup, pipes (c-src/libc/descriptors.c).
      wrapFlags('c-src/libc/wasi-wrap.h')];
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
    wrapFlags('c-src/libc/emscripten-wrap.h'), ...LOCKS, ...EMSCRIPTEN_JOBS,
  ];
}

/** The compiler's `#include <…>` directories for an invocation. */
function searchList(cmd: string, flags: string[]): string[] {
  const r = spawnSync(cmd, [...flags, '-E', '-v', '-x', 'c', '/dev/null', '-o', '/dev/null'], { encoding: 'utf8', env: env() });
  const text = r.stderr ?? '';
  const from = text.indexOf('#include <...> search starts here:');
  const to = text.indexOf('End of search list.');
  if (r.error || from < 0 || to < from) return [];
  return text.slice(from, to).split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
}

const systemDirs = new Map<string, string[]>();
/** Include flags per target. Ours are system headers, the first of the
 *  sysroot's (-isystem): a program's own -I folders come before them, as
 *  before /usr/include on Linux, so a header that replaces a system one and
 *  reads it with #include_next (gnulib's <fcntl.h>, <signal.h>, ...) sees
 *  ours and then the libc's, in that order. On wasi, clang's default list
 *  ends with the host's /usr/include, so a header wasi-libc lacks would
 *  silently come from glibc (built for another ABI): the list is rebuilt
 *  without the host's directories (those the same clang also searches for
 *  the host target), keeping clang's own headers and wasi-libc's, after
 *  ours. */
export function includeFlags(target: Target): string[] {
  if (target !== 'wasi') return ['-isystem', include];
  const c = findCompiler('wasi');
  const known = systemDirs.get(c.id);
  const where = known ? null : place(c.path, ['include', c.flags]);
  let dirs = known ?? recall<string[]>(where);
  if (!dirs) {
    const host = searchList(c.cmd, []);
    const resource = spawnSync(c.cmd, ['-print-resource-dir'], { encoding: 'utf8', env: env() }).stdout?.trim();
    dirs = searchList(c.cmd, c.flags).filter((d) => !host.includes(d) || (resource && d.startsWith(resource)));
    const api = dirs.map((d) => join(d, 'wasi/api.h')).find((f) => existsSync(f));
    if (!api) {
      throw new ToolchainError(`${c.cmd} ${c.flags.join(' ')} finds no wasi-libc headers: install Debian's wasi-libc, or set WASI_SDK_PATH to a wasi-sdk`);
    }
    remember(where, dirs, [...dirs, api]);
  }
  systemDirs.set(c.id, dirs);
  // A wasi guest gets a POSIX system (this library), so it is a Unix as an
  // emscripten one is: emcc and Linux's cc define __unix__ and __unix, and
  // portable programs choose their POSIX code by them (zstd's platform.h).
  return ['-nostdinc', '-isystem', include, ...dirs.flatMap((d) => ['-isystem', d]), '-D__unix__=1', '-D__unix=1'];
}

/** The toolchain's environment. npm and npx put node_modules/.bin first on
 *  PATH, and wasig's own dependency binaryen installs a wasm-opt there: emcc
 *  and clang run whichever wasm-opt PATH finds first, and emcc -O3 reads back
 *  the import names that its own binaryen minified, so another version
 *  breaks the link of the output (LinkError on import "a"). The compilers get
 *  PATH without those folders. */
function env(): NodeJS.ProcessEnv {
  const path = (process.env.PATH ?? '').split(delimiter).filter((d) => !/(^|[\\/])node_modules[\\/]\.bin[\\/]?$/.test(d));
  return { ...process.env, PATH: path.join(delimiter), NODE_PATH: process.env.NODE_PATH || '/usr/share/nodejs' };
}

/** stderr: takes the command's error output, else it goes to ours. */
function run(c: Compiler | string, args: string[], verbose: boolean, stderr?: (text: string) => void): number {
  const [cmd, all] = typeof c === 'string' ? [c, args] : [c.cmd, [...c.flags, ...args]];
  if (verbose) process.stderr.write(`${cmd} ${all.join(' ')}\n`);
  const r = spawnSync(cmd, all, { stdio: ['inherit', 'inherit', stderr ? 'pipe' : 'inherit'], env: env(), maxBuffer: 1 << 30 });
  if (stderr) stderr(r.stderr?.toString() ?? '');
  if (r.error) {
    process.stderr.write(`wasig cc: cannot run ${cmd}: ${r.error.message}\n`);
    return 127;
  }
  return r.status ?? 1;
}

/** The library each kind of output links: core-module guests the core and
 *  c-src/libc; components c-src/component, whose signal state is the
 *  host's (c-src/component/signal.c says why). */
type Library = Target | 'component';
const LIBRARY_DIRS: Record<Library, string[]> = {
  wasi: ['c-src/core', 'c-src/libc'], emscripten: ['c-src/core', 'c-src/libc'], component: ['c-src/component', 'c-src/libc'],
};
/** The object of c-src/component that only reactors link: the export of
 *  wasig:signals/handler. */
const REACTOR_ONLY = 'handler.o';
/** The object of c-src/component that only commands link: their _start. */
const COMMAND_ONLY = 'start.o';
/** The files of c-src/libc that components link too: ones that stand
 *  alone, and ones that build on c-src/component's signal calls
 *  (WASIG_COMPONENT: the descriptor table, fcntl, poll and select, the
 *  terminal, the directories above preopened ones), and files that need only POSIX calls (posix-pgrp.c),
 *  stdio (error.c), the WASI arguments (invocation.c) or nothing (altstack.c),
 *  and the modes of new files (posix-modes.c). */
const SHARED_WITH_COMPONENTS = ['clock.c', 'setjmp.c', 'setjmp-wasi.c', 'sigset.c', 'signal-derived.c', 'strsignal.c', 'posix-user.c', 'posix-file.c', 'posix-modes.c', 'posix-lock.c', 'descriptors.c', 'memfile.c', 'io.c', 'tty.c', 'posix-pgrp.c', 'altstack.c', 'posix-dirs.c', 'error.c', 'invocation.c'];

function sources(lib: Library): string[] {
  const list = (d: string) => readdirSync(join(root, d)).filter((f) => f.endsWith('.c')).map((f) => join(root, d, f));
  if (lib === 'component') return [...list('c-src/component'), ...SHARED_WITH_COMPONENTS.map((f) => join(root, 'c-src/libc', f))];
  return LIBRARY_DIRS[lib].flatMap(list);
}

/** The core and libc objects for a target, compiled once per compiler and
 *  library source into the per-user cache (a folder named by a hash of both,
 *  so a changed source or another compiler gets its own). */
export function libraryObjects(lib: Library, verbose = false): string[] {
  const target: Target = lib === 'component' ? 'wasi' : lib;
  const compiler = findCompiler(target);
  const srcs = sources(lib);
  const hash = createHash('sha256').update(`${lib}\0${compiler.id}\0`);
  // The library is built against the sysroot's headers (c-src/include) too.
  for (const d of [...LIBRARY_DIRS[lib], 'c-src/include']) {
    for (const f of (readdirSync(join(root, d), { recursive: true }) as string[]).filter((f) => /\.[ch]$/.test(f)).sort()) {
      hash.update(`${d}/${f}\0`).update(readFileSync(join(root, d, f))).update('\0');
    }
  }
  const dir = cacheDir(`lib-${lib}-${hash.digest('hex').slice(0, 16)}`);
  const objs: string[] = [];
  const members: string[] = [];
  for (const src of srcs) {
    const obj = join(dir, basename(src, '.c') + '.o');
    (ARCHIVED.includes(basename(src)) ? members : objs).push(obj);
    if (existsSync(obj)) continue;
    const core = src.includes('/c-src/core/');
    // Private folder: the name may be known, nobody else can write there.
    const tmp = `${obj}.${process.pid}.tmp`;
    // The core needs real atomics (its mailbox is shared with other threads);
    // the libc layer must not use them: errno is thread_local in wasi-libc,
    // which clang-14 cannot compile with atomics on.
    // WASIG_COMPONENT: a file of c-src/libc built on c-src/component's
    // signal calls instead of the core's (descriptors.c).
    const args = lib === 'component' ? ['-O2', '-Wall', '-Wextra', '-Werror', '-DWASIG_COMPONENT', ...SJLJ, ...includeFlags('wasi'), '-c', src, '-o', tmp]
      : target === 'wasi'
      ? ['-O2', '-Wall', '-Wextra', ...(core ? ['-matomics', '-mbulk-memory'] : SJLJ), ...includeFlags('wasi'), '-c', src, '-o', tmp]
      : ['-O2', '-Wall', '-Wextra', ...includeFlags('emscripten'), '-c', src, '-o', tmp];
    const status = run(compiler, args, verbose);
    if (status !== 0) throw new Error(`wasig cc: building the wasig library failed on ${src}`);
    renameSync(tmp, obj);
  }
  if (!members.length) return objs;
  const archive = join(dir, 'libwasig.a');
  if (!existsSync(archive)) {
    const tmp = `${archive}.${process.pid}.tmp`;
    const status = run(archiver(compiler, target), ['rcs', tmp, ...members], verbose);
    if (status !== 0) throw new Error(`wasig cc: archiving the wasig library (${members.map((m) => basename(m)).join(', ')}) failed`);
    renameSync(tmp, archive);
  }
  return [...objs, archive];
}

/** Files of c-src/libc linked from an archive, as a libc's own members are:
 *  the linker takes one only for a symbol nothing before it defined, so a
 *  program's own function of the same name wins, with any signature (old C
 *  programs have their own error()), and the member stays out. Listed
 *  objects are the other way: always linked (constructors, the core). A
 *  member must have no constructor, which would not run in a program that
 *  does not pull it. */
const ARCHIVED = ['error.c'];

/** The archiver of the compiler's toolchain: llvm-ar beside clang (the
 *  objects are wasm either way), emar beside emcc. */
function archiver(compiler: Compiler, target: Target): string {
  if (target === 'emscripten') {
    const beside = join(dirname(compiler.path), 'emar');
    return existsSync(beside) ? beside : 'emar';
  }
  const ar = (spawnSync(compiler.cmd, ['-print-prog-name=llvm-ar'], { encoding: 'utf8' }).stdout ?? '').trim();
  return ar || 'llvm-ar';
}

export const CC_USAGE = 'usage: wasig cc [--target wasi|emscripten] [--component] [--no-preempt] [-v] [compiler options] file.c... -o OUT';

export const CC_HELP = `${CC_USAGE}

Compiles and links a C program that uses <signal.h> (and <wasig.h>) into a
wasig guest. Every other option (-O2, -DX, -Ifoo, -lm, -c, -g, ...) goes to
the compiler as written; '--' ends the options (the rest are input files).
  --target wasi        clang --target=wasm32-wasi; OUT is a .wasm (default)
  --target emscripten  emcc; writes OUT's base name + .mjs (loader) and .wasm
  --component          a WASI Preview 2 command component (wasi target only) whose
                       <signal.h> imports wasig:signals@0.1.0 (wasm/wit), and
                       its transpiled form for browsers in OUT's base name +
                       .jco/; needs @bytecodealliance/jco; no setjmp (docs/wit.md);
                       with -mexec-model=reactor, a reactor (no main) whose
                       handlers the host calls
  -o OUT               the output file (a.out as cc writes, or a.out.mjs for emscripten)
  --no-preempt         do not instrument the program's code: handlers then run
                       only at its signal and blocking calls, wasig_poll() and
                       sched_yield(), not inside loops that never call them
  -v, --verbose        print the commands
  -h, --help           this help
Compilers: WASIG_WASI_CC, else WASI_SDK_PATH's clang and sysroot, else the
first clang >= 14 on PATH with a wasm32 target and a WASI C library (clang,
clang-19 ... clang-14); WASIG_EMCC, else emcc. On Debian: apt-get install
clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32 (wasi), emscripten.
The compiled library is cached in $XDG_CACHE_HOME/wasig (else ~/.cache/wasig).
Run the result with: wasig run OUT`;

/** Marks the program's own code for preemption: the compiler calls
 *  __sanitizer_cov_trace_pc (c-src/libc/guest.c) at the entry of each of its
 *  functions (`func`: one call a function, no split edges), and after the
 *  link preempt.ts turns those calls into a cheap check at every loop
 *  header. The library itself is never instrumented. */
const PREEMPT = ['-fsanitize-coverage=func,trace-pc'];

/** clang 14 takes these for the C library's and assumes that they touch no
 *  memory of the program's (LLVM's inaccessiblememonly), errno included: a
 *  program's `errno = 0; p = malloc(n); if (!p && errno == ENOMEM)` then
 *  reads the 0 it stored, at -O1 and above, on both targets. As plain
 *  functions they set errno as POSIX says (wasig's malloc does). */
const ALLOCATORS = ['malloc', 'calloc', 'realloc', 'aligned_alloc', 'strdup', 'strndup'].map((f) => `-fno-builtin-${f}`);

const CC_OPTIONS = {
  target: { type: 'string' },
  output: { type: 'string', short: 'o' },
  verbose: { type: 'boolean', short: 'v' },
  'no-preempt': { type: 'boolean' },
  component: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Compiler options whose value is the next argument (clang's and emcc's):
 *  that argument is theirs too, not an input file or one of our options. */
const SEPARATE_VALUE = new Set(['-I', '-D', '-U', '-include', '-imacros', '-isystem', '-idirafter', '-iquote',
  '-iprefix', '-iwithprefix', '-isysroot', '-L', '-l', '-MF', '-MT', '-MQ', '-x', '-Xlinker', '-Xclang',
  '-Xassembler', '-Xpreprocessor', '-mllvm', '-z', '-u', '-T', '-e', '--sysroot', '-s', '--js-library',
  '--pre-js', '--post-js', '--extern-pre-js', '--extern-post-js', '--embed-file', '--preload-file', '--shell-file']);

/** Sorts `wasig cc`'s arguments into ours (for util.parseArgs) and the
 *  compiler's, in their order. The split is by name and not by parseArgs'
 *  non-strict mode, which reads a compiler flag such as -fno-builtin as a
 *  group of short options (and its "o" as our -o with the value "-builtin"). */
export function splitCcArgs(argv: string[]): { own: string[]; compiler: string[]; inputs: string[]; afterDashDash: string[] } {
  const own: string[] = [], compiler: string[] = [], inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return { own, compiler, inputs: [...inputs, ...argv.slice(i + 1)], afterDashDash: argv.slice(i + 1) };
    if (a === '--target' || a === '-o' || a === '--output') {
      own.push(a);
      if (i + 1 < argv.length) own.push(argv[++i]);
    } else if (/^-o./.test(a) || ['-v', '-h'].includes(a) || Object.keys(CC_OPTIONS).some((k) => a === `--${k}` || a.startsWith(`--${k}=`))) {
      own.push(a);
    } else if (SEPARATE_VALUE.has(a)) {
      compiler.push(a);
      if (i + 1 < argv.length) compiler.push(argv[++i]);
    } else {
      compiler.push(a);
      if (a === '-' || !a.startsWith('-')) inputs.push(a);
    }
  }
  return { own, compiler, inputs, afterDashDash: [] };
}

export async function cc(argv: string[]): Promise<number> {
  try {
    return await compile(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`wasig cc: ${e.message}\n${CC_USAGE}\nTry 'wasig cc --help' for more.\n`);
      return 2;
    }
    if (e instanceof ToolchainError) {
      process.stderr.write(`wasig cc: ${e.message}\n`);
      return 127;
    }
    if (e instanceof JcoMissing) {
      process.stderr.write(`wasig cc: ${e.message}\n`);
      return 127;
    }
    if (e instanceof CacheError) {
      process.stderr.write(`wasig cc: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

async function compile(argv: string[]): Promise<number> {
  const { own, compiler: rest, inputs, afterDashDash } = splitCcArgs(argv);
  const { values } = parse(own, CC_OPTIONS);
  if (values.help) {
    process.stdout.write(CC_HELP + '\n');
    return 0;
  }
  const t = values.target ?? 'wasi';
  if (t !== 'wasi' && t !== 'emscripten') throw new UsageError(`--target must be wasi or emscripten, not '${t}'`);
  const target: Target = t;
  const out = values.output ?? null;
  const verbose = values.verbose ?? false;
  const preempt = !values['no-preempt'];
  const component = values.component ?? false;
  // clang's own flag makes a reactor (no main; the host calls its exports):
  // as a component, one of the world wasig:signals/reactor.
  const reactor = component && rest.includes('-mexec-model=reactor');
  if (component && target !== 'wasi') throw new UsageError('--component builds with the wasi target: a component cannot hold an emscripten loader\'s JavaScript');
  if (!inputs.length) throw new UsageError('no input files');
  // Input files after '--' go last, named so that no compiler reads them as
  // options (emcc 3.1.6 does not take '--' itself).
  const tail = afterDashDash.map((f) => (f.startsWith('-') ? `./${f}` : f));
  const compileOnly = rest.includes('-c') || rest.includes('-E') || rest.includes('-S');
  const opt = rest.some((a) => /^-O/.test(a)) ? [] : ['-O2'];
  // Debian's wasi-libc carries debug info (about 58 KB a program): keep it
  // only when the program is built with -g.
  const strip = target === 'wasi' && !rest.some((a) => /^-g/.test(a)) ? ['-Wl,--strip-debug'] : [];
  opt.push(...ALLOCATORS);
  if (preempt) opt.push(...PREEMPT);
  const compiler = findCompiler(target);
  const inc = includeFlags(target);
  // Components too: jco 1.35 transpiles what uses wasm exceptions through
  // stand-ins (ts/component/exceptions.ts).
  const sjlj = target === 'wasi' ? SJLJ : [];
  if (compileOnly) return run(compiler, [...sjlj, ...inc, ...opt, ...rest, ...(out ? ['-o', out] : []), ...tail], verbose);
  let objs: string[];
  try {
    objs = libraryObjects(component ? 'component' : target, verbose);
    // The handler export belongs to the reactor world only, _start to commands.
    if (component) objs = objs.filter((o) => basename(o) !== (reactor ? COMMAND_ONLY : REACTOR_ONLY));
  } catch (e) {
    if (e instanceof CacheError || e instanceof ToolchainError) throw e;
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
  let wasm: string, status: number;
  if (target === 'wasi') {
    // cc's name when there is no -o: configure scripts look for a.out to
    // learn that the compiler works.
    wasm = out ?? 'a.out';
    if (dirname(wasm)) mkdirSync(dirname(wasm), { recursive: true });
    // clang runs wasm-opt after linking when it finds one, which would
    // inline the stubs of mismatched calls before they are adapted and drop
    // the names the preemption pass looks the hook up by: link with a
    // wasm-opt that does nothing, adapt, and optimize with the names kept
    // before the pass (as emcc does), so that the pass's branch hints
    // (branch-hints.ts) describe the code as it is run. Components are
    // optimized after the pass: their hook is small enough for wasm-opt to
    // inline it, so they get no hints (jco runs them, not `wasig run`).
    const idle = idleWasmOpt();
    try {
      // The hook is exported (as on emscripten): wasm-opt never inlines an
      // exported function into its only caller, which would leave the pass
      // no call to find in a program that calls it from one function.
      const keepHook = preempt && !component ? [`-Wl,--export=${HOOK}`] : [];
      // A link of objects alone (as make's last step) gets no compile-only
      // flags: clang would warn that -nostdinc and -mllvm went unused, and
      // a program's -Werror would make that fail. Link-time optimization
      // compiles, so it keeps them.
      const compiles = rest.includes('-flto') || rest.some((a) => a.startsWith('-flto=')) || rest.includes('-x') ||
        inputs.some((f) => !/\.(o|a|so|lo|obj|wasm)$/.test(f));
      const compileFlags = compiles ? [...sjlj, ...inc] : [SJLJ[0]];
      const link = (more: string[], stderr?: (text: string) => void) => run(compiler, [`-B${idle}`, ...compileFlags, ...opt, ...rest, ...objs, ...(component ? componentLink(reactor) : linkFlags('wasi')), ...keepHook, ...more, ...strip, '-o', wasm, ...tail], verbose, stderr);
      status = link([]);
      let r = status === 0 ? await adaptMismatches(wasm, []) : null;
      // wasm-ld dropped a definition that only mismatched calls reach (its
      // stub does not call it): keep it with an export, which the pass
      // removes. The link's warnings were said the first time.
      if (r?.missing.length) {
        const more = r.missing.map((f) => `-Wl,--export=${f}`);
        let said = '';
        status = link(more, (t) => { said = t; });
        if (status !== 0) process.stderr.write(said);
        r = status === 0 ? await adaptMismatches(wasm, r.missing) : null;
      }
      if (status === 0 && !r) status = 1;
    } finally {
      removeDir(idle);
    }
    if (status === 0 && !(preempt && component) && !rest.some((a) => a === '-O0') && hasWasmOpt()) {
      const level = opt.find((a) => /^-O/.test(a)) ?? rest.find((a) => /^-O/.test(a)) ?? '-O2';
      status = run('wasm-opt', [wasm, level, ...(preempt ? ['--debuginfo'] : []), '-o', wasm], verbose);
      // A module left unrewritten would run without preemption.
      if (status !== 0) rmSync(wasm, { force: true });
    }
  } else {
    const base = (out ?? 'a.out.mjs').replace(/\.(wasm|mjs|js)$/, '');
    if (dirname(base)) mkdirSync(dirname(base), { recursive: true });
    wasm = `${base}.wasm`;
    // The preemption pass finds its hook by name: emcc -O3 minifies the
    // export names, --profiling-funcs keeps the function names.
    const names = preempt ? ['--profiling-funcs'] : [];
    let said = '';
    status = run(compiler, [...inc, ...opt, ...rest, ...objs, ...linkFlags('emscripten'), ...names, '-o', `${base}.mjs`, ...tail], verbose, (t) => { said = t; process.stderr.write(t); });
    // emcc's optimizer inlines wasm-ld's trapping stubs into their callers
    // within the link: a call it cannot adapt fails here, not when run.
    const mismatched = status === 0 ? mismatchedIn(said) : [];
    if (mismatched.length) {
      for (const f of mismatched) process.stderr.write(`wasig cc: ${f} is called through a prototype that disagrees with its definition, a call that traps on emscripten: declare it as it is defined (or build with --target wasi, which adapts such calls)\n`);
      rmSync(wasm, { force: true });
      rmSync(`${base}.mjs`, { force: true });
      return 1;
    }
  }
  if (status !== 0) return status;
  if (preempt) {
    const r = await preemptPass(wasm, target, rest, verbose, component);
    if (r !== 0) return r;
  }
  if (!component) return 0;
  // Browsers cannot run jco when they load a program: its transpiled form
  // goes beside it (prog.wasm: prog.jco/), which Node does not need.
  const jcoDir = wasm.replace(/\.wasm$/, '') + '.jco';
  try {
    const bytes = await componentize(new Uint8Array(readFileSync(wasm)), reactor);
    writeFileSync(wasm, bytes);
    rmSync(jcoDir, { recursive: true, force: true });
    await transpileInto(jcoDir, bytes);
  } catch (e) {
    rmSync(wasm, { force: true });
    rmSync(jcoDir, { recursive: true, force: true });
    if (e instanceof JcoMissing) throw e;
    process.stderr.write(`wasig cc: making ${wasm} a component failed: ${(e as Error).message}\n`);
    return 1;
  }
  if (verbose) process.stderr.write(`wasig cc: ${wasm} is a component of the world ${reactor ? REACTOR_WORLD : COMMAND_WORLD}\n`);
  return 0;
}

/** The preemption pass (and for components the optimization after it). */
async function preemptPass(wasm: string, target: Target, rest: string[], verbose: boolean, component: boolean): Promise<number> {
  try {
    const r = await preemptLoopsInFile(wasm, { keepNames: rest.some((a) => /^-g|^--profiling/.test(a)), hints: !component });
    if (verbose) process.stderr.write(`wasig cc: preemption checks at ${r.loops} loop headers and ${r.entries} entries of recursive functions, in ${r.functions} functions (${r.hinted} with a branch hint)\n`);
  } catch (e) {
    // The pass removed the module: remove the loader that would load it too.
    if (target === 'emscripten') rmSync(wasm.replace(/\.wasm$/, '.mjs'), { force: true });
    process.stderr.write(`wasig cc: the preemption pass failed on ${wasm}: ${(e as Error).message}; build with --no-preempt to skip it\n`);
    return 1;
  }
  if (component && !rest.some((a) => a === '-O0') && hasWasmOpt()) {
    return run('wasm-opt', [wasm, rest.find((a) => /^-O/.test(a)) ?? '-O2', '-o', wasm], verbose);
  }
  return 0;
}

/** Adapts the calls wasm-ld linked to a trapping stub (mismatch.ts), saying
 *  so under wasm-ld's warning. On failure the module is removed. */
async function adaptMismatches(wasm: string, exported: string[]): Promise<Adaptation | null> {
  try {
    const r = await adaptStubsInFile(wasm, exported);
    if (!r.missing.length) for (const a of r.adapted) process.stderr.write(adaptedLine(a));
    else if (exported.length) throw new Error(`the definitions of ${r.missing.join(', ')} are not in the module`);
    return r;
  } catch (e) {
    rmSync(wasm, { force: true });
    process.stderr.write(`wasig cc: adapting the mismatched calls of ${wasm} failed: ${(e as Error).message}\n`);
    return null;
  }
}

/** A new private folder whose `wasm-opt` does nothing (see the wasi link
 *  above); the caller removes it. Private (mkdtemp), because clang runs the
 *  wasm-opt it finds there: a predictable path under /tmp would run a file
 *  anyone could have planted. */
function idleWasmOpt(): string {
  const dir = tempDir('wasig-cc-');
  writeFileSync(join(dir, 'wasm-opt'), '#!/bin/sh\n# wasig cc: clang\'s post-link wasm-opt runs later, after the preemption pass\nexit 0\n', { mode: 0o700 });
  return dir;
}

function hasWasmOpt(): boolean {
  return spawnSync('wasm-opt', ['--version'], { stdio: 'ignore', env: env() }).status === 0;
}

export function readText(p: string): string {
  return readFileSync(p, 'utf8');
}
