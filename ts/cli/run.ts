// `wasig run`: runs a guest with the terminal's stdio, forwards real OS
// signals to it, and ends as it ended (exit status, or death by the signal).
import { constants } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { spawn } from '../guest/spawn.node.js';
import { hostTerminal } from './tty.js';
import { PAGE, type GuestFlavor } from '../guest/wasm-info.js';
import { parse, splitAtOperand, UsageError } from './args.js';

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGTSTP', 'SIGCONT'] as const;

export const RUN_USAGE = 'usage: wasig run [--target wasi|emscripten] [--dir HOST[:GUEST]]... [--max-memory SIZE] [--] PROGRAM [ARGS...]';

export const RUN_HELP = `${RUN_USAGE}

Runs PROGRAM (what 'wasig cc' wrote: a .wasm, or for emscripten the .mjs) in
a worker with the terminal's stdin, stdout and stderr. An emscripten loader
(.mjs) is host JavaScript: it runs only when named, or with --target
emscripten for the .wasm beside it; a .wasm alone runs as WASI, or as a
component when it is one ('wasig cc --component'; through jco, which must
be installed; docs/wit.md). The program may signal only itself (spawn's
killScope 'self'), and a signal it cannot take (its queue full) is reported
on stderr. Its /dev/tty is wasig's controlling terminal, whatever its stdio
is (a pager reads its keys there while its stdin is a pipe); without one,
opening /dev/tty fails with ENXIO.
Options come before PROGRAM; everything after it is the program's own, as
written, except a '--' right after PROGRAM, which is dropped (as cargo and npm
do): 'wasig run x.wasm -- --foo' and 'wasig run x.wasm --foo' both pass --foo.
A '--' before PROGRAM ends the options: 'wasig run -- -name.wasm'.
Forwards SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH,
SIGTSTP and SIGCONT to it. Exits with its status; when a signal ended it,
wasig dies of the same signal, and when one stopped it, wasig stops by it.
Bad use or a bad module: exit status 2.
  --target T         the toolchain that built PROGRAM (wasi unless it is a .mjs)
  --dir HOST[:GUEST] give the program a host directory (wasi: a preopen;
                     emscripten: a NODEFS mount, "." as the working dir)
  --max-memory SIZE  the most memory the program may have: bytes, or with K,
                     M or G (KiB, MiB, GiB); from 64K to 4G. Past it, malloc
                     returns NULL with ENOMEM. Default: what it declares
  -h, --help         this help`;

