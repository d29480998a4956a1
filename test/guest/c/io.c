/* Blocking calls and the terminal, for test/guest/io.test.ts: each mode
 * prints "ready" when set up, then one line of what happened. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t handled, winch;
static void on_sig(int s) { handled = s; }
static void on_winch(int s) { (void)s; winch++; }
static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
static const char *en(int e) { return e == EINTR ? "EINTR" : e == 0 ? "0" : strerror(e); }

static void catch(int sig, int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sig;
  sa.sa_flags = flags;
  sigaction(sig, &sa, 0);
}

/* Blocks sig, says ready, and waits (sleeping, not in a call that a signal
 * interrupts) until the host's sig is pending. */
static void pend(int sig) {
  sigset_t s, p;
  sigemptyset(&s); sigaddset(&s, sig);
  sigprocmask(SIG_BLOCK, &s, 0);
  printf("ready\n");
  for (;;) {
    sigpending(&p);
    if (sigismember(&p, sig)) return;
    usleep(10000);
  }
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  const char *mode = argc > 1 ? argv[1] : "";
  int restart = argc > 2 && !strcmp(argv[2], "restart");

  if (!strcmp(mode, "select")) {
    /* select never restarts, SA_RESTART or not */
    catch(SIGUSR1, restart ? SA_RESTART : 0);
    fd_set r; FD_ZERO(&r); FD_SET(0, &r);
    struct timeval tv = {10, 0};
    printf("ready\n");
    double t0 = now_ms();
    int n = select(1, &r, 0, 0, &tv);
    int e = errno;
    printf("select r=%d errno=%s handled=%d ms=%.0f left>5=%d set=%d\n", n, n < 0 ? en(e) : "0", handled,
           now_ms() - t0, tv.tv_sec >= 5, FD_ISSET(0, &r));
    return 0;
  }
  if (!strcmp(mode, "poll")) {
    catch(SIGUSR1, restart ? SA_RESTART : 0);
    struct pollfd p = {0, POLLIN, 0};
    printf("ready\n");
    double t0 = now_ms();
    int n = poll(&p, 1, 10000);
    int e = errno;
    printf("poll r=%d errno=%s handled=%d ms=%.0f revents=%d\n", n, n < 0 ? en(e) : "0", handled, now_ms() - t0, p.revents);
    return 0;
  }
  if (!strcmp(mode, "ready")) {
    /* input wakes poll and select; files and stdout are always ready */
    printf("ready\n");
    struct pollfd p[2] = {{0, POLLIN, 0}, {1, POLLOUT, 0}};
    int n = poll(p, 1, 10000);
    printf("poll r=%d in=%d\n", n, (p[0].revents & POLLIN) != 0);
    char buf[64];
    ssize_t k = read(0, buf, sizeof buf - 1);
    buf[k > 0 ? k : 0] = 0;
    n = poll(p, 2, 0);
    printf("poll0 r=%d in=%d out=%d read=%s", n, p[0].revents, (p[1].revents & POLLOUT) != 0, buf);
    fd_set r; FD_ZERO(&r); FD_SET(0, &r);
    struct timeval tv = {0, 200000};
    double t0 = now_ms();
    n = select(1, &r, 0, 0, &tv);
    printf("timeout r=%d ms>=150=%d set=%d\n", n, now_ms() - t0 >= 150, FD_ISSET(0, &r));
    /* a descriptor that is not open: select fails with EBADF, poll says POLLNVAL */
    FD_ZERO(&r); FD_SET(77, &r);
    tv.tv_sec = 0; tv.tv_usec = 0;
    n = select(78, &r, 0, 0, &tv);
    int e = errno;
    struct pollfd bad = {77, POLLIN, 0};
    int m = poll(&bad, 1, 0);
    printf("badfd select=%d ebadf=%d poll=%d nval=%d\n", n, n < 0 && e == EBADF, m, bad.revents == POLLNVAL);
    /* end of input: a pipe hangs up */
    n = poll(p, 1, 10000);
    printf("eof r=%d hup=%d\n", n, (p[0].revents & POLLHUP) != 0);
    return 0;
  }
  if (!strcmp(mode, "eof")) {
    /* stdin read to its end: a pipe hangs up, a regular file stays readable */
    char buf[64];
    while (read(0, buf, sizeof buf) > 0) {}
    struct pollfd p = {0, POLLIN, 0};
    int n = poll(&p, 1, 5000);
    printf("eof r=%d in=%d hup=%d\n", n, (p.revents & POLLIN) != 0, (p.revents & POLLHUP) != 0);
    return 0;
  }
  if (!strcmp(mode, "idle")) {
    /* a 1.5 s select with nothing to read, for the CPU it costs */
    fd_set r; FD_ZERO(&r); FD_SET(0, &r);
    struct timeval tv = {1, 500000};
    printf("ready\n");
    double t0 = now_ms();
    int n = select(1, &r, 0, 0, &tv);
    printf("idle r=%d ms=%.0f\n", n, now_ms() - t0);
    return 0;
  }
  if (!strcmp(mode, "pselect") || !strcmp(mode, "ppoll")) {
    /* SIGUSR1 is blocked and already pending: the temporary mask unblocks it,
     * and the call fails with EINTR at once, the handler having run. */
    catch(SIGUSR1, SA_RESTART);
    pend(SIGUSR1);
    sigset_t none; sigemptyset(&none);
    struct timespec ts = {10, 0};
    double t0 = now_ms();
    int n;
    if (!strcmp(mode, "pselect")) {
      fd_set r; FD_ZERO(&r); FD_SET(0, &r);
      n = pselect(1, &r, 0, 0, &ts, &none);
    } else {
      struct pollfd p = {0, POLLIN, 0};
      n = ppoll(&p, 1, &ts, &none);
    }
    int e = errno;
    sigset_t now; sigprocmask(SIG_BLOCK, 0, &now);
    printf("%s r=%d errno=%s handled=%d ms=%.0f blocked-after=%d\n", mode, n, en(e), handled, now_ms() - t0,
           sigismember(&now, SIGUSR1));
    return 0;
  }
  if (!strcmp(mode, "nanosleep")) {
    catch(SIGUSR1, SA_RESTART);
    printf("ready\n");
    struct timespec req = {10, 0}, rem = {0, 0};
    int n = nanosleep(&req, &rem);
    int e = errno;
    printf("nanosleep r=%d errno=%s handled=%d rem>5=%d\n", n, en(e), handled, rem.tv_sec >= 5);
    return 0;
  }
  if (!strcmp(mode, "block")) {
    /* SIGTERM at SIG_DFL while blocked in select: the guest ends at once */
    fd_set r; FD_ZERO(&r); FD_SET(0, &r);
    struct timeval tv = {30, 0};
    printf("ready\n");
    select(1, &r, 0, 0, &tv);
    printf("select returned\n");
    return 0;
  }
  if (!strcmp(mode, "tty")) {
    printf("isatty %d %d %d\n", isatty(0), isatty(1), isatty(2));
    struct winsize ws;
    int r = ioctl(1, TIOCGWINSZ, &ws);
    printf("winsz r=%d %dx%d\n", r, r == 0 ? ws.ws_col : -1, r == 0 ? ws.ws_row : -1);
    struct termios t;
    r = tcgetattr(0, &t);
    int e = errno;
    printf("tcgetattr r=%d errno=%d icanon=%d echo=%d isig=%d vintr=%d\n", r, r < 0 ? e : 0,
           r == 0 && (t.c_lflag & ICANON) != 0, r == 0 && (t.c_lflag & ECHO) != 0, r == 0 && (t.c_lflag & ISIG) != 0,
           r == 0 ? t.c_cc[VINTR] : -1);
    printf("tcgetpgrp=%d getpgrp=%d\n", (int)tcgetpgrp(0), (int)getpgrp());
    return 0;
  }
  if (!strcmp(mode, "devtty")) {
    /* /dev/tty: the terminal (its input when stdin is it), or ENXIO */
    int fd = open("/dev/tty", O_RDWR);
    int e = errno;
    printf("devtty open=%s\n", fd >= 0 ? "ok" : en(e));
    if (fd < 0) return 0;
    struct stat st;
    fstat(fd, &st);
    struct winsize ws;
    printf("devtty isatty=%d chr=%d %d,%d winsz=%d\n", isatty(fd), S_ISCHR(st.st_mode), (int)major(st.st_rdev),
           (int)minor(st.st_rdev), ioctl(fd, TIOCGWINSZ, &ws) == 0 ? ws.ws_col : -1);
    dprintf(fd, "written to /dev/tty\n");
    errno = 0;
    int at = (int)lseek(fd, 0, SEEK_CUR);
    e = errno;
    printf("devtty lseek=%d espipe=%d\n", at, e == ESPIPE);
    struct pollfd pf = { fd, POLLOUT, 0 };
    printf("devtty pollout=%d ready\n", poll(&pf, 1, 0) == 1 && (pf.revents & POLLOUT));
    char buf[64];
    ssize_t k = read(fd, buf, sizeof buf - 1);
    e = errno;
    buf[k > 0 ? k : 0] = 0;
    printf("devtty read r=%d errno=%s [%s]\n", (int)k, k < 0 ? en(e) : "0", strtok(buf, "\r\n") ? buf : "");
    return 0;
  }
  if (!strcmp(mode, "raw")) {
    /* raw mode: ^C is a byte; 'q' ends; the original mode comes back */
    struct termios orig, raw;
    if (tcgetattr(0, &orig) < 0) { printf("tcgetattr failed: %s\n", strerror(errno)); return 1; }
    raw = orig;
    cfmakeraw(&raw);
    tcsetattr(0, TCSAFLUSH, &raw);
    struct termios back;
    tcgetattr(0, &back);
    printf("raw isig=%d icanon=%d echo=%d opost=%d\r\n", !!(back.c_lflag & ISIG), !!(back.c_lflag & ICANON),
           !!(back.c_lflag & ECHO), !!(back.c_oflag & OPOST));
    signal(SIGINT, on_sig);
    printf("ready\r\n");
    for (;;) {
      unsigned char c;
      ssize_t k = read(0, &c, 1);
      if (k <= 0) { printf("read r=%d errno=%s\r\n", (int)k, en(errno)); break; }
      printf("byte %d\r\n", c);
      if (c == 'q') break;
    }
    tcsetattr(0, TCSANOW, &orig);
    printf("handled=%d\n", handled);
    return 0;
  }
  if (!strcmp(mode, "cooked")) {
    /* the terminal's ISIG: ^C is SIGINT (a read without SA_RESTART fails) */
    signal(SIGINT, on_sig);
    siginterrupt(SIGINT, 1);
    printf("ready\n");
    char buf[64];
    ssize_t k = read(0, buf, sizeof buf - 1);
    int e = errno;
    printf("cooked r=%d errno=%s handled=%d\n", (int)k, k < 0 ? en(e) : "0", handled);
    return 0;
  }
  if (!strcmp(mode, "line")) {
    /* canonical input: one edited line */
    printf("ready\n");
    char buf[64];
    ssize_t k = read(0, buf, sizeof buf - 1);
    buf[k > 0 ? k : 0] = 0;
    printf("line r=%d [%s]\n", (int)k, strtok(buf, "\n") ? buf : "");
    return 0;
  }
  if (!strcmp(mode, "job")) {
    /* job control: a read of the terminal and a change of its settings
     * ("ignore": with SIGTTIN and SIGTTOU ignored), from whichever group */
    int ignore = argc > 2 && !strcmp(argv[2], "ignore");
    if (ignore) { signal(SIGTTIN, SIG_IGN); signal(SIGTTOU, SIG_IGN); }
    printf("ready fg=%d\n", tcgetpgrp(0) == getpgrp());
    fflush(stdout);
    struct termios t;
    tcgetattr(0, &t);
    int set = tcsetattr(0, TCSANOW, &t);
    int se = errno;
    printf("tcsetattr r=%d errno=%s\n", set, set < 0 ? en(se) : "0");
    fflush(stdout);
    char buf[64];
    ssize_t k = read(0, buf, sizeof buf - 1);
    int e = errno;
    buf[k > 0 ? k : 0] = 0;
    printf("job read r=%d errno=%s [%s]\n", (int)k, k < 0 ? en(e) : "0", strtok(buf, "\n") ? buf : "");
    return 0;
  }
  if (!strcmp(mode, "vtime")) {
    /* out of canonical mode, VMIN 0 and VTIME 3: a read gives 0 bytes after
     * 0.3 s without input, and the bytes at once when there are some */
    struct termios t;
    if (tcgetattr(0, &t) < 0) { printf("tcgetattr failed: %s\n", strerror(errno)); return 1; }
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 3;
    tcsetattr(0, TCSANOW, &t);
    char c;
    double t0 = now_ms();
    ssize_t k = read(0, &c, 1);
    double ms = now_ms() - t0;
    printf("vtime r=%d ms>=250=%d ms<3000=%d\n", (int)k, ms >= 250, ms < 3000);
    printf("ready\n");
    int avail = 0;
    struct pollfd p = {0, POLLIN, 0};
    poll(&p, 1, 10000);
    ioctl(0, FIONREAD, &avail);
    k = read(0, &c, 1);
    printf("vtime r=%d c=%c fionread=%d\n", (int)k, k > 0 ? c : '?', avail);
    t.c_lflag |= ICANON | ECHO;
    tcsetattr(0, TCSANOW, &t);
    return 0;
  }
  if (!strcmp(mode, "pipe")) {
    /* a pipe's readiness follows its state (emscripten's FS's pipes; on
     * wasi the library's own) */
    int fds[2];
    if (pipe(fds) < 0) { printf("pipe r=-1 errno=%s\n", strerror(errno)); return 0; }
    struct pollfd p[2] = {{fds[0], POLLIN, 0}, {fds[1], POLLOUT, 0}};
    int n0 = poll(p, 1, 0);
    int r0 = p[0].revents;
    write(fds[1], "x", 1);
    int n1 = poll(p, 2, 0);
    fd_set r; FD_ZERO(&r); FD_SET(fds[0], &r);
    struct timeval tv = {0, 0};
    int s1 = select(fds[0] + 1, &r, 0, 0, &tv);
    printf("pipe empty=%d/%d full=%d in=%d out=%d select=%d\n", n0, r0, n1, (p[0].revents & POLLIN) != 0,
           (p[1].revents & POLLOUT) != 0, s1);
    return 0;
  }
  if (!strcmp(mode, "winch")) {
    signal(SIGWINCH, on_winch);
    struct winsize ws;
    ioctl(0, TIOCGWINSZ, &ws);
    printf("ready %dx%d\n", ws.ws_col, ws.ws_row);
    int seen = 0;
    while (seen < 1) {
      pause();
      if (winch != seen) {
        seen = winch;
        ioctl(0, TIOCGWINSZ, &ws);
        printf("winch %dx%d\n", ws.ws_col, ws.ws_row);
      }
    }
    return 0;
  }
  fprintf(stderr, "io: unknown mode %s\n", mode);
  return 2;
}
