// Real programs from Debian's sources (lua5.4, sqlite3, bc, dash, ed, zstd, less, nano), built with a
// plain `wasig cc` for both targets and natively with cc, run the same
// scenarios: signals sent with kill(1) from this process to `wasig run` (or
// to the native program), and the outputs and exit statuses compared with
// the native build's.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { OnPty, Proc, built, sleep, type Target } from './helpers.js';

/** The targets each program is checked on: those where it builds with a
 *  plain `wasig cc` and runs today (docs/programs.md says what the others
 *  wait for). WASIG_PROGRAM_TARGETS=wasi,emscripten checks every program. */
const ON: Record<string, Target[]> = { lua: ['wasi', 'emscripten'], sqlite3: ['wasi', 'emscripten'], bc: ['wasi', 'emscripten'], dash: ['wasi', 'emscripten'],
  ed: ['wasi', 'emscripten'], zstd: ['wasi', 'emscripten'], less: ['wasi', 'emscripten'],
  nano: ['wasi', 'emscripten'] };
const on = (name: string): Target[] => (process.env.WASIG_PROGRAM_TARGETS?.split(',') as Target[] | undefined) ?? ON[name];
const dir = mkdtempSync(join(tmpdir(), 'wasig-programs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const procs: Proc[] = [];
const start = (...a: ConstructorParameters<typeof Proc>) => {
  const p = new Proc(...a);
  procs.push(p);
  return p;
};
afterAll(() => procs.forEach((p) => p.reap()));

/** Runs `scenario` natively and on `target`; returns both results. */
async function both<T>(target: Target, scenario: (t: Target) => Promise<T>): Promise<[T, T]> {
  return [await scenario('native'), await scenario(target)];
}

/** A program waiting for its next line on stdin (a pipe left open, as a
 *  terminal would be): SIGINT reaches its handler and it reads on (the
 *  next line runs), then SIGUSR1, which it leaves at its default action,
 *  ends it as it ends the native build, while it still waits. */
async function blockedOnStdin(name: string, t: Target, args: string[], lines: [string, string], results: [string, string]) {
  const p = start(name, t, args, { dir });
  p.write(lines[0]);
  await p.waitFor(results[0]);
  await sleep(500); // well inside the next read
  p.kill('INT');
  await sleep(500);
  p.write(lines[1]);
  await p.waitFor(results[1]);
  await sleep(500);
  p.kill('USR1');
  const status = await Promise.race([p.exited, sleep(30_000).then(() => 'still running after SIGUSR1')]);
  p.end();
  return { stdout: p.stdout, stderr: p.stderr, status };
}

describe.each(on('lua'))('lua5.4 on %s', (target) => {
  beforeAll(() => built('lua', ['native', target]));

  test('SIGINT in a loop: "interrupted!", pcall catches it, a second SIGINT kills; the script read through --dir', async () => {
    const script = join(dir, 'interrupt.lua');
    writeFileSync(script, [
      'print("start") io.stdout:flush()',
      'local ok, err = pcall(function() while true do end end)',
      'print("caught", ok, err) io.stdout:flush()',
      'while true do end', ''].join('\n'));
    const [native, wasm] = await both(target, async (t) => {
      const p = start('lua', t, [script], { dir });
      await p.waitFor('start\n');
      await sleep(300);
      p.kill('INT');
      await p.waitFor('caught');
      await sleep(300);
      p.kill('INT');
      return { stdout: p.stdout, status: await p.exited };
    });
    // Raised from a hook, the error has no position: only "interrupted!".
    expect(native.stdout).toBe('start\ncaught\tfalse\tinterrupted!\n');
    expect(native.status).toEqual({ code: null, signal: 'SIGINT' });
    expect(wasm).toEqual(native);
  });

  test('an uncaught interrupt ends the script with lua\'s message and status 1', async () => {
    const script = join(dir, 'uncaught.lua');
    writeFileSync(script, 'print("start") io.stdout:flush()\nwhile true do end\n');
    const [native, wasm] = await both(target, async (t) => {
      const p = start('lua', t, [script], { dir });
      await p.waitFor('start\n');
      await sleep(300);
      p.kill('INT');
      const status = await p.exited;
      // Without the program name (argv[0] is a path to each build).
      return { first: p.stderr.split('\n')[0].replace(/^\S+: /, ''), status };
    });
    expect(native).toEqual({ first: 'interrupted!', status: { code: 1, signal: null } });
    expect(wasm).toEqual(native);
  });

  test('SIGTSTP stops it, SIGCONT resumes it, SIGTERM ends it', async () => {
    const script = join(dir, 'count.lua');
    writeFileSync(script, [
      'local i = 0',
      'while true do i = i + 1 if i % 2000000 == 0 then print(i) io.stdout:flush() end end', ''].join('\n'));
    const [native, wasm] = await both(target, async (t) => {
      const p = start('lua', t, [script], { dir });
      await p.waitFor(/\n.*\n/);
      p.kill('TSTP');
      await sleep(500);
      const stopped = p.stdout.length;
      await sleep(1000);
      const stillStopped = p.stdout.length === stopped;
      p.kill('CONT');
      const resumed = await p.waitFor(new RegExp(`^[\\s\\S]{${stopped + 1},}`), 30_000).then(() => true);
      p.kill('TERM');
      return { stillStopped, resumed, status: await p.exited };
    });
    expect(native).toEqual({ stillStopped: true, resumed: true, status: { code: null, signal: 'SIGTERM' } });
    expect(wasm).toEqual(native);
  });
});

describe.each(on('sqlite3'))('sqlite3 on %s', (target) => {
  beforeAll(() => built('sqlite3', ['native', target]));

  // -interactive: as at a terminal, the shell goes on after an interrupt
  // (reading a pipe, it stops at the interrupted statement).
  test('SIGINT interrupts a long recursive query and the shell runs the next statement', async () => {
    const [native, wasm] = await both(target, async (t) => {
      const p = start('sqlite3', t, ['-interactive'], { dir });
      p.end([
        "SELECT 'before';",
        'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;',
        "SELECT 'after';", ''].join('\n'));
      await p.waitFor('before\n');
      await sleep(500);
      p.kill('INT');
      const status = await p.exited;
      return { stdout: p.stdout, stderr: p.stderr, status };
    });
    expect(native.stdout).toMatch(/before\n(sqlite> )+after\n/);
    expect(native.stderr).toMatch(/interrupted/);
    expect(wasm).toEqual(native);
  });

  test('waiting for input: SIGINT is caught and the shell reads on; SIGUSR1 ends it', async () => {
    const [native, wasm] = await both(target, (t) =>
      blockedOnStdin('sqlite3', t, ['-interactive'], ['SELECT 1+1;\n', 'SELECT 2+2;\n'], ['> 2\n', '> 4\n']));
    expect(native.stdout).toMatch(/sqlite> 2\nsqlite> 4\nsqlite> $/);
    expect(native.status).toEqual({ code: null, signal: 'SIGUSR1' });
    expect(wasm).toEqual(native);
  });

  // Given as /data: sqlite looks at every directory above the file, and a
  // wasi guest sees none above its preopened directories.
  test('a database file through --dir: written by the native shell, read and changed by the guest', async () => {
    const name = `t-${target}.db`;
    const db = join(dir, name);
    rmSync(db, { force: true });
    const make = start('sqlite3', 'native', [db], { dir });
    make.end('CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3);\n');
    expect(await make.exited).toEqual({ code: 0, signal: null });
    const g = start('sqlite3', target, [`/data/${name}`], { dir: `${dir}:/data`, cwd: dir });
    g.end('SELECT sum(x) FROM t;\nINSERT INTO t VALUES (4);\n');
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(g.stdout).toBe('6\n');
    const check = start('sqlite3', 'native', [db, 'SELECT sum(x) FROM t;'], { dir });
    expect(await check.exited).toEqual({ code: 0, signal: null });
    expect(check.stdout).toBe('10\n');
  });
});

describe.each(on('bc'))('bc on %s', (target) => {
  beforeAll(() => built('bc', ['native', target]));

  test('SIGINT interrupts a computation and bc goes on with the next statement', async () => {
    const [native, wasm] = await both(target, async (t) => {
      const p = start('bc', t, ['-iq'], { dir });
      p.write('print "start\\n"\nfor (i = 0; i < 10^9; i++) { }\nprint "after\\n"\nquit\n');
      await p.waitFor('start\n');
      // Well inside the loop (10^9 rounds take minutes), even on a busy machine.
      await sleep(1500);
      p.kill('INT');
      const status = await p.exited;
      return { stdout: p.stdout, status };
    });
    expect(native.stdout).toContain('\ninterrupted execution.\n');
    expect(native.stdout).toMatch(/after\n$/);
    expect(native.status).toEqual({ code: 0, signal: null });
    expect(wasm).toEqual(native);
  });

  test('waiting for input: SIGINT prints bc\'s notice and it reads on; SIGUSR1 ends it', async () => {
    const [native, wasm] = await both(target, (t) => blockedOnStdin('bc', t, ['-iq'], ['1+1\n', '2+2\n'], ['2\n', '4\n']));
    expect(native.stdout).toBe('2\n\n(interrupt) use quit to exit.\n4\n');
    expect(native.status).toEqual({ code: null, signal: 'SIGUSR1' });
    expect(wasm).toEqual(native);
  });
});

describe.each(on('dash'))('dash on %s', (target) => {
  beforeAll(() => built('dash', ['native', target]));

  // A shell runs its traps between commands: in a loop of builtins, as soon
  // as the command that was running ends. SIGTERM is left at its default.
  test('trap on SIGINT runs in a busy loop, which goes on; SIGTERM at its default ends it', async () => {
    const script = join(dir, 'trap.sh');
    writeFileSync(script, 'trap \'echo "INT $n"\' INT\necho start\nn=0\nwhile :; do n=$((n + 1)); done\n');
    const [native, wasm] = await both(target, async (t) => {
      const p = start('dash', t, [script], { dir });
      await p.waitFor('start\n');
      await sleep(300);
      p.kill('INT');
      await p.waitFor(/INT \d+\n/);
      await sleep(300);
      p.kill('INT');
      await p.waitFor(/INT \d+\nINT \d+\n/);
      p.kill('TERM');
      const status = await p.exited;
      // The counts differ from run to run; that the loop went on does not.
      const counts = [...p.stdout.matchAll(/INT (\d+)/g)].map((m) => Number(m[1]));
      return { stdout: p.stdout.replace(/\d+/g, 'N'), grew: counts[1] > counts[0], stderr: p.stderr, status };
    });
    expect(native).toEqual({ stdout: 'start\nINT N\nINT N\n', grew: true, stderr: '', status: { code: null, signal: 'SIGTERM' } });
    expect(wasm).toEqual(native);
  });

  test('waiting in read: a trapped SIGUSR1 runs its trap and read fails; kill -USR2 $$ at its default ends the shell', async () => {
    const [native, wasm] = await both(target, async (t) => {
      const p = start('dash', t, ['-c', 'trap "echo USR1" USR1; echo start; read x; echo "read $? [$x]"; kill -USR2 $$; echo not reached'], { dir });
      await p.waitFor('start\n');
      await sleep(500); // well inside the read
      p.kill('USR1');
      await sleep(500);
      p.write('line\n');
      const status = await p.exited;
      return { stdout: p.stdout, stderr: p.stderr, status };
    });
    expect(native.status).toEqual({ code: null, signal: 'SIGUSR2' });
    // The trap runs at once, and the read it interrupted fails (status 1):
    // the line written after it is left unread.
    expect(native.stdout).toBe('start\nUSR1\nread 1 []\n');
    expect(wasm).toEqual(native);
  });

  test('interactive (-i), reading a pipe: SIGINT at the prompt gives a new prompt and the shell reads on', async () => {
    const [native, wasm] = await both(target, async (t) => {
      const p = start('dash', t, ['-i'], { dir });
      p.write('echo one\n');
      await p.waitFor('one\n');
      await sleep(500);
      p.kill('INT');
      await sleep(500);
      p.end('echo two\n');
      const status = await p.exited;
      // Without the program's name (a path to each build).
      return { stdout: p.stdout, stderr: p.stderr.replace(/^\S+: /gm, ''), status };
    });
    expect(native.stdout).toBe('one\ntwo\n');
    // Prompts on stderr ("# " for root, else "$ "): SIGINT ends the line
    // being read and prompts again; the end of input ends the last line.
    expect(native.stderr).toMatch(/^0: can't access tty; job control turned off\n([#$] ){2}\n([#$] ){2}\n$/);
    expect(native.status).toEqual({ code: 0, signal: null });
    expect(wasm).toEqual(native);
  });
});

describe.each(on('ed'))('ed on %s', (target) => {
  beforeAll(() => built('ed', ['native', target]));

  // ed's SIGINT handler longjmps back to its main loop (from inside the
  // read it interrupted), which prints "?"; its SIGHUP handler writes a
  // modified buffer to ed.hup in the working directory and exits.
  test('SIGINT at the prompt and in input mode: "?" and ed reads on; SIGHUP saves the buffer to ed.hup', async () => {
    const [native, wasm] = await both(target, async (t) => {
      const cwd = mkdtempSync(join(dir, `ed-${t}-`));
      // The directory is the guest's working directory ("HOST:."), where
      // ed.hup goes, as the native build's is.
      const p = start('ed', t, ['-p', '*'], { dir: `${cwd}:.`, cwd });
      p.write('a\nhello\nworld\n.\n1p\n');
      await p.waitFor('hello\n*');
      await sleep(500); // well inside the next read
      p.kill('INT');
      await p.waitFor('?\n*');
      p.write('$a\nin input mode\n');
      await sleep(500);
      p.kill('INT');
      await p.waitFor(/\?\n\*[^]*\?\n\*/);
      p.write(',p\n');
      await p.waitFor('in input mode\n*');
      await sleep(500);
      p.kill('HUP');
      const status = await p.exited;
      const hup = join(cwd, 'ed.hup');
      return { stdout: p.stdout, stderr: p.stderr, status, hup: existsSync(hup) ? readFileSync(hup, 'utf8') : null };
    });
    // A prompt before each command; the line typed in input mode was taken
    // before the interrupt; 26 is the size of what SIGHUP's handler wrote.
    expect(native.stdout).toBe('**hello\n*\n?\n*\n?\n*hello\nworld\nin input mode\n*26\n');
    expect(native.hup).toBe('hello\nworld\nin input mode\n');
    expect(native.status).toEqual({ code: 0, signal: null });
    expect(wasm).toEqual(native);
  });
});

describe.each(on('zstd'))('zstd on %s', (target) => {
  beforeAll(() => built('zstd', ['native', target]));

  // zstd's SIGINT handler removes the file it was writing and exits 2.
  test('Ctrl-C while it compresses stdin into a file: the partial file is removed and zstd exits 2', async () => {
    const [native, wasm] = await both(target, async (t) => {
      const cwd = mkdtempSync(join(dir, `zstd-${t}-`));
      const p = start('zstd', t, ['-q', '-o', 'out.zst'], { dir: `${cwd}:.`, cwd });
      // More than one block, and stdin left open: it waits for the rest.
      p.write('wasig '.repeat(100_000));
      const out = join(cwd, 'out.zst');
      const end = Date.now() + 60_000;
      while (!existsSync(out) && Date.now() < end) await sleep(50);
      const created = existsSync(out);
      await sleep(500); // well inside the next read
      p.kill('INT');
      const status = await p.exited;
      return { created, left: existsSync(out), stdout: p.stdout, stderr: p.stderr, status };
    });
    expect(native).toEqual({ created: true, left: false, stdout: '', stderr: '\n', status: { code: 2, signal: null } });
    expect(wasm).toEqual(native);
  });
});

describe.each(on('less'))('less on %s', (target) => {
  beforeAll(() => built('less', ['native', target]));
  const ptys: OnPty[] = [];
  afterAll(() => ptys.forEach((p) => p.reap()));
  const text = join(dir, 'lines.txt');
  // One number a line: what is drawn says which lines are on the screen.
  writeFileSync(text, Array.from({ length: 200 }, (_, i) => `${i + 1}`).join('\n') + '\n');
  const less = (t: Target) => {
    const p = new OnPty('less', t, [text], { dir, size: '80x24', env: { TERM: 'xterm-256color', LESSHISTFILE: '-', HOME: dir, LC_ALL: 'C' } });
    ptys.push(p);
    return p;
  };
  /** The transcript with the job's pid taken out. */
  const transcript = (p: OnPty) => p.screen.replace(/\[job \d+\]/, '[job]');

  test('raw mode: keys act as typed; a resize (TIOCSWINSZ, SIGWINCH) redraws at the new size; Ctrl+Z stops it with the terminal restored, fg redraws, q quits with status 0', async () => {
    const [native, wasm] = await both(target, async (t) => {
      const p = less(t);
      // The first screen: lines 1-23 and the file's name on the last line.
      await p.waitFor(/\n23\n\S*lines\.txt$/);
      // No Enter, no echo: 'j' scrolls one line at once (line 24 and the ':' prompt).
      p.type('j');
      await p.waitFor(/\n24\n:$/);
      p.resize(100, 40);
      // Redrawn on 40 rows: 39 lines, 2 to 40, and the prompt.
      await p.waitFor(/\n24\n:[^]*\n2\n(?:\d+\n)*40\n:$/);
      p.type('\x1a');
      await p.waitFor(/\[stopped \w+ [^\]]*\]\n$/);
      const stopped = /\[stopped (\w+) ([^\]]*)\]/.exec(p.screen)!;
      p.type('fg\n');
      await p.waitFor(/\nfg\n[^]*\n40\n:$/);
      p.type('q');
      await p.waitFor(/\[exit [^\]]*\]\n$/);
      expect(await p.done).toBe(0);
      return { transcript: transcript(p), modesStopped: stopped[2], stopSignal: stopped[1] };
    });
    // Stopped, less has put the terminal back in the modes it found (canonical,
    // echo, signals); it does at its exit too.
    expect(native.modesStopped).toBe('icanon=1 echo=1 isig=1');
    expect(native.stopSignal).toBe('SIGTSTP');
    expect(native.transcript).toMatch(/\[exit 0 icanon=1 echo=1 isig=1\]\n$/);
    // The shell sees the job stopped by SIGTSTP, as the native one: `wasig
    // run` stops itself by the signal that stopped its guest.
    expect(wasm.transcript).toBe(native.transcript);
    expect(wasm.stopSignal).toBe('SIGTSTP');
    expect(wasm.modesStopped).toBe(native.modesStopped);
  });

  test('as a pager: `seq 1000 | less` reads its keys from /dev/tty (stdin is the pipe); space pages, q quits with the modes restored, as natively', async () => {
    const [native, wasm] = await both(target, async (t) => {
      const p = new OnPty('less', t, [], { dir, size: '80x24', pipeFrom: 'seq 1000', env: { TERM: 'xterm-256color', LESSHISTFILE: '-', HOME: dir, LC_ALL: 'C' } });
      ptys.push(p);
      // The first screen: lines 1-23 and the ':' prompt of a pipe.
      await p.waitFor(/\n23\n:$/);
      // No Enter, no echo: a space is the next page at once.
      p.type(' ');
      await p.waitFor(/\n24\n(?:\d+\n)*46\n:$/);
      p.type('q');
      await p.waitFor(/\[exit [^\]]*\]\n$/);
      expect(await p.done).toBe(0);
      return transcript(p);
    });
    expect(native).toMatch(/\n46\n:\n*\[exit 0 icanon=1 echo=1 isig=1\]\n$/);
    expect(wasm).toBe(native);
  });

  test('SIGTERM: less puts the terminal back and ends as the native build does', async () => {
    const [native, wasm] = await both(target, async (t) => {
      const p = less(t);
      await p.waitFor(/\n23\n\S*lines\.txt$/);
      p.kill('TERM');
      await p.waitFor(/\[(?:exit|signal) [^\]]*\]\n$/);
      expect(await p.done).toBe(0);
      return transcript(p);
    });
    expect(native).toMatch(/\[exit 15 icanon=1 echo=1 isig=1\]\n$/);
    expect(wasm).toBe(native);
  });
});

