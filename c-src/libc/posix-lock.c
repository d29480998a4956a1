/* POSIX record locks (fcntl F_GETLK, F_SETLK, F_SETLKW), on both targets:
 * `wasig cc` links with --wrap=fcntl, and the other commands go to the
 * libc's fcntl. A guest is the only process that sees its locks: its own
 * never conflict with each other (POSIX), and neither WASI nor emscripten's
 * file system can take or show another process's. So a lock is checked as
 * Linux checks it (descriptor, type, access mode) and then granted, and
 * F_GETLK reports F_UNLCK. wasi-libc has none of these commands;
 * emscripten's accepted any argument. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#ifdef WASIG_COMPONENT
#include "../component/descriptors.h"
#else
#include "internal.h"
#endif

int __real_fcntl(int fd, int cmd, ...);

static int lock_cmd(int fd, int cmd, struct flock *l) {
  int fl = __real_fcntl(fd, F_GETFL);
  if (fl < 0) return -1;
  if (!l) { errno = EFAULT; return -1; }
  if ((l->l_type != F_RDLCK && l->l_type != F_WRLCK && l->l_type != F_UNLCK) ||
      (l->l_whence != SEEK_SET && l->l_whence != SEEK_CUR && l->l_whence != SEEK_END)) {
    errno = EINVAL;
    return -1;
  }
  if (cmd == F_GETLK) {
    l->l_type = F_UNLCK; /* no other process holds a lock WASI could show */
    return 0;
  }
  /* Linux: a read lock needs a descriptor open for reading, a write lock
   * one open for writing. */
#if defined(__EMSCRIPTEN__)
  int rd = (fl & O_ACCMODE) != O_WRONLY, wr = (fl & O_ACCMODE) != O_RDONLY;
#else
  int rd = (fl & O_RDONLY) != 0, wr = (fl & O_WRONLY) != 0; /* bits in wasi-libc */
#endif
  if ((l->l_type == F_RDLCK && !rd) || (l->l_type == F_WRLCK && !wr)) {
    errno = EBADF;
    return -1;
  }
  return 0;
}

int __wrap_fcntl(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  int r;
  switch (cmd) {
  case F_GETLK: case F_SETLK: case F_SETLKW:
    r = lock_cmd(fd, cmd, va_arg(ap, struct flock *));
    break;
  case F_GETFD: case F_GETFL:
    r = __real_fcntl(fd, cmd);
    break;
  case F_DUPFD: case F_DUPFD_CLOEXEC: /* wasi-libc has none; emscripten's opened the path again */
    r = wasig__dupfd(fd, va_arg(ap, int));
    break;
  default:
    r = __real_fcntl(fd, cmd, va_arg(ap, int));
  }
  va_end(ap);
  return r;
}

