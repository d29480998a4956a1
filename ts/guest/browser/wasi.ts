// A small WASI preview1 for guests in Web Workers: args, environment,
// clocks, random, and stdio (fds 0-2, whose reads and writes the guest host
// takes over). No files: the browser has none to give, and calls that would
// need them fail with ENOSYS or EBADF rather than pretending.
import type { WasiLike } from '../guest-host.js';
import type { GuestStart } from '../protocol.js';

const ESUCCESS = 0, EBADF = 8, EINVAL = 28, ENOSYS = 52, ESPIPE = 70;

class WasiExit extends Error {
  constructor(readonly code: number) { super(`exit ${code}`); }
}

export function browserWasi(s: GuestStart): WasiLike {
  let memory: WebAssembly.Memory | null = null;
  const mem = () => {
    if (!memory) throw new Error('wasig: WASI call before the guest started');
    return memory;
  };
  const enc = new TextEncoder();
  const args = s.args.map((a) => enc.encode(`${a}\0`));
  const env = Object.entries(s.env).map(([k, v]) => enc.encode(`${k}=${v}\0`));
  const dv = () => new DataView(mem().buffer);
  const putList = (list: Uint8Array[], ptrs: number, buf: number) => {
    const d = dv(), u8 = new Uint8Array(mem().buffer);
    for (const item of list) {
      d.setUint32(ptrs, buf, true);
      ptrs += 4;
      u8.set(item, buf);
      buf += item.length;
    }
    return ESUCCESS;
  };
  const sizes = (list: Uint8Array[], count: number, size: number) => {
    const d = dv();
    d.setUint32(count, list.length, true);
    d.setUint32(size, list.reduce((n, a) => n + a.length, 0), true);
    return ESUCCESS;
  };
  const nowNs = (id: number): bigint => {
    const ms = id === 0 ? performance.timeOrigin + performance.now() : performance.now();
    return BigInt(Math.round(ms * 1e6));
  };
  const stdio = (fd: number) => fd >= 0 && fd <= 2;
  const imports: Record<string, (...a: any[]) => number> = {
    args_get: (argv: number, buf: number) => putList(args, argv, buf),
    args_sizes_get: (count: number, size: number) => sizes(args, count, size),
    environ_get: (envp: number, buf: number) => putList(env, envp, buf),
    environ_sizes_get: (count: number, size: number) => sizes(env, count, size),
    clock_res_get: (id: number, out: number) => {
      if (id < 0 || id > 3) return EINVAL;
      dv().setBigUint64(out, 1000n, true);
      return ESUCCESS;
    },
    clock_time_get: (id: number, _precision: bigint, out: number) => {
      if (id < 0 || id > 3) return EINVAL;
      dv().setBigUint64(out, nowNs(id), true);
      return ESUCCESS;
    },
    random_get: (buf: number, len: number) => {
      // getRandomValues refuses views of shared memory: fill a copy.
      const tmp = new Uint8Array(len);
      for (let at = 0; at < len; at += 65536) crypto.getRandomValues(tmp.subarray(at, Math.min(len, at + 65536)));
      new Uint8Array(mem().buffer, buf, len).set(tmp);
      return ESUCCESS;
    },
    fd_fdstat_get: (fd: number, out: number) => {
      if (!stdio(fd)) return EBADF;
      const d = dv();
      d.setUint8(out, 2); // character device
      d.setUint16(out + 2, 0, true);
      d.setBigUint64(out + 8, 0xffffffffn, true);
      d.setBigUint64(out + 16, 0xffffffffn, true);
      return ESUCCESS;
    },
    fd_fdstat_set_flags: (fd: number) => (stdio(fd) ? ESUCCESS : EBADF),
    fd_close: (fd: number) => (stdio(fd) ? ESUCCESS : EBADF),
    fd_seek: (fd: number) => (stdio(fd) ? ESPIPE : EBADF),
    fd_tell: (fd: number) => (stdio(fd) ? ESPIPE : EBADF),
    fd_sync: (fd: number) => (stdio(fd) ? ESUCCESS : EBADF),
    fd_datasync: (fd: number) => (stdio(fd) ? ESUCCESS : EBADF),
    fd_write: () => EBADF, // stdout and stderr are the guest host's
    fd_read: () => EBADF, // stdin is the guest host's
    fd_pwrite: () => ESPIPE,
    fd_pread: () => ESPIPE,
    fd_prestat_get: () => EBADF, // no preopened directories
    fd_prestat_dir_name: () => EBADF,
    fd_filestat_get: (fd: number, out: number) => {
      if (!stdio(fd)) return EBADF;
      new Uint8Array(mem().buffer, out, 64).fill(0);
      dv().setUint8(out + 16, 2);
      return ESUCCESS;
    },
    proc_exit: (code: number) => { throw new WasiExit(code); },
    proc_raise: () => ENOSYS,
    sched_yield: () => ESUCCESS,
    poll_oneoff: () => ENOSYS,
  };
  // The rest of preview1 (files, sockets): ENOSYS, not a link error.
  for (const name of ['path_open', 'path_filestat_get', 'path_filestat_set_times', 'path_create_directory',
    'path_remove_directory', 'path_unlink_file', 'path_rename', 'path_readlink', 'path_symlink', 'path_link',
    'fd_readdir', 'fd_filestat_set_size', 'fd_filestat_set_times', 'fd_advise', 'fd_allocate', 'fd_renumber',
    'sock_accept', 'sock_recv', 'sock_send', 'sock_shutdown']) imports[name] = () => ENOSYS;
  return {
    imports,
    start(instance) {
      memory = instance.exports.memory as WebAssembly.Memory;
      try {
        (instance.exports._start as () => void)();
        return 0;
      } catch (e) {
        if (e instanceof WasiExit) return e.code;
        throw e;
      }
    },
  };
}