describe.each(on('nano'))('nano on %s', (target) => {
  beforeAll(() => built('nano', ['native', target]));
  const ptys: OnPty[] = [];
  afterAll(() => ptys.forEach((p) => p.reap()));
  const lines = Array.from({ length: 60 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
  /** nano editing notes.txt (60 lines) in a folder of its own, its working
   *  directory (the guest's through --dir DIR:.), with no nanorc read (-I:
   *  the machine's /etc/nanorc is the native build's only). */
  const nano = (t: Target, name: string) => {
    const cwd = mkdtempSync(join(dir, `nano-${name}-${t}-`));
    writeFileSync(join(cwd, 'notes.txt'), lines);
    const p = new OnPty('nano', t, ['-I', 'notes.txt'], { dir: cwd, cwd: true, size: '80x24', env: { TERM: 'xterm-256color', HOME: cwd, LC_ALL: 'C' } });
    ptys.push(p);
    return { p, cwd };
  };
  const transcript = (p: OnPty) => p.screen.replace(/\[job \d+\]/, '[job]');
  // The first screen, drawn whole: the status, the title bar, the two rows
  // of shortcuts and lines 1-20.
  const firstScreen = /\[ Read 60 lines \]\n *GNU nano 7\.2 notes\.txt[^]*\^X Exit[^]*Go To Line\nline 1\n(?:line \d+\n)*line 20\n$/;
  /** nano with its first screen drawn and "hello" typed (no Enter, no
   *  echo: inserted at once, raw mode), the buffer modified. */
  const typed = async (t: Target, name: string) => {
    const started = nano(t, name);
    await started.p.waitFor(firstScreen);
    started.p.type('hello');
    await started.p.waitFor(/\nModified\nhelloline 1\s*$/);
    return started;
  };

  test('raw mode: text typed is inserted, Ctrl+C is a key (the cursor\'s position), ^Z says how to suspend, a resize (TIOCSWINSZ, SIGWINCH) redraws at 100x40, ^X and "n" quit with status 0 and the modes restored', async () => {
    const [native, wasm] = await both(target, async (t) => {
      const { p, cwd } = await typed(t, 'keys');
      p.type('\x03');
      await p.waitFor(/\[ line +1\/61 \( *1%\), col +6\/12 \( *50%\), char +5\/476 \( *1%\) \]\s*$/);
      p.type('\x1a');
      await p.waitFor(/\[ To suspend, type \^T\^Z \]\s*$/);
      p.resize(100, 40);
      // Redrawn on 40 rows: the title, lines 1-36, the status, the shortcuts.
      await p.waitFor(/Z \][^]*GNU nano[^]*\nline 36\n[^]*M-E Redo\s*$/);
      p.type('\x18');
      await p.waitFor(/Save modified buffer\?[^]*\^C Cancel\s*$/);
      p.type('n');
      await p.waitFor(/\[exit [^\]]*\]\n$/);
      expect(await p.done).toBe(0);
      return { transcript: transcript(p), file: readFileSync(join(cwd, 'notes.txt'), 'utf8') };
    });
    expect(native.transcript).toMatch(/\[exit 0 icanon=1 echo=1 isig=1\]\n$/);
    expect(native.file).toBe(lines);
    expect(wasm).toEqual(native);
  });

  test('suspended by kill -TSTP and by ^T^Z: the terminal restored, "Use fg", the job stopped by nano\'s own SIGSTOP; fg redraws it', async () => {
    const [native, wasm] = await both(target, async (t) => {
      const { p } = await typed(t, 'stop');
      p.kill('TSTP');
      await p.waitFor(/Use "fg" to return to nano\.\n[^]*\[stopped \w+ [^\]]*\]\n$/);
      p.type('fg\n');
      await p.waitFor(/\nfg\n[^]*Modified[^]*\nline 20\n\^G Help[^]*Go To Line\s*$/);
      const first = p.screen.length;
      p.type('\x14');
      await p.waitFor(/\^Z Suspend\s*\nCommand to execute:\s*$/);
      p.type('\x1a');
      await p.waitFor(/Use "fg" to return to nano\.\n[^]*\[stopped \w+ [^\]]*\]\n$/);
      const second = p.screen.slice(first);
      p.type('fg\n');
      // Redrawn with the prompt it was stopped at, then without it.
      await p.waitFor(/\nfg\n[^]*\nfg\n[^]*Command to execute:[^]*Go To Line\n+\^G Help[^]*Go To Line\s*$/);
      p.type('\x18');
      await p.waitFor(/Save modified buffer\?[^]*\^C Cancel\s*$/);
      p.type('n');
      await p.waitFor(/\[exit [^\]]*\]\n$/);
      expect(await p.done).toBe(0);
      return { transcript: transcript(p), second };
    });
    // Stopped both times by the SIGSTOP nano sends its group (kill(0,
    // SIGSTOP), from its SIGTSTP handler and from ^T^Z), with the terminal
    // back in the modes it found.
    expect(native.transcript.match(/\[stopped [^\]]*\]/g)).toEqual(Array(2).fill('[stopped SIGSTOP icanon=1 echo=1 isig=1]'));
    expect(native.second).toMatch(/Use "fg" to return to nano\./);
    expect(native.transcript).toMatch(/\[exit 0 icanon=1 echo=1 isig=1\]\n$/);
    expect(wasm).toEqual(native);
  });

  test('SIGTERM: nano writes the modified buffer to notes.txt.save, puts the terminal back and exits 1, as the native build does', async () => {
    const [native, wasm] = await both(target, async (t) => {
      const { p, cwd } = await typed(t, 'term');
      p.kill('TERM');
      await p.waitFor(/\[(?:exit|signal) [^\]]*\]\n$/);
      expect(await p.done).toBe(0);
      const save = join(cwd, 'notes.txt.save');
      return { transcript: transcript(p), save: existsSync(save) ? readFileSync(save, 'utf8') : null };
    });
    expect(native.transcript).toMatch(/Received SIGHUP or SIGTERM\n[^]*Buffer written to notes\.txt\.save\n[^]*\[exit 1 icanon=1 echo=1 isig=1\]\n$/);
    expect(native.save).toBe(`hello${lines}`);
    expect(wasm).toEqual(native);
  });
});
