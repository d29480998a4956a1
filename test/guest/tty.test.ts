// Terminals for guests, both flavors. `wasig run` on a real pseudo-terminal
// (test/guest/run-on-pty.py; the kernel's line discipline, real SIGWINCH
// from TIOCSWINSZ): isatty, the tty's own termios and size, raw mode with
// ^C as byte 3, ISIG's ^C as SIGINT, the settings restored at exit, and
// TIOCGWINSZ after a resize. An emulated terminal (spawn's `terminal`, as a
// browser's xterm uses it): the same calls with wasig's line discipline.
import { execFileSync, spawn as spawnChild, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { spawn, Terminal, SIGCONT, SIGINT, SIGTTIN, SIGTTOU } from 'wasig';
import { build, flavors, root, sleep, until, wasig, type Flavor, type Kind } from './helpers.js';

const onPty = join(root, 'test/guest/run-on-pty.py');

/** A command on a fresh pty of the given size; type() writes keys. */
function pty(args: string[], size = '100x30') {
  const child = spawnChild('python3', [onPty, `--size=${size}`, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const p = { out: '', err: '', type: (s: string) => child.stdin.write(s), resize: (c: number, r: number) => child.stdin.write(`\0size ${c}x${r}\n`) };
  child.stdout.on('data', (d) => { p.out += d; });
  child.stderr.on('data', (d) => { p.err += d; });
  const done = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  return { ...p, get out() { return p.out; }, get err() { return p.err; }, done, end: () => child.stdin.end() };
}

// Components (`wasig cc --component`) run the same program with the same
// expectations: their poll, select and terminal calls are the same C.
describe.each([...flavors, 'component'] as Kind[])('%s guest', (flavor: Kind) => {
  let io: string;
  beforeAll(() => { io = build('test/guest/c/io.c', flavor); }, 120_000);
  const run = ['node', wasig, 'run'];

  test('pipes and files are no terminal: isatty 0, ENOTTY', async () => {
    const g = spawn(io, { args: ['tty'], stdio: ['pipe', 'pipe', 'pipe'] });
    g.stdin.end();
    await g.exited;
    expect(g.stdout).toContain('isatty 0 0 0');
    expect(g.stdout).toMatch(/winsz r=-1/);
    expect(g.stdout).toMatch(/tcgetattr r=-1 errno=\d+/);
  });

  test('on a real tty: isatty, its size and its termios, tcgetpgrp is the guest', async () => {
    const t = pty([...run, io, 'tty'], '100x30');
    t.end();
    expect(await t.done).toBe(0);
    expect(t.out).toContain('isatty 1 1 1');
    expect(t.out).toContain('winsz r=0 100x30');
    expect(t.out).toContain('tcgetattr r=0 errno=0 icanon=1 echo=1 isig=1 vintr=3');
    const m = /tcgetpgrp=(\d+) getpgrp=(\d+)/.exec(t.out)!;
    expect(m[1]).toBe(m[2]);
  });

  test('/dev/tty opens the terminal, as the controlling terminal on Linux: a tty (5,0, its size, ESPIPE), written to and read from', async () => {
    const t = pty([...run, io, 'devtty'], '100x30');
    await until(() => t.out.includes('ready'), 20_000, 'ready');
    t.type('hello\n');
    expect(await t.done).toBe(0);
    expect(t.out).toContain('devtty open=ok\r\n');
    expect(t.out).toContain('devtty isatty=1 chr=1 5,0 winsz=100\r\n');
    expect(t.out).toContain('written to /dev/tty\r\n');
    expect(t.out).toContain('devtty lseek=-1 espipe=1\r\n');
    expect(t.out).toContain('devtty pollout=1 ready');
    expect(t.out).toContain('devtty read r=6 errno=0 [hello]');
  });

  // A core module's host serves its controlling terminal whatever its
  // stdio is; a component has only its stdio (wasig:signals/stdio).
  test(flavor === 'component'
    ? '/dev/tty with stdin not the terminal: it opens and writes to the terminal, and a read fails with EIO (a component\'s terminal input is its stdin)'
    : '/dev/tty with stdin not the terminal: it opens, writes to the terminal and reads what is typed on it, as a pager reads its keys', async () => {
    const t = pty(['sh', '-c', `echo piped | ${run.join(' ')} ${io} devtty`], '100x30');
    if (flavor !== 'component') {
      await until(() => t.out.includes('ready'), 20_000, 'ready');
      t.type('hello\n');
    }
    expect(await t.done).toBe(0);
    expect(t.out).toContain('devtty isatty=1 chr=1 5,0 winsz=100\r\n');
    expect(t.out).toContain('written to /dev/tty\r\n');
    if (flavor === 'component') expect(t.out).toMatch(/devtty read r=-1 errno=(Input\/output error|I\/O error) \[\]/);
    else expect(t.out).toContain('devtty read r=6 errno=0 [hello]');
  });

  test('raw mode: ^C reaches the program as byte 3, no SIGINT; the tty is restored at exit', async () => {
    const t = pty(['sh', '-c', `stty -g; ${run.join(' ')} ${io} raw; stty -g`]);
    await until(() => t.out.includes('ready'), 20_000, 'ready');
    t.type('a');
    await until(() => t.out.includes('byte 97'), 5000, 'a');
    t.type('\x03');
    await until(() => t.out.includes('byte 3'), 5000, '^C');
    t.type('q');
    expect(await t.done).toBe(0);
    expect(t.out).toContain('raw isig=0 icanon=0 echo=0 opost=0');
    expect(t.out).toContain('handled=0');
    const modes = t.out.split(/\r?\n/).filter((l) => /^[0-9a-f]+(:[0-9a-f]+){20,}$/.test(l));
    expect(modes.length).toBe(2);
    expect(modes[1]).toBe(modes[0]);
  });

  test('the tty\'s settings come back when a guest in raw mode dies of a signal', async () => {
    const t = pty(['sh', '-c', `stty -g; echo "sh=$$"; ${run.join(' ')} ${io} raw; echo "status=$?"; stty -g`]);
    await until(() => t.out.includes('ready'), 20_000, 'ready');
    const sh = /sh=(\d+)/.exec(t.out)![1];
    // `wasig run` is the shell's child: a real SIGTERM to it
    const ps = spawnChild('ps', ['-o', 'pid=', '--ppid', sh]);
    let pids = '';
    ps.stdout.on('data', (d) => { pids += d; });
    await new Promise((r) => ps.on('exit', r));
    const node = pids.trim().split(/\s+/)[0];
    spawnChild('kill', ['-TERM', node]);
    expect(await t.done).toBe(0);
    expect(t.out).toMatch(/status=143/);
    const modes = t.out.split(/\r?\n/).filter((l) => /^[0-9a-f]+(:[0-9a-f]+){20,}$/.test(l));
    expect(modes.length).toBe(2);
    expect(modes[1]).toBe(modes[0]);
  });

  test('VMIN 0, VTIME 3: a read returns 0 bytes after 0.3 s, then what is typed; FIONREAD counts it', async () => {
    const t = pty([...run, io, 'vtime']);
    await until(() => t.out.includes('ready'), 20_000, 'ready');
    expect(t.out).toContain('vtime r=0 ms>=250=1 ms<3000=1');
    t.type('k');
    expect(await t.done).toBe(0);
    expect(t.out).toContain('vtime r=1 c=k fionread=1');
  });

  test('cooked mode: ^C is SIGINT to the guest (the kernel\'s ISIG)', async () => {
    const t = pty([...run, io, 'cooked']);
    await until(() => t.out.includes('ready'), 20_000, 'ready');
    await sleep(100);
    t.type('\x03');
    expect(await t.done).toBe(0);
    expect(t.out).toContain(`cooked r=-1 errno=EINTR handled=${SIGINT}`);
  });

  test('a resize: SIGWINCH, and TIOCGWINSZ gives the new size', async () => {
    const t = pty([...run, io, 'winch'], '100x30');
    await until(() => t.out.includes('ready 100x30'), 20_000, 'ready');
    t.resize(132, 43);
    expect(await t.done).toBe(0);
    expect(t.out).toContain('winch 132x43');
  });

  describe('an emulated terminal', () => {
    const start = (mode: string, term = new Terminal({ cols: 90, rows: 20 })) => {
      const g = spawn(io, { args: [mode], stdio: ['pipe', 'pipe', 'pipe'], terminal: term });
      let echo = '';
      term.on('echo', (d) => { echo += new TextDecoder().decode(d); });
      return { g, term, echo: () => echo };
    };

    test('its fds are ttys with Linux\'s defaults, the given size, and the guest in the foreground', async () => {
      const { g, term } = start('tty');
      await g.exited;
      expect(g.stdout).toContain('isatty 1 1 1');
      expect(g.stdout).toContain('winsz r=0 90x20');
      expect(g.stdout).toContain('tcgetattr r=0 errno=0 icanon=1 echo=1 isig=1 vintr=3');
      expect(g.stdout).toContain(`tcgetpgrp=${g.pid} getpgrp=${g.pid}`);
      // OPOST|ONLCR: the screen gets \r\n
      expect(g.stdout).toContain('isatty 1 1 1\r\n');
      expect(term.foreground).toBe(g.pid);
    });

    // Job control (Linux's rules, c-src/libc/tty.c): a terminal several
    // guests share has one foreground group; the others are in the background.
    const job = (term: Terminal, args: string[]) => {
      const g = spawn(io, { args, stdio: ['pipe', 'pipe', 'pipe'], terminal: term });
      const stops: number[] = [];
      g.on('stop', (sig: number) => stops.push(sig));
      return { g, stops };
    };

    test('job control: changing the settings from the background stops the guest with SIGTTOU; in the foreground after SIGCONT it goes on and gets the input', async () => {
      const term = new Terminal({ cols: 90, rows: 20 });
      const fg = job(term, ['job']);
      await until(() => fg.g.stdout.includes('tcsetattr r=0'), 15_000, 'the foreground guest');
      expect(fg.g.stdout).toContain('ready fg=1');
      const bg = job(term, ['job']);
      await until(() => bg.stops.length > 0, 15_000, 'a stop');
      expect(bg.stops).toEqual([SIGTTOU]);
      expect(bg.g.stdout).toContain('ready fg=0');
      expect(bg.g.stdout).not.toContain('tcsetattr');
      // The shell's `fg`: the terminal's foreground group, then SIGCONT.
      term.foreground = bg.g.pid;
      bg.g.kill(SIGCONT);
      await until(() => bg.g.stdout.includes('tcsetattr r=0'), 15_000, 'tcsetattr after SIGCONT');
      term.input('two\r');
      expect(await bg.g.exited).toEqual({ code: 0, signal: null });
      expect(bg.g.stdout).toContain('job read r=4 errno=0 [two]');
      term.foreground = fg.g.pid;
      term.input('one\r');
      expect(await fg.g.exited).toEqual({ code: 0, signal: null });
      expect(fg.g.stdout).toContain('job read r=4 errno=0 [one]');
      expect(fg.stops).toEqual([]);
    });

    test('job control: reading from the background stops the guest with SIGTTIN; with SIGTTIN and SIGTTOU ignored the read fails with EIO and the change goes ahead', async () => {
      const term = new Terminal({ cols: 90, rows: 20 });
      const fg = job(term, ['job']);
      await until(() => fg.g.stdout.includes('tcsetattr r=0'), 15_000, 'the foreground guest');
      const reader = job(term, ['line']);
      await until(() => reader.stops.length > 0, 15_000, 'a stop');
      expect(reader.stops).toEqual([SIGTTIN]);
      const ignoring = job(term, ['job', 'ignore']);
      expect(await ignoring.g.exited).toEqual({ code: 0, signal: null });
      expect(ignoring.g.stdout).toContain('tcsetattr r=0 errno=0');
      expect(ignoring.g.stdout).toMatch(/job read r=-1 errno=(Input\/output error|I\/O error)/);
      expect(ignoring.stops).toEqual([]);
      term.foreground = reader.g.pid;
      reader.g.kill(SIGCONT);
      await until(() => reader.g.stdout.includes('ready'), 15_000, 'ready');
      await sleep(300);
      term.input('abc\r');
      expect(await reader.g.exited).toEqual({ code: 0, signal: null });
      expect(reader.g.stdout).toContain('line r=4 [abc]');
      term.foreground = fg.g.pid;
      term.input('x\r');
      await fg.g.exited;
    });

    test('/dev/tty is the terminal: what is written to it is on the screen, what is typed is read from it', async () => {
      const { g, term } = start('devtty');
      await until(() => g.stdout.includes('ready'), 15_000, 'ready');
      term.input('typed\r');
      expect(await g.exited).toEqual({ code: 0, signal: null });
      expect(g.stdout).toContain('devtty isatty=1 chr=1 5,0 winsz=90\r\n');
      expect(g.stdout).toContain('written to /dev/tty\r\n');
      expect(g.stdout).toContain('devtty read r=6 errno=0 [typed]');
    });

    test('canonical input: a line with its edits, echoed', async () => {
      const { g, term, echo } = start('line');
      await until(() => g.stdout.includes('ready'), 15_000, 'ready');
      term.input('ab\x7fc\r');
      await g.exited;
      expect(g.stdout).toContain('line r=3 [ac]');
      expect(echo()).toBe('ab\b \bc\r\n');
    });

    test('ISIG: ^C is SIGINT; raw mode: ^C is byte 3', async () => {
      const a = start('cooked');
      await until(() => a.g.stdout.includes('ready'), 15_000, 'ready');
      a.term.input('\x03');
      await a.g.exited;
      expect(a.g.stdout).toContain(`cooked r=-1 errno=EINTR handled=${SIGINT}`);
      expect(a.echo()).toBe('^C');
      const b = start('raw');
      await until(() => b.g.stdout.includes('ready'), 15_000, 'ready');
      b.term.input('\x03q');
      await b.g.exited;
      expect(b.g.stdout).toContain('byte 3\r\n');
      expect(b.g.stdout).toContain('handled=0');
      expect(b.echo()).toBe('');
      // tcsetattr(orig) at the end put the line discipline back
      expect(b.term.termios()[3] & 0o2).toBe(0o2);
    });

    test('resize: SIGWINCH to the foreground guest with the new size', async () => {
      const { g, term } = start('winch');
      await until(() => g.stdout.includes('ready 90x20'), 15_000, 'ready');
      expect(term.resize(90, 20)).toBe(false); // the same size: no signal
      term.resize(100, 33);
      await g.exited;
      expect(g.stdout).toContain('winch 100x33');
    });
  });
});

// A pager's way with the terminal (test/guest/c/devtty_test.c): stdin a
// pipe, the keys read from /dev/tty, on a real pty, with the same keys
// typed as for the program's native build and the transcripts compared:
// raw mode, a key, ^C as byte 3 without ISIG, ^C as SIGINT with ISIG and a
// handler (the read fails with EINTR; with SA_RESTART it goes on and takes
// the next key), the modes put back, then stdin read (the pipe); the pty's
// own modes after the run are those it had before.
describe.each(flavors)('/dev/tty with stdin a pipe: %s guest and the native build', (flavor: Flavor) => {
  let guest: string;
  const native = join(root, 'build/test-guest/native/devtty_test');
  const src = join(root, 'test/guest/c/devtty_test.c');
  beforeAll(() => {
    guest = build('test/guest/c/devtty_test.c', flavor);
    mkdirSync(dirname(native), { recursive: true });
    execFileSync('cc', ['-O1', src, '-o', native]);
  }, 120_000);
  const cmd = (t: 'native' | Flavor) => (t === 'native' ? [native] : ['node', wasig, 'run', guest]);

  test('raw mode, a key, ^C as byte 3 without ISIG, SIGINT with ISIG (EINTR, then SA_RESTART), the modes restored: as natively', async () => {
    const scenario = async (t: 'native' | Flavor) => {
      const p = pty(['--stdin-pipe=piped', '--modes', ...cmd(t)], '90x25');
      const next = async (ready: string, keys: string) => {
        await until(() => p.out.includes(`${ready}\r\n`), 20_000, `${t}: ${ready}`);
        p.type(keys);
      };
      await next('ready key', 'a');
      await next('ready ^C', '\x03');
      await next('ready ^C isig', '\x03');
      await next('ready ^C isig restart', '\x03');
      // The key after the handler ran: the read it restarted takes it.
      await until(() => p.out.split('[handler]').length === 3, 20_000, `${t}: the second handler`);
      p.type('z');
      expect(await p.done).toBe(0);
      const modes = (when: string) => new RegExp(`\\[modes ${when} ([0-9a-f:]+)\\]`).exec(p.err)?.[1];
      return { out: p.out, before: modes('before'), after: modes('after') };
    };
    const linux = await scenario('native');
    const wasm = await scenario(flavor);
    expect(linux.out).toContain('^C without ISIG: read r=1 byte=3 errno=0 handled=0');
    expect(linux.out).toContain('[handler]\r\n^C with ISIG: read r=-1 byte=-1 errno=EINTR handled=1');
    expect(linux.out).toContain('then a key: read r=1 byte=122 errno=0 handled=2');
    expect(linux.out).toContain('stdin read r=6 [piped]');
    expect(wasm.out).toBe(linux.out);
    expect(linux.before).toMatch(/^[0-9a-f]+(:[0-9a-f]+){20,}$/);
    expect(linux.after).toBe(linux.before);
    expect(wasm.before).toBe(linux.before);
    expect(wasm.after).toBe(wasm.before);
  });

  test('with no controlling terminal (setsid, stdio pipes): ENXIO, as natively', () => {
    const out = (t: 'native' | Flavor) => spawnSync('setsid', ['-w', ...cmd(t)], { input: 'piped\n', encoding: 'utf8' }).stdout;
    const linux = out('native');
    expect(linux).toBe('stdin isatty=0\nopen /dev/tty: ENXIO\n');
    expect(out(flavor)).toBe(linux);
  });
});
