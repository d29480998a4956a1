// Runs a Debian program of recipes.mjs natively or under `wasig run`, with
// pipes, and sends it signals with the real kill(1) from this process.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
// @ts-ignore: a plain ESM build script, without types
import { buildProgram, output } from './build.mjs';

export const root = new URL('../../', import.meta.url).pathname;
const wasig = join(root, 'bin/wasig.js');
export type Target = 'native' | 'wasi' | 'emscripten';

/** Builds `name` (cached) and throws with the compiler's output when a
 *  target's build failed. */
export function built(name: string, targets: Target[]): void {
  const r = buildProgram(name, () => {}, targets);
  for (const t of targets) if (r[t]?.error) throw new Error(r[t].error);
}

export class Proc {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(name: string, readonly target: Target, args: string[], opts: { dir?: string; cwd?: string } = {}) {
    const exe = output(name, target);
    const [cmd, argv] = target === 'native'
      ? [exe, args]
      // The target named: an emscripten .wasm runs its loader only when told.
      : ['node', [wasig, 'run', '--target', target, ...(opts.dir ? ['--dir', opts.dir] : []), exe, ...args]];
    // Each program leads a process group of its own, whose parent (this
    // process) is in another group of the same session, as a shell's job is.
    // Otherwise the group it shares with the test runner may be orphaned
    // (it is when the runner is started without job control, as by CI), and
    // Linux discards SIGTSTP, SIGTTIN and SIGTTOU to an orphaned group.
    const job = ['-c', 'import os, sys; os.setpgid(0, 0); os.execvp(sys.argv[1], sys.argv[1:])', cmd, ...argv];
    this.child = spawn('python3', job, { cwd: opts.cwd ?? opts.dir ?? root, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => { this.stdout += d; });
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => { this.stderr += d; });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  write(text: string): void { this.child.stdin!.write(text); }
  end(text = ''): void { this.child.stdin!.end(text); }

  /** kill -SIG pid, by the kill command, as a user would. */
  kill(sig: string): void {
    execFileSync('kill', [`-${sig}`, String(this.child.pid)]);
  }

  /** Waits until stdout (or stderr) matches; fails after `ms` (only to catch hangs). */
  async waitFor(what: RegExp | string, ms = 60_000, stream: 'stdout' | 'stderr' = 'stdout'): Promise<void> {
    const end = Date.now() + ms;
    const has = () => (typeof what === 'string' ? this[stream].includes(what) : what.test(this[stream]));
    while (!has()) {
      if (Date.now() > end) {
        throw new Error(`${this.target}: timed out waiting for ${what} in ${stream}; stdout=${JSON.stringify(this.stdout)} stderr=${JSON.stringify(this.stderr)}`);
      }
      await sleep(20);
    }
  }

  /** Ends it if a check failed before it did. */
  reap(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

const runOnPty = join(root, 'test/guest/run-on-pty.py');
const job = join(root, 'test/programs/job.py');

/** A program on a fresh pty of `size` (COLSxROWS), as a shell's foreground
 *  job (test/programs/job.py: "[job PID]", "[stopped ...]", "fg", "[exit
 *  ...]"), with only the environment given (TERM among it). `screen` is
 *  what it wrote with the terminal's escape sequences taken out (those that
 *  move the cursor home or clear the screen as a line break) and \r\n as
 *  \n: the text drawn, in order. */
export class OnPty {
  readonly child: ChildProcess;
  out = '';
  readonly done: Promise<number | null>;

  /** `opts.dir` is given to a guest as itself, or with `cwd` as its
   *  working directory (`--dir DIR:.`), where the native build runs too.
   *  `opts.pipeFrom`: a shell command whose output is the program's stdin,
   *  as `COMMAND | program` typed at the shell (both in the job). */
  constructor(name: string, readonly target: Target, args: string[], opts: { dir: string; cwd?: boolean; size: string; env: Record<string, string>; pipeFrom?: string }) {
    const exe = output(name, target);
    const dir = opts.cwd ? `${opts.dir}:.` : opts.dir;
    const program = target === 'native' ? [exe, ...args] : ['node', wasig, 'run', '--target', target, '--dir', dir, exe, ...args];
    const cmd = opts.pipeFrom === undefined ? program : ['sh', '-c', `${opts.pipeFrom} | exec "$@"`, 'sh', ...program];
    this.child = spawn('python3', [runOnPty, `--size=${opts.size}`, 'python3', job, ...cmd],
      { cwd: opts.dir, stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH!, ...opts.env } });
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => { this.out += d; });
    this.done = new Promise((r) => this.child.on('exit', (c) => r(c)));
  }

  get screen(): string {
    // A move of the cursor home or a clear of the screen starts a line; other
    // CSI and the two-byte ESC sequences (keypad modes, charset) draw nothing.
    return this.out.replace(/\x1b\[[0-9;]*[HJ]/g, '\n').replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b[=>()][0-9A-Za-z]?/g, '').replace(/\r+\n/g, '\n').replace(/\r/g, '\n');
  }

  /** The job's pid, from job.py's first line. */
  get pid(): number { return Number(/\[job (\d+)\]/.exec(this.out)?.[1]); }

  type(keys: string): void { this.child.stdin!.write(keys); }
  /** TIOCSWINSZ on the master, as a terminal window does when resized. */
  resize(cols: number, rows: number): void { this.child.stdin!.write(`\0size ${cols}x${rows}\n`); }
  kill(sig: string): void { execFileSync('kill', [`-${sig}`, String(this.pid)]); }

  /** Waits until the screen's text matches; fails after `ms` (only to catch hangs). */
  async waitFor(what: RegExp, ms = 60_000): Promise<void> {
    const end = Date.now() + ms;
    while (!what.test(this.screen)) {
      if (Date.now() > end) throw new Error(`${this.target}: timed out waiting for ${what} on the screen: ${JSON.stringify(this.screen)}`);
      await sleep(20);
    }
  }

  reap(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
