/* The guest's terminal: isatty, termios, the window size, the foreground
 * process group, and ioctl's requests for them, with glibc's layouts and
 * values on both targets. The terminal itself is the host's
 * (ts/guest/terminal.ts, reached through wasig_tty_js): only a descriptor
 * the host says is its terminal is a tty, so a pipe or a file never is.
 * Components link this file too, the terminal then being reached through
 * wasig:signals/stdio (c-src/component/terminal.c). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#ifdef WASIG_COMPONENT
#include "../component/descriptors.h"
#else
#include "internal.h"
#endif

typedef int32_t words[WASIG_TTY_WORDS];

/* An errno for a descriptor that is no terminal: EBADF when it is not open. */
static int not_tty(int fd) {
  return fcntl(fd, F_GETFD) < 0 ? EBADF : ENOTTY;
}

static int tty_op(int fd, int op, int32_t *w) {
  int r = wasig_tty_js(wasig__host_fd(fd), op, w);
  if (r == 0) return 0;
  int e = wasig__errno(-r);
  errno = e == ENOTTY ? not_tty(fd) : e;
  return -1;
}

static int tty_get(int fd, int32_t *w) { return tty_op(fd, WASIG_TTY_GET, w); }

/* ---- job control ------------------------------------------------------------------ */
/* Linux's rules for a process group that is not its terminal's foreground
 * one (drivers/tty/tty_jobctrl.c, n_tty.c): reading the terminal sends the
 * group SIGTTIN; changing the terminal's settings, and writing to it with
 * TOSTOP set, SIGTTOU. The default action stops the group, and once
 * continued the call looks again; a handler makes it fail with EINTR (or
 * look again with SA_RESTART). With the signal ignored or blocked, a read
 * fails with EIO and a change or a write goes ahead. A guest leads its own
 * process group: it is in the background when its terminal's foreground
 * group is another guest's (an emulated terminal several guests share; on
 * a real tty the kernel does this to `wasig run` itself).
 * Returns 0 to go ahead, or the errno to fail with. */
enum { JOB_READ, JOB_WRITE, JOB_CHANGE };
static int job_control(int fd, int what) {
  int sig = what == JOB_READ ? SIGTTIN : SIGTTOU;
  for (;;) {
    words w;
    if (wasig_tty_js(wasig__host_fd(fd), WASIG_TTY_GET, w) != 0) return 0; /* no terminal */
    if (w[WASIG_TTY_PGRP] == 0 || w[WASIG_TTY_PGRP] == getpgrp()) return 0;
    if (what == JOB_WRITE && !(w[WASIG_TTY_LFLAG] & TOSTOP)) return 0;
    struct sigaction sa;
    sigset_t blocked;
    sigaction(sig, 0, &sa);
    sigprocmask(SIG_BLOCK, 0, &blocked);
    if (sa.sa_handler == SIG_IGN || sigismember(&blocked, sig)) return what == JOB_READ ? EIO : 0;
    /* From the kernel (SI_KERNEL), to our group: ourselves. */
#ifdef WASIG_COMPONENT
    wasig__send_self(sig);
#else
    wasig__drain();
    wasig_send(P, sig, SI_KERNEL, 0, 0, 0);
#endif
    int ran = wasig__safepoint();
    if (ran & WASIG_RAN_NORESTART) return EINTR;
  }
}

int wasig__tty_may(int fd, int writing) {
  return job_control(fd, writing ? JOB_WRITE : JOB_READ);
}

#if defined(__EMSCRIPTEN__)
#include <wasi/api.h>
/* Emscripten's reads and writes all reach its FS through these imports
 * (`wasig cc` links with --wrap for them): job control on the terminal's,
 * as the wasi library's descriptor table does (descriptors.c). The errno
 * numbers of emscripten's libc are WASI's. */
__wasi_errno_t __real___wasi_fd_read(__wasi_fd_t, const __wasi_iovec_t *, size_t, __wasi_size_t *);
__wasi_errno_t __real___wasi_fd_write(__wasi_fd_t, const __wasi_ciovec_t *, size_t, __wasi_size_t *);

