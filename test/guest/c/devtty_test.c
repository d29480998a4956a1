/* A program whose stdin is a pipe and whose keyboard is /dev/tty, as a
 * pager's: built natively and with wasig cc for both targets, run on a pty
 * (test/guest/run-on-pty.py --stdin-pipe) with the same keys typed, and the
 * transcripts compared (test/guest/tty.test.ts). Each "ready ..." line says
 * which key the test types next. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

static volatile sig_atomic_t handled;
static int tty = -1;
/* Says so on the terminal: the test types the next key after it. */
static void on_int(int sig) {
  (void)sig;
  handled++;
  if (tty >= 0) write(tty, "[handler]\r\n", 11);
}

static const char *en(int e) { return e == EINTR ? "EINTR" : e == ENXIO ? "ENXIO" : e == EIO ? "EIO" : strerror(e); }

/* One byte from the terminal: the result, the byte, errno and the handler's count. */
static void key(int fd, const char *what) {
  unsigned char c = 0;
  errno = 0;
  ssize_t r = read(fd, &c, 1);
  int e = errno;
  dprintf(fd, "%s: read r=%d byte=%d errno=%s handled=%d\r\n", what, (int)r, r == 1 ? c : -1, r < 0 ? en(e) : "0", (int)handled);
}

static void modes(int fd, const char *when) {
  struct termios t;
  if (tcgetattr(fd, &t) < 0) { dprintf(fd, "%s: tcgetattr %s\r\n", when, en(errno)); return; }
  dprintf(fd, "%s: icanon=%d echo=%d isig=%d opost=%d vmin=%d\r\n", when, !!(t.c_lflag & ICANON), !!(t.c_lflag & ECHO),
          !!(t.c_lflag & ISIG), !!(t.c_oflag & OPOST), t.c_cc[VMIN]);
}

int main(void) {
  printf("stdin isatty=%d\n", isatty(0));
  fflush(stdout);
  int fd = tty = open("/dev/tty", O_RDWR);
  if (fd < 0) {
    printf("open /dev/tty: %s\n", en(errno));
    return 0;
  }
  struct stat st;
  fstat(fd, &st);
  struct winsize ws;
  int wr = ioctl(fd, TIOCGWINSZ, &ws);
  dprintf(fd, "/dev/tty chr=%d %d,%d isatty=%d foreground=%d size=%dx%d\r\n", S_ISCHR(st.st_mode), (int)major(st.st_rdev),
          (int)minor(st.st_rdev), isatty(fd), tcgetpgrp(fd) == getpgrp(), wr == 0 ? ws.ws_col : -1, wr == 0 ? ws.ws_row : -1);
  modes(fd, "at start");

  struct termios orig, raw;
  tcgetattr(fd, &orig);
  raw = orig;
  cfmakeraw(&raw);
  tcsetattr(fd, TCSAFLUSH, &raw);
  modes(fd, "raw");
  /* ISIG off: ^C is a byte like any other, no signal. */
  signal(SIGINT, on_int);
  dprintf(fd, "ready key\r\n");
  key(fd, "a key");
  dprintf(fd, "ready ^C\r\n");
  key(fd, "^C without ISIG");

  /* ISIG on with a handler and no SA_RESTART: ^C is SIGINT, the read fails with EINTR. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_int;
  sigaction(SIGINT, &sa, 0);
  struct termios sig = raw;
  sig.c_lflag |= ISIG;
  tcsetattr(fd, TCSANOW, &sig);
  dprintf(fd, "ready ^C isig\r\n");
  key(fd, "^C with ISIG");
  /* With SA_RESTART the read goes on after the handler and takes the next key. */
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, 0);
  dprintf(fd, "ready ^C isig restart\r\n");
  key(fd, "^C with ISIG and SA_RESTART, then a key");

  tcsetattr(fd, TCSANOW, &orig);
  modes(fd, "restored");
  /* stdin is still the pipe, apart from the keyboard. */
  char line[64] = "";
  ssize_t n = read(0, line, sizeof line - 1);
  line[n > 0 ? n : 0] = 0;
  line[strcspn(line, "\n")] = 0;
  printf("stdin read r=%d [%s]\n", (int)n, line);
  return 0;
}
