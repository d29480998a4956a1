/* The guest's descriptor table on wasi: dup, dup2, dup3, F_DUPFD, pipes and
 * the devices of /dev.
 *
 * WASI has no dup and no pipe, and its runtimes number descriptors their
 * own way. So the guest's numbers are its own: each one names an open file
 * description here (shared by dup, as on Linux: one offset, one set of
 * status flags), which is either a WASI descriptor or one end of a pipe.
 * Every WASI call that takes or makes a descriptor goes through this table
 * (wasi-wrap.h: the linker's --wrap), so wasi-libc, the program and the
 * rest of this library see only the guest's numbers. New descriptors take
 * the lowest free number, as POSIX says.
 *
 * A pipe is a buffer in the guest's memory (one process: both ends are
 * its own), of Linux's default capacity. As on Linux: a read of an empty
 * pipe waits while a write end is open (a signal handler may fill it), then
 * returns 0; a write with no read end open sends SIGPIPE and fails with
 * EPIPE; writes of up to PIPE_BUF bytes are never split; O_NONBLOCK gives
 * EAGAIN; a handler interrupts a wait with EINTR, or restarts it with
 * SA_RESTART (a write that moved some bytes returns their count).
 *
 * /dev/null, /dev/zero, /dev/full, /dev/random and /dev/urandom open with
 * no preopened directory, as on any Linux system, and behave as Linux's
 * (character devices 1,3 1,5 1,7 1,8 1,9, mode 0666, owned by root); /dev/stdin, /dev/stdout, /dev/stderr and
 * /dev/fd/N open descriptor 0, 1, 2 or N again (ENOENT when it is closed).
 * /dev/tty (5,0) is the guest's controlling terminal, as on Linux: the
 * host serves it whatever stdio is (tty.c, wasig__tty_host), so its
 * keyboard is read also when stdin is a pipe; with none it does not open
 * (ENXIO).
 * Another name under /dev, and a path in none of the directories given to
 * the guest, is ENOENT: WASI's ENOTCAPABLE is no Linux errno, and to the
 * guest such a path is one that is not there (a `..` out of a given
 * directory is EACCES: beneath() says why).
 * A memory file (memfd_create, and tmpfile when the guest has no /tmp) is
 * a regular file in the guest's memory (memfile.c) with its offset here.
 *
 * wasi-libc resolves every path through __wasilibc_find_relpath_alloc,
 * which the library wraps: a device's path resolves to DEV_DIR, a directory
 * number that only this table knows, and its name; a path in no directory
 * given to the guest to NO_DIR, where nothing is (ENOENT), since wasi-libc
 * would fail it with ENOTCAPABLE. */
#if !defined(__EMSCRIPTEN__)
#include "wasi-wrap.h"
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <wasi/api.h>
#include <wasi/libc-find-relpath.h>
#include <wasi/libc-nocwd.h>
#include <wasi/libc.h>
#include "memfile.h"
#ifdef WASIG_COMPONENT
#include "../component/descriptors.h"
#else
#include "internal.h"
/* Signals came since the mailbox was last looked at. */
#define wasig__signal_came() __atomic_load_n(&P->mb.tripped, __ATOMIC_RELAXED)
#endif

#define NOFILE 1024       /* RLIMIT_NOFILE's default on Linux */
#define PIPE_CAPACITY 65536 /* Linux's default pipe size */
#define PROBE 64          /* descriptors the runtime may have opened before us */
#ifndef PIPE_BUF
#define PIPE_BUF 4096     /* Linux's: wasi-libc's <limits.h> has none */
#endif

typedef struct pipe_buf {
  unsigned char data[PIPE_CAPACITY];
  size_t head, len;
  int readers, writers; /* open descriptions of each end */
  unsigned mode;        /* its permission bits (fchmod) */
} pipe_buf;

enum { D_WASI, D_READ, D_WRITE, D_DEV, D_MEM, D_TTY, D_DIR };
typedef struct desc {
  int refs, kind;
  __wasi_fd_t real;     /* D_WASI; D_TTY: the host's descriptor its terminal calls name */
  int tty_in, tty_out;  /* D_TTY: the host's descriptors it reads and writes, or -1 */
  pipe_buf *pipe;       /* D_READ, D_WRITE */
  int dev;              /* D_DEV: an index in devices[] */
  __wasi_rights_t rights; /* D_DEV, D_MEM, D_TTY: the access mode it was opened with */
  wasig_memfile *mem;   /* D_MEM: the file (memfile.c) */
  char *dir;            /* D_DIR: its absolute path without the leading slash ("" for /) */
  uint64_t off;         /* D_MEM: the offset, shared by dup as on Linux */
  unsigned mode;        /* D_MEM: its permission bits (fchmod) */
  __wasi_fdflags_t flags;
} desc;

static desc *table[NOFILE];
/* The directory that /dev's devices resolve to: no descriptor of the table,
 * so no program's number is taken and no other call accepts it. */
#define DEV_DIR NOFILE
/* The directory of the paths outside every directory given: nothing is in it. */
#define NO_DIR (NOFILE + 1)

/* Linux's memory devices (major 1), in this order (dev_read, dev_write),
 * and the terminal (its descriptors are D_TTY). */
