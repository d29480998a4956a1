/* The directories above a wasi guest's preopened ones. A guest given
 * --dir /tmp/x can open /tmp/x/f, but WASI lets it ask nothing about /tmp
 * or / (ENOTCAPABLE, which descriptors.c makes ENOENT): on Linux a
 * directory's ancestors always exist, and programs that walk a path
 * (sqlite resolving a database's name lstat()s every prefix) fail on the
 * error. stat/lstat (linked with --wrap) report
 * such an ancestor as an empty, read-only directory, as a mount point's
 * parents look to a process that may not read them; a path elsewhere
 * outside the preopens is ENOENT. Emscripten mounts
 * --dir directories inside its own file system, whose parents exist.
 * Components link this file too. */
#if !defined(__EMSCRIPTEN__)
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <wasi/api.h>
#ifdef WASIG_COMPONENT
#include "../component/descriptors.h"
#else
#include "internal.h"
#endif

int __real_stat(const char *restrict, struct stat *restrict);
int __real_lstat(const char *restrict, struct stat *restrict);

/* The i-th distinct name directly below dir (an absolute path without
 * its leading slash; "" or "." for /) on the way to a preopened
 * directory: 1 with it in name, or 0 past the last. descriptors.c lists
 * the directories above the preopened ones with it. */
int wasig__below(const char *dir, int i, char *name, size_t cap) {
  size_t n = strlen(dir);
  if (strcmp(dir, ".") == 0) n = 0;
  while (n > 0 && dir[n - 1] == '/') n--;
  char seen[PATH_MAX];
  int found = 0;
  for (__wasi_fd_t fd = 3;; fd++) {
    __wasi_prestat_t ps;
    if (__wasi_fd_prestat_get(fd, &ps) != 0) return 0; /* past the last preopen */
    if (ps.tag != __WASI_PREOPENTYPE_DIR) continue;
    char pre[PATH_MAX];
    size_t len = ps.u.dir.pr_name_len;
    if (len >= sizeof pre || __wasi_fd_prestat_dir_name(fd, (uint8_t *)pre, len) != 0) continue;
    pre[len] = 0;
    if (pre[0] != '/') continue;
    const char *p = pre;
    while (*p == '/') p++;
    if (n && (strncmp(p, dir, n) != 0 || p[n] != '/')) continue;
    const char *c = p + n;
    while (*c == '/') c++;
    size_t k = strcspn(c, "/");
    if (k == 0 || k >= cap) continue;
    /* Once per name: those of the preopens before this one are skipped. */
    int dup = 0;
    for (int j = 0; j < found && !dup; j++) dup = wasig__below(dir, j, seen, sizeof seen) && strlen(seen) == k && strncmp(seen, c, k) == 0;
    if (dup) continue;
    if (found++ == i) {
      memcpy(name, c, k);
      name[k] = 0;
      return 1;
    }
  }
}

/* Whether the absolute `path` is / or a directory above a preopened one. */
static int above_preopen(const char *path) {
  char name[NAME_MAX + 1];
  if (path[0] != '/') return 0;
  while (*path == '/') path++;
  return !*path || wasig__below(path, 0, name, sizeof name);
}

static int ancestor(const char *path, struct stat *st, int r) {
  /* Any other path outside the preopens does not exist in the guest's
   * world, as outside a chroot: ENOENT (descriptors.c makes WASI's
   * ENOTCAPABLE that), which programs searching $PATH or looking for
   * optional files expect. /dev, where the library's devices are, exists. */
  if (r == 0 || errno != ENOENT) return r;
  int dev = strcmp(path, "/dev") == 0 || strcmp(path, "/dev/") == 0;
  if (!dev && !above_preopen(path)) return r;
  memset(st, 0, sizeof *st);
  st->st_mode = S_IFDIR | (dev ? 0755 : 0555);
  st->st_nlink = 2;
  return 0;
}

int __wrap_stat(const char *restrict path, struct stat *restrict st) {
  return ancestor(path, st, wasig__dev_stat(__real_stat(path, st), path, st));
}

int __wrap_lstat(const char *restrict path, struct stat *restrict st) {
  return ancestor(path, st, wasig__dev_stat(__real_lstat(path, st), path, st));
}
#endif