__wasi_errno_t __wrap___wasi_fd_read(__wasi_fd_t fd, const __wasi_iovec_t *iov, size_t n, __wasi_size_t *done) {
  int job = job_control((int)fd, JOB_READ);
  return job ? (__wasi_errno_t)job : __real___wasi_fd_read(fd, iov, n, done);
}

__wasi_errno_t __wrap___wasi_fd_write(__wasi_fd_t fd, const __wasi_ciovec_t *iov, size_t n, __wasi_size_t *done) {
  int job = job_control((int)fd, JOB_WRITE);
  return job ? (__wasi_errno_t)job : __real___wasi_fd_write(fd, iov, n, done);
}
#endif

static int may_change(int fd) {
  int e = job_control(fd, JOB_CHANGE);
  if (e) { errno = e; return -1; }
  return 0;
}

/* A change of the terminal, once job control lets it: tty_op's result. */
static int tty_change(int fd, int op, int32_t *w) {
  return may_change(fd) < 0 ? -1 : tty_op(fd, op, w);
}

/* Where /dev/tty reads and writes (descriptors.c): the host's number for
 * it, or -1 when the guest has no controlling terminal (ENXIO). A core
 * module's host serves the controlling terminal itself (WASIG_TTY_FD), so
 * its keyboard is read also when stdin is a pipe, as a pager reads it; a
 * component has only its stdio (wasig:signals/stdio), those of which are
 * the terminal. */
int wasig__tty_host(int *in, int *out) {
  words w;
#ifndef WASIG_COMPONENT
  if (wasig_tty_js(WASIG_TTY_FD, WASIG_TTY_GET, w) != 0) return -1;
  *in = *out = WASIG_TTY_FD;
  return WASIG_TTY_FD;
#else
  int t[3];
  for (int fd = 0; fd < 3; fd++) t[fd] = wasig_tty_js(fd, WASIG_TTY_GET, w) == 0;
  *in = t[0] ? 0 : -1;
  *out = t[1] ? 1 : t[2] ? 2 : -1;
  return t[0] ? 0 : *out;
#endif
}

int isatty(int fd) {
  words w;
  return tty_get(fd, w) == 0;
}

static char tty_name[] = "/dev/tty";

int ttyname_r(int fd, char *buf, size_t size) {
  if (!isatty(fd)) return errno;
  if (size < sizeof tty_name) return ERANGE;
  memcpy(buf, tty_name, sizeof tty_name);
  return 0;
}

char *ttyname(int fd) {
  return isatty(fd) ? tty_name : 0;
}

int tcgetattr(int fd, struct termios *t) {
  words w;
  if (tty_get(fd, w) < 0) return -1;
  memset(t, 0, sizeof *t);
  t->c_iflag = (tcflag_t)w[WASIG_TTY_IFLAG];
  t->c_oflag = (tcflag_t)w[WASIG_TTY_OFLAG];
  t->c_cflag = (tcflag_t)w[WASIG_TTY_CFLAG];
  t->c_lflag = (tcflag_t)w[WASIG_TTY_LFLAG];
  t->c_line = (cc_t)w[WASIG_TTY_LINE];
  t->c_ispeed = (speed_t)w[WASIG_TTY_ISPEED];
  t->c_ospeed = (speed_t)w[WASIG_TTY_OSPEED];
  for (int i = 0; i < NCCS && i < WASIG_TTY_NCCS; i++) t->c_cc[i] = (cc_t)w[WASIG_TTY_CC + i];
  return 0;
}