enum { DEV_NULL, DEV_ZERO, DEV_FULL, DEV_RANDOM, DEV_URANDOM, DEV_TTY };
static const struct { const char *name; int major, minor; } devices[] = {
  {"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
};
#define NDEV (int)(sizeof devices / sizeof devices[0])
/* The runtime's own descriptors (stdio, preopens) need no allocation. */
static desc first[PROBE];
static int ready;

/* ---- the real WASI calls ---------------------------------------------------------- */
__wasi_errno_t __real___wasi_fd_advise(__wasi_fd_t, __wasi_filesize_t, __wasi_filesize_t, __wasi_advice_t);
__wasi_errno_t __real___wasi_fd_allocate(__wasi_fd_t, __wasi_filesize_t, __wasi_filesize_t);
__wasi_errno_t __real___wasi_fd_close(__wasi_fd_t);
__wasi_errno_t __real___wasi_fd_datasync(__wasi_fd_t);
__wasi_errno_t __real___wasi_fd_fdstat_get(__wasi_fd_t, __wasi_fdstat_t *);
__wasi_errno_t __real___wasi_fd_fdstat_set_flags(__wasi_fd_t, __wasi_fdflags_t);
__wasi_errno_t __real___wasi_fd_fdstat_set_rights(__wasi_fd_t, __wasi_rights_t, __wasi_rights_t);
__wasi_errno_t __real___wasi_fd_filestat_get(__wasi_fd_t, __wasi_filestat_t *);
__wasi_errno_t __real___wasi_fd_filestat_set_size(__wasi_fd_t, __wasi_filesize_t);
__wasi_errno_t __real___wasi_fd_filestat_set_times(__wasi_fd_t, __wasi_timestamp_t, __wasi_timestamp_t, __wasi_fstflags_t);
__wasi_errno_t __real___wasi_fd_pread(__wasi_fd_t, const __wasi_iovec_t *, size_t, __wasi_filesize_t, __wasi_size_t *);
__wasi_errno_t __real___wasi_fd_prestat_get(__wasi_fd_t, __wasi_prestat_t *);
__wasi_errno_t __real___wasi_fd_prestat_dir_name(__wasi_fd_t, uint8_t *, __wasi_size_t);
__wasi_errno_t __real___wasi_fd_pwrite(__wasi_fd_t, const __wasi_ciovec_t *, size_t, __wasi_filesize_t, __wasi_size_t *);
__wasi_errno_t __real___wasi_fd_read(__wasi_fd_t, const __wasi_iovec_t *, size_t, __wasi_size_t *);
__wasi_errno_t __real___wasi_fd_readdir(__wasi_fd_t, uint8_t *, __wasi_size_t, __wasi_dircookie_t, __wasi_size_t *);
__wasi_errno_t __real___wasi_fd_seek(__wasi_fd_t, __wasi_filedelta_t, __wasi_whence_t, __wasi_filesize_t *);
__wasi_errno_t __real___wasi_fd_sync(__wasi_fd_t);
__wasi_errno_t __real___wasi_fd_tell(__wasi_fd_t, __wasi_filesize_t *);
__wasi_errno_t __real___wasi_fd_write(__wasi_fd_t, const __wasi_ciovec_t *, size_t, __wasi_size_t *);
__wasi_errno_t __real___wasi_path_create_directory(__wasi_fd_t, const char *);
__wasi_errno_t __real___wasi_path_filestat_get(__wasi_fd_t, __wasi_lookupflags_t, const char *, __wasi_filestat_t *);
__wasi_errno_t __real___wasi_path_filestat_set_times(__wasi_fd_t, __wasi_lookupflags_t, const char *, __wasi_timestamp_t,
                                                     __wasi_timestamp_t, __wasi_fstflags_t);
__wasi_errno_t __real___wasi_path_link(__wasi_fd_t, __wasi_lookupflags_t, const char *, __wasi_fd_t, const char *);
__wasi_errno_t __real___wasi_path_open(__wasi_fd_t, __wasi_lookupflags_t, const char *, __wasi_oflags_t, __wasi_rights_t,
                                       __wasi_rights_t, __wasi_fdflags_t, __wasi_fd_t *);
__wasi_errno_t __real___wasi_path_readlink(__wasi_fd_t, const char *, uint8_t *, __wasi_size_t, __wasi_size_t *);
__wasi_errno_t __real___wasi_path_remove_directory(__wasi_fd_t, const char *);
__wasi_errno_t __real___wasi_path_rename(__wasi_fd_t, const char *, __wasi_fd_t, const char *);
__wasi_errno_t __real___wasi_path_symlink(const char *, __wasi_fd_t, const char *);
__wasi_errno_t __real___wasi_path_unlink_file(__wasi_fd_t, const char *);
__wasi_errno_t __real___wasi_poll_oneoff(const __wasi_subscription_t *, __wasi_event_t *, __wasi_size_t, __wasi_size_t *);
__wasi_errno_t __real___wasi_sock_accept(__wasi_fd_t, __wasi_fdflags_t, __wasi_fd_t *);
__wasi_errno_t __real___wasi_sock_recv(__wasi_fd_t, const __wasi_iovec_t *, size_t, __wasi_riflags_t, __wasi_size_t *,
                                       __wasi_roflags_t *);
__wasi_errno_t __real___wasi_sock_send(__wasi_fd_t, const __wasi_ciovec_t *, size_t, __wasi_siflags_t, __wasi_size_t *);
__wasi_errno_t __real___wasi_sock_shutdown(__wasi_fd_t, __wasi_sdflags_t);
int __real_fstat(int, struct stat *);

/* ---- the table ---------------------------------------------------------------------- */
/* Takes in what the runtime opened before the program ran (stdio and the
 * preopened directories, which wasi-libc finds by asking for them by
 * number), under the same numbers. */
static void start(void) {
  if (ready) return;
  ready = 1;
  for (int fd = 0; fd < PROBE; fd++) {
    __wasi_fdstat_t st;
    if (__real___wasi_fd_fdstat_get((__wasi_fd_t)fd, &st) != 0) continue;
    first[fd] = (desc){ .refs = 1, .kind = D_WASI, .real = (__wasi_fd_t)fd };
    table[fd] = &first[fd];
  }
}

static desc *get(int fd) {
  start();
  return fd >= 0 && fd < NOFILE ? table[fd] : 0;
}

static int lowest_free(int from) {
  for (int fd = from < 0 ? 0 : from; fd < NOFILE; fd++)
    if (!table[fd]) return fd;
  return -1;
}

static desc *new_desc(int kind) {
  desc *d = calloc(1, sizeof *d);
  if (d) { d->refs = 1; d->kind = kind; }
  return d;
}

/* Drops one reference; the last closes the WASI descriptor or the pipe's end. */
static __wasi_errno_t release(desc *d) {
  if (--d->refs > 0) return 0;
  __wasi_errno_t e = 0;
  if (d->kind == D_WASI) {
    e = __real___wasi_fd_close(d->real);
  } else if (d->kind == D_MEM) {
    wasig__mem_free(d->mem);
  } else if (d->kind == D_DIR) {
    free(d->dir);
  } else if (d->kind == D_READ || d->kind == D_WRITE) {
    pipe_buf *p = d->pipe;
    if (d->kind == D_READ) p->readers--;
    else p->writers--;
    if (!p->readers && !p->writers) free(p);
  }
  if (d < first || d >= first + PROBE) free(d);
  return e;
}

/* Installs d (one reference given) under a new number: the lowest free one. */
static __wasi_errno_t install(desc *d, __wasi_fd_t *out) {
  int fd = lowest_free(0);
  if (fd < 0) {
    release(d);
    return __WASI_ERRNO_MFILE;
  }
  table[fd] = d;
  *out = (__wasi_fd_t)fd;
  return 0;
}

/* The WASI descriptor behind fd, or an errno for one that has none. */
#define REAL(fd, pipe_errno)                         \
  desc *d_ = get((int)(fd));                         \
  if (!d_) return __WASI_ERRNO_BADF;                 \
  if (d_->kind != D_WASI) return pipe_errno;         \
  __wasi_fd_t real_ = d_->real

/* The WASI descriptor of the directory a path is in; NO_DIR has nothing. */
#define IN_DIR(fd)                                   \
  if ((fd) == NO_DIR) return __WASI_ERRNO_NOENT;     \
  REAL(fd, __WASI_ERRNO_NOTDIR)

int wasig__host_fd(int fd) {
  desc *d = get(fd);
  return d && (d->kind == D_WASI || d->kind == D_TTY) ? (int)d->real : -1;
}

static int tty_poll(desc *d, int *bytes);

/* ---- pipes -------------------------------------------------------------------------- */
static size_t total(const __wasi_ciovec_t *iov, size_t n) {
  size_t t = 0;
  for (size_t i = 0; i < n; i++) t += iov[i].buf_len;
  return t;
}

int wasig__pipe_poll(int fd, int *bytes) {
  desc *d = get(fd);
  if (!d || d->kind == D_WASI) return -1;
  if (d->kind == D_DEV || d->kind == D_MEM) {
    /* Always ready, as a regular file; FIONREAD counts what is left. */
    uint64_t size = d->kind == D_MEM ? wasig__mem_size(d->mem) : 0;
    if (bytes) *bytes = size > d->off ? (int)(size - d->off > INT32_MAX ? INT32_MAX : size - d->off) : 0;
    return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
  }
  if (d->kind == D_TTY) return tty_poll(d, bytes);
  pipe_buf *p = d->pipe;
  if (bytes) *bytes = (int)p->len;
  if (d->kind == D_READ) return (p->len ? POLLIN | POLLRDNORM : 0) | (p->writers ? 0 : POLLHUP);
  /* Linux: writable while a page's worth fits; an error with no reader. */
  return (PIPE_CAPACITY - p->len >= PIPE_BUF ? POLLOUT | POLLWRNORM : 0) | (p->readers ? 0 : POLLERR);
}

/* What a wait does after the handlers of what arrived ran: -1 to go on
 * waiting (nothing ran, or all had SA_RESTART), else an errno to fail with. */
static int after_signals(void) {
  int ran = wasig__safepoint();
  return ran & WASIG_RAN_NORESTART ? __WASI_ERRNO_INTR : ran ? 0 : -1;
}

static __wasi_errno_t pipe_read(desc *d, const __wasi_iovec_t *iov, size_t n, __wasi_size_t *done) {
  *done = 0;
  if (total((const __wasi_ciovec_t *)iov, n) == 0) return 0;
  d->refs++; /* a handler may close the descriptor: the read goes on */
  __wasi_errno_t e = 0;
  for (;;) {
    int32_t seen = wasig__seen();
    pipe_buf *p = d->pipe;
    if (p->len) {
      size_t got = 0;
      for (size_t i = 0; i < n && p->len; i++) {
        size_t k = iov[i].buf_len < p->len ? iov[i].buf_len : p->len;
        for (size_t j = 0; j < k; j++) iov[i].buf[j] = p->data[(p->head + j) % PIPE_CAPACITY];
        p->head = (p->head + k) % PIPE_CAPACITY;
        p->len -= k;
        got += k;
      }
      *done = (__wasi_size_t)got;
      break;
    }
    if (!p->writers) break; /* end of file */
    if (d->flags & __WASI_FDFLAGS_NONBLOCK) { e = __WASI_ERRNO_AGAIN; break; }
    int r = after_signals();
    if (r == 0) continue;
    if (r > 0) { e = (__wasi_errno_t)r; break; }
    wasig__block_since(seen, -1);
  }
  release(d);
  return e;
}

static __wasi_errno_t pipe_write(desc *d, const __wasi_ciovec_t *iov, size_t n, __wasi_size_t *done) {
  *done = 0;
  size_t want = total(iov, n), moved = 0, i = 0, off = 0;
  if (want == 0) return 0;
  d->refs++;
  __wasi_errno_t e = 0;
  for (;;) {
    int32_t seen = wasig__seen();
    pipe_buf *p = d->pipe;
    if (!p->readers) {
      kill(getpid(), SIGPIPE); /* as Linux: SI_USER from the process itself */
      if (!moved) e = __WASI_ERRNO_PIPE;
      break;
    }
    size_t space = PIPE_CAPACITY - p->len, left = want - moved;
    /* Up to PIPE_BUF bytes go in at once or not at all. */
    if (space && (left > PIPE_BUF || space >= left)) {
      size_t k = space < left ? space : left;
      for (size_t c = 0; c < k; c++) {
        while (off == iov[i].buf_len) { i++; off = 0; }
        p->data[(p->head + p->len) % PIPE_CAPACITY] = iov[i].buf[off++];
        p->len++;
      }
      moved += k;
      if (moved == want) break;
      continue;
    }
    if (d->flags & __WASI_FDFLAGS_NONBLOCK) {
      if (!moved) e = __WASI_ERRNO_AGAIN;
      break;
    }
    int r = after_signals();
    if (r >= 0 && moved) break; /* a handler ran: what moved is the result */
    if (r == 0) continue;
    if (r > 0) { e = (__wasi_errno_t)r; break; }
    wasig__block_since(seen, -1);
  }
  *done = (__wasi_size_t)moved;
  release(d);
  return e;
}

int pipe2(int fds[2], int flags) {
  if (flags & ~(O_CLOEXEC | O_NONBLOCK)) { errno = EINVAL; return -1; }
  start();
  int r = lowest_free(0), w = r < 0 ? -1 : lowest_free(r + 1);
  if (w < 0) { errno = EMFILE; return -1; }
  pipe_buf *p = malloc(sizeof *p);
  desc *dr = new_desc(D_READ), *dw = new_desc(D_WRITE);
  if (!p || !dr || !dw) {
    free(p); free(dr); free(dw);
    errno = ENOMEM;
    return -1;
  }
  p->head = p->len = 0;
  p->readers = p->writers = 1;
  p->mode = 0600;
  dr->pipe = dw->pipe = p;
  dr->flags = dw->flags = flags & O_NONBLOCK ? __WASI_FDFLAGS_NONBLOCK : 0;
  table[r] = dr;
  table[w] = dw;
  fds[0] = r;
  fds[1] = w;
  return 0;
}
int pipe(int fds[2]) { return pipe2(fds, 0); }

/* ---- /dev/tty ----------------------------------------------------------------------- */
/* Opens the guest's controlling terminal, or ENXIO when it has none
 * (Linux's answer for a process without one). */
static __wasi_errno_t tty_open(__wasi_rights_t base, __wasi_fdflags_t ff, __wasi_fd_t *out) {
  int in, to, t = wasig__tty_host(&in, &to);
  if (t < 0) return __WASI_ERRNO_NXIO;
  desc *d = new_desc(D_TTY);
  if (!d) return __WASI_ERRNO_NOMEM;
  d->real = (__wasi_fd_t)t;
  d->tty_in = in;
  d->tty_out = to;
  d->rights = base & (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE);
  d->flags = ff & __WASI_FDFLAGS_NONBLOCK;
  return install(d, out);
}

/* Readiness of the terminal, as the host says; a component whose stdin is
 * not the terminal has no input for it (a read fails at once with EIO), so
 * it does not wait. */
static int tty_poll(desc *d, int *bytes) {
  int h = d->tty_in >= 0 ? wasig_fd_poll_js(d->tty_in) : WASIG_FD_IN;
  if (h < 0) h = 0;
  if (bytes) *bytes = h >> 8;
  return POLLOUT | POLLWRNORM | (h & WASIG_FD_IN ? POLLIN | POLLRDNORM : 0) | (h & WASIG_FD_HUP ? POLLHUP : 0);
}

/* ---- dup ---------------------------------------------------------------------------- */
int wasig__dupfd(int fd, int min) {
  desc *d = get(fd);
  if (!d) { errno = EBADF; return -1; }
  if (min < 0 || min >= NOFILE) { errno = EINVAL; return -1; }
  int to = lowest_free(min);
  if (to < 0) { errno = EMFILE; return -1; }
  d->refs++;
  table[to] = d;
  return to;
}
int dup(int fd) { return wasig__dupfd(fd, 0); }

int dup2(int fd, int to) {
  desc *d = get(fd);
  if (!d || to < 0 || to >= NOFILE) { errno = EBADF; return -1; }
  if (fd == to) return to;
  d->refs++;
  desc *old = table[to];
  table[to] = d;
  if (old) release(old); /* closed silently, as Linux's dup2 does */
  return to;
}

int dup3(int fd, int to, int flags) {
  if (fd == to || (flags & ~O_CLOEXEC)) { errno = EINVAL; return -1; }
  return dup2(fd, to);
}

/* What stat says of device i: WASI's file types have no permissions and
 * no device numbers. */
static void dev_stat(int i, struct stat *st) {
  st->st_mode = S_IFCHR | 0666;
  st->st_rdev = makedev(devices[i].major, devices[i].minor);
  st->st_uid = 0;
  st->st_gid = i == DEV_TTY ? 5 : 0; /* Linux's group tty */
  st->st_blksize = 4096;
}

static void told_stat(struct stat *st);
static void ask_host(__wasi_fd_t real, const char *path, int follow, __wasi_inode_t ino);

/* A pipe's mode on Linux: a FIFO, read and write for its owner. */
int fstat(int fd, struct stat *st) {
  desc *d = get(fd);
  int r = __real_fstat(fd, st);
  if (r == 0 && d && d->kind == D_WASI) told_stat(st);
  if (r == 0 && d && (d->kind == D_READ || d->kind == D_WRITE)) st->st_mode = S_IFIFO | d->pipe->mode;
  if (r == 0 && d && d->kind == D_DEV) dev_stat(d->dev, st);
  if (r == 0 && d && d->kind == D_TTY) dev_stat(DEV_TTY, st);
  if (r == 0 && d && d->kind == D_MEM) st->st_mode = S_IFREG | d->mode;
  if (r == 0 && d && d->kind == D_DIR) st->st_mode = S_IFDIR | (strcmp(d->dir, "dev") == 0 ? 0755 : 0555);
  return r;
}

/* ---- devices ------------------------------------------------------------------------ */
/* The device or descriptor a /dev path names: a devices[] index, or
 * NDEV + N for /dev/fd/N (and stdin, stdout, stderr); -1 for another path. */
static int dev_lookup(const char *name) {
  static const char *std[] = { "stdin", "stdout", "stderr" };
  for (int i = 0; i < NDEV; i++)
    if (strcmp(name, devices[i].name) == 0) return i;
  for (int i = 0; i < 3; i++)
    if (strcmp(name, std[i]) == 0) return NDEV + i;
  if (strncmp(name, "fd/", 3) == 0 && name[3] >= '0' && name[3] <= '9') {
    char *end;
    long n = strtol(name + 3, &end, 10);
    if (!*end && n < NOFILE) return NDEV + (int)n;
  }
  return -1;
}

/* The name under /dev of an absolute path that names a device, else 0. */
static const char *dev_path(const char *path) {
  return path && strncmp(path, "/dev/", 5) == 0 && dev_lookup(path + 5) >= 0 ? path + 5 : 0;
}

/* ---- the directories above the given ones ---------------------------------------------
 * / and each directory on the way to a preopened one exist on Linux, and
 * programs chdir and opendir through them (find walks up, ls /). They
 * are D_DIR descriptors here: read-only directories that list only the
 * names leading to the given directories (and /'s dev), as a mount
 * point's parents look to a process that sees nothing else of them. */
extern char *__wasilibc_cwd;
int wasig__below(const char *dir, int i, char *name, size_t cap);

/* Whether path has a `..` component. */
static int climbs(const char *path) {
  for (const char *p = path; (p = strstr(p, "..")); p += 2)
    if ((p == path || p[-1] == '/') && (p[2] == 0 || p[2] == '/')) return 1;
  return 0;
}

/* path made absolute from the working directory, its `.` and `..` taken
 * by name: 0, or -1 with errno. */
static int lexical(const char *path, char *out) {
  char in[PATH_MAX];
  size_t cwd = path[0] == '/' ? 0 : strlen(__wasilibc_cwd);
  if (!*path) { errno = ENOENT; return -1; }
  if (cwd + 1 + strlen(path) >= sizeof in) { errno = ENAMETOOLONG; return -1; }
  memcpy(in, __wasilibc_cwd, cwd);
  in[cwd] = '/';
  strcpy(in + cwd + 1, path);
  size_t n = 0;
  for (char *c = in, *end; *c; c = end) {
    while (*c == '/') c++;
    for (end = c; *end && *end != '/'; end++) {}
    size_t k = (size_t)(end - c);
    if (k == 0 || (k == 1 && c[0] == '.')) continue;
    if (k == 2 && c[0] == '.' && c[1] == '.') {
      while (n > 0 && out[--n] != '/') {}
      continue;
    }
    out[n++] = '/';
    memcpy(out + n, c, k);
    n += k;
  }
  if (n == 0) out[n++] = '/';
  out[n] = 0;
  return 0;
}

/* Whether the absolute path is in a preopened directory. */
static int given(const char *path) {
  const char *a, *found;
  return __wasilibc_find_abspath(path, &a, &found) >= 0;
}

/* Whether dir (NO_DIR's form of a path) is / or a directory above a given one. */
static int above(const char *dir) {
  char name[NAME_MAX + 1];
  if (strcmp(dir, ".") == 0 || strcmp(dir, "dev") == 0) return 1;
  return wasig__below(dir, 0, name, sizeof name);
}

/* The i-th entry of a D_DIR: 0, or 1 with its name and WASI file type. */
static int dir_entry(const desc *d, int i, char *name, __wasi_filetype_t *type) {
  static const char *dev_more[] = { "fd", "stdin", "stdout", "stderr" };
  *type = __WASI_FILETYPE_DIRECTORY;
  if (i < 2) { strcpy(name, i ? ".." : "."); return 1; }
  i -= 2;
  if (strcmp(d->dir, "dev") == 0) {
    if (i < NDEV) { strcpy(name, devices[i].name); *type = __WASI_FILETYPE_CHARACTER_DEVICE; return 1; }
    if (i - NDEV >= 4) return 0;
    strcpy(name, dev_more[i - NDEV]);
    if (i > NDEV) *type = __WASI_FILETYPE_SYMBOLIC_LINK;
    return 1;
  }
  if (!*d->dir && i-- == 0) { strcpy(name, "dev"); return 1; }
  return wasig__below(d->dir, i, name, NAME_MAX + 1);
}

static __wasi_errno_t dir_open(const char *dir, __wasi_oflags_t of, __wasi_rights_t base, __wasi_fd_t *out) {
  if (of & (__WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC)) return of & __WASI_OFLAGS_EXCL ? __WASI_ERRNO_EXIST : __WASI_ERRNO_ISDIR;
  if (base & __WASI_RIGHTS_FD_WRITE) return __WASI_ERRNO_ISDIR;
  desc *d = new_desc(D_DIR);
  if (!d) return __WASI_ERRNO_NOMEM;
  d->dir = strdup(strcmp(dir, ".") == 0 ? "" : dir);
  if (!d->dir) { free(d); return __WASI_ERRNO_NOMEM; }
  return install(d, out);
}

/* Appends e and its name to buf (len bytes, used of them taken), cut where
 * it ends as fd_readdir cuts an entry that does not fit: the new used. */
static size_t put_dirent(uint8_t *buf, size_t used, size_t len, const __wasi_dirent_t *e, const char *name) {
  size_t k = sizeof *e < len - used ? sizeof *e : len - used;
  memcpy(buf + used, e, k);
  used += k;
  k = e->d_namlen < len - used ? e->d_namlen : len - used;
  memcpy(buf + used, name, k);
  return used + k;
}

static __wasi_errno_t dir_read(desc *d, uint8_t *buf, __wasi_size_t len, __wasi_dircookie_t c, __wasi_size_t *done) {
  size_t used = 0;
  char name[NAME_MAX + 1];
  __wasi_filetype_t type;
  for (__wasi_dircookie_t i = c; used < len && i < INT_MAX && dir_entry(d, (int)i, name, &type); i++) {
    size_t n = strlen(name), ino = 5381;
    for (size_t k = 0; k < n; k++) ino = ino * 33 + (unsigned char)name[k];
    /* A nonzero inode: wasi-libc's readdir would fstatat one of 0. */
    __wasi_dirent_t e = { .d_next = i + 1, .d_ino = ino | 1, .d_namlen = (__wasi_dirnamlen_t)n, .d_type = type };
    used = put_dirent(buf, used, len, &e, name);
  }
  *done = (__wasi_size_t)used;
  return 0;
}

int __real___wasilibc_find_relpath_alloc(const char *, const char **, char **, size_t *, int) __attribute__((weak));

/* *rel (of *len bytes, grown when `grow`) set to name: 0, or -1 with errno. */
static int set_rel(const char *name, char **rel, size_t *len, int grow) {
  size_t n = strlen(name) + 1;
  if (*len < n) {
    if (!grow) { errno = ERANGE; return -1; }
    char *b = realloc(*rel, n);
    if (!b) { errno = ENOMEM; return -1; }
    *rel = b;
    *len = n;
  }
  memcpy(*rel, name, n);
  return 0;
}

/* wasi-libc resolves every path here: its open, stat and the rest call
 * this when chdir is linked (chdir's object defines it), and its
 * __wasilibc_find_relpath calls it when it is defined, which the wrap now
 * always makes it. Another path goes where it went: to chdir's, or as
 * wasi-libc does without chdir, to the preopen the absolute path is in;
 * one in no preopen to NO_DIR. */
int __wasilibc_find_relpath_alloc(const char *path, const char **abs, char **rel, size_t *len, int grow) {
  /* A `..` that climbs out of the directories given goes where it leads
   * on Linux, by name: WASI would refuse it (EACCES, see beneath()). */
  char full[PATH_MAX];
  if (climbs(path) && lexical(path, full) == 0 && !given(full)) path = full;
  const char *name = dev_path(path);
  if (name) {
    *abs = "dev";
    return set_rel(name, rel, len, grow) < 0 ? -1 : DEV_DIR;
  }
  int r;
  if (__real___wasilibc_find_relpath_alloc) {
    r = __real___wasilibc_find_relpath_alloc(path, abs, rel, len, grow);
  } else {
    /* Into the caller's buffer: with `grow` it is malloc'd and grown
     * later, so it must never point into `path`. */
    const char *found;
    r = __wasilibc_find_abspath(path, abs, &found);
    if (r >= 0) return set_rel(found, rel, len, grow) < 0 ? -1 : r;
  }
  if (r >= 0 || errno == ENOMEM || errno == ERANGE) return r;
  /* NO_DIR's names are absolute, without the leading slash (/ is "."),
   * and its root is "": chdir makes the working directory "/" + abs +
   * "/" + rel of them, so it may go up to / and the directories above
   * the given ones (above()), as on Linux. */
  if (lexical(path, full) < 0) return -1;
  *abs = "";
  return set_rel(full[1] ? full + 1 : ".", rel, len, grow) < 0 ? -1 : NO_DIR;
}

static __wasi_errno_t dev_open(const char *name, __wasi_oflags_t of, __wasi_rights_t base, __wasi_fdflags_t ff,
                               __wasi_fd_t *out) {
  int i = dev_lookup(name);
  if (i < 0) return __WASI_ERRNO_NOENT;
  if (of & __WASI_OFLAGS_DIRECTORY) return __WASI_ERRNO_NOTDIR;
  if ((of & __WASI_OFLAGS_CREAT) && (of & __WASI_OFLAGS_EXCL)) return __WASI_ERRNO_EXIST;
  if (i == DEV_TTY) return tty_open(base, ff, out);
  if (i >= NDEV) {
    /* Linux reopens what the descriptor has open; here it is shared, as dup. */
    desc *d = get(i - NDEV);
    if (!d) return __WASI_ERRNO_NOENT;
    d->refs++;
    return install(d, out);
  }
  desc *d = new_desc(D_DEV);
  if (!d) return __WASI_ERRNO_NOMEM;
  d->dev = i;
  d->rights = base & (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE);
  d->flags = ff & __WASI_FDFLAGS_NONBLOCK;
  return install(d, out);
}

/* A device's file status, WASI's way (fstat and stat add the rest). */
static __wasi_filestat_t dev_filestat(int i) {
  return (__wasi_filestat_t){ .dev = 5, .ino = (__wasi_inode_t)(i + 1), .filetype = __WASI_FILETYPE_CHARACTER_DEVICE,
                              .nlink = 1 };
}

/* stat of a device's path, whichever form wasi-libc took it through
 * (stat and lstat are posix-dirs.c's wrappers, which call this too). */
int wasig__dev_stat(int r, const char *path, struct stat *st) {
  if (r == 0) told_stat(st);
  const char *name = r == 0 ? dev_path(path) : 0;
  int i = name ? dev_lookup(name) : -1;
  if (i >= 0 && i < NDEV) dev_stat(i, st);
  return r;
}
int __real_fstatat(int, const char *, struct stat *, int);
int fstatat(int dir, const char *path, struct stat *st, int flags) {
  return wasig__dev_stat(__real_fstatat(dir, path, st, flags), path, st);
}

static __wasi_errno_t dev_read(desc *d, const __wasi_iovec_t *iov, size_t n, __wasi_size_t *done) {
  *done = 0;
  if (!(d->rights & __WASI_RIGHTS_FD_READ)) return __WASI_ERRNO_BADF;
  if (d->dev == DEV_NULL) return 0; /* at its end */
  size_t got = 0;
  for (size_t i = 0; i < n; i++) {
    if (d->dev >= DEV_RANDOM) {
      __wasi_errno_t e = __wasi_random_get(iov[i].buf, iov[i].buf_len);
      if (e) return got ? (*done = (__wasi_size_t)got, 0) : e;
    } else {
      memset(iov[i].buf, 0, iov[i].buf_len);
    }
    got += iov[i].buf_len;
  }
  *done = (__wasi_size_t)got;
  return 0;
}

static __wasi_errno_t dev_write(desc *d, const __wasi_ciovec_t *iov, size_t n, __wasi_size_t *done) {
  *done = 0;
  if (!(d->rights & __WASI_RIGHTS_FD_WRITE)) return __WASI_ERRNO_BADF;
  if (d->dev == DEV_FULL) return __WASI_ERRNO_NOSPC;
  *done = (__wasi_size_t)total(iov, n);
  return 0;
}

/* ---- files in memory ---------------------------------------------------------------- */
/* Linux's memfd_create(2): MFD_CLOEXEC and MFD_ALLOW_SEALING are taken (a
 * guest runs no other program, and seals are not kept); a name longer than
 * Linux's 249 bytes is EINVAL. */
int memfd_create(const char *name, unsigned flags) {
  if (!name) { errno = EFAULT; return -1; }
  if (strlen(name) > 249 || (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING))) { errno = EINVAL; return -1; }
  start();
  desc *d = new_desc(D_MEM);
  wasig_memfile *m = d ? wasig__mem_new() : 0;
  if (!m) { free(d); errno = ENOMEM; return -1; }
  d->mem = m;
  d->mode = 0600; /* memfd's and tmpfile's */
  d->rights = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE;
  __wasi_fd_t fd;
  __wasi_errno_t e = install(d, &fd);
  if (e) { errno = e; return -1; }
  return (int)fd;
}

