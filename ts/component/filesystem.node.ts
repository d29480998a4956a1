// wasi:filesystem for a component's worker in Node: the host directories
// given to spawn() as `preopens` (`wasig run --dir`), over node:fs.
//
// Paths follow WASI Preview 2's rule (wasi-filesystem's path-resolution.md,
// what wasmtime does): every path is relative to a directory descriptor; an
// absolute path, a `..` above the preopened directory, or a symbolic link
// that leads out of it (or to an absolute target) is refused. wasmtime says
// `not-permitted` (EPERM); here it is `access`, which the preview1 adapter
// makes EACCES: what Linux's open(2) says of a directory in the path that
// the process may not search, and what a core-module guest gets for the
// same link (c-src/libc/descriptors.c turns node:wasi's ENOTCAPABLE into
// it), so a program sees one errno in both forms. (A `..` out of the
// preopens is taken by name in the guest's library before it gets here.) An absolute path outside
// every preopen is refused by wasi-libc itself, before the host sees it,
// in both (ENOTCAPABLE).
//
// Not preview2-shim's filesystem: its streams are its own I/O thread's, and
// jco checks a descriptor's streams against the stream classes the
// component's imports give (ts/component/wasi.ts), so the streams here are
// those classes over a file's side (FileIo).
import {
  closeSync, constants, existsSync, fstatSync, ftruncateSync, futimesSync, fsyncSync, fdatasyncSync, linkSync,
  lstatSync, lutimesSync, mkdirSync, openSync, opendirSync, readSync, readlinkSync, realpathSync, renameSync,
  rmdirSync, statSync, symlinkSync, unlinkSync, utimesSync, writeSync, type BigIntStats, type Dir, type Dirent,
} from 'node:fs';
import { join, relative, sep } from 'node:path';
import { GuestError } from '../guest/wasm-info.js';
import type { ComponentFs } from './wasi.js';

/** What a guest asks for in one read is served up to this much. */
const MAX_READ = 1 << 20;
/** Host file descriptors one component may hold open at once. */
const MAX_OPEN = 1024;
const MAX_SYMLINKS = 40;

const dispose: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('dispose');

/** The refusal of a host directory that is not there, for core-module
 *  guests (node:wasi says only ENOENT) and components alike. */
export function missingPreopen(preopens: Record<string, string>): GuestError | null {
  const missing = Object.entries(preopens).find(([, host]) => !existsSync(host));
  return missing ? new GuestError(`cannot give the program the directory ${missing[1]} (as ${missing[0]}): it does not exist`) : null;
}

const CODES: Record<string, string> = {
  EACCES: 'access', EAGAIN: 'would-block', EALREADY: 'already', EBADF: 'bad-descriptor', EBUSY: 'busy',
  EDEADLK: 'deadlock', EDQUOT: 'quota', EEXIST: 'exist', EFBIG: 'file-too-large', EILSEQ: 'illegal-byte-sequence',
  EINPROGRESS: 'in-progress', EINTR: 'interrupted', EINVAL: 'invalid', EIO: 'io', EISDIR: 'is-directory',
  ELOOP: 'loop', EMLINK: 'too-many-links', EMSGSIZE: 'message-size', ENAMETOOLONG: 'name-too-long',
  ENODEV: 'no-device', ENOENT: 'no-entry', ENOLCK: 'no-lock', ENOMEM: 'insufficient-memory',
  EMFILE: 'insufficient-memory', ENFILE: 'insufficient-memory', ENOSPC: 'insufficient-space',
  ENOTDIR: 'not-directory', ENOTEMPTY: 'not-empty', ENOTRECOVERABLE: 'not-recoverable', ENOTSUP: 'unsupported',
  EOPNOTSUPP: 'unsupported', ENOTTY: 'no-tty', ENXIO: 'no-such-device', EOVERFLOW: 'overflow', EPERM: 'not-permitted',
  EPIPE: 'pipe', EROFS: 'read-only', ESPIPE: 'invalid-seek', ETXTBSY: 'text-file-busy', EXDEV: 'cross-device',
};

/** A node:fs failure as wasi:filesystem's error-code (thrown, jco's way
 *  of returning a result's error); anything else is the host's own bug. */