int tcsetattr(int fd, int act, const struct termios *t) {
  int op = act == TCSANOW ? WASIG_TTY_SET_NOW : act == TCSADRAIN ? WASIG_TTY_SET_DRAIN
         : act == TCSAFLUSH ? WASIG_TTY_SET_FLUSH : -1;
  if (op < 0) { errno = EINVAL; return -1; }
  words w;
  memset(w, 0, sizeof w);
  w[WASIG_TTY_IFLAG] = (int32_t)t->c_iflag;
  w[WASIG_TTY_OFLAG] = (int32_t)t->c_oflag;
  w[WASIG_TTY_CFLAG] = (int32_t)t->c_cflag;
  w[WASIG_TTY_LFLAG] = (int32_t)t->c_lflag;
  w[WASIG_TTY_LINE] = t->c_line;
  /* glibc keeps the speed in c_cflag; the fields follow it. */
  w[WASIG_TTY_ISPEED] = (int32_t)(t->c_cflag & (CBAUD | CBAUDEX));
  w[WASIG_TTY_OSPEED] = (int32_t)(t->c_cflag & (CBAUD | CBAUDEX));
  for (int i = 0; i < NCCS && i < WASIG_TTY_NCCS; i++) w[WASIG_TTY_CC + i] = t->c_cc[i];
  return tty_change(fd, op, w);
}

/* glibc's cfmakeraw. */
void cfmakeraw(struct termios *t) {
  t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
  t->c_oflag &= ~(tcflag_t)OPOST;
  t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
  t->c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
  t->c_cflag |= CS8;
  t->c_cc[VMIN] = 1;
  t->c_cc[VTIME] = 0;
}

static int valid_speed(speed_t s) {
  return (s & ~(speed_t)(CBAUD | CBAUDEX)) == 0 && (s <= B38400 || (s >= B57600 && s <= __MAX_BAUD));
}

speed_t cfgetospeed(const struct termios *t) { return t->c_cflag & (CBAUD | CBAUDEX); }
speed_t cfgetispeed(const struct termios *t) { return cfgetospeed(t); }

int cfsetospeed(struct termios *t, speed_t s) {
  if (!valid_speed(s)) { errno = EINVAL; return -1; }
  t->c_cflag = (t->c_cflag & ~(tcflag_t)(CBAUD | CBAUDEX)) | s;
  t->c_ospeed = s;
  return 0;
}

/* glibc: input speed 0 means "the same as the output speed". */
int cfsetispeed(struct termios *t, speed_t s) {
  if (!valid_speed(s)) { errno = EINVAL; return -1; }
  if (s != B0) t->c_cflag = (t->c_cflag & ~(tcflag_t)(CBAUD | CBAUDEX)) | s;
  t->c_ispeed = s;
  return 0;
}

int cfsetspeed(struct termios *t, speed_t s) {
  if (cfsetospeed(t, s) < 0) return -1;
  return cfsetispeed(t, s);
}

int tcgetwinsize(int fd, struct winsize *ws) {
  words w;
  if (tty_get(fd, w) < 0) return -1;
  ws->ws_row = (unsigned short)w[WASIG_TTY_ROWS];
  ws->ws_col = (unsigned short)w[WASIG_TTY_COLS];
  ws->ws_xpixel = (unsigned short)w[WASIG_TTY_XPIXEL];
  ws->ws_ypixel = (unsigned short)w[WASIG_TTY_YPIXEL];
  return 0;
}

int tcsetwinsize(int fd, const struct winsize *ws) {
  words w;
  if (tty_get(fd, w) < 0) return -1;
  w[WASIG_TTY_ROWS] = ws->ws_row;
  w[WASIG_TTY_COLS] = ws->ws_col;
  w[WASIG_TTY_XPIXEL] = ws->ws_xpixel;
  w[WASIG_TTY_YPIXEL] = ws->ws_ypixel;
  return tty_op(fd, WASIG_TTY_WINSZ, w);
}

pid_t tcgetpgrp(int fd) {
  words w;
  if (tty_get(fd, w) < 0) return -1;
  return (pid_t)w[WASIG_TTY_PGRP];
}

int tcsetpgrp(int fd, pid_t pgrp) {
  words w;
  if (tty_get(fd, w) < 0) return -1;
  w[WASIG_TTY_PGRP] = (int32_t)pgrp;
  return tty_change(fd, WASIG_TTY_PGRP_SET, w);
}

/* Each guest leads its own session (see getsid). */
pid_t tcgetsid(int fd) {
  words w;
  if (tty_get(fd, w) < 0) return -1;
  return getsid(0);
}

