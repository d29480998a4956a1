// Python programs on Pyodide as wasig processes, in Node: signals from a
// runtime's kill() reach their handlers with none lost; SIGINT raises
// KeyboardInterrupt; SIG_DFL SIGTERM and SIGKILL end them with that signal.
// Where the sequence of signals is the same (one at a time), the output is
// compared with native python3 running the same script.
import { spawn as spawnNative } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRuntime, spawnPython, type PythonProcess, type SignalRuntime } from 'wasig';
import { sleep, until } from '../guest/helpers.js';

const scripts = new URL('./scripts/', import.meta.url).pathname;
// Loading Pyodide costs seconds of CPU per process, more on a loaded
// machine: each test starts its process only when the one before has ended
// (a spinning Python loop would slow the next load), and the bounds only
// catch hangs.
const LONG = 240_000;
// A test's own bound: past the waits' (which say what they waited for).
const TEST = 2 * LONG;

type Send = (sig: string) => void;
type Status = { code: number | null; signal: number | string | null };

type Native = { out: () => string; err: () => string; send: Send; write: (s: string) => void; end: () => void; done: Promise<Status> };

function native(args: string[]): Native {
  const child = spawnNative('python3', args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GREETING: 'hi' } });
  let out = '', err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const done = new Promise<Status>((r) => child.on('close', (code, signal) => r({ code, signal })));
  return {
    out: () => out, err: () => err, send: (sig) => { child.kill(sig as NodeJS.Signals); },
    write: (t) => { child.stdin.write(t); }, end: () => { child.stdin.end(); }, done,
  };
}

