// The host's side of wasig_file_js (c-src/core/boundary.h) for wasi guests
// under node:wasi: the mode, owner and group of a host file, which WASI's
// filestat lacks, its chmod, and access(2). node:wasi does not say which
// host file a WASI descriptor is, so this follows its calls: a preopened
// directory's name comes from fd_prestat_dir_name, a file's from the
// path_open that made it, relative to its directory's; fd_renumber and
// fd_close move and drop them. A file renamed since it was opened is not
// found by its old name, or is another file: the guest compares the inode
// with WASI's and takes no answer for another file. node:wasi's 0, 1 and 2
// are the worker process's stdio, whatever the guest's is: for them the
// host answers what the guest's is (stdio-stat.ts).
import { accessSync, chmodSync, fstatSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { guestText } from './guest-text.js';
import type { GuestStart } from './protocol.js';
import { stdioFile, stdioStat } from './stdio-stat.js';

type Fn = (...a: any[]) => number;

/** A WASI descriptor's host path, and the host directory given to the
 *  guest that it is in. */
interface Named { path: string; root: string }

/** The constants of the layout table this needs (boundary.h). */
export type FileLayout = Record<string, number>;

const ESUCCESS = 0;

export class HostFiles {
  private readonly named = new Map<number, Named>();
  private readonly realRoots = new Map<string, string>();
  private memory: WebAssembly.Memory | null = null;
  /** node:wasi's 0, 1 and 2, while the guest keeps them: the process's
   *  own stdio, which stand for the guest's (stdioFile below). */
  private readonly std = new Set([0, 1, 2]);

  /** `start`: the guest's setup, which says what its stdio is. */
  constructor(private readonly preopens: Record<string, string>, private readonly start?: GuestStart) {}

  /** The guest's memory, once it has started. */
  attach(memory: WebAssembly.Memory): void { this.memory = memory; }

  /** node:wasi's imports, followed. */
  wrap(wi: Record<string, Fn>): Record<string, Fn> {
    return {
      ...wi,
      fd_prestat_dir_name: (fd: number, ptr: number, len: number) => {
        const r = wi.fd_prestat_dir_name(fd, ptr, len);
        const name = r === ESUCCESS ? this.text(ptr, len) : null;
        const host = name !== null && Object.prototype.hasOwnProperty.call(this.preopens, name) ? this.preopens[name] : undefined;
        if (host !== undefined) this.named.set(fd, { path: resolve(host), root: resolve(host) });
        return r;
      },
      path_open: (dir: number, lf: number, ptr: number, len: number, ...rest: any[]) => {
        const r = wi.path_open(dir, lf, ptr, len, ...rest);
        const base = this.named.get(dir);
        const rel = r === ESUCCESS && base ? this.text(ptr, len) : null;
        const fd = rel !== null ? this.u32(rest[rest.length - 1]) : null;
        if (fd !== null) this.std.delete(fd);
        if (base && rel !== null && fd !== null) this.named.set(fd, { path: resolve(base.path, rel), root: base.root });
        return r;
      },
      fd_renumber: (from: number, to: number) => {
        const r = wi.fd_renumber(from, to);
        if (r === ESUCCESS) {
          const n = this.named.get(from);
          this.named.delete(from);
          if (n) this.named.set(to, n); else this.named.delete(to);
          // node:wasi's stdio stays what it was only under its own number.
          this.std.delete(from);
          this.std.delete(to);
        }
        return r;
      },
      fd_close: (fd: number) => {
        const r = wi.fd_close(fd);
        if (r === ESUCCESS) { this.named.delete(fd); this.std.delete(fd); }
        return r;
      },
    };
  }

  /** wasig_file_js after the guest's pointers were checked: 0 or a negated
   *  Linux errno; `words` filled for the stat ops, read for chmod. */
  file(L: FileLayout, fd: number, rel: string | null, op: number, mode: number, words: Uint32Array): number {
    const n = this.named.get(fd);
    if (!n) return rel === null && this.std.has(fd) ? this.stdioFile(L, fd, op, mode, words) : -L.EBADF;
    const target = rel === null ? n.path : resolve(n.path, rel);
    try {
      // The host resolves the name again: beneath the directory given,
      // whatever a `..` or a link in it says, as WASI resolved it.
      const real = op === L.FILE_LSTAT && rel !== null
        ? resolve(realpathSync(dirname(target)), basename(target)) : realpathSync(target);
      const root = this.realRoot(n.root);
      if (real !== root && !real.startsWith(root.endsWith(sep) ? root : root + sep)) return -L.EACCES;
      switch (op) {
        case L.FILE_STAT: case L.FILE_LSTAT: {
          const st = lstatSync(real, { bigint: true });
          words[L.FILE_MODE] = Number(st.mode);
          words[L.FILE_UID] = Number(st.uid);
          words[L.FILE_GID] = Number(st.gid);
          words[L.FILE_INO] = Number(st.ino & 0xffffffffn);
          words[L.FILE_INO + 1] = Number((st.ino >> 32n) & 0xffffffffn);
          return 0;
        }
        case L.FILE_CHMOD: {
          const ino = BigInt(words[L.FILE_INO]) | (BigInt(words[L.FILE_INO + 1]) << 32n);
          if (statSync(real, { bigint: true }).ino !== ino) return -L.EPERM;
          chmodSync(real, mode & 0o7777);
          return 0;
        }
        case L.FILE_ACCESS:
          if (mode & ~7) return -L.EINVAL;
          accessSync(real, mode);
          return 0;
        default:
          return -L.EINVAL;
      }
    } catch (e) {
      return errnoOf(L, e);
    }
  }

  /** wasig_file_js for the guest's stdin, stdout or stderr, which
   *  node:wasi answers for as the process's own: what the guest's is
   *  (stdio-stat.ts), for WASI's file (the inode the guest checks). */
  private stdioFile(L: FileLayout, fd: number, op: number, mode: number, words: Uint32Array): number {
    if (!this.start) return -L.EBADF;
    try {
      switch (op) {
        case L.FILE_STAT: case L.FILE_LSTAT: {
          const st = stdioStat(this.start, fd, (h) => fstatSync(h))!;
          words[L.FILE_MODE] = st.mode;
          words[L.FILE_UID] = st.uid;
          words[L.FILE_GID] = st.gid;
          const ino = fstatSync(fd, { bigint: true }).ino;
          words[L.FILE_INO] = Number(ino & 0xffffffffn);
          words[L.FILE_INO + 1] = Number((ino >> 32n) & 0xffffffffn);
          return 0;
        }
        case L.FILE_CHMOD:
          // The host's own descriptors keep their mode: they were given
          // to write to, not to change (EPERM, as for a file of another
          // owner). Linux's fchmod of a pipe or a terminal succeeds.
          return typeof stdioFile(this.start, fd) === 'object' ? -L.EPERM : 0;
        default:
          return -L.EBADF;
      }
    } catch (e) {
      return errnoOf(L, e);
    }
  }

  private realRoot(root: string): string {
    let r = this.realRoots.get(root);
    if (r === undefined) this.realRoots.set(root, (r = realpathSync(root)));
    return r;
  }

  /** len bytes at ptr as text, or null when they are no name. */
  private text(ptr: number, len: number): string | null {
    const t = this.memory ? guestText(this.memory.buffer, ptr, len) : null;
    return t && 'text' in t ? t.text : null;
  }

  private u32(ptr: number): number | null {
    const buf = this.memory?.buffer;
    ptr >>>= 0;
    if (!buf || ptr + 4 > buf.byteLength) return null;
    return new DataView(buf).getUint32(ptr, true);
  }
}

/** A failed host call's error as a negated errno of the layout (EIO for
 *  one it has no number for). */
function errnoOf(L: FileLayout, e: unknown): number {
  const code = (e as NodeJS.ErrnoException).code;
  const known = code && /^E[A-Z]+$/.test(code) ? L[code] : undefined;
  return -(known ?? L.EIO);
}
