// The sysroot beyond signals: a wasi build reads no header of the host's
// glibc, every POSIX header either exists or stops with an #error saying
// what to do instead, and the functions real programs link behave alike on
// both targets (test/guest/c/posix_test.c).
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { spawn } from 'wasig';
import { build, buildNative, flavors, root, wasig, type Flavor } from './helpers.js';

// POSIX.1-2017's headers and common others: those a guest has, and those it
// cannot have, which must stop with an #error saying what to do instead.
const PRESENT = ['arpa/inet.h', 'assert.h', 'complex.h', 'cpio.h', 'ctype.h', 'dirent.h', 'dlfcn.h', 'errno.h',
  'fcntl.h', 'fenv.h', 'float.h', 'fmtmsg.h', 'fnmatch.h', 'ftw.h', 'glob.h', 'grp.h', 'iconv.h', 'inttypes.h', 'iso646.h',
  'langinfo.h', 'libgen.h', 'limits.h', 'locale.h', 'math.h', 'monetary.h', 'mqueue.h',
  'netinet/in.h', 'netinet/tcp.h', 'nl_types.h', 'poll.h', 'pthread.h', 'pwd.h', 'regex.h', 'sched.h', 'search.h',
  'semaphore.h', 'signal.h', 'stdarg.h', 'stdbool.h', 'stddef.h', 'stdint.h', 'stdio.h', 'stdlib.h',
  'string.h', 'strings.h', 'sys/mman.h', 'sys/resource.h', 'sys/select.h',
  'sys/socket.h', 'sys/stat.h', 'sys/time.h', 'sys/times.h', 'sys/types.h', 'sys/uio.h',
  'sys/un.h', 'sys/utsname.h', 'sys/wait.h', 'tar.h', 'tgmath.h', 'time.h',
  'unistd.h', 'utime.h', 'wchar.h', 'wctype.h',
  'sys/ioctl.h', 'sys/param.h', 'sys/file.h', 'getopt.h', 'err.h', 'endian.h', 'alloca.h', 'sys/fsuid.h', 'error.h'];
const UNAVAILABLE = ['aio.h', 'ndbm.h', 'net/if.h', 'netdb.h', 'spawn.h', 'sys/ipc.h', 'sys/msg.h', 'sys/sem.h',
  'sys/shm.h', 'sys/statvfs.h', 'syslog.h', 'trace.h', 'ulimit.h', 'utmpx.h', 'wordexp.h', 'execinfo.h', 'ucontext.h',
  'sys/epoll.h', 'pty.h', 'utmp.h'];

// The same program built natively (the host calls it makes in its ids mode
// answer -1), run with no controlling terminal (setsid), as a guest has
// none here: what Linux says, to compare with.
let native = '';
function nativeTap(mode: string, arg = ''): { failed: string[]; count: number } {
  if (!native) {
    const dir = join(root, 'build/test-guest/native');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'setid-stub.c'), 'int wasig_setid_js(int g, int r, int e, int s) { (void)g; (void)r; (void)e; (void)s; return -1; }\n');
    native = join(dir, 'posix_test');
    execFileSync('cc', ['-O1', join(root, 'test/guest/c/posix_test.c'), join(dir, 'setid-stub.c'), '-o', native]);
  }
  // Through cat: Node's stdio pipes are sockets, which /dev/stdout cannot reopen.
  const out = spawnSync('sh', ['-c', 'setsid -w "$0" "$1" "$2" | cat', native, mode, arg], { encoding: 'utf8' }).stdout;
  return { failed: out.split('\n').filter((l) => l.startsWith('not ok')), count: Number(/^1\.\.(\d+)$/m.exec(out)?.[1]) };
}

const cc = (src: string, extra: string[] = []) => new Promise<{ status: number | null; stderr: string }>((resolve) => {
  execFile('node', [wasig, 'cc', '--target', 'wasi', '-c', src, '-o', `${src}.o`, ...extra], (err, _out, stderr) =>
    resolve({ status: err ? (err.code as number) ?? 1 : 0, stderr }));
});