static __wasi_errno_t mem_read(desc *d, const __wasi_iovec_t *iov, size_t n, __wasi_size_t *done) {
  *done = 0;
  if (!(d->rights & __WASI_RIGHTS_FD_READ)) return __WASI_ERRNO_BADF;
  __wasi_errno_t e = wasig__mem_pread(d->mem, iov, n, d->off, done);
  d->off += *done;
  return e;
}

/* O_APPEND writes at the end, pwrite too (Linux's documented bug). */
static __wasi_errno_t mem_write(desc *d, const __wasi_ciovec_t *iov, size_t n, uint64_t *at, __wasi_size_t *done) {
  *done = 0;
  if (!(d->rights & __WASI_RIGHTS_FD_WRITE)) return __WASI_ERRNO_BADF;
  if (d->flags & __WASI_FDFLAGS_APPEND) *at = wasig__mem_size(d->mem);
  __wasi_errno_t e = wasig__mem_pwrite(d->mem, iov, n, *at, done);
  *at += *done;
  return e;
}

static __wasi_errno_t mem_seek(desc *d, __wasi_filedelta_t off, __wasi_whence_t whence, __wasi_filesize_t *to) {
  int64_t base = whence == __WASI_WHENCE_SET ? 0 : whence == __WASI_WHENCE_CUR ? (int64_t)d->off
               : whence == __WASI_WHENCE_END ? (int64_t)wasig__mem_size(d->mem) : -1;
  if (base < 0 && whence != __WASI_WHENCE_SET) return __WASI_ERRNO_INVAL;
  if ((off > 0 && base > INT64_MAX - off) || base + off < 0) return __WASI_ERRNO_INVAL;
  d->off = (uint64_t)(base + off);
  *to = d->off;
  return 0;
}

