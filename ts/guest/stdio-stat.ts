// What fstat says of a guest's stdin, stdout and stderr. The WASI and
// emscripten runtimes answer for what they have: node:wasi for the worker
// process's own stdio whatever the guest's is (a pipe it calls a socket),
// emscripten for its /dev/tty device (a character device, 0666). The host
// knows what each is and answers as Linux would for it. Portable: the host
// descriptors' status comes from the platform.
import type { GuestStart } from './protocol.js';

/** One of the guest's stdio: a host descriptor (inherited, or given by
 *  number), a pipe to the host's JavaScript, a terminal the host emulates,
 *  or nothing (/dev/null). */
export type StdioFile = { fd: number } | 'pipe' | 'terminal' | 'null';

/** The fields of a file status both runtimes take (emscripten's doStat
 *  reads these names; Node's fs.Stats has them). */
export interface FileStat {
  dev: number; ino: number; mode: number; nlink: number; uid: number; gid: number; rdev: number;
  size: number; blksize: number; blocks: number; atime: Date; mtime: Date; ctime: Date;
}

/** What the guest's descriptor i (0-2) is. */
export function stdioFile(s: GuestStart, i: number): StdioFile {
  const how = i === 0 ? s.stdin : i === 1 ? s.stdout : s.stderr;
  if (typeof how === 'number') return { fd: how };
  if ((s.ttyFds ?? 0) >> i & 1) return 'terminal';
  if (how === 'inherit') return { fd: i };
  return how === 'ignore' ? 'null' : 'pipe';
}

const S_IFCHR = 0o020000, S_IFIFO = 0o010000;
/** Linux's group tty, which owns a terminal's device. */
const TTY_GID = 5;
const makedev = (major: number, minor: number) => (major << 8) | minor;

/** The status of the guest's descriptor i as Linux gives it: a host
 *  descriptor's own (`fstat`, null where the host has none: a browser);
 *  a pipe is a FIFO, read and write for the guest that holds it; a
 *  terminal's device is the guest's user's, written by group tty
 *  (Linux's pts, 136); /dev/null is (1, 3), 0666, root's. */
export function stdioStat(s: GuestStart, i: number, fstat?: (fd: number) => FileStat): FileStat | null {
  const what = stdioFile(s, i);
  if (typeof what === 'object') return fstat ? fstat(what.fd) : null;
  const now = new Date();
  const made = (mode: number, uid: number, gid: number, rdev: number): FileStat =>
    ({ dev: 0, ino: 0, mode, nlink: 1, uid, gid, rdev, size: 0, blksize: 4096, blocks: 0, atime: now, mtime: now, ctime: now });
  if (what === 'pipe') return made(S_IFIFO | 0o600, s.uid, s.uid, 0);
  if (what === 'terminal') return made(S_IFCHR | 0o620, s.uid, TTY_GID, makedev(136, 0));
  return made(S_IFCHR | 0o666, 0, 0, makedev(1, 3));
}
