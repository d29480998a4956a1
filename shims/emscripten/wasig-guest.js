// wasig's --js-library for emscripten guests (wasig cc --target emscripten).
// The env.wasig_*_js imports of c-src/core/boundary.h, and stdio through the
// host's guest runtime (ts/guest/guest-host.ts) so that a signal interrupts
// a blocking read of stdin and output is written synchronously. The host
// passes its implementation as Module['wasig'] when it creates the module.
mergeInto(LibraryManager.library, {
  wasig_wait_js: function (p, seen, timeoutUs) { return Module['wasig']['wasig_wait_js'](p, seen, timeoutUs); },
  wasig_now_js: function (which) { return Module['wasig']['wasig_now_js'](which); },
  wasig_pull_js: function (p) { return Module['wasig']['wasig_pull_js'](p); },
  wasig_kill_js: function (pid, sig, code, value) { return Module['wasig']['wasig_kill_js'](pid, sig, code, value); },
  wasig_setid_js: function (gid, r, e, s) { return Module['wasig']['wasig_setid_js'](gid, r, e, s); },
  wasig_default_js: function (p, sig, action) { Module['wasig']['wasig_default_js'](p, sig, action); },
  wasig_timer_js: function (p, which, delayUs, sig) { Module['wasig']['wasig_timer_js'](p, which, delayUs, sig); },
  wasig_call_js: function (fn, sig, si, uc) { Module['wasig']['wasig_call_js'](fn, sig, si, uc); },
  wasig_fatal_js: function (lo, hi) { Module['wasig']['wasig_fatal_js'](lo, hi); },
  wasig_start_js: function (layoutFn, setupFn, interruptFn) { Module['wasig']['wasig_start_js'](layoutFn, setupFn, interruptFn); },
  // The host mounts --dir directories in preRun: it reaches emscripten's FS
  // here, null when emcc left the file system out (the program opens no files).
  wasig_start_js__postset: "Module['wasigFS'] = function () { return typeof FS != 'undefined' ? FS : null; };",
  wasig_seen_js: function (p) { return Module['wasig']['wasig_seen_js'](p); },
  // Which of the host's stdio a descriptor is, by what it names and not by
  // its number, so that dup2(2, 1) writes to stderr and a file put on fd 0
  // (`read x < file` in a shell) is read from the file, as on Linux:
  // emscripten opens stdin and stdout on its /dev/tty (5,0) and stderr on
  // /dev/tty1 (6,0). -1 for any other descriptor (emscripten's FS has it).
  // A /dev/tty the program opened (the host marks it wasigTty) is the
  // guest's controlling terminal, which the host serves under a number of
  // its own whatever stdio is (WASIG_TTY_FD, c-src/core/boundary.h).
  $wasigStdio: function (fd, write) {
    if (typeof FS == 'undefined' || !FS.streams) return fd >= 0 && fd <= 2 ? fd : -1;
    var s = FS.streams[fd];
    if (s && s.wasigTty) return Module['wasig']['ttyFd']();
    var dev = s && s.node ? s.node.rdev : undefined;
    if (dev === FS.makedev(5, 0)) return write ? 1 : 0;
    if (dev === FS.makedev(6, 0)) return write ? 2 : 0;
    return -1;
  },
  // stdio is the host's (-1 for the other fds: c-src/libc/io.c asks the FS).
  wasig_fd_poll_js__deps: ['$wasigStdio'],
  wasig_fd_poll_js: function (fd) {
    // stdin and stdout are one device here: which the descriptor is comes
    // from how it was opened (O_RDONLY for stdin's; stdout's for writing).
    var s = typeof FS != 'undefined' && FS.streams ? FS.streams[fd] : null;
    var w = Module['wasig'];
    var h = wasigStdio(fd, s ? (s.flags & 3) !== 0 : fd > 0);
    return w && h >= 0 ? w['wasig_fd_poll_js'](h) : -1;
  },
  // The terminal calls name the host's descriptor, as above.
  wasig_tty_js__deps: ['$wasigStdio'],
  wasig_tty_js: function (fd, op, words) {
    var s = typeof FS != 'undefined' && FS.streams ? FS.streams[fd] : null;
    return Module['wasig']['wasig_tty_js'](wasigStdio(fd, s ? (s.flags & 3) !== 0 : fd > 0), op, words);
  },

  // dup, dup2, dup3 and fcntl(F_DUPFD): the new descriptor shares the
  // open file description (offset, status flags), as POSIX says, where
  // emscripten 3.1.6 opened the path again (an offset of its own; ENOENT
  // for a pipe or an unlinked file). The new stream is a view of the
  // first: every field but its number is that stream's, and the stream's
  // own close (a pipe end's, a host file's) runs when the last of them
  // closes. `to`: the number (exact) or the lowest one to take.
  // Returns the descriptor or -errno (emscripten's numbers are WASI's).
  $wasigDup__deps: ['$FS'],
  $wasigDup: function (fd, to, exact) {
    var EBADF = 8, EINVAL = 28;
    if (!FS.wasigClose) {
      var close = FS.wasigClose = FS.close;
      FS.close = function (stream) {
        var d = stream.wasigDesc || stream;
        if ((d.wasigRefs || 1) > 1 && !FS.isClosed(stream)) {
          d.wasigRefs--;
          FS.closeStream(stream.fd);
          stream.fd = null;
          return;
        }
        return close(stream);
      };
    }
    try {
      var old = FS.getStream(fd);
      if (!old) return -EBADF;
      if (to < 0 || to >= FS.MAX_OPEN_FDS) return exact ? -EBADF : -EINVAL;
      if (exact) {
        if (to === fd) return to;
        var there = FS.getStream(to);
        if (there) try { FS.close(there); } catch (e) { /* closed silently, as Linux's dup2 */ }
      } else {
        to = FS.nextfd(to);
      }
      var d = old.wasigDesc || old, own = { fd: to };
      d.wasigRefs = (d.wasigRefs || 1) + 1;
      FS.streams[to] = new Proxy(d, {
        get: function (t, k) { return k === 'fd' ? own.fd : k === 'wasigDesc' ? t : t[k]; },
        set: function (t, k, v) { if (k === 'fd') own.fd = v; else t[k] = v; return true; },
      });
      return to;
    } catch (e) {
      if (!(e instanceof FS.ErrnoError)) throw e;
      return -e.errno;
    }
  },
  __syscall_dup__deps: ['$wasigDup'],
  __syscall_dup: function (fd) { return wasigDup(fd, 0, false); },
  __syscall_dup3__deps: ['$wasigDup'],
  __syscall_dup3: function (fd, to, flags) {
    if (fd === to || (flags & ~{{{ cDefine('O_CLOEXEC') }}})) return -28; // EINVAL
    return wasigDup(fd, to, true);
  },
  // fcntl(F_DUPFD, F_DUPFD_CLOEXEC), from c-src/libc/posix-lock.c.
  wasig_dupfd_js__deps: ['$wasigDup'],
  wasig_dupfd_js: function (fd, min) { return wasigDup(fd, min, false); },

#if SYSCALLS_REQUIRE_FILESYSTEM
  // fstat of stdin, stdout or stderr: what the host says it is (a pipe, a
  // file, its terminal; ts/guest/stdio-stat.ts), where emscripten says its
  // /dev/tty; a stream's own status for the others, as emscripten's.
  __syscall_fstat64__deps: ['$SYSCALLS', '$FS', '$wasigStdio'],
  __syscall_fstat64: function (fd, buf) {
    try {
      var stream = SYSCALLS.getStreamFromFD(fd), w = Module['wasig'];
      var h = stream.wasigTty ? -1 : wasigStdio(fd, (stream.flags & 3) !== 0);
      var st = w && h >= 0 ? w['stdioStat'](h) : null;
      return SYSCALLS.doStat(st ? function () { return st; } : FS.stat, stream.path, buf);
    } catch (e) {
      if (!(e instanceof FS.ErrnoError)) throw e;
      return -e.errno;
    }
  },
#endif

#if SYSCALLS_REQUIRE_FILESYSTEM
  fd_write__deps: ['$SYSCALLS', '$wasigStdio'],
#else
  fd_write__deps: ['$SYSCALLS', '$flush_NO_FILESYSTEM', '$wasigStdio'],
#endif
  fd_write: function (fd, iov, iovcnt, pnum) {
    var w = Module['wasig'], h = wasigStdio(fd, true);
    var r = w && h >= 0 ? w['fdWrite'](h, iov, iovcnt, pnum) : -1;
    if (r >= 0) return r;
    if (typeof SYSCALLS.getStreamFromFD != 'function') return 8; // EBADF: no filesystem
    try {
      var stream = SYSCALLS.getStreamFromFD(fd);
      HEAP32[pnum >> 2] = SYSCALLS.doWritev(stream, iov, iovcnt);
      return 0;
    } catch (e) {
      if (typeof FS == 'undefined' || !(e instanceof FS.ErrnoError)) throw e;
      return e.errno;
    }
  },

  fd_read__deps: ['$SYSCALLS', '$wasigStdio'],
  fd_read: function (fd, iov, iovcnt, pnum) {
    var w = Module['wasig'], h = wasigStdio(fd, false);
    var r = w && h >= 0 ? w['fdRead'](h, iov, iovcnt, pnum) : -1;
    if (r >= 0) return r;
    if (typeof SYSCALLS.getStreamFromFD != 'function') return 8; // EBADF: no filesystem
    try {
      var stream = SYSCALLS.getStreamFromFD(fd);
      HEAP32[pnum >> 2] = SYSCALLS.doReadv(stream, iov, iovcnt);
      return 0;
    } catch (e) {
      if (typeof FS == 'undefined' || !(e instanceof FS.ErrnoError)) throw e;
      return e.errno;
    }
  },
});