/* The memory file behind fd, or 0. */
static desc *mem_desc(__wasi_fd_t fd) {
  desc *d = get((int)fd);
  return d && d->kind == D_MEM ? d : 0;
}

/* ---- the WASI calls, on the guest's numbers -------------------------------------- */
__wasi_errno_t __wasi_fd_close(__wasi_fd_t fd) {
  desc *d = get((int)fd);
  if (!d) return __WASI_ERRNO_BADF;
  table[fd] = 0;
  return release(d);
}

__wasi_errno_t __wasi_fd_read(__wasi_fd_t fd, const __wasi_iovec_t *iov, size_t n, __wasi_size_t *done) {
  desc *d = get((int)fd);
  if (!d) return __WASI_ERRNO_BADF;
  if (d->kind == D_TTY && !(d->rights & __WASI_RIGHTS_FD_READ)) return __WASI_ERRNO_BADF;
  if (d->kind == D_WASI || d->kind == D_TTY) {
    /* A terminal is the host's stdio or the controlling one (D_TTY). */
    int job = d->kind == D_TTY || d->real <= 2 ? wasig__tty_may((int)fd, 0) : 0;
    if (job) return (__wasi_errno_t)(job == EIO ? __WASI_ERRNO_IO : __WASI_ERRNO_INTR);
    /* A component's terminal input is its stdin, when that is the terminal. */
    if (d->kind == D_TTY && d->tty_in < 0) return __WASI_ERRNO_IO;
    __wasi_errno_t e = __real___wasi_fd_read(d->kind == D_TTY ? (__wasi_fd_t)d->tty_in : d->real, iov, n, done);
    /* A signal that came with the input (or its end) acts before the
     * program sees it, as Linux delivers on the way back from read: a
     * default Term action is not outrun by the exit that an end of input
     * leads to. */
    if (wasig__signal_came()) {
      int saved = errno;
      wasig__safepoint();
      errno = saved;
    }
    return e;
  }
  if (d->kind == D_DEV) return dev_read(d, iov, n, done);
  if (d->kind == D_MEM) return mem_read(d, iov, n, done);
  if (d->kind == D_DIR) return __WASI_ERRNO_ISDIR;
  return d->kind == D_READ ? pipe_read(d, iov, n, done) : __WASI_ERRNO_BADF;
}