function code(e: unknown): string {
  const c = (e as { code?: unknown })?.code;
  if (typeof c === 'string' && c in CODES) return CODES[c];
  if (typeof c === 'string' && /^E[A-Z]+$/.test(c)) return 'io';
  throw e;
}
function fs<T>(f: () => T): T {
  try { return f(); } catch (e) { throw code(e); }
}

type Datetime = { seconds: bigint; nanoseconds: number };
type NewTimestamp = { tag: 'no-change' } | { tag: 'now' } | { tag: 'timestamp'; val: Datetime };
type PathFlags = { symlinkFollow?: boolean };
type OpenFlags = { create?: boolean; directory?: boolean; exclusive?: boolean; truncate?: boolean };
type DescriptorFlags = { read?: boolean; write?: boolean; fileIntegritySync?: boolean; dataIntegritySync?: boolean; requestedWriteSync?: boolean; mutateDirectory?: boolean };

const datetime = (ns: bigint): Datetime => ({ seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) });

function typeOf(s: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (s.isFile()) return 'regular-file';
  if (s.isDirectory()) return 'directory';
  if (s.isSymbolicLink()) return 'symbolic-link';
  if (s.isFIFO()) return 'fifo';
  if (s.isSocket()) return 'socket';
  if (s.isCharacterDevice()) return 'character-device';
  if (s.isBlockDevice()) return 'block-device';
  return 'unknown';
}

const statOf = (s: BigIntStats) => ({
  type: typeOf(s),
  linkCount: s.nlink,
  size: s.size,
  dataAccessTimestamp: datetime(s.atimeNs),
  dataModificationTimestamp: datetime(s.mtimeNs),
  statusChangeTimestamp: datetime(s.ctimeNs),
});

/** A new-timestamp as seconds for utimes; `old` for no-change. */
function seconds(t: NewTimestamp, old: bigint): number {
  if (t.tag === 'now') return Date.now() / 1000;
  const ns = t.tag === 'timestamp' ? t.val.seconds * 1_000_000_000n + BigInt(t.val.nanoseconds) : old;
  return Number(ns) / 1e9;
}

/** Splits a guest path into its steps, `..` taken lexically; one that
 *  climbs above the start is refused. */
function steps(path: string, start: string[] = []): string[] {
  if (path.startsWith('/')) throw 'access';
  const out = [...start];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!out.length) throw 'access';
      out.pop();
    } else out.push(part);
  }
  return out;
}

