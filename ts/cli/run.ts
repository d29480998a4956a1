// `wasig run`: runs a guest with the terminal's stdio, forwards real OS
// signals to it, and ends as it ended (exit status, or death by the signal).
import { constants } from 'node:os';
import { spawn } from '../guest/spawn.node.js';
import type { GuestFlavor } from '../guest/wasm-info.js';

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGTSTP', 'SIGCONT'] as const;

export const RUN_HELP = `usage: wasig run [--target wasi|emscripten] [--dir HOST[:GUEST]]... PROGRAM [ARGS...]

Runs PROGRAM (what 'wasig cc' wrote: a .wasm, or for emscripten the .mjs or
the .wasm beside it) in a worker with the terminal's stdin, stdout and stderr.
Forwards SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH,
SIGTSTP and SIGCONT to it. Exits with its status; when a signal ended it,
wasig dies of the same signal. A bad module exits with status 2.
  --target T         the toolchain that built PROGRAM (detected by default)
  --dir HOST[:GUEST] give the program a host directory (wasi: a preopen;
                     emscripten: a NODEFS mount, "." as the working dir)`;

function die(msg: string): never {
  process.stderr.write(`wasig: ${msg}\n`);
  process.exit(2);
}

export async function run(argv: string[]): Promise<void> {
  let flavor: GuestFlavor | undefined;
  const preopens: Record<string, string> = {};
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--target') {
      const t = argv[++i];
      if (t !== 'wasi' && t !== 'emscripten') die(`--target must be wasi or emscripten, not ${t}`);
      flavor = t;
    } else if (a === '--dir') {
      const d = argv[++i];
      if (!d) die('--dir needs a directory');
      const [host, guest = host] = d.split(':');
      preopens[guest] = host;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(RUN_HELP + '\n');
      return;
    } else if (a === '--') { i++; break; }
    else break;
  }
  const program = argv[i];
  if (!program) die(`no program to run\n${RUN_HELP}`);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const guest = spawn(program, { args: argv.slice(i + 1), env, preopens, flavor, stdio: 'inherit' });

  const listeners = new Map<string, () => void>();
  const unlisten = () => {
    for (const [name, l] of listeners) process.removeListener(name, l);
    listeners.clear();
  };
  for (const name of FORWARDED) {
    const l = () => {
      try { guest.kill(name); } catch { /* it is gone */ }
    };
    listeners.set(name, l);
    process.on(name, l);
  }
  // The guest stopped (SIGTSTP's default): stop ourselves too so that the
  // shell sees a stopped job; its SIGCONT brings both back.
  guest.on('stop', () => {
    try { process.kill(process.pid, 'SIGSTOP'); } catch { /* not on this OS */ }
  });

  let status;
  try {
    status = await guest.exited;
  } catch (e) {
    unlisten();
    die((e as Error).message);
  }
  unlisten();
  if (status.signal) {
    if (status.error) process.stderr.write(`wasig: ${program}: ${status.error}\n`);
    dieOf(status.signal);
    return;
  }
  process.exit(status.code ?? 1);
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
