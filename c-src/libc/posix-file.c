/* File functions Debian's wasi-libc leaves out (emscripten has its own,
 * working on its file system): temporary files, realpath, owners
 * (a file keeps its owner; a change to the process's own ids is no change)
 * and the stdio locks; dup and pipe are the descriptor table's (descriptors.c). And
 * memfd_create for emscripten, whose own is a syscall it lacks. */
#if !defined(__EMSCRIPTEN__)
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- temporary files ------------------------------------------------------------ */
static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/* Replaces the 6 X's before `suffix` characters with random letters. */
static int fill_template(char *t, int suffix) {
  size_t n = strlen(t);
  if (suffix < 0 || n < (size_t)suffix + 6 || memcmp(t + n - suffix - 6, "XXXXXX", 6) != 0) {
    errno = EINVAL;
    return -1;
  }
  unsigned char r[6];
  if (getentropy(r, sizeof r) != 0) return -1;
  for (int i = 0; i < 6; i++) t[n - suffix - 6 + i] = letters[r[i] % (sizeof letters - 1)];
  return 0;
}

int mkostemps(char *t, int suffix, int flags) {
  size_t n = strlen(t);
  for (int tries = 0; tries < 100; tries++) {
    if (fill_template(t, suffix) != 0) return -1;
    int fd = open(t, O_RDWR | O_CREAT | O_EXCL | (flags & ~O_ACCMODE), 0600);
    if (fd >= 0) return fd;
    if (errno != EEXIST) break;
  }
  memcpy(t + n - suffix - 6, "XXXXXX", 6);
  return -1;
}
int mkostemp(char *t, int flags) { return mkostemps(t, 0, flags); }
int mkstemps(char *t, int suffix) { return mkostemps(t, suffix, 0); }
int mkstemp(char *t) { return mkostemps(t, 0, 0); }

char *mkdtemp(char *t) {
  for (int tries = 0; tries < 100; tries++) {
    if (fill_template(t, 0) != 0) return 0;
    if (mkdir(t, 0700) == 0) return t;
    if (errno != EEXIST) break;
  }
  memcpy(t + strlen(t) - 6, "XXXXXX", 6);
  return 0;
}

char *mktemp(char *t) {
  struct stat st;
  for (int tries = 0; tries < 100; tries++) {
    if (fill_template(t, 0) != 0) break;
    if (lstat(t, &st) != 0 && errno == ENOENT) return t;
  }
  t[0] = 0;
  return t;
}

char *tmpnam(char *buf) {
  static char name[L_tmpnam];
  char t[] = P_tmpdir "/tmp_XXXXXX";
  if (!*mktemp(t)) return 0;
  return strcpy(buf ? buf : name, t);
}

/* In dir, else $TMPDIR, else P_tmpdir, as glibc's. */
char *tempnam(const char *dir, const char *prefix) {
  const char *env = getenv("TMPDIR");
  const char *d = env && *env ? env : dir && *dir ? dir : P_tmpdir;
  char t[PATH_MAX];
  int n = snprintf(t, sizeof t, "%s/%.5sXXXXXX", d, prefix ? prefix : "file");
  if (n < 0 || (size_t)n >= sizeof t) { errno = ENAMETOOLONG; return 0; }
  if (!*mktemp(t)) return 0;
  return strdup(t);
}

/* In P_tmpdir, as glibc's (it reads no TMPDIR); the name is removed at
 * once. Linux always has a /tmp; a guest given none (or one it cannot
 * write) gets an anonymous file in its memory instead, memfd_create's,
 * which is what an unnamed temporary file is to the program. */
FILE *tmpfile(void) {
  char t[] = P_tmpdir "/tmpfXXXXXX";
  int fd = mkstemp(t);
  if (fd >= 0) unlink(t);
  else if (errno != EMFILE && errno != ENFILE) fd = memfd_create("tmpfile", 0);
  if (fd < 0) return 0;
  FILE *f = fdopen(fd, "w+");
  if (!f) close(fd);
  return f;
}

/* ---- realpath ----------------------------------------------------------------------- */
#define MAX_LINKS 40