__wasi_errno_t __wasi_fd_write(__wasi_fd_t fd, const __wasi_ciovec_t *iov, size_t n, __wasi_size_t *done) {
  desc *d = get((int)fd);
  if (!d) return __WASI_ERRNO_BADF;
  if (d->kind == D_TTY && !(d->rights & __WASI_RIGHTS_FD_WRITE)) return __WASI_ERRNO_BADF;
  if (d->kind == D_WASI || d->kind == D_TTY) {
    int job = d->kind == D_TTY || d->real <= 2 ? wasig__tty_may((int)fd, 1) : 0;
    if (job) return __WASI_ERRNO_INTR;
    if (d->kind == D_TTY && d->tty_out < 0) return __WASI_ERRNO_IO;
    return __real___wasi_fd_write(d->kind == D_TTY ? (__wasi_fd_t)d->tty_out : d->real, iov, n, done);
  }
  if (d->kind == D_DEV) return dev_write(d, iov, n, done);
  if (d->kind == D_MEM) return mem_write(d, iov, n, &d->off, done);
  return d->kind == D_WRITE ? pipe_write(d, iov, n, done) : __WASI_ERRNO_BADF;
}

__wasi_errno_t __wasi_fd_fdstat_get(__wasi_fd_t fd, __wasi_fdstat_t *st) {
  if (fd == DEV_DIR || fd == NO_DIR) {
    /* wasi-libc's openat asks what its files may inherit. */
    *st = (__wasi_fdstat_t){ .fs_filetype = __WASI_FILETYPE_DIRECTORY,
                             .fs_rights_base = __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_PATH_FILESTAT_GET,
                             .fs_rights_inheriting = (__wasi_rights_t)-1 };
    return 0;
  }
  desc *d = get((int)fd);
  if (!d) return __WASI_ERRNO_BADF;
  if (d->kind == D_WASI) return __real___wasi_fd_fdstat_get(d->real, st);
  /* wasi-libc's fcntl(F_GETFL) reads the access mode from the rights. */
  __wasi_rights_t common = __WASI_RIGHTS_POLL_FD_READWRITE | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS | __WASI_RIGHTS_FD_FILESTAT_GET;
  __wasi_rights_t mode = d->kind == D_DEV || d->kind == D_MEM || d->kind == D_TTY ? d->rights
                        : d->kind == D_READ ? __WASI_RIGHTS_FD_READ : __WASI_RIGHTS_FD_WRITE;
  __wasi_rights_t file = __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL;
  if (d->kind == D_MEM) file |= __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | __WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_DATASYNC;
  *st = (__wasi_fdstat_t){
    .fs_filetype = d->kind == D_DIR ? __WASI_FILETYPE_DIRECTORY
                 : d->kind == D_DEV || d->kind == D_TTY ? __WASI_FILETYPE_CHARACTER_DEVICE
                 : d->kind == D_MEM ? __WASI_FILETYPE_REGULAR_FILE : __WASI_FILETYPE_UNKNOWN,
    .fs_flags = d->flags,
    .fs_rights_base = common | mode | (d->kind == D_DEV || d->kind == D_MEM ? file : 0),
  };
  return 0;
}

__wasi_errno_t __wasi_fd_fdstat_set_flags(__wasi_fd_t fd, __wasi_fdflags_t flags) {
  desc *d = get((int)fd);
  if (!d) return __WASI_ERRNO_BADF;
  if (d->kind == D_WASI) return __real___wasi_fd_fdstat_set_flags(d->real, flags);
  /* O_APPEND means nothing to a pipe or a device; a memory file keeps it. */
  d->flags = flags & (__WASI_FDFLAGS_NONBLOCK | (d->kind == D_MEM ? __WASI_FDFLAGS_APPEND : 0));
  return 0;
}

