// `wasig run` on a real terminal: the guest's terminal is the host's tty.
// Its termios starts as the tty's own (`stty -g`), every tcsetattr of the
// guest is put on the tty with `stty` before the call returns (so the
// kernel's line discipline does echo, lines and Ctrl+C → SIGINT exactly as
// the guest asked, and with ISIG off ^C arrives as byte 3), and the tty's
// settings come back when the guest ends, however it ends. Node has no
// tcsetattr of its own (setRawMode is one fixed mode), and stty is in every
// Linux's coreutils.
//
// The tty is our controlling terminal when we have one (/dev/tty opens), and
// it is then the guest's too, whatever its stdio is: a pager whose stdin is
// a pipe reads the keyboard from /dev/tty, which is read here (only once the
// guest asks) and written from the guest's worker.
import { spawnSync } from 'node:child_process';
import { constants, openSync } from 'node:fs';
import { ReadStream, isatty } from 'node:tty';
import { Terminal, parseSttyG, sttyG } from '../guest/terminal.js';

export interface HostTerminal {
  terminal: Terminal;
  /** Reads the tty's size again (after SIGWINCH), without signalling. */
  refresh(): void;
  /** Puts back the settings the tty had before the guest. */
  restore(): void;
}

function stty(fd: number, args: string[]): string | null {
  const r = spawnSync('stty', args, { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Opens our controlling terminal, or null when we have none (ENXIO, as
 *  under setsid). */
function openTty(flags: number): number | null {
  try {
    return openSync('/dev/tty', flags | constants.O_NOCTTY);
  } catch {
    return null;
  }
}

/** The keyboard of our controlling terminal: read with a descriptor of its
 *  own, which libuv makes non-blocking (the one guests write to stays
 *  blocking). */
function keyboard(onData: (d: Uint8Array) => void, onEnd: () => void): () => void {
  const fd = openTty(constants.O_RDONLY);
  if (fd === null) { onEnd(); return () => {}; }
  const s = new ReadStream(fd);
  s.on('data', (d: Buffer) => onData(new Uint8Array(d)));
  s.once('end', onEnd);
  // A hang-up is the end of input, not an error of ours.
  s.on('error', () => onEnd());
  return () => s.destroy();
}

/** Our controlling terminal, or without one a tty among stdin, stdout and
 *  stderr, when stty can read it; else null (the guest then has no
 *  terminal). */
export function hostTerminal(): HostTerminal | null {
  const ctty = openTty(constants.O_RDWR);
  const fd = ctty ?? [0, 1, 2].find((f) => isatty(f));
  if (fd === undefined) return null;
  const saved = stty(fd, ['-g']);
  const words = saved ? parseSttyG(saved) : null;
  if (!saved || !words) return null;
  let current = saved;
  const size = (): [number, number] => {
    const s = stty(fd, ['size'])?.split(/\s+/).map(Number);
    return s && s.length === 2 && s.every(Number.isInteger) ? [s[1], s[0]] : [80, 24];
  };
  const [cols, rows] = size();
  const terminal = new Terminal({
    cols, rows, termios: words,
    apply: (w) => {
      const g = sttyG(w);
      if (g === current) return;
      if (stty(fd, [g]) === null) throw new Error(`stty could not set the terminal to ${g}`);
      current = g;
    },
    controlling: ctty !== null,
    ...(ctty !== null ? { keyboard, fd: ctty } : {}),
  });
  return {
    terminal,
    refresh: () => { const [c, r] = size(); terminal.resize(c, r, false); },
    restore: () => {
      terminal.unlisten();
      if (current !== saved) stty(fd, [saved]);
      current = saved;
    },
  };
}