/** The value once it stayed the same for 300 ms (fails only on a hang). */
async function settled(value: () => string): Promise<string> {
  const end = Date.now() + LONG;
  let v = value();
  for (;;) {
    await sleep(300);
    if (value() === v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for the output to settle');
    v = value();
  }
}

/** Waits for a line; on a hang the error shows the output so far. */
const line = (out: () => string, text: string) =>
  until(() => out().includes(`${text}\n`), LONG, JSON.stringify(text)).catch((e: Error) => {
    throw new Error(`${e.message}; the output so far: ${JSON.stringify(out())}`);
  });

/** Waits until a Python process's stdout matches; fails at once if the
 *  process ends first (a handler that raised ends it), or on a hang, with
 *  its output so far, its stderr and its state. */
async function printed(p: PythonProcess, pattern: RegExp | ((out: string) => boolean), name: string): Promise<void> {
  const what = typeof pattern === 'function' ? { test: pattern } : pattern;
  const fail = (why: string) => new Error(`${why} ${name}; the output so far: ${JSON.stringify(p.stdout)}, `
    + `stderr: ${JSON.stringify(p.stderr)}, exit: ${JSON.stringify(p.exitStatus)}, stopped: ${p.stopped}`);
  await until(() => what.test(p.stdout) || p.exitStatus !== null, LONG, name).catch(() => { throw fail('timed out waiting for'); });
  if (!what.test(p.stdout)) throw fail('the process ended before');
}

/** Sends handlers.py its signals, each once the line before it is out. */
async function driveHandlers(out: () => string, send: Send): Promise<void> {
  await line(out, 'ready 1'); send('SIGUSR1');
  await line(out, 'ready 2'); send('SIGUSR2'); send('SIGHUP');
  await line(out, 'ready 3'); send('SIGINT');
  await line(out, 'ready 4'); send('SIGTERM');
  await line(out, 'ready 5'); send('SIGTERM');
}

/** Drives stdin.py: each line or signal once the line before it is out. */
async function driveStdin(out: () => string, send: Send, write: (s: string) => void, end: () => void): Promise<void> {
  await line(out, 'ready 1'); write('hello\n');
  await line(out, 'ready 2'); send('SIGUSR1');
  await line(out, 'handler SIGUSR1'); write('world\n');
  await line(out, 'ready 3'); send('SIGINT');
  await line(out, 'ready 4'); write('a\n'); write('b\n'); end();
}

const INTERRUPTED = 'import os, sys\nprint(sys.argv, os.environ["GREETING"])\nprint("ready", flush=True)\nwhile True:\n    pass\n';

let rt: SignalRuntime;
const started: PythonProcess[] = [];
const start = (o: Parameters<typeof spawnPython>[0]): PythonProcess => {
  const p = spawnPython(o);
  started.push(p);
  return p;
};

beforeAll(async () => { rt = await createRuntime(); });

afterAll(() => {
  for (const p of started) p[Symbol.dispose]();
  rt?.close();
});

describe('spawnPython', () => {
  test('handlers, SIG_IGN, KeyboardInterrupt and SIGTERM by handler then by default, as native python3', async () => {
    const handlers = start({ file: join(scripts, 'handlers.py'), stdio: 'pipe' });
    expect(handlers.pid).not.toBe(rt.pid);
    rt.os.kill(handlers.pid, 0); // in the process table
    const nat = native([join(scripts, 'handlers.py')]);
    await Promise.all([
      driveHandlers(nat.out, nat.send),
      driveHandlers(() => handlers.stdout, (sig) => rt.os.kill(handlers.pid, sig)),
    ]);
    const [n, w] = await Promise.all([nat.done, handlers.exited]);
    expect(n).toEqual({ code: null, signal: 'SIGTERM' });
    expect(w.code).toBe(null);
    expect(w.signal).toBe(15);
    expect(w.signalName).toBe('SIGTERM');
    expect(handlers.stdout).toBe(nat.out());
    expect(handlers.stdout).toContain('handler SIGHUP True\n');
    expect(handlers.stdout).not.toContain('SIGUSR2 True');
    expect(() => rt.os.kill(handlers.pid, 'SIGUSR1')).toThrow(/No such process/);
  }, TEST);

  // CPython keeps one "tripped" flag per signal and reads Pyodide's buffer
  // again before it clears it: a second SIGUSR1 taken in that window used to
  // merge with the first (a few of 300 lost now and then under load, and the
  // wait for the exact count line then looked like a hang). The count line is
  // awaited in any form, so a lost signal fails at once with the numbers.
  test('none lost: 7,500 SIGUSR1 and 2,500 SIGRTMIN sent at once into a busy loop are 10,000 handler calls', async () => {
    const storm = start({ file: join(scripts, 'storm.py'), stdio: 'pipe' });
    await until(() => /^ready \d+\n/.test(storm.stdout), LONG, 'ready');
    const rtmin = Number(/^ready (\d+)/.exec(storm.stdout)![1]);
    for (let i = 0; i < 7500; i++) {
      rt.os.kill(storm.pid, 'SIGUSR1');
      if (i % 3 === 0) rt.os.kill(storm.pid, rtmin);
    }
    rt.os.kill(storm.pid, 'SIGUSR2');
    await until(() => /\nSIGUSR1 \d+ SIGRTMIN \d+\n/.test(storm.stdout), LONG, 'the counts');
    expect(storm.stdout).toBe(`ready ${rtmin}\nSIGUSR1 7500 SIGRTMIN 2500\n`);
    expect(storm.exitStatus).toBe(null);
    rt.os.kill(storm.pid, 'SIGKILL');
    const s = await storm.exited;
    expect(s.signal).toBe(9);
    expect(storm.stderr).toBe('');
  }, TEST);

  test('the module from inside (alarm and setitimer in a busy loop, pause, sleep cut by signals, masks, sigpending, sigwait*, raise_signal, os.kill, a Term default) as native python3', async () => {
    const mod = start({ file: join(scripts, 'module.py'), stdio: 'pipe' });
    const nat = native([join(scripts, 'module.py')]);
    const [n, w] = await Promise.all([nat.done, mod.exited]);
    expect(mod.stderr).toBe(nat.err());
    expect(mod.stdout).toBe(nat.out());
    expect(mod.stdout).toContain('alarm in a busy loop [14] True\n');
    expect(mod.stdout).toMatch(/SIGTERM by default\n$/);
    expect(n).toEqual({ code: null, signal: 'SIGTERM' });
    expect(w).toMatchObject({ code: null, signal: 15, signalName: 'SIGTERM' });
  }, TEST);

  test('SIGTSTP and SIGSTOP stop it at a bytecode check, signals wait, SIGCONT resumes; os.kill reaches another process; SIGTERM ends it stopped', async () => {
    const got: number[] = [];
    rt.signal('SIGUSR1', (s) => { got.push(s); });
    const p = start({ file: join(scripts, 'stopped.py'), args: [String(rt.pid)], stdio: 'pipe', killScope: 'host' });
    const events: string[] = [];
    p.on('stop', (s) => events.push(`stop ${s}`)).on('continue', (s) => events.push(`continue ${s}`));
    await printed(p, /\ntick\n/, '"tick"');
    expect(p.stdout).toMatch(/^ProcessLookupError No such process\nready\n/);
    await until(() => got.length === 1, LONG, 'SIGUSR1 in the runtime');
    for (const stop of ['SIGTSTP', 'SIGSTOP'] as const) {
      rt.os.kill(p.pid, stop);
      expect(p.stopped).toBe(true);
      // Stopped at its next check: the output stops growing.
      const before = await settled(() => p.stdout);
      rt.os.kill(p.pid, 'SIGUSR1'); // held while stopped
      await sleep(300);
      expect(p.stdout).toBe(before);
      rt.os.kill(p.pid, 'SIGCONT');
      expect(p.stopped).toBe(false);
      await printed(p, (out) => /SIGUSR1\n(.|\n)*SIGCONT\n|SIGCONT\n(.|\n)*SIGUSR1\n/.test(out.slice(before.length)), `SIGUSR1 and SIGCONT after ${stop}`);
      await printed(p, (out) => out.slice(before.length).includes('tick\n'), `ticks after ${stop}`);
    }
    expect(events).toEqual(['stop 20', 'continue 18', 'stop 19', 'continue 18']);
    rt.os.kill(p.pid, 'SIGSTOP');
    rt.os.kill(p.pid, 'SIGTERM'); // a fatal default ends it even stopped, as Linux
    expect(await p.exited).toMatchObject({ code: null, signal: 15 });
    expect(p.stderr).toBe('');
  }, TEST);

  test('signals that wait together (sent while stopped) run their printing handlers one after another, never nested (no "reentrant call inside BufferedWriter")', async () => {
    const p = start({ file: join(scripts, 'burst.py'), stdio: 'pipe' });
    await printed(p, /^ready\n/, '"ready"');
    // The stop may land in the check that print's flush makes after its
    // write, with the buffer locked: the handlers must not run there.
    p.kill('SIGSTOP');
    await settled(() => p.stdout);
    for (let i = 0; i < 200; i++) p.kill('SIGUSR1');
    p.kill('SIGCONT');
    await printed(p, /\nhandler 200\n/, '"handler 200"');
    p.kill('SIGUSR2');
    await printed(p, /\ncalls \d+ deepest \d+\n/, 'the counts');
    expect(p.stdout).toMatch(/\ncalls 200 deepest 1\n$/);
    expect(p.stderr).toBe('');
    expect(p.exitStatus).toBe(null);
  }, TEST);

  test('an uncaught KeyboardInterrupt ends the process by SIGINT with the traceback python3 prints', async () => {
    const interrupted = start({ code: INTERRUPTED, args: ['one', 'two'], env: { GREETING: 'hi' }, stdio: 'pipe' });
    const nat = native(['-c', INTERRUPTED, 'one', 'two']);
    await Promise.all([line(nat.out, 'ready'), line(() => interrupted.stdout, 'ready')]);
    nat.send('SIGINT');
    interrupted.kill('SIGINT');
    const [n, w] = await Promise.all([nat.done, interrupted.exited]);
    expect(n).toEqual({ code: null, signal: 'SIGINT' });
    expect(w.signal).toBe(2);
    expect(interrupted.stdout).toBe("['-c', 'one', 'two'] hi\nready\n");
    expect(interrupted.stdout).toBe(nat.out());
    expect(interrupted.stderr).toBe(nat.err());
    expect(interrupted.stderr).toMatch(/KeyboardInterrupt\n$/);
  }, TEST);
});

/** Runs a script that needs nothing from outside under wasig and python3:
 *  both must end as `end` says (by default, exit with status 0). */
async function bothEnd(name: string, end: { code: number | null; signal: string | null } = { code: 0, signal: null }): Promise<{ p: PythonProcess; nat: Native }> {
  const p = start({ file: join(scripts, name), stdio: 'pipe' });
  const nat = native([join(scripts, name)]);
  const [n, w] = await Promise.all([nat.done, p.exited]);
  expect(n).toEqual(end);
  expect({ code: w.code, signal: w.signalName ?? null }).toEqual(end);
  return { p, nat };
}
const bothExitZero = (name: string) => bothEnd(name);

describe('spawnPython: stdin, set_wakeup_fd, CPU-time timers', () => {
  test('stdin: input() and sys.stdin block for lines, a handler runs during the read and it goes on, KeyboardInterrupt comes out of input(), EOFError at the end, as native python3', async () => {
    const p = start({ file: join(scripts, 'stdin.py'), stdio: 'pipe' });
    const nat = native([join(scripts, 'stdin.py')]);
    await Promise.all([
      driveStdin(nat.out, nat.send, nat.write, nat.end),
      driveStdin(() => p.stdout, (sig) => p.kill(sig), (t) => p.stdin.write(t), () => p.stdin.end()),
    ]);
    const [n, w] = await Promise.all([nat.done, p.exited]);
    expect(n).toEqual({ code: 0, signal: null });
    expect(w).toMatchObject({ code: 0, signal: null });
    expect(p.stdout).toBe(nat.out());
    expect(p.stdout).toContain("readline 'world\\n'\n");
    expect(p.stdout).toContain("read 'a\\nb\\n'\nEOFError\n");
    expect(p.stderr).toBe('');
  }, TEST);

  test("stdin 'ignore' is end of file; stdin.write on a stdin that is not a pipe says what to do", async () => {
    const p = start({ code: 'import sys\nprint(repr(sys.stdin.read()))', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(() => p.stdin.write('x')).toThrow(/stdio: \['pipe'/);
    expect(await p.exited).toMatchObject({ code: 0 });
    expect(p.stdout).toBe("''\n");
  }, TEST);

  test('set_wakeup_fd on an os.pipe(): non-blocking required, one byte per signal before its handler, none when ignored or blocked, write errors to sys.unraisablehook, as native python3', async () => {
    const { p, nat } = await bothExitZero('wakeup.py');
    expect(p.stdout).toBe(nat.out());
    expect(p.stdout).toContain("handlers saw [('SIGUSR1', b'\\n'), ('SIGUSR2', b'\\x0c')]\n");
    expect(p.stderr).toBe('');
  }, TEST);

  test('os.pipe() as on Linux: fills at 16 pages (EAGAIN, a large write writes what fits), a blocking read waits for a handler to write, EOF with no writer (dup counted), BrokenPipeError with no reader, set_wakeup_fd on a full pipe, as native python3', async () => {
    const { p, nat } = await bothExitZero('pipes.py');
    expect(p.stdout).toBe(nat.out());
    expect(p.stdout).toContain("full after 65536 EAGAIN\nread 10000\nlarge write writes what fits 8192\n");
    expect(p.stdout).toContain("blocking read b'from the handler'\n");
  }, TEST);

  test('socket.socketpair(): send/recv/setblocking, select and poll that wait for a handler, a send buffer that fills as Linux counts it, end of file, set_wakeup_fd on it, as native python3', async () => {
    const { p, nat } = await bothExitZero('socketpair.py');
    expect(p.stdout).toBe(nat.out());
    expect(p.stdout).toContain('full after 278 sends of 1 bytes: 278 | writable False\n');
    expect(p.stdout).toContain("select waits for the handler True b'from the handler'\n");
    expect(p.stdout).toContain("full wakeup socket ['BlockingIOError']\nwithout the warning ['BlockingIOError']\n");
  }, TEST);

  test('socket.socketpair() with settimeout (waits up to it, handlers run meanwhile and the wait goes on), shutdown, unnamed addresses, MSG_PEEK/MSG_DONTWAIT/MSG_NOSIGNAL, a send larger than the room left taken in part, ECONNRESET, as native python3', async () => {
    const { p, nat } = await bothExitZero('socket_timeouts.py');
    expect(p.stderr).toBe(nat.err());
    expect(p.stdout).toBe(nat.out());
    expect(p.stdout).toContain('timed out after the handlers timed out True True\n');
    expect(p.stdout).toContain('send with a timeout takes what fits 219264\n');
    expect(p.stdout).toContain("peek b'peek' b'peek at me' b'peek at me'\n");
    expect(p.stdout).toContain('then ConnectionResetError ECONNRESET\n');
  }, TEST);

  test("signal.SIG_IGN is Linux's 1: Handlers, _signal, getsignal and signal's results, another int is no handler, as native python3", async () => {
    const { p, nat } = await bothExitZero('sig_ign.py');
    expect(p.stderr).toBe(nat.err());
    expect(p.stdout).toBe(nat.out());
    expect(p.stdout).toMatch(/^<Handlers.SIG_IGN: 1> 1 <Handlers.SIG_DFL: 0> 0\n/);
    expect(p.stdout).toContain('\n4294967294 TypeError signal handler must be');
  }, TEST);

  test("asyncio's loop.add_signal_handler (set_wakeup_fd on its socketpair): signals sent to itself and a timer's while the loop waits call their callbacks, as native python3", async () => {
    const { p, nat } = await bothExitZero('asyncio_signals.py');
    expect(p.stderr).toBe(nat.err());
    expect(p.stdout).toBe(nat.out());
    expect(p.stdout).toContain("callbacks ['SIGUSR1', 'SIGUSR2', 'SIGALRM']\n");
  }, TEST);

  test('SIGPIPE on a write with no reader: ignored by default (BrokenPipeError), a handler runs before BrokenPipeError, blocked it is pending (SI_USER from itself), SIG_DFL ends the process by signal 13, as native python3', async () => {
    const { p, nat } = await bothEnd('sigpipe.py', { code: null, signal: 'SIGPIPE' });
    expect((await p.exited).signal).toBe(13);
    expect(p.stdout).toBe(nat.out());
    expect(p.stdout).toContain('handler SIGPIPE\nBrokenPipeError after the handler\n');
    expect(p.stdout).toMatch(/SIG_DFL\n$/);
    expect(p.stderr).toBe('');
  }, TEST);

  test("a SIGPIPE handler runs after the write raised BrokenPipeError, at the next bytecode check (its exception there, with BrokenPipeError as context), for os.write and socket send, as native python3", async () => {
    const { p, nat } = await bothExitZero('sigpipe_order.py');
    expect(p.stderr).toBe(nat.err());
    expect(p.stdout).toBe(nat.out());
    expect(p.stdout).toContain("then ValueError('from the handler') context BrokenPipeError [('<module>', 39), ('fail', 27)] [('<module>', 37)]\n");
  }, TEST);

  test("tracebacks of a handler's exception show the program's frames only (raise_signal, sleep, pause, a busy loop): walked by tb_next, the traceback module, print_stack in the handler, the handler's frame argument, sys.excepthook, as native python3", async () => {
    const { p, nat } = await bothEnd('tracebacks.py', { code: 1, signal: null });
    expect(p.stdout).toBe(nat.out());
    expect(p.stderr).toBe(nat.err());
    expect(p.stdout).toContain("[('<module>', 43), ('work', 31), ('<lambda>', 36), ('handler', 18), ('inner', 12)]\n");
    expect(p.stdout + p.stderr).not.toContain('<wasig>');
  }, TEST);

  test("inspect.stack() and getouterframes() from a handler show the program's frames only (a busy loop, raise_signal, sleep, os.kill), as native python3", async () => {
    const { p, nat } = await bothExitZero('inspect_stack.py');
    expect(p.stderr).toBe(nat.err());
    expect(p.stdout).toBe(nat.out());
    expect(p.stdout).toContain("sleeping [['handler', 'sleeping', '<module>'], ['sleeping', '<module>']]\n");
  }, TEST);

  test('ITIMER_VIRTUAL and ITIMER_PROF count running time: not while sleeping, they fire while computing, intervals repeat, as native python3', async () => {
    const { p, nat } = await bothExitZero('cputimers.py');
    expect(p.stderr).toBe(nat.err());
    expect(p.stdout).toBe(nat.out());
    expect(p.stdout).toContain("ITIMER_VIRTUAL after sleeping 0.6 s [] True\nITIMER_VIRTUAL while computing ['SIGVTALRM'] True\n");
  }, TEST);
});

describe('spawnPython options', () => {
  test('refuses what it cannot run, saying what to do', () => {
    expect(() => spawnPython({} as never)).toThrow(/exactly one of code and file/);
    expect(() => spawnPython({ code: '', file: 'x.py' })).toThrow(/exactly one of code and file/);
    expect(() => spawnPython({ code: '', shell: true } as never)).toThrow(/unknown option "shell"/);
    expect(() => spawnPython({ file: join(scripts, 'missing.py') })).toThrow(/cannot read/);
    expect(() => spawnPython({ code: '', stdio: 'ignore' as never })).toThrow(/'pipe' or 'inherit'/);
    expect(() => spawnPython({ code: '', stdio: ['file' as never, 'pipe', 'pipe'] })).toThrow(/stdin is 'pipe', 'inherit' or 'ignore'/);
  });
});