export const nodeComponentFs: ComponentFs = (preopens, streams) => {
  let open = 0;

  class Descriptor {
    #fd: number | null;
    constructor(
      /** The real path of the preopened directory this one lies in. */
      readonly root: string,
      /** Its path (resolved, inside root). */
      readonly path: string,
      readonly isDir: boolean,
      fd: number | null,
      readonly flags: DescriptorFlags,
    ) {
      this.#fd = fd;
    }

    [dispose](): void {
      if (this.#fd === null) return;
      try { closeSync(this.#fd); } catch { /* already gone */ }
      this.#fd = null;
      open--;
    }

    private fd(): number {
      if (this.#fd === null) throw this.isDir ? 'is-directory' : 'bad-descriptor';
      return this.#fd;
    }

    /** A path below this directory as a host path inside the preopen:
     *  symbolic links are followed here, step by step (the last one only
     *  when `follow`), so none leads out of it. */
    private at(path: string, follow: boolean): string {
      if (!this.isDir) throw 'not-directory';
      const trailing = path.endsWith('/');
      const base = relative(this.root, this.path);
      let pending = steps(path, base ? base.split(sep) : []);
      let done: string[] = [];
      let links = 0;
      while (pending.length) {
        const step = pending.shift()!;
        const candidate = join(this.root, ...done, step);
        let isLink: boolean;
        try {
          isLink = lstatSync(candidate).isSymbolicLink();
        } catch (e) {
          if (code(e) !== 'no-entry') throw code(e);
          return join(candidate, ...pending) + (trailing ? '/' : '');
        }
        if (!isLink || (!pending.length && !follow && !trailing)) {
          done.push(step);
          continue;
        }
        if (++links > MAX_SYMLINKS) throw 'loop';
        const target = fs(() => readlinkSync(candidate));
        if (target.startsWith('/')) throw 'access';
        pending = [...steps(target, done), ...pending];
        done = [];
      }
      return join(this.root, ...done) + (trailing && done.length ? '/' : '');
    }

    readViaStream(offset: bigint): unknown {
      const fd = this.fd();
      let pos = Number(offset);
      return streams.input({
        read: (len) => {
          const buf = new Uint8Array(Math.min(len, MAX_READ));
          const n = fs(() => readSync(fd, buf, 0, buf.length, pos));
          pos += n;
          return buf.subarray(0, n);
        },
      });
    }
    writeViaStream(offset: bigint): unknown {
      const fd = this.fd();
      let pos = Number(offset);
      return streams.output({ write: (b) => { pos += fs(() => writeSync(fd, b, 0, b.length, pos)); } });
    }
    appendViaStream(): unknown {
      const fd = this.fd();
      return streams.output({ write: (b) => { fs(() => writeSync(fd, b, 0, b.length, Number(fstatSync(fd, { bigint: true }).size))); } });
    }
    advise(): void { this.fd(); }
    syncData(): void { if (this.#fd !== null) fs(() => fdatasyncSync(this.#fd!)); }
    sync(): void { if (this.#fd !== null) fs(() => fsyncSync(this.#fd!)); }
    getFlags(): DescriptorFlags { return this.flags; }
    getType(): string { return this.stat().type; }
    setSize(size: bigint): void { fs(() => ftruncateSync(this.fd(), Number(size))); }
    setTimes(a: NewTimestamp, m: NewTimestamp): void {
      const s = this.stat();
      const old = (d: Datetime) => d.seconds * 1_000_000_000n + BigInt(d.nanoseconds);
      const at = seconds(a, old(s.dataAccessTimestamp)), mt = seconds(m, old(s.dataModificationTimestamp));
      if (this.#fd !== null) fs(() => futimesSync(this.#fd!, at, mt));
      else fs(() => utimesSync(this.path, at, mt));
    }
    read(len: bigint, offset: bigint): [Uint8Array, boolean] {
      const buf = new Uint8Array(Math.min(Number(len), MAX_READ));
      const n = fs(() => readSync(this.fd(), buf, 0, buf.length, Number(offset)));
      return [buf.slice(0, n), n === 0 && buf.length > 0];
    }
    write(b: Uint8Array, offset: bigint): bigint {
      return BigInt(fs(() => writeSync(this.fd(), b, 0, b.length, Number(offset))));
    }
    readDirectory(): DirectoryEntryStream {
      if (!this.isDir) throw 'not-directory';
      return new DirectoryEntryStream(fs(() => opendirSync(this.path)));
    }
    stat() {
      return statOf(fs(() => (this.#fd !== null ? fstatSync(this.#fd, { bigint: true }) : statSync(this.path, { bigint: true }))));
    }
    statAt(pf: PathFlags, path: string) {
      const p = this.at(path, !!pf.symlinkFollow);
      return statOf(fs(() => (pf.symlinkFollow ? statSync : lstatSync)(p, { bigint: true })));
    }
    setTimesAt(pf: PathFlags, path: string, a: NewTimestamp, m: NewTimestamp): void {
      const s = this.statAt(pf, path);
      const old = (d: Datetime) => d.seconds * 1_000_000_000n + BigInt(d.nanoseconds);
      const p = this.at(path, !!pf.symlinkFollow);
      const at = seconds(a, old(s.dataAccessTimestamp)), mt = seconds(m, old(s.dataModificationTimestamp));
      fs(() => (pf.symlinkFollow ? utimesSync : lutimesSync)(p, at, mt));
    }
    linkAt(pf: PathFlags, oldPath: string, to: Descriptor, newPath: string): void {
      const from = this.at(oldPath, !!pf.symlinkFollow), dest = to.at(newPath, false);
      fs(() => linkSync(from, dest));
    }
    openAt(pf: PathFlags, path: string, of: OpenFlags, flags: DescriptorFlags): Descriptor {
      const p = this.at(path, !!pf.symlinkFollow);
      let mode = flags.write ? (flags.read ? constants.O_RDWR : constants.O_WRONLY) : constants.O_RDONLY;
      if (of.create) mode |= constants.O_CREAT;
      if (of.exclusive) mode |= constants.O_EXCL;
      if (of.truncate) mode |= constants.O_TRUNC;
      if (of.directory) mode |= constants.O_DIRECTORY;
      if (!pf.symlinkFollow) mode |= constants.O_NOFOLLOW;
      if (flags.fileIntegritySync) mode |= constants.O_SYNC;
      if (flags.dataIntegritySync) mode |= constants.O_DSYNC;
      if (open >= MAX_OPEN) throw 'insufficient-memory';
      const fd = fs(() => openSync(p, mode, 0o666));
      open++;
      const d = new Descriptor(this.root, p.replace(/\/$/, ''), false, fd, flags);
      let isDir: boolean;
      try {
        isDir = fstatSync(fd).isDirectory();
      } catch (e) {
        d[dispose]();
        throw code(e);
      }
      if (!isDir) return d;
      // A directory is kept by its path: what is done with it is done at a
      // path under it (wasi:filesystem's `*-at`), resolved as above.
      d[dispose]();
      return new Descriptor(this.root, p.replace(/\/$/, ''), true, null, flags);
    }
    readlinkAt(path: string): string { return fs(() => readlinkSync(this.at(path, false))); }
    createDirectoryAt(path: string): void { fs(() => mkdirSync(this.at(path, false))); }
    removeDirectoryAt(path: string): void { fs(() => rmdirSync(this.at(path, false))); }
    unlinkFileAt(path: string): void {
      const p = this.at(path, false);
      // Linux's unlink of a directory is EISDIR.
      if (p.endsWith('/') || fs(() => lstatSync(p)).isDirectory()) throw 'is-directory';
      fs(() => unlinkSync(p));
    }
    renameAt(oldPath: string, to: Descriptor, newPath: string): void {
      const from = this.at(oldPath, false), dest = to.at(newPath, false);
      fs(() => renameSync(from, dest));
    }
    symlinkAt(target: string, path: string): void {
      // A link the guest makes can only point inside (checked when it is
      // followed); an absolute target never resolves.
      if (target.startsWith('/')) throw 'not-permitted';
      fs(() => symlinkSync(target, this.at(path, false)));
    }
    isSameObject(other: Descriptor): boolean {
      const a = this.metadataHash(), b = other.metadataHash();
      return a.lower === b.lower && a.upper === b.upper;
    }
    metadataHash(): { lower: bigint; upper: bigint } {
      const s = fs(() => (this.#fd !== null ? fstatSync(this.#fd, { bigint: true }) : statSync(this.path, { bigint: true })));
      return { lower: s.ino, upper: s.dev };
    }
    metadataHashAt(pf: PathFlags, path: string): { lower: bigint; upper: bigint } {
      const p = this.at(path, !!pf.symlinkFollow);
      const s = fs(() => (pf.symlinkFollow ? statSync : lstatSync)(p, { bigint: true }));
      return { lower: s.ino, upper: s.dev };
    }
  }

  class DirectoryEntryStream {
    #dir: Dir | null;
    constructor(dir: Dir) { this.#dir = dir; }
    readDirectoryEntry(): { type: string; name: string } | undefined {
      if (!this.#dir) return undefined;
      const e: Dirent | null = fs(() => this.#dir!.readSync());
      return e ? { type: typeOf(e), name: e.name } : undefined;
    }
    [dispose](): void {
      try { this.#dir?.closeSync(); } catch { /* already closed */ }
      this.#dir = null;
    }
  }

  const bad = missingPreopen(preopens);
  if (bad) throw bad;
  const dirs = Object.entries(preopens).map(([guest, host]) => {
    let real: string;
    try {
      real = realpathSync(host);
      if (!statSync(real).isDirectory()) throw new Error();
    } catch {
      throw new GuestError(`cannot give the program ${host} (as ${guest}): it is not a directory`);
    }
    return [new Descriptor(real, real, true, null, { read: true, mutateDirectory: true }), guest] as const;
  });

  return {
    preopens: { getDirectories: () => [...dirs] },
    Descriptor,
    DirectoryEntryStream,
  };
};