char *realpath(const char *restrict path, char *restrict resolved) {
  if (!path) { errno = EINVAL; return 0; }
  if (!*path) { errno = ENOENT; return 0; }
  char out[PATH_MAX], rest[PATH_MAX], link[PATH_MAX];
  size_t len = 0;
  if (strlen(path) >= sizeof rest) { errno = ENAMETOOLONG; return 0; }
  strcpy(rest, path);
  if (rest[0] != '/') {
    if (!getcwd(out, sizeof out)) return 0;
    len = strlen(out);
    if (len == 1) len = 0; /* "/" */
  }
  out[len] = 0;
  int links = 0;
  char *p = rest;
  while (*p) {
    while (*p == '/') p++;
    if (!*p) break;
    char *end = strchr(p, '/');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n == 1 && p[0] == '.') { p += n; continue; }
    if (n == 2 && p[0] == '.' && p[1] == '.') {
      while (len > 0 && out[len - 1] != '/') len--;
      if (len > 0) len--;
      out[len] = 0;
      p += n;
      continue;
    }
    size_t before = len;
    if (len + 1 + n >= sizeof out) { errno = ENAMETOOLONG; return 0; }
    out[len++] = '/';
    memcpy(out + len, p, n);
    len += n;
    out[len] = 0;
    p += n;
    struct stat st;
    if (lstat(out, &st) != 0) return 0;
    if (S_ISLNK(st.st_mode)) {
      if (++links > MAX_LINKS) { errno = ELOOP; return 0; }
      ssize_t k = readlink(out, link, sizeof link - 1);
      if (k < 0) return 0;
      link[k] = 0;
      if ((size_t)k + 1 + strlen(p) >= sizeof rest) { errno = ENAMETOOLONG; return 0; }
      /* The link's text replaces the component, then what was left. */
      memmove(rest + k, p, strlen(p) + 1);
      memcpy(rest, link, (size_t)k);
      p = rest;
      len = link[0] == '/' ? 0 : before;
      out[len] = 0;
    } else if (*p && !S_ISDIR(st.st_mode)) {
      errno = ENOTDIR;
      return 0;
    }
  }
  if (len == 0) { out[0] = '/'; out[1] = 0; }
  if (resolved) return strcpy(resolved, out);
  char *r = strdup(out);
  if (!r) errno = ENOMEM;
  return r;
}

/* ---- owners (chmod is descriptors.c's: the host changes the mode; umask
 * is posix-modes.c's) -------------------------------------------------------------------- */

static int owners_ok(uid_t u, gid_t g) {
  if ((u == (uid_t)-1 || u == getuid()) && (g == (gid_t)-1 || g == getgid())) return 0;
  errno = EPERM;
  return -1;
}
int chown(const char *path, uid_t u, gid_t g) {
  struct stat st;
  return stat(path, &st) != 0 ? -1 : owners_ok(u, g);
}
int lchown(const char *path, uid_t u, gid_t g) {
  struct stat st;
  return lstat(path, &st) != 0 ? -1 : owners_ok(u, g);
}
int fchown(int fd, uid_t u, gid_t g) {
  struct stat st;
  return fstat(fd, &st) != 0 ? -1 : owners_ok(u, g);
}

/* ---- stdio locks: the one thread always holds them -------------------------------------- */
void flockfile(FILE *f) { (void)f; }
int ftrylockfile(FILE *f) { (void)f; return 0; }
void funlockfile(FILE *f) { (void)f; }
#endif

#if defined(__EMSCRIPTEN__)
#define _GNU_SOURCE /* mkostemp */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
/* emscripten's memfd_create is a syscall it does not have (ENOSYS): an
 * unlinked file of its in-memory /tmp is one, as its tmpfile's. */
int memfd_create(const char *name, unsigned flags) {
  if (!name) { errno = EFAULT; return -1; }
  if (strlen(name) > 249 || (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING))) { errno = EINVAL; return -1; }
  char t[] = "/tmp/memfd-XXXXXX";
  int fd = mkostemp(t, flags & MFD_CLOEXEC ? O_CLOEXEC : 0);
  if (fd >= 0) unlink(t);
  return fd;
}
#endif