describe('wasi sysroot', () => {
  const dir = join(root, 'build/test-guest/headers');
  beforeAll(() => mkdirSync(dir, { recursive: true }));

  test('every header a guest has compiles, and each one read is ours, clang\'s own or wasi-libc\'s', async () => {
    const src = join(dir, 'present.c');
    writeFileSync(src, `#define _GNU_SOURCE\n${PRESENT.map((h) => `#include <${h}>\n`).join('')}int main(void) { return 0; }\n`);
    const r = await cc(src, ['-MD', '-MF', `${src}.d`]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const deps = readFileSync(`${src}.d`, 'utf8').split(/[\s\\]+/).filter((d) => d.endsWith('.h'));
    expect(deps.length).toBeGreaterThan(PRESENT.length);
    expect(deps.filter((d) => d.startsWith('/usr/include/') && !d.startsWith('/usr/include/wasm32-wasi/'))).toEqual([]);
    expect(deps.filter((d) => d.includes('/c-src/include/'))).not.toEqual([]);
  }, 60_000);

  test('every header a guest cannot have stops with an #error saying what is missing and what to do', async () => {
    const results = await Promise.all(UNAVAILABLE.map(async (h) => {
      const src = join(dir, `${h.replace(/\W/g, '_')}.c`);
      writeFileSync(src, `#include <${h}>\nint main(void) { return 0; }\n`);
      return { h, ...(await cc(src)) };
    }));
    for (const { h, status, stderr } of results) {
      expect(status, h).not.toBe(0);
      expect(stderr, h).toMatch(new RegExp(`error: "<${h.replace(/[./]/g, '\\$&')}>: [^"]+ not available[^;"]*; [^"]+"`));
      expect(stderr, h).not.toMatch(/file not found/);
    }
    // One compiler per header, all at once: the bound catches a hang, and
    // holds on a machine loaded many times over (120 s was too little at a load of 35).
  }, 600_000);

  test('a header wasi-libc lacks is never taken from the host', async () => {
    const src = join(dir, 'host.c');
    // glibc has <mntent.h>; wasi-libc and we do not.
    writeFileSync(src, '#include <mntent.h>\nint main(void) { return 0; }\n');
    const r = await cc(src);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("'mntent.h' file not found");
  }, 60_000);
});

describe.each(flavors)('%s guest', (flavor: Flavor) => {
  let prog: string;
  beforeAll(() => { prog = build('test/guest/c/posix_test.c', flavor); }, 120_000);

  test.each([0, 1000])('users (uid %i), no shell, no loading, CPU time, limits, the one thread', async (uid) => {
    const g = spawn(prog, { stdio: ['ignore', 'pipe', 'pipe'], uid, env: { USER: 'tester', HOME: '/home/tester' } });
    const st = await g.exited;
    expect(g.stdout.split('\n').filter((l) => l.startsWith('not ok'))).toEqual([]);
    expect(Number(/^1\.\.(\d+)$/m.exec(g.stdout)?.[1])).toBeGreaterThanOrEqual(45);
    expect(st).toEqual({ code: 0, signal: null });
  });

  test.each([0, 1000])('ids as Linux (uid %i): root may take any uid and then has only it; kill(1) reaches an init that only root may signal; the host keeps the uid', async (uid) => {
    const g = spawn(prog, { args: ['ids'], stdio: ['ignore', 'pipe', 'pipe'], uid });
    const st = await g.exited;
    expect(g.stdout.split('\n').filter((l) => l.startsWith('not ok'))).toEqual([]);
    expect(Number(/^1\.\.(\d+)$/m.exec(g.stdout)?.[1])).toBeGreaterThanOrEqual(uid ? 9 : 16);
    expect(st).toEqual({ code: 0, signal: null });
    expect([g.uid, g.euid]).toEqual([1000, 1000]);
  });

  test('/dev/null, /dev/zero, /dev/full, /dev/urandom, /dev/stdout open with no directory given, as on Linux; /dev/tty is ENXIO with no terminal; a path outside every directory given is ENOENT; S_IFIFO is not S_IFSOCK', async () => {
    const g = spawn(prog, { args: ['devices'], stdio: ['ignore', 'pipe', 'pipe'] });
    const st = await g.exited;
    expect(g.stdout.split('\n').filter((l) => l.startsWith('not ok'))).toEqual([]);
    const linux = nativeTap('devices');
    expect(linux.failed).toEqual([]);
    expect(Number(/^1\.\.(\d+)$/m.exec(g.stdout)?.[1])).toBe(linux.count);
    expect(g.stdout).toContain('# through /dev/stdout\n');
    expect(st).toEqual({ code: 0, signal: null });
  });

  test('the directories above one given: chdir(\"..\") and chdir(\"/\") reach them, opendir lists them (/ has dev and the way down, /dev its devices), / is EISDIR to write, as natively', async () => {
    const dir = join(root, 'build/test-guest/dirs', flavor, 'given');
    mkdirSync(dir, { recursive: true });
    const g = spawn(prog, { args: ['dirs', dir], stdio: ['ignore', 'pipe', 'pipe'], preopens: { [dir]: dir } });
    const st = await g.exited;
    expect(g.stdout.split('\n').filter((l) => l.startsWith('not ok'))).toEqual([]);
    const linux = nativeTap(`dirs`, dir);
    expect(linux.failed).toEqual([]);
    expect(Number(/^1\.\.(\d+)$/m.exec(g.stdout)?.[1])).toBe(linux.count);
    expect(st).toEqual({ code: 0, signal: null });
  });

  test('tmpfile() with no /tmp given, and memfd_create: regular files in memory (holes, truncate, O_APPEND; offsets shared by dup)', async () => {
    const g = spawn(prog, { args: ['memfiles'], stdio: ['ignore', 'pipe', 'pipe'] });
    const st = await g.exited;
    expect(g.stdout.split('\n').filter((l) => l.startsWith('not ok'))).toEqual([]);
    expect(Number(/^1\.\.(\d+)$/m.exec(g.stdout)?.[1])).toBe(15);
    expect(st).toEqual({ code: 0, signal: null });
  });

  test('dup, dup2, dup3 and F_DUPFD share the open file description of files, unlinked files, pipes and devices (offset, status flags), as natively', async () => {
    const g = spawn(prog, { args: ['dups'], stdio: ['ignore', 'pipe', 'pipe'] });
    const st = await g.exited;
    expect(g.stdout.split('\n').filter((l) => l.startsWith('not ok'))).toEqual([]);
    const linux = nativeTap('dups');
    expect(linux.failed).toEqual([]);
    expect(Number(/^1\.\.(\d+)$/m.exec(g.stdout)?.[1])).toBe(linux.count);
    expect(st).toEqual({ code: 0, signal: null });
  });

  test('pthread_cancel of the one thread acts at pthread_testcancel once enabled, then cleanups and destructors run', async () => {
    const g = spawn(prog, { args: ['cancel'], stdio: ['ignore', 'pipe', 'pipe'] });
    const st = await g.exited;
    expect(g.stdout).toBe('not cancelled while disabled\nat exit: cleaned=9 destroyed=7\n');
    expect(st).toEqual({ code: 0, signal: null });
  });

  test('glibc\'s error() and error_at_line() print, count and exit as natively, with program_invocation_name from argv[0]', async () => {
    const guest = build('test/guest/c/error_test.c', flavor);
    const exe = buildNative('test/guest/c/error_test.c');
    const linux = spawnSync(exe, ['x'], { encoding: 'utf8' });
    const g = spawn(guest, { args: ['x'], stdio: ['ignore', 'pipe', 'pipe'] });
    const st = await g.exited;
    // Each run's argv[0] (its first line) as PROG.
    const named = (out: string, err: string) => {
      const argv0 = out.split('\n')[0];
      return [out, err].map((s) => s.split(argv0).join('PROG'));
    };
    const [out, err] = named(linux.stdout, linux.stderr);
    expect(out).toBe('PROG\nname argv[0], short name its base name\nbefore the first message\n6 messages\n');
    expect(err).toBe('PROG: open x: No such file or directory\nPROG: plain 42\nPROG:f.c:3: at f.c:3: Permission denied\n' +
      'PROG:g.c:3: g.c:3\nPROG: no file\n[who] a name of its own\n[who] last, exits 3: Interrupted system call\n');
    expect(linux.status).toBe(3);
    expect(named(g.stdout, g.stderr)).toEqual([out, err]);
    expect(st).toEqual({ code: 3, signal: null });
  }, 120_000);

  test('a program\'s own error(), of glibc\'s signature or another, links with no word from the linker and is the one that runs', async () => {
    for (const same of [false, true]) {
      const out = join(root, 'build/test-guest', flavor, `error_own${same ? '_same' : ''}.wasm`);
      const r = spawnSync('node', [wasig, 'cc', '--target', flavor, ...(same ? ['-DSAME_SIGNATURE'] : []),
        join(root, 'test/guest/c/error_own.c'), '-o', out], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const g = spawn(flavor === 'emscripten' ? out.replace(/\.wasm$/, '.mjs') : out, { stdio: ['ignore', 'pipe', 'pipe'] });
      const st = await g.exited;
      expect(g.stdout).toBe(same ? 'own error(1, 2, same signature)\n' : 'own error: another signature\n');
      expect(st).toEqual({ code: 0, signal: null });
    }
  }, 120_000);

  test('stat, lstat, fstat and fstatat give a host file\'s mode, owner and group; chmod, fchmod and chmod through a link change it and stat agrees; access(2) as root (W_OK of a 0444 file); open(O_CREAT), creat, mkdir, mkstemp and mkdtemp make modes less the umask: all as the native build', async () => {
    const guest = build('test/guest/c/modes_test.c', flavor);
    const exe = buildNative('test/guest/c/modes_test.c');
    const fresh = (name: string) => mkdtempSync(join(tmpdir(), `wasig-modes-${name}-`));
    const here = fresh('native'), there = fresh(flavor);
    try {
      const linux = spawnSync(exe, [here], { encoding: 'utf8' });
      expect(linux.stdout).toMatch(/^f444: mode 100444, lstat 100444, owner me, group mine, access R 0 W \S+ X -1$/m);
      expect(linux.stdout).toMatch(/^ln: mode 100600, lstat 120777, /m);
      const g = spawn(guest, { args: [there], stdio: ['ignore', 'pipe', 'pipe'], preopens: { [there]: there } });
      const st = await g.exited;
      expect(g.stdout).toBe(linux.stdout);
      expect(st).toEqual({ code: 0, signal: null });
    } finally {
      rmSync(here, { recursive: true, force: true });
      rmSync(there, { recursive: true, force: true });
    }
  }, 120_000);

  test('fstat of stdin, stdout and stderr says what each is, as natively: pipes (FIFO 0600), a file, /dev/null; spawn()\'s pipes are FIFOs', async () => {
    const guest = build('test/guest/c/stdio_types.c', flavor);
    const exe = buildNative('test/guest/c/stdio_types.c');
    const tmp = mkdtempSync(join(tmpdir(), 'wasig-stdio-'));
    try {
      // Each line of `shapes` under sh: PROG stands for the program.
      const shapes = ['echo x | PROG 2>"$T/err" | cat', 'PROG </dev/null 2>/dev/null | cat', 'PROG <"$T/in" >"$T/out" 2>&1; cat "$T/out"'];
      writeFileSync(join(tmp, 'in'), 'input\n');
      const run = (prog: string) => shapes.map((sh) => spawnSync('sh', ['-c', sh.replace('PROG', prog)],
        { encoding: 'utf8', env: { ...process.env, T: tmp }, timeout: 60_000 }).stdout).join('');
      const linux = run(`"${exe}"`);
      expect(linux).toMatch(/^0: fifo 600, owner me\n1: fifo 600, owner me\n2: regular file/);
      expect(linux).toContain('0: char device 666');
      expect(run(`node "${wasig}" run "${guest}"`)).toBe(linux);
      const g = spawn(guest, { stdio: ['pipe', 'pipe', 'ignore'] });
      g.stdin.end();
      const st = await g.exited;
      expect(g.stdout).toBe('0: fifo 600, owner me\n1: fifo 600, owner me\n2: char device 666, owner me\n');
      expect(st).toEqual({ code: 0, signal: null });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);

  test('temporary files, realpath, modes, stdio locks, dup2 in /tmp given to the guest', async () => {
    const g = spawn(prog, { args: ['files'], stdio: ['ignore', 'pipe', 'pipe'], preopens: { '/tmp': '/tmp' } });
    const st = await g.exited;
    expect(g.stdout.split('\n').filter((l) => l.startsWith('not ok'))).toEqual([]);
    expect(Number(/^1\.\.(\d+)$/m.exec(g.stdout)?.[1])).toBeGreaterThanOrEqual(14);
    expect(st).toEqual({ code: 0, signal: null });
  });
});