/* Output is written synchronously: nothing is ever left to drain. */
int tcdrain(int fd) {
  words w;
  return tty_get(fd, w) < 0 ? -1 : may_change(fd);
}

int tcsendbreak(int fd, int duration) {
  (void)duration;
  return tcdrain(fd);
}

int tcflow(int fd, int action) {
  words w;
  if (tty_get(fd, w) < 0 || may_change(fd) < 0) return -1;
  if (action < TCOOFF || action > TCION) { errno = EINVAL; return -1; }
  return 0;
}

int tcflush(int fd, int queue) {
  words w;
  if (tty_get(fd, w) < 0 || may_change(fd) < 0) return -1;
  if (queue != TCIFLUSH && queue != TCOFLUSH && queue != TCIOFLUSH) { errno = EINVAL; return -1; }
  return queue == TCOFLUSH ? 0 : tty_op(fd, WASIG_TTY_FLUSH, w);
}

/* FIONREAD: the bytes waiting on the host's stdin or in a pipe, or what is
 * left of a file. */
static int bytes_waiting(int fd, int *n) {
#if !defined(__EMSCRIPTEN__)
  if (wasig__pipe_poll(fd, n) >= 0) return 0;
#endif
  int h = wasig_fd_poll_js(wasig__host_fd(fd));
  if (h >= 0) { *n = h >> 8; return 0; }
  struct stat st;
  if (fstat(fd, &st) < 0) return -1;
  if (S_ISREG(st.st_mode)) {
    off_t at = lseek(fd, 0, SEEK_CUR);
    *n = at >= 0 && st.st_size > at ? (int)(st.st_size - at) : 0;
  } else {
    *n = 0;
  }
  return 0;
}

static int set_fl(int fd, int get, int set, int bit, int on) {
  int f = fcntl(fd, get);
  if (f < 0) return -1;
  return fcntl(fd, set, on ? f | bit : f & ~bit) < 0 ? -1 : 0;
}

int ioctl(int fd, int req, ...) {
  va_list ap;
  va_start(ap, req);
  void *arg = va_arg(ap, void *);
  va_end(ap);
  switch (req) {
    case TCGETS: return tcgetattr(fd, arg);
    case TCSETS: return tcsetattr(fd, TCSANOW, arg);
    case TCSETSW: return tcsetattr(fd, TCSADRAIN, arg);
    case TCSETSF: return tcsetattr(fd, TCSAFLUSH, arg);
    case TIOCGWINSZ: return tcgetwinsize(fd, arg);
    case TIOCSWINSZ: return tcsetwinsize(fd, arg);
    case TIOCGPGRP: { pid_t p = tcgetpgrp(fd); if (p < 0) return -1; *(pid_t *)arg = p; return 0; }
    case TIOCSPGRP: return tcsetpgrp(fd, *(const pid_t *)arg);
    case TIOCGSID: { pid_t s = tcgetsid(fd); if (s < 0) return -1; *(pid_t *)arg = s; return 0; }
    case TCFLSH: return tcflush(fd, (int)(intptr_t)arg);
    case TCXONC: return tcflow(fd, (int)(intptr_t)arg);
    case TCSBRK: return tcdrain(fd);
    case TIOCOUTQ: { words w; if (tty_get(fd, w) < 0) return -1; *(int *)arg = 0; return 0; }
    case TIOCSCTTY: case TIOCNOTTY: case TIOCEXCL: case TIOCNXCL: { words w; return tty_get(fd, w); }
    case FIONREAD: return bytes_waiting(fd, arg);
    case FIONBIO: return set_fl(fd, F_GETFL, F_SETFL, O_NONBLOCK, *(const int *)arg);
    case FIOCLEX: return set_fl(fd, F_GETFD, F_SETFD, FD_CLOEXEC, 1);
    case FIONCLEX: return set_fl(fd, F_GETFD, F_SETFD, FD_CLOEXEC, 0);
    default:
      /* Linux: a request the descriptor does not know is ENOTTY. */
      if (fcntl(fd, F_GETFD) < 0) return -1;
      errno = ENOTTY;
      return -1;
  }
}