const RUN_OPTIONS = {
  target: { type: 'string' },
  dir: { type: 'string', multiple: true },
  'max-memory': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function die(msg: string): never {
  process.stderr.write(`wasig: ${msg}\n`);
  process.exit(2);
}

function usage(msg: string): never {
  process.stderr.write(`wasig run: ${msg}\n${RUN_USAGE}\nTry 'wasig run --help' for more.\n`);
  process.exit(2);
}

export async function run(argv: string[]): Promise<void> {
  // Our options end at the program: `wasig run x.wasm --foo` hands --foo to it.
  const { own, operand: program, after } = splitAtOperand(argv, RUN_OPTIONS);
  let values;
  try {
    ({ values } = parse(own, RUN_OPTIONS));
  } catch (e) {
    if (e instanceof UsageError) usage(e.message);
    throw e;
  }
  if (values.help) {
    process.stdout.write(RUN_HELP + '\n');
    return;
  }
  const t = values.target;
  if (t !== undefined && t !== 'wasi' && t !== 'emscripten') usage(`--target must be wasi or emscripten, not '${t}'`);
  const flavor: GuestFlavor | undefined = t;
  const preopens: Record<string, string> = {};
  for (const d of values.dir ?? []) {
    if (!d) usage('--dir needs a directory');
    const [host, guest = host] = d.split(':');
    preopens[guest] = host;
  }
  const maxMemory = values['max-memory'] === undefined ? undefined : byteSize(values['max-memory']);
  if (program === undefined) usage('no program to run');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const args = after[0] === '--' ? after.slice(1) : after;
  // The tty (when there is one) is the guest's terminal; its settings come
  // back at the end, also when the guest dies or we die with it.
  const tty = hostTerminal();
  process.once('exit', () => tty?.restore());
  const guest = spawn(program, { args, env, preopens, flavor, stdio: 'inherit', terminal: tty?.terminal, maxMemory });

  const listeners = new Map<string, () => void>();
  const unlisten = () => {
    for (const [name, l] of listeners) process.removeListener(name, l);
    listeners.clear();
  };
  for (const name of FORWARDED) {
    const l = () => {
      // The new size first, so that the guest's handler reads it.
      if (name === 'SIGWINCH') tty?.refresh();
      try {
        guest.kill(name);
      } catch (e) {
        // Gone (ESRCH) is quiet; a full queue is not: say the signal was lost.
        if ((e as { errno?: number }).errno !== 3) process.stderr.write(`wasig: ${name} not delivered: ${(e as Error).message}\n`);
      }
    };
    listeners.set(name, l);
    process.on(name, l);
  }
  // The guest stopped: stop ourselves too, by the same signal, so that the
  // shell sees the job stopped as it would the native program (bash:
  // "Stopped" for SIGTSTP, "Stopped (signal)" for SIGSTOP); its SIGCONT
  // brings both back.
  guest.on('stop', (sig) => stopAs(sig, listeners));

  let status;
  try {
    status = await guest.exited;
  } catch (e) {
    unlisten();
    tty?.restore();
    die((e as Error).message);
  }
  unlisten();
  tty?.restore();
  if (status.signal) {
    if (status.error) process.stderr.write(`wasig: ${program}: ${status.error}\n`);
    dieOf(status.signal);
    return;
  }
  process.exit(status.code ?? 1);
}

/** Stops this process by the signal that stopped the guest. SIGTSTP,
 *  SIGTTIN and SIGTTOU are raised at their default: our own SIGTSTP
 *  listener (the one that forwards Ctrl+Z) is taken off first, since libuv
 *  puts SIG_DFL back when a signal's last listener goes, and put back once
 *  the raise has returned: a signal a process sends itself is taken before
 *  kill() returns to it, so by then we have been stopped and continued.
 *  In an orphaned process group Linux discards those three (nothing would
 *  continue the job) and the guest would wait for a SIGCONT that never
 *  comes, so there, and where /proc cannot tell, SIGSTOP, which is never
 *  discarded, stops us instead. */
function stopAs(sig: number, listeners: Map<string, () => void>): void {
  const name = (['SIGTSTP', 'SIGTTIN', 'SIGTTOU'] as const).find((n) => constants.signals[n] === sig);
  try {
    if (!name || orphanedGroup() !== false) {
      process.kill(process.pid, 'SIGSTOP');
      return;
    }
    const own = listeners.get(name);
    if (own) process.removeListener(name, own);
    try {
      process.kill(process.pid, name);
    } finally {
      if (own) process.on(name, own);
    }
  } catch { /* not on this OS */ }
}

/** Whether our process group is orphaned (POSIX: no member has a parent in
 *  another group of the same session), read from /proc; null where it
 *  cannot be read. */
function orphanedGroup(): boolean | null {
  // /proc/PID/stat: "pid (comm) state ppid pgrp session ..."; comm may hold
  // spaces and parentheses, so the fields are counted after the last ')'.
  const stat = (pid: string): [number, number, number] | null => {
    try {
      const s = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      return [Number(f[1]), Number(f[2]), Number(f[3])];
    } catch {
      return null;
    }
  };
  const self = stat('self');
  if (!self) return null;
  const [, pgrp, session] = self;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  for (const pid of pids) {
    const member = stat(pid);
    if (!member || member[1] !== pgrp) continue;
    const parent = stat(String(member[0]));
    if (parent && parent[1] !== pgrp && parent[2] === session) return false;
  }
  return true;
}

/** --max-memory's SIZE in bytes: digits, then K, M or G (powers of 1024,
 *  an optional 'iB' or 'B' after), within what spawn() takes. */
function byteSize(v: string): number {
  const m = /^(\d+)(?:([KMG])(?:i?B)?|B)?$/i.exec(v);
  const n = m ? Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] ?? ' ').toUpperCase()) : NaN;
  if (!(n >= PAGE && n <= 4 * 1024 ** 3)) usage(`--max-memory must be a size from 64K to 4G (bytes, or with K, M or G), not '${v}'`);
  return n;
}

/** Ends this process by `sig`, as the guest ended, so that the shell sees
 *  death by that signal (bash: "User defined signal 1", status 128+N).
 *  Node does not leave every signal at its default: it ignores SIGPIPE and
 *  answers SIGUSR1 by starting its inspector. libuv puts SIG_DFL back when
 *  the last listener of a signal goes, so a listener is added and removed
 *  first. Signals with no name in Node (the realtime ones, 34..64) are at
 *  their default and are sent by number. SIGKILL needs no reset (nothing can
 *  catch it); a guest never dies of SIGSTOP. Where raising does not end us
 *  (another OS, a signal the platform cannot send to itself), the fallback
 *  is the shell's own encoding: exit status 128+N. */
function dieOf(sig: number): void {
  const name = Object.entries(constants.signals).find(([, n]) => n === sig)?.[0] as NodeJS.Signals | undefined;
  const fallback = setTimeout(() => process.exit(128 + sig), 500);
  try {
    if (name && name !== 'SIGKILL' && name !== 'SIGSTOP') {
      const noop = () => {};
      process.on(name, noop);
      process.removeListener(name, noop);
    }
    process.kill(process.pid, name ?? sig);
  } catch {
    clearTimeout(fallback);
    process.exit(128 + sig);
  }
}