__wasi_errno_t __wasi_fd_filestat_get(__wasi_fd_t fd, __wasi_filestat_t *st) {
  desc *d = get((int)fd);
  if (!d) return __WASI_ERRNO_BADF;
  if (d->kind == D_WASI) {
    __wasi_errno_t e = __real___wasi_fd_filestat_get(d->real, st);
    if (e == 0) ask_host(d->real, 0, 1, st->ino);
    return e;
  }
  if (d->kind == D_DEV) { *st = dev_filestat(d->dev); return 0; }
  if (d->kind == D_TTY) { *st = dev_filestat(DEV_TTY); return 0; }
  if (d->kind == D_DIR) { *st = (__wasi_filestat_t){ .filetype = __WASI_FILETYPE_DIRECTORY, .nlink = 2 }; return 0; }
  if (d->kind == D_MEM) {
    *st = (__wasi_filestat_t){ .ino = (__wasi_inode_t)(uintptr_t)d->mem, .filetype = __WASI_FILETYPE_REGULAR_FILE,
                               .nlink = 1, .size = wasig__mem_size(d->mem) };
    return 0;
  }
  *st = (__wasi_filestat_t){ .ino = (__wasi_inode_t)(uintptr_t)d->pipe, .filetype = __WASI_FILETYPE_UNKNOWN, .nlink = 1 };
  return 0;
}

/* Seeking, positioned I/O and space hints on a pipe: ESPIPE, as Linux. */
/* A device seeks anywhere and stays at 0, as Linux's memory devices. */
#define DEV_AT_ZERO(fd, at)                                           \
  do {                                                                \
    desc *dv_ = get((int)(fd));                                       \
    if (dv_ && dv_->kind == D_DEV) { *(at) = 0; return 0; }           \
  } while (0)
__wasi_errno_t __wasi_fd_seek(__wasi_fd_t fd, __wasi_filedelta_t off, __wasi_whence_t whence, __wasi_filesize_t *to) {
  DEV_AT_ZERO(fd, to);
  desc *m = mem_desc(fd);
  if (m) return mem_seek(m, off, whence, to);
  REAL(fd, __WASI_ERRNO_SPIPE);
  return __real___wasi_fd_seek(real_, off, whence, to);
}
__wasi_errno_t __wasi_fd_tell(__wasi_fd_t fd, __wasi_filesize_t *at) {
  DEV_AT_ZERO(fd, at);
  desc *m = mem_desc(fd);
  if (m) { *at = m->off; return 0; }
  REAL(fd, __WASI_ERRNO_SPIPE);
  return __real___wasi_fd_tell(real_, at);
}
__wasi_errno_t __wasi_fd_pread(__wasi_fd_t fd, const __wasi_iovec_t *iov, size_t n, __wasi_filesize_t off,
                               __wasi_size_t *done) {
  desc *d = get((int)fd);
  if (d && d->kind == D_DEV) return dev_read(d, iov, n, done);
  if (d && d->kind == D_MEM) {
    if (!(d->rights & __WASI_RIGHTS_FD_READ)) return __WASI_ERRNO_BADF;
    return wasig__mem_pread(d->mem, iov, n, off, done);
  }
  REAL(fd, __WASI_ERRNO_SPIPE);
  return __real___wasi_fd_pread(real_, iov, n, off, done);
}
__wasi_errno_t __wasi_fd_pwrite(__wasi_fd_t fd, const __wasi_ciovec_t *iov, size_t n, __wasi_filesize_t off,
                                __wasi_size_t *done) {
  desc *d = get((int)fd);
  if (d && d->kind == D_DEV) return dev_write(d, iov, n, done);
  if (d && d->kind == D_MEM) {
    uint64_t at = off;
    return mem_write(d, iov, n, &at, done);
  }
  REAL(fd, __WASI_ERRNO_SPIPE);
  return __real___wasi_fd_pwrite(real_, iov, n, off, done);
}
__wasi_errno_t __wasi_fd_advise(__wasi_fd_t fd, __wasi_filesize_t off, __wasi_filesize_t len, __wasi_advice_t a) {
  if (mem_desc(fd)) return 0; /* advice, taken as such */
  REAL(fd, __WASI_ERRNO_SPIPE);
  return __real___wasi_fd_advise(real_, off, len, a);
}
__wasi_errno_t __wasi_fd_allocate(__wasi_fd_t fd, __wasi_filesize_t off, __wasi_filesize_t len) {
  desc *m = mem_desc(fd);
  if (m) {
    if (off + len < off) return __WASI_ERRNO_FBIG;
    if (!(m->rights & __WASI_RIGHTS_FD_WRITE)) return __WASI_ERRNO_BADF;
    return off + len > wasig__mem_size(m->mem) ? wasig__mem_set_size(m->mem, off + len) : 0;
  }
  REAL(fd, __WASI_ERRNO_SPIPE);
  return __real___wasi_fd_allocate(real_, off, len);
}
/* fsync, ftruncate on a pipe: EINVAL, as Linux. */
__wasi_errno_t __wasi_fd_sync(__wasi_fd_t fd) {
  if (mem_desc(fd)) return 0; /* nothing to write back */
  REAL(fd, __WASI_ERRNO_INVAL);
  return __real___wasi_fd_sync(real_);
}
__wasi_errno_t __wasi_fd_datasync(__wasi_fd_t fd) {
  if (mem_desc(fd)) return 0;
  REAL(fd, __WASI_ERRNO_INVAL);
  return __real___wasi_fd_datasync(real_);
}
__wasi_errno_t __wasi_fd_filestat_set_size(__wasi_fd_t fd, __wasi_filesize_t size) {
  desc *m = mem_desc(fd);
  if (m) return m->rights & __WASI_RIGHTS_FD_WRITE ? wasig__mem_set_size(m->mem, size) : __WASI_ERRNO_INVAL;
  REAL(fd, __WASI_ERRNO_INVAL);
  return __real___wasi_fd_filestat_set_size(real_, size);
}
__wasi_errno_t __wasi_fd_filestat_set_times(__wasi_fd_t fd, __wasi_timestamp_t a, __wasi_timestamp_t m,
                                            __wasi_fstflags_t f) {
  REAL(fd, 0); /* a pipe's times are nobody's to read back */
  return __real___wasi_fd_filestat_set_times(real_, a, m, f);
}
__wasi_errno_t __wasi_fd_fdstat_set_rights(__wasi_fd_t fd, __wasi_rights_t base, __wasi_rights_t inh) {
  REAL(fd, __WASI_ERRNO_NOTSUP);
  return __real___wasi_fd_fdstat_set_rights(real_, base, inh);
}
__wasi_errno_t __wasi_fd_readdir(__wasi_fd_t fd, uint8_t *buf, __wasi_size_t len, __wasi_dircookie_t c,
                                 __wasi_size_t *done) {
  desc *d = get((int)fd);
  if (d && d->kind == D_DIR) return dir_read(d, buf, len, c, done);
  REAL(fd, __WASI_ERRNO_NOTDIR);
  /* node:wasi lists a directory without . and .. (libuv's scandir drops
   * them); Linux's readdir gives both, and programs count on them (an
   * empty directory has two entries). Here cookies 0 and 1 are they and
   * the runtime's cookie k is k + 2; a runtime that lists them itself
   * (its first name is ".") is left as it is. */
  static int dots = -1;
  if (dots < 0) {
    uint8_t first[sizeof(__wasi_dirent_t) + 2];
    __wasi_size_t got = 0;
    if (__real___wasi_fd_readdir(real_, first, sizeof first, 0, &got) == 0)
      dots = !(got > sizeof(__wasi_dirent_t) && first[sizeof(__wasi_dirent_t)] == '.' &&
               ((__wasi_dirent_t *)first)->d_namlen == 1);
  }
  if (dots != 1) return __real___wasi_fd_readdir(real_, buf, len, c, done);
  size_t used = 0;
  for (; c < 2 && used < len; c++) {
    __wasi_dirent_t e = { .d_next = c + 1, .d_ino = (__wasi_inode_t)real_ * 2 + c + 1, .d_namlen = (__wasi_dirnamlen_t)(c + 1),
                          .d_type = __WASI_FILETYPE_DIRECTORY };
    used = put_dirent(buf, used, len, &e, "..");
  }
  __wasi_size_t got = 0;
  if (used < len) {
    __wasi_errno_t e = __real___wasi_fd_readdir(real_, buf + used, (__wasi_size_t)(len - used), c - 2, &got);
    if (e) return e;
  }
  for (size_t at = used; at + sizeof(__wasi_dirent_t) <= used + got;) {
    __wasi_dirent_t e;
    memcpy(&e, buf + at, sizeof e);
    e.d_next += 2;
    memcpy(buf + at, &e, sizeof e);
    at += sizeof e + e.d_namlen;
  }
  *done = (__wasi_size_t)(used + got);
  return 0;
}
__wasi_errno_t __wasi_fd_prestat_get(__wasi_fd_t fd, __wasi_prestat_t *st) {
  REAL(fd, __WASI_ERRNO_BADF);
  return __real___wasi_fd_prestat_get(real_, st);
}
__wasi_errno_t __wasi_fd_prestat_dir_name(__wasi_fd_t fd, uint8_t *path, __wasi_size_t len) {
  REAL(fd, __WASI_ERRNO_BADF);
  return __real___wasi_fd_prestat_dir_name(real_, path, len);
}

