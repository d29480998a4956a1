// The `wasig` CLI end to end: `wasig run` as a real child process, real OS
// signals sent to it with kill(1), its output and how it ends (exit status
// or death by signal). Both flavors, and components.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { build, example, flavors, root, sleep, until, wasig, type Flavor, type Kind } from './helpers.js';
import { expectStopContinue, kill, start } from './cli-run.js';

/** `wasig ARGS` to its end: status, stdout and stderr. */
function cli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [wasig, ...args], { encoding: 'utf8', env });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

describe('wasig CLI conventions', () => {
  test('--help and help go to stdout with status 0; --version prints the package version', () => {
    for (const [args, re] of [
      [['--help'], /wasig cc[\s\S]*wasig run[\s\S]*SIGINT, SIGTERM, SIGHUP/],
      [['-h'], /wasig --version/],
      [['cc', '--help'], /usage: wasig cc[\s\S]*XDG_CACHE_HOME/],
      [['run', '-h'], /usage: wasig run[\s\S]*'--' before PROGRAM ends the options/],
      [['help', 'run'], /usage: wasig run/],
    ] as const) {
      const r = cli([...args]);
      expect(r, args.join(' ')).toMatchObject({ code: 0, err: '' });
      expect(r.out).toMatch(re);
    }
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
    for (const v of ['--version', '-V']) expect(cli([v])).toMatchObject({ code: 0, out: `wasig ${version}\n`, err: '' });
  });

  // Every bad use: status 2, nothing on stdout, a first line that names what
  // is wrong, then the usage; never a stack trace.
  test.each([
    [[], /^wasig: no command given\nusage: wasig /],
    [['--frob'], /^wasig: unknown option '--frob'\n/],
    [['-x', 'run'], /^wasig: unknown option '-x'\n/],
    [['frob'], /^wasig: unknown command 'frob'\n/],
    [['run'], /^wasig run: no program to run\nusage: wasig run /],
    [['run', '--foo', 'x.wasm'], /^wasig run: unknown option '--foo'\n/],
    [['run', '--target'], /^wasig run: option --target needs a value\n/],
    [['run', '--target', 'wat', 'x.wasm'], /^wasig run: --target must be wasi or emscripten, not 'wat'\n/],
    [['run', '--target', '--dir', 'd', 'x.wasm'], /^wasig run: option --target needs a value, and the next argument is an option/],
    [['run', '--dir'], /^wasig run: option --dir needs a value\n/],
    [['run', '--help=yes'], /^wasig run: option -h\/--help takes no value\n/],
    [['cc'], /^wasig cc: no input files\nusage: wasig cc /],
    [['cc', '-O2', '-DX'], /^wasig cc: no input files\n/],
    [['cc', 'x.c', '-o'], /^wasig cc: option -o\/--output needs a value\n/],
    [['cc', '-o', '--target', 'wasi', 'x.c'], /^wasig cc: option -o needs a value, and the next argument is an option \(write --output=VALUE/],
    [['cc', 'x.c', '--target'], /^wasig cc: option --target needs a value\n/],
    [['cc', '--target', 'wat', 'x.c'], /^wasig cc: --target must be wasi or emscripten, not 'wat'\n/],
    [['cc', '--target=wasm32-wasi', 'x.c'], /^wasig cc: --target must be wasi or emscripten, not 'wasm32-wasi'\n/],
    [['cc', '--no-preempt=1', 'x.c'], /^wasig cc: option --no-preempt takes no value\n/],
  ] as const)('bad use: wasig %j', (args, re) => {
    const r = cli([...args]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(re);
    expect(r.err).toMatch(/usage: wasig/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test('without -o, the wasi target writes a.out as cc does (configure scripts look for it), which runs', () => {
    const dir = join(root, 'build/test-guest-cli/aout');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'conftest.c'), 'int main(void) { return 3; }\n');
    const r = spawnSync(process.execPath, [wasig, 'cc', '--target', 'wasi', 'conftest.c'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['a.out', 'conftest.c']);
    expect(cli(['run', join(dir, 'a.out')]).code).toBe(3);
  });

  test('a missing module, a non-wasm file: status 2 and a clear message', async () => {
    const dir = join(root, 'build/test-guest/bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'text.wasm'), 'not wasm');
    for (const [args, msg] of [
      [['run', join(dir, 'nope.wasm')], /cannot read/],
      [['run', join(dir, 'text.wasm')], /not a WebAssembly module/],
    ] as const) {
      const r = start([...args]);
      expect(await r.done).toEqual({ code: 2, signal: null });
      expect(r.err()).toMatch(msg);
    }
  });

  describe.each(flavors)('%s', (flavor: Flavor) => {
    let prog: string;
    beforeAll(() => {
      // Compiler flags pass through as written, in every spelling: joined
      // (-DX=3, -lm), separate (-I dir, -include file), and ones whose
      // letters parseArgs would misread as short options (-fno-builtin has
      // an "o"); '--' ends the options.
      const dir = join(root, 'build/test-guest-cli/args', flavor);
      mkdirSync(join(dir, 'inc'), { recursive: true });
      writeFileSync(join(dir, 'inc/foo.h'), '#define FOO "from-include"\n');
      prog = join(dir, 'args.wasm');
      const r = cli(['cc', '--target', flavor, '-DX=3', '-I', join(dir, 'inc'), '-include', 'foo.h', '-fno-builtin', '-O1',
        '-o', prog, '-lm', '--', join(root, 'test/guest/c/args.c')]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
    }, 180_000);

    // An emscripten program runs by its loader's path (a .wasm alone is WASI).
    const runnable = () => (flavor === 'emscripten' ? prog.replace(/\.wasm$/, '.mjs') : prog);

    test("a program's -I folders come before wasig's headers, and those before the libc's, as before /usr/include on Linux", () => {
      // gnulib's way: a header of the program's replaces a system one, reads
      // it with #include_next, then defines what it found missing.
      const dir = join(root, 'build/test-guest-cli/order', flavor);
      mkdirSync(join(dir, 'lib'), { recursive: true });
      writeFileSync(join(dir, 'lib/fcntl.h'), '#include_next <fcntl.h>\n#define PROGRAMS_OWN 1\n#ifndef F_DUPFD\n#define F_DUPFD 1\n#endif\n');
      writeFileSync(join(dir, 'order.c'), '#include <fcntl.h>\n_Static_assert(PROGRAMS_OWN, "the program\'s own header is read");\n' +
        '_Static_assert(F_DUPFD == 0 && F_GETFD == 1, "Linux\'s values, from wasig\'s header under it");\nint f(int fd) { switch (fcntl(fd, F_GETFD)) { case F_DUPFD: case F_GETFD: return 1; } return 0; }\n');
      const r = cli(['cc', '--target', flavor, '-I', join(dir, 'lib'), '-c', join(dir, 'order.c'), '-o', join(dir, 'order.o')]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
    }, 60_000);

    test("make's steps: objects compiled with -c link with -Werror and nothing on stderr, and a jump out of a handler still lands", () => {
      const dir = join(root, 'build/test-guest-cli/objects', flavor);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'jump.c'), '#include <setjmp.h>\n#include <signal.h>\n#include <stdio.h>\nstatic sigjmp_buf env;\n' +
        'static void on(int s) { siglongjmp(env, s); }\n' +
        'int main(void) { signal(SIGINT, on); int r = sigsetjmp(env, 1); if (r) { printf("back %d\\n", r); return 0; } raise(SIGINT); return 1; }\n');
      const o = join(dir, 'jump.o');
      const c = cli(['cc', '--target', flavor, '-Wall', '-Werror', '-c', join(dir, 'jump.c'), '-o', o]);
      expect(c.err).toBe('');
      const out = join(dir, flavor === 'wasi' ? 'jump.wasm' : 'jump.mjs');
      const l = cli(['cc', '--target', flavor, '-Werror', o, '-o', out]);
      expect(l.err).toBe('');
      expect(l.code).toBe(0);
      expect(cli(['run', out])).toMatchObject({ code: 0, out: `back 2\n` });
    }, 120_000);

    test('compiler flags reach the compiler', () => {
      expect(cli(['run', runnable()]).out).toBe('X=3 FOO=from-include sqrt=1.0 argc=1\n');
    });

    test("the program's arguments: everything after it, a '--' right after it dropped", () => {
      expect(cli(['run', runnable(), '--foo', '-x', 'y']).out).toMatch(/argc=4\narg\[1\]=--foo\narg\[2\]=-x\narg\[3\]=y\n$/);
      expect(cli(['run', runnable(), '--', '--foo']).out).toMatch(/argc=2\narg\[1\]=--foo\n$/);
      expect(cli(['run', runnable(), '--', '--', 'x']).out).toMatch(/argc=3\narg\[1\]=--\narg\[2\]=x\n$/);
      expect(cli(['run', '--target', flavor, prog, '--help']).out).toMatch(/argc=2\narg\[1\]=--help\n$/);
    });

    test("'--' before the program ends wasig's options: a program named like an option", () => {
      const dir = join(root, 'build/test-guest-cli/args', flavor, 'weird');
      mkdirSync(dir, { recursive: true });
      const ext = flavor === 'wasi' ? ['.wasm'] : ['.wasm', '.mjs'];
      for (const e of ext) copyFileSync(prog.replace(/\.wasm$/, e), join(dir, `--weird${e}`));
      // emscripten: the loader, named explicitly.
      const name = flavor === 'wasi' ? '--weird.wasm' : '--weird.mjs';
      const r = spawnSync(process.execPath, [wasig, 'run', '--', name, 'a'], { cwd: dir, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/argc=2\narg\[1\]=a\n$/);
    });
  });
});

// The same programs as core modules of each flavor and as components
// (`wasig cc --component`, run through jco): the CLI must not tell them apart.
// A test may take a minute: a component's first start transpiles it, and
// the machine may be loaded.
describe.each([...flavors, 'component'] as Kind[])('wasig run (%s)', (flavor: Kind) => {
  let sc: string;
  beforeAll(() => {
    for (const e of ['graceful', 'progress', 'eventloop', 'timeout']) example(e, flavor);
    // its own output folder: guest.test.ts builds the same program in parallel
    sc = build('test/guest/c/scenarios.c', flavor, 'build/test-guest-cli');
  }, 300_000);

  test('graceful: SIGTERM runs the handler and the program exits 0', async () => {
    const r = start(['run', example('graceful', flavor)]);
    await until(() => r.out().includes('job 2 done'), 20_000, 'jobs');
    kill(r, 'TERM');
    expect(await r.done).toEqual({ code: 0, signal: null });
    expect(r.out()).toMatch(/Terminated received after \d+ jobs: shutting down gracefully/);
    expect(r.out()).toContain('cleanup done');
  });

  test('progress: SIGUSR1 reports, SIGINT (Ctrl+C) interrupts and the CLI dies of SIGINT', async () => {
    const r = start(['run', example('progress', flavor)]);
    await until(() => r.out().includes('counting primes'), 20_000, 'start');
    await sleep(200);
    kill(r, 'USR1');
    await until(() => r.out().includes('so far'), 10_000, 'progress report');
    kill(r, 'INT');
    expect(await r.done).toEqual({ code: null, signal: 'SIGINT' });
    expect(r.out()).toMatch(/interrupted after \d+ numbers/);
  });

  test('eventloop: signals become events in sigwaitinfo', async () => {
    const r = start(['run', example('eventloop', flavor)]);
    await until(() => r.out().includes('waiting for events'), 20_000, 'start');
    kill(r, 'HUP');
    await until(() => r.out().includes('reloading configuration (1)'), 10_000, 'HUP');
    kill(r, 'USR2');
    await until(() => r.out().includes('User defined signal 2'), 10_000, 'USR2');
    kill(r, 'WINCH');
    await until(() => r.out().includes('window size changed'), 10_000, 'WINCH');
    kill(r, 'TERM');
    expect(await r.done).toEqual({ code: 0, signal: null });
    expect(r.out()).toMatch(/Terminated: quitting after \d+ heartbeats, 1 reloads, 1 user events/);
  });

  test('timeout: alarm interrupts a blocking read of stdin; input in time is read', async () => {
    const slow = start(['run', example('timeout', flavor), '1'], 'pipe');
    const t0 = Date.now();
    expect(await slow.done).toEqual({ code: 1, signal: null });
    // Only against a hang: the start of a component (its first transpile)
    // takes seconds on a loaded machine.
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(slow.out()).toContain('the alarm rang after 1 seconds');
    const fast = start(['run', example('timeout', flavor), '5'], 'pipe');
    await until(() => fast.out().includes('what is your name'), 20_000, 'prompt');
    fast.child.stdin!.write('Ada\n');
    expect(await fast.done).toEqual({ code: 0, signal: null });
    expect(fast.out()).toMatch(/hello, Ada \(\d seconds to spare\)/);
  }, 60_000);

  test('a signal sent just before the writer closes stdin runs its handler before the program sees the end', async () => {
    // The two race inside the CLI (the kernel may still hold the signal, and
    // libuv hands over its signal pipe and stdin in no set order): before,
    // about 1 round in 3 read the end first and never ran the handler.
    const rounds = await Promise.all(Array.from({ length: 8 }, async () => {
      const r = start(['run', sc, 'read', 'restart'], 'pipe');
      await until(() => r.out().includes('ready'), 90_000, 'ready');
      r.child.kill('SIGUSR1');
      r.child.stdin!.end();
      expect(await r.done).toEqual({ code: 0, signal: null });
      return r.out().split('\n').find((l) => l.startsWith('read r='));
    }));
    expect(rounds).toEqual(Array(8).fill('read r=0 errno=0 handled=10 data='));
  }, 240_000);

  test('Ctrl+C on a program without a handler: the CLI dies of SIGINT', async () => {
    const r = start(['run', sc, 'spin']);
    await until(() => r.out().includes('ready'), 90_000, 'ready');
    kill(r, 'INT');
    expect(await r.done).toEqual({ code: null, signal: 'SIGINT' });
  }, 120_000);

  test('SIGTSTP stops the guest and the CLI; SIGCONT resumes both', async () => {
    await expectStopContinue(start(['run', sc, 'ticker']));
  });

  test('stdout a pipe whose reader is gone: SIGPIPE (SI_USER, from itself) before the write fails with EPIPE', () => {
    const yes = (how: string) => spawnSync('bash', ['-c', `"$0" "$1" run "$2" yes "$3" | head -c 2 >/dev/null; echo "status=\${PIPESTATUS[0]}" >&2`,
      process.execPath, wasig, sc, how], { encoding: 'utf8', timeout: 60_000 });
    // At its default the program dies of it, and so does the CLI (bash: 128 + 13).
    expect(yes('dfl').stderr).toBe('status=141\n');
    expect(yes('catch').stderr).toBe('write: EPIPE handled=13 code=0 self=1\nstatus=3\n');
    expect(yes('ign').stderr).toBe('write: EPIPE handled=0 code=-1 self=-1\nstatus=3\n');
  });

  test('exit status and traps come through', async () => {
    for (const code of [0, 3, 255]) {
      const e = start(['run', sc, 'exit', String(code)]);
      expect(await e.done).toEqual({ code, signal: null });
    }
    const e = start(['run', sc, 'exit', '7', 'call']);
    expect(await e.done).toEqual({ code: 7, signal: null });
    expect(e.out()).toBe('atexit ran\n');
    const t = start(['run', sc, 'trap']);
    const st = await t.done;
    expect(st.signal === 'SIGILL' || st.code === 132).toBe(true);
    expect(t.err()).toMatch(/wasm trap: .*unreachable/);
  });
}, 60_000);

describe.each(flavors)('wasig run (%s), descriptors', (flavor: Flavor) => {
  test('stdio follows dup2: stdout onto stderr, a file onto stdin, and back', () => {
    const dir = join(root, 'build/test-guest-cli/redirect', flavor);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'f'), 'file line\n');
    const r = spawnSync(process.execPath, [wasig, 'run', '--dir', `${dir}:/d`, build('test/guest/c/redirect.c', flavor, 'build/test-guest-cli'), '/d/f'],
      { input: 'stdin line\n', encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('to stderr\n');
    expect(r.stdout).toBe('from the file: file line\nfrom stdin: stdin line\n');
    expect(r.status).toBe(0);
  }, 120_000);
});
