/* The mode a new file or folder gets: what open(O_CREAT), creat and mkdir
 * were given, less the umask, as Linux makes it; and umask itself.
 *
 * Neither runtime does it. WASI's path_open and path_create_directory take
 * no mode: the host makes the file with its own umask's (0644, 0755), so
 * mkstemp's file was 0644 and mkdtemp's folder 0755 where Linux makes 0600
 * and 0700. Emscripten makes them with the mode given, umask ignored (its
 * umask is a stub whose first answer is 0777, which turned a program's
 * `0666 & ~umask` into 0). Here whatever was made new gets
 * `mode & ~umask` right after. Without O_EXCL the name is looked up first,
 * so a file that was there keeps its mode, as open(2) leaves it; the mode
 * goes through the new descriptor, so it is the file opened that changes
 * (on wasi the host checks the inode). Where the host cannot change a mode
 * (a component's files) the file keeps the one it was made with. fopen
 * is here too: neither libc's goes through open (wasi-libc calls its
 * internal open, emscripten's the syscall). */
#if defined(__EMSCRIPTEN__)
#include "emscripten-wrap.h"
#else
/* The four names of wasi-wrap.h this file defines, and no other: a call
 * from here straight to another's __wrap_ name (fstatat's) made wasm-ld 14
 * link a module that does not validate. */
#define open __wrap_open
#define openat __wrap_openat
#define mkdir __wrap_mkdir
#define mkdirat __wrap_mkdirat
#define fopen __wrap_fopen
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static mode_t mask = 022;

/* On emscripten this is __wrap_umask (emscripten-wrap.h). */
mode_t umask(mode_t m) {
  mode_t old = mask;
  mask = m & 0777;
  return old;
}

/* The mode of a new file: changing it is no reason for open to fail, and
 * errno stays what it was. */
static void made(int fd, const char *path, int dir, mode_t mode) {
  int saved = errno;
  if (fd >= 0) fchmod(fd, mode & ~mask & 07777);
  else fchmodat(dir, path, mode & ~mask & 07777, 0);
  errno = saved;
}

/* Whether open(dir, path, flags) would make the file. */
static int fresh(int dir, const char *path, int flags) {
  struct stat st;
  return (flags & O_EXCL) || fstatat(dir, path, &st, flags & O_NOFOLLOW ? AT_SYMLINK_NOFOLLOW : 0) != 0;
}

static mode_t mode_arg(int flags, va_list ap) { return flags & O_CREAT ? va_arg(ap, mode_t) : 0; }

int __real_open(const char *path, int flags, ...);
int __real_openat(int dir, const char *path, int flags, ...);
int __real_mkdir(const char *path, mode_t mode);
int __real_mkdirat(int dir, const char *path, mode_t mode);

/* __wrap_open (both wrap headers). */
int open(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  if (!(flags & O_CREAT)) return __real_open(path, flags);
  int new = fresh(AT_FDCWD, path, flags);
  int fd = __real_open(path, flags, mode);
  if (fd >= 0 && new) made(fd, 0, 0, mode);
  return fd;
}

/* __wrap_openat. wasi-libc's openat opens a name from the working folder
 * or an absolute one with open: such a name goes to open above, so that
 * it is handled once. */
int openat(int dir, const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  if (dir == AT_FDCWD || (path && path[0] == '/')) return open(path, flags, mode);
  if (!(flags & O_CREAT)) return __real_openat(dir, path, flags);
  int new = fresh(dir, path, flags);
  int fd = __real_openat(dir, path, flags, mode);
  if (fd >= 0 && new) made(fd, 0, 0, mode);
  return fd;
}

/* __wrap_mkdir and __wrap_mkdirat, as open and openat. */
int mkdir(const char *path, mode_t mode) {
  int r = __real_mkdir(path, mode);
  if (r == 0) made(-1, path, AT_FDCWD, mode);
  return r;
}
int mkdirat(int dir, const char *path, mode_t mode) {
  if (dir == AT_FDCWD || (path && path[0] == '/')) return mkdir(path, mode);
  int r = __real_mkdirat(dir, path, mode);
  if (r == 0) made(-1, path, dir, mode);
  return r;
}

/* __wrap_fopen: a mode that writes ("w", "a", with "+") makes the file
 * with 0666 less the umask, as open(O_CREAT, 0666); "x" only ever makes it. */
FILE *__real_fopen(const char *restrict path, const char *restrict how);
FILE *fopen(const char *restrict path, const char *restrict how) {
  int creates = how && (how[0] == 'w' || how[0] == 'a');
  int new = creates && (strchr(how, 'x') || fresh(AT_FDCWD, path, 0));
  FILE *f = __real_fopen(path, how);
  if (f && new) made(fileno(f), 0, 0, 0666);
  return f;
}