/* WASI's renumber: `to` must be open; it is closed and fd moves there. */
__wasi_errno_t __wasi_fd_renumber(__wasi_fd_t fd, __wasi_fd_t to) {
  desc *d = get((int)fd), *old = get((int)to);
  if (!d || !old) return __WASI_ERRNO_BADF;
  if (fd == to) return 0;
  table[to] = d;
  table[fd] = 0;
  return release(old);
}

/* Paths relative to a directory descriptor. One that leads out of the
 * directories the guest was given (a symbolic link out; a `..` out is
 * taken by name before, in __wasilibc_find_relpath_alloc) is
 * refused by the runtime with ENOTCAPABLE (node:wasi), an errno no Linux
 * program knows. To a Linux program the directory above its root is one it
 * may not search, which open(2) and every path call report as EACCES (as
 * Landlock, Linux's sandbox for unprivileged processes, does): the guest
 * gets EACCES. wasig's host gives components the same
 * (ts/component/filesystem.node.ts). */
static __wasi_errno_t beneath(__wasi_errno_t e) { return e == __WASI_ERRNO_NOTCAPABLE ? __WASI_ERRNO_ACCES : e; }

__wasi_errno_t __wasi_path_open(__wasi_fd_t dir, __wasi_lookupflags_t lf, const char *path, __wasi_oflags_t of,
                                __wasi_rights_t base, __wasi_rights_t inh, __wasi_fdflags_t ff, __wasi_fd_t *out) {
  if (dir == DEV_DIR) return dev_open(path, of, base, ff, out);
  if (dir == NO_DIR && above(path)) return dir_open(path, of, base, out);
  IN_DIR(dir);
  desc *d = new_desc(D_WASI);
  if (!d) return __WASI_ERRNO_NOMEM;
  __wasi_errno_t e = beneath(__real___wasi_path_open(real_, lf, path, of, base, inh, ff, &d->real));
  if (e) { free(d); return e; }
  return install(d, out);
}

__wasi_errno_t __wasi_sock_accept(__wasi_fd_t fd, __wasi_fdflags_t flags, __wasi_fd_t *out) {
  REAL(fd, __WASI_ERRNO_NOTSOCK);
  desc *d = new_desc(D_WASI);
  if (!d) return __WASI_ERRNO_NOMEM;
  __wasi_errno_t e = __real___wasi_sock_accept(real_, flags, &d->real);
  if (e) { free(d); return e; }
  return install(d, out);
}
__wasi_errno_t __wasi_sock_recv(__wasi_fd_t fd, const __wasi_iovec_t *iov, size_t n, __wasi_riflags_t f,
                                __wasi_size_t *done, __wasi_roflags_t *of) {
  REAL(fd, __WASI_ERRNO_NOTSOCK);
  return __real___wasi_sock_recv(real_, iov, n, f, done, of);
}
__wasi_errno_t __wasi_sock_send(__wasi_fd_t fd, const __wasi_ciovec_t *iov, size_t n, __wasi_siflags_t f,
                                __wasi_size_t *done) {
  REAL(fd, __WASI_ERRNO_NOTSOCK);
  return __real___wasi_sock_send(real_, iov, n, f, done);
}
__wasi_errno_t __wasi_sock_shutdown(__wasi_fd_t fd, __wasi_sdflags_t how) {
  REAL(fd, __WASI_ERRNO_NOTSOCK);
  return __real___wasi_sock_shutdown(real_, how);
}

/* ---- modes, owners and groups: the host's ----------------------------------------------
 * WASI's filestat has no permission bits, owner or group: wasi-libc's stat
 * gives a host file mode 0100000, which programs read as "nobody may write
 * this" (nano calls such a file read-only), and chmod would have nothing to
 * change. The host has them (boundary.h, wasig_file_js): each WASI stat of
 * a host file asks it, and the stat functions (fstat here, stat, lstat and
 * fstatat through wasig__dev_stat) take its answer when the inode is the
 * one WASI gave, so a name the host resolves otherwise changes nothing. */
static struct {
  int valid;
  __wasi_inode_t ino;
  uint32_t mode, uid, gid;
} told;

/* 0, or this libc's errno; ENOSYS when no host answers (a component's
 * files are wasi:filesystem's, which has no modes either). */
static int host_file(__wasi_fd_t real, const char *path, int op, int mode, uint32_t *w) {
#ifdef WASIG_COMPONENT
  (void)real, (void)path, (void)op, (void)mode, (void)w;
  return ENOSYS;
#else
  int32_t r = wasig_file_js((int32_t)real, path, path ? (int32_t)strlen(path) : 0, op, mode, w);
  return r < 0 ? wasig__errno(-r) : 0;
#endif
}

static __wasi_inode_t words_ino(const uint32_t *w) {
  return (__wasi_inode_t)w[WASIG_FILE_INO] | (__wasi_inode_t)w[WASIG_FILE_INO + 1] << 32;
}

static void ask_host(__wasi_fd_t real, const char *path, int follow, __wasi_inode_t ino) {
  uint32_t w[WASIG_FILE_WORDS];
  told.valid = host_file(real, path, follow ? WASIG_FILE_STAT : WASIG_FILE_LSTAT, 0, w) == 0 && words_ino(w) == ino;
  if (!told.valid) return;
  told.ino = ino;
  told.mode = w[WASIG_FILE_MODE];
  told.uid = w[WASIG_FILE_UID];
  told.gid = w[WASIG_FILE_GID];
}

/* The host's answer into the stat that WASI's made (once). The file type
 * too: WASI has no name for a FIFO (node:wasi calls a pipe a socket). */
static void told_stat(struct stat *st) {
  if (!told.valid || told.ino != st->st_ino) return;
  told.valid = 0;
  mode_t type = told.mode & S_IFMT ? told.mode & S_IFMT : st->st_mode & S_IFMT;
  st->st_mode = type | (told.mode & 07777);
  st->st_uid = told.uid;
  st->st_gid = told.gid;
}

/* The directory (a descriptor of the table, DEV_DIR or NO_DIR) and the
 * path in it (malloc'd) that (dir, path) names, as wasi-libc's *at
 * functions resolve it; -1 with errno. */
static int at_path(int dir, const char *path, char **rel) {
  *rel = 0;
  if (!path) { errno = EFAULT; return -1; }
  if (dir == AT_FDCWD || path[0] == '/') {
    const char *abs;
    size_t len = 0;
    return __wasilibc_find_relpath_alloc(path, &abs, rel, &len, 1);
  }
  if (!(*rel = strdup(path))) { errno = ENOMEM; return -1; }
  return dir;
}

/* The WASI descriptor of a directory of the table, if it is one. */
static int wasi_dir(int at, __wasi_fd_t *real) {
  desc *d = at >= 0 && at < NOFILE ? get(at) : 0;
  if (!d || d->kind != D_WASI) return -1;
  *real = d->real;
  return 0;
}

/* wasi-libc answers from the preopened directory's rights, which allow
 * everything: a mode 0444 file was writable. The host's access(2) says
 * what its process, which does the guest's file calls, may do (as root,
 * R_OK and W_OK whatever the mode, X_OK when one x bit is set). wasi-libc's
 * own answer comes first (a missing file, a device), through the calls
 * its faccessat makes: its faccessat is not linked in a program that calls
 * only access. */
int faccessat(int dir, const char *path, int amode, int flags) {
  if (!path) { errno = EFAULT; return -1; }
  int r = dir == AT_FDCWD || path[0] == '/' ? __wasilibc_access(path, amode, flags)
                                            : __wasilibc_nocwd_faccessat(dir, path, amode, flags);
  char *rel;
  __wasi_fd_t real;
  uint32_t w[WASIG_FILE_WORDS];
  if (r != 0 || amode == F_OK) return r;
  int at = at_path(dir, path, &rel);
  int e = at >= 0 && wasi_dir(at, &real) == 0 ? host_file(real, rel, WASIG_FILE_ACCESS, amode, w) : 0;
  free(rel);
  if (e == 0 || e == ENOSYS) return 0;
  errno = e;
  return -1;
}
int access(const char *path, int amode) { return faccessat(AT_FDCWD, path, amode, 0); }

/* chmod of the file with this WASI status; a host that has no modes to
 * change (ENOSYS: a component) leaves the file as it was. */
static int host_chmod(__wasi_fd_t real, const char *rel, const __wasi_filestat_t *fs, mode_t mode) {
  uint32_t w[WASIG_FILE_WORDS] = {0};
  w[WASIG_FILE_INO] = (uint32_t)fs->ino;
  w[WASIG_FILE_INO + 1] = (uint32_t)(fs->ino >> 32);
  int e = host_file(real, rel, WASIG_FILE_CHMOD, (int)(mode & 07777), w);
  if (e == 0 || e == ENOSYS) return 0;
  errno = e;
  return -1;
}

/* Linux's fchmodat: AT_SYMLINK_NOFOLLOW changes no link (EOPNOTSUPP) and
 * what is no link as without it. A device or a directory above the given
 * ones belongs to root here: EPERM. */
int fchmodat(int dir, const char *path, mode_t mode, int flags) {
  if (flags & ~AT_SYMLINK_NOFOLLOW) { errno = EINVAL; return -1; }
  char *rel;
  int at = at_path(dir, path, &rel);
  if (at < 0) return -1;
  __wasi_filestat_t fs;
  __wasi_lookupflags_t follow = flags & AT_SYMLINK_NOFOLLOW ? 0 : __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;
  __wasi_errno_t e = __wasi_path_filestat_get((__wasi_fd_t)at, follow, rel, &fs);
  __wasi_fd_t real;
  int r = e ? (errno = e, -1)
        : fs.filetype == __WASI_FILETYPE_SYMBOLIC_LINK ? (errno = EOPNOTSUPP, -1)
        : wasi_dir(at, &real) != 0 ? (errno = EPERM, -1)
        : host_chmod(real, rel, &fs, mode);
  free(rel);
  return r;
}
int chmod(const char *path, mode_t mode) { return fchmodat(AT_FDCWD, path, mode, 0); }

int fchmod(int fd, mode_t mode) {
  desc *d = get(fd);
  if (!d) { errno = EBADF; return -1; }
  if (d->kind == D_MEM) { d->mode = mode & 07777; return 0; }
  if (d->kind == D_READ || d->kind == D_WRITE) { d->pipe->mode = mode & 07777; return 0; }
  if (d->kind != D_WASI) { errno = EPERM; return -1; }
  __wasi_filestat_t fs;
  __wasi_errno_t e = __real___wasi_fd_filestat_get(d->real, &fs);
  if (e) { errno = e; return -1; }
  return host_chmod(d->real, 0, &fs, mode);
}

/* Paths relative to a directory descriptor. */

__wasi_errno_t __wasi_path_create_directory(__wasi_fd_t fd, const char *path) {
  IN_DIR(fd);
  return beneath(__real___wasi_path_create_directory(real_, path));
}
__wasi_errno_t __wasi_path_filestat_get(__wasi_fd_t fd, __wasi_lookupflags_t f, const char *path, __wasi_filestat_t *st) {
  if (fd == DEV_DIR) {
    int i = dev_lookup(path);
    if (i < 0) return __WASI_ERRNO_NOENT;
    if (i < NDEV) { *st = dev_filestat(i); return 0; }
    return __wasi_fd_filestat_get((__wasi_fd_t)(i - NDEV), st) == 0 ? 0 : __WASI_ERRNO_NOENT;
  }
  if (fd == NO_DIR && above(path)) {
    *st = (__wasi_filestat_t){ .filetype = __WASI_FILETYPE_DIRECTORY, .nlink = 2 };
    return 0;
  }
  IN_DIR(fd);
  __wasi_errno_t e = beneath(__real___wasi_path_filestat_get(real_, f, path, st));
  if (e == 0) ask_host(real_, path, f & __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, st->ino);
  return e;
}
__wasi_errno_t __wasi_path_filestat_set_times(__wasi_fd_t fd, __wasi_lookupflags_t f, const char *path,
                                              __wasi_timestamp_t a, __wasi_timestamp_t m, __wasi_fstflags_t ff) {
  IN_DIR(fd);
  return beneath(__real___wasi_path_filestat_set_times(real_, f, path, a, m, ff));
}
__wasi_errno_t __wasi_path_readlink(__wasi_fd_t fd, const char *path, uint8_t *buf, __wasi_size_t len,
                                    __wasi_size_t *done) {
  IN_DIR(fd);
  return beneath(__real___wasi_path_readlink(real_, path, buf, len, done));
}
__wasi_errno_t __wasi_path_remove_directory(__wasi_fd_t fd, const char *path) {
  IN_DIR(fd);
  return beneath(__real___wasi_path_remove_directory(real_, path));
}
__wasi_errno_t __wasi_path_unlink_file(__wasi_fd_t fd, const char *path) {
  IN_DIR(fd);
  return beneath(__real___wasi_path_unlink_file(real_, path));
}
__wasi_errno_t __wasi_path_symlink(const char *old, __wasi_fd_t fd, const char *path) {
  IN_DIR(fd);
  return beneath(__real___wasi_path_symlink(old, real_, path));
}
__wasi_errno_t __wasi_path_link(__wasi_fd_t ofd, __wasi_lookupflags_t f, const char *old, __wasi_fd_t nfd,
                                const char *path) {
  if (ofd == NO_DIR || nfd == NO_DIR) return __WASI_ERRNO_NOENT;
  int o = wasig__host_fd((int)ofd), n = wasig__host_fd((int)nfd);
  if (!get((int)ofd) || !get((int)nfd)) return __WASI_ERRNO_BADF;
  if (o < 0 || n < 0) return __WASI_ERRNO_NOTDIR;
  return beneath(__real___wasi_path_link((__wasi_fd_t)o, f, old, (__wasi_fd_t)n, path));
}
__wasi_errno_t __wasi_path_rename(__wasi_fd_t ofd, const char *old, __wasi_fd_t nfd, const char *path) {
  if (ofd == NO_DIR || nfd == NO_DIR) return __WASI_ERRNO_NOENT;
  int o = wasig__host_fd((int)ofd), n = wasig__host_fd((int)nfd);
  if (!get((int)ofd) || !get((int)nfd)) return __WASI_ERRNO_BADF;
  if (o < 0 || n < 0) return __WASI_ERRNO_NOTDIR;
  return beneath(__real___wasi_path_rename((__wasi_fd_t)o, old, (__wasi_fd_t)n, path));
}

/* Subscriptions name the guest's descriptors: WASI's are passed on under
 * their own numbers; a pipe end that is ready answers at once (one that is
 * not cannot become ready while the only thread waits here, so it is left
 * out of the wait). */
__wasi_errno_t __wasi_poll_oneoff(const __wasi_subscription_t *in, __wasi_event_t *out, __wasi_size_t n,
                                  __wasi_size_t *count) {
  int fds = 0;
  for (__wasi_size_t i = 0; i < n; i++) fds += in[i].u.tag != __WASI_EVENTTYPE_CLOCK;
  if (!fds) return __real___wasi_poll_oneoff(in, out, n, count);
  __wasi_subscription_t *sub = malloc(n * sizeof *sub);
  if (!sub) return __WASI_ERRNO_NOMEM;
  __wasi_size_t m = 0, got = 0;
  for (__wasi_size_t i = 0; i < n; i++) {
    if (in[i].u.tag == __WASI_EVENTTYPE_CLOCK) { sub[m++] = in[i]; continue; }
    int fd = (int)in[i].u.u.fd_read.file_descriptor, bytes = 0;
    desc *d = get(fd);
    __wasi_event_t ev = { .userdata = in[i].userdata, .type = in[i].u.tag };
    /* A component's terminal is one of its stdio, which its runtime polls;
     * a core module's controlling terminal answers as a pipe does. */
    int tty = d && d->kind == D_TTY ? (in[i].u.tag == __WASI_EVENTTYPE_FD_READ ? d->tty_in : d->tty_out) : -1;
    if (!d) {
      ev.error = __WASI_ERRNO_BADF;
      out[got++] = ev;
    } else if (d->kind == D_WASI) {
      sub[m] = in[i];
      sub[m++].u.u.fd_read.file_descriptor = d->real;
    } else if (tty >= 0 && tty <= 2) {
      sub[m] = in[i];
      sub[m++].u.u.fd_read.file_descriptor = (__wasi_fd_t)tty;
    } else {
      int bits = wasig__pipe_poll(fd, &bytes);
      int want = in[i].u.tag == __WASI_EVENTTYPE_FD_READ ? POLLIN | POLLHUP : POLLOUT | POLLERR;
      if (!(bits & want)) continue;
      if (bits & (POLLHUP | POLLERR)) ev.fd_readwrite.flags = __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP;
      ev.fd_readwrite.nbytes = in[i].u.tag == __WASI_EVENTTYPE_FD_READ ? (__wasi_filesize_t)bytes
                                                                        : (__wasi_filesize_t)(PIPE_CAPACITY - bytes);
      out[got++] = ev;
    }
  }
  __wasi_errno_t e = 0;
  if (got) *count = got;
  else if (!m) e = __WASI_ERRNO_INVAL; /* nothing left to wait for, as an empty subscription list */
  else e = __real___wasi_poll_oneoff(sub, out, m, count);
  free(sub);
  return e;
}
#endif
