/* Pipes and dup in one process, as Linux has them: the same checks pass
 * natively (cc), and on both targets (test/guest/pipes.test.ts). Needs a
 * writable /tmp. Prints TAP. With "sigpipe": writes to a pipe whose read
 * end is closed, with SIGPIPE at its default action (dies of it). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

static int n, failed;
#define CHECK(cond, ...) do { n++; if (cond) printf("ok %d - ", n); else { failed++; printf("not ok %d - ", n); } \
  printf(__VA_ARGS__); printf(" (line %d)\n", __LINE__); fflush(stdout); } while (0)

static volatile sig_atomic_t got_pipe, pipe_code, alarms;
static int fill_fd = -1;

static void on_pipe(int sig, siginfo_t *si, void *u) {
  (void)sig; (void)u;
  got_pipe++;
  pipe_code = si->si_code;
}

/* An alarm that writes into the pipe a read waits on (fill_fd). */
static void on_alarm(int sig) {
  (void)sig;
  alarms++;
  if (fill_fd >= 0) write(fill_fd, "late", 4);
}

static void basics(void) {
  int p[2];
  CHECK(pipe(p) == 0 && p[0] >= 0 && p[1] > p[0], "pipe: two descriptors (%d, %d)", p[0], p[1]);
  struct stat st;
  CHECK(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode), "fstat: a FIFO");
  CHECK((fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY && (fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY,
        "F_GETFL: read end O_RDONLY, write end O_WRONLY");
  CHECK(isatty(p[0]) == 0, "isatty: no");
  errno = 0;
  CHECK(lseek(p[0], 0, SEEK_CUR) == -1 && errno == ESPIPE, "lseek: ESPIPE");
  CHECK(write(p[1], "hello", 5) == 5, "write 5 bytes");
  char buf[16] = {0};
  errno = 0;
  CHECK(write(p[0], "x", 1) == -1 && errno == EBADF, "write to the read end: EBADF");
  errno = 0;
  CHECK(read(p[1], buf, 1) == -1 && errno == EBADF, "read from the write end: EBADF");
  CHECK(read(p[0], buf, 3) == 3 && memcmp(buf, "hel", 3) == 0, "read 3: hel");
  CHECK(read(p[0], buf, sizeof buf) == 2 && memcmp(buf, "lo", 2) == 0, "read the rest: lo (a short read)");

  struct pollfd pf[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
  CHECK(poll(pf, 2, 0) == 1 && pf[0].revents == 0 && pf[1].revents == POLLOUT, "poll: empty, writable");
  write(p[1], "a", 1);
  CHECK(poll(pf, 2, 0) == 2 && pf[0].revents == POLLIN, "poll: readable after a write");
  fd_set r;
  FD_ZERO(&r);
  FD_SET(p[0], &r);
  struct timeval tv = {0, 0};
  CHECK(select(p[0] + 1, &r, 0, 0, &tv) == 1 && FD_ISSET(p[0], &r), "select: readable");
  read(p[0], buf, 1);

  int fl = fcntl(p[0], F_GETFL);
  CHECK(fcntl(p[0], F_SETFL, fl | O_NONBLOCK) == 0 && (fcntl(p[0], F_GETFL) & O_NONBLOCK), "F_SETFL O_NONBLOCK");
  errno = 0;
  CHECK(read(p[0], buf, 1) == -1 && errno == EAGAIN, "empty, non-blocking: EAGAIN");
  fcntl(p[0], F_SETFL, fl);

  /* dup shares the description: one end closed of two is still open. */
  int d = dup(p[1]);
  CHECK(d > p[1], "dup: a new descriptor (%d)", d);
  CHECK(close(p[1]) == 0 && write(d, "z", 1) == 1 && read(p[0], buf, 1) == 1 && buf[0] == 'z',
        "the dup writes after the original is closed");
  int lowest = dup(d);
  CHECK(lowest == p[1], "dup takes the lowest free number (%d)", lowest);
  close(lowest);
  int hi = fcntl(d, F_DUPFD, 20);
  CHECK(hi >= 20, "F_DUPFD from 20: %d", hi);
  close(hi);
  close(d);
  CHECK(read(p[0], buf, 1) == 0, "every write end closed: end of file");
  pf[0].events = POLLIN;
  CHECK(poll(pf, 1, 0) == 1 && (pf[0].revents & POLLHUP), "poll: POLLHUP");
  close(p[0]);
  errno = 0;
  CHECK(close(p[0]) == -1 && errno == EBADF, "closed twice: EBADF");
}

static void capacity(void) {
  int p[2];
  CHECK(pipe2(p, O_NONBLOCK) == 0, "pipe2(O_NONBLOCK)");
  static char big[100000];
  memset(big, 'b', sizeof big);
  CHECK(write(p[1], big, sizeof big) == 65536, "a non-blocking write fills the pipe: 65536 bytes");
  errno = 0;
  CHECK(write(p[1], big, 1) == -1 && errno == EAGAIN, "full: EAGAIN");
  static char back[70000];
  CHECK(read(p[0], back, sizeof back) == 65536, "read it all back");
  CHECK(write(p[1], big, 65436) == 65436, "65436 bytes in");
  errno = 0;
  CHECK(write(p[1], big, 200) == -1 && errno == EAGAIN, "200 more (<= PIPE_BUF) do not fit: none written, EAGAIN");
  close(p[0]);
  close(p[1]);
}

static void sigpipe(void) {
  int p[2];
  pipe(p);
  close(p[0]);
  signal(SIGPIPE, SIG_IGN);
  errno = 0;
  CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE, "no reader, SIGPIPE ignored: EPIPE");
  struct sigaction sa = {0};
  sa.sa_sigaction = on_pipe;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGPIPE, &sa, 0);
  errno = 0;
  CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE && got_pipe == 1, "with a handler: it ran, then EPIPE");
  CHECK(pipe_code == SI_USER, "SIGPIPE's si_code is SI_USER (%d)", (int)pipe_code);
  struct pollfd pf = { p[1], POLLOUT, 0 };
  CHECK(poll(&pf, 1, 0) == 1 && (pf.revents & POLLERR), "poll: POLLERR");
  close(p[1]);
  signal(SIGPIPE, SIG_DFL);
}

static void waits(void) {
  int p[2];
  pipe(p);
  char buf[8] = {0};
  struct sigaction sa = {0};
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, 0);
  alarm(1);
  errno = 0;
  CHECK(read(p[0], buf, sizeof buf) == -1 && errno == EINTR && alarms == 1, "an empty pipe waits; a handler: EINTR");
  sa.sa_flags = SA_RESTART;
  sigaction(SIGALRM, &sa, 0);
  fill_fd = p[1];
  alarm(1);
  CHECK(read(p[0], buf, sizeof buf) == 4 && memcmp(buf, "late", 4) == 0 && alarms == 2,
        "with SA_RESTART the read goes on and gets what the handler wrote");
  fill_fd = -1;
  close(p[0]);
  close(p[1]);
}

static void redirect(void) {
  int p[2];
  pipe(p);
  fflush(stdout);
  int saved = dup(1);
  int over = dup2(p[1], 1);
  printf("into the pipe\n");
  fflush(stdout);
  int back = dup2(saved, 1);
  close(saved);
  CHECK(saved >= 0 && over == 1 && back == 1, "dup2 the write end over stdout, then the saved one back");
  char buf[32] = {0};
  CHECK(read(p[0], buf, sizeof buf) == 14 && strcmp(buf, "into the pipe\n") == 0, "stdout went into the pipe");
  close(p[0]);
  close(p[1]);
  CHECK(dup3(1, 1, 0) == -1 && errno == EINVAL, "dup3 to itself: EINVAL");

  char t[] = "/tmp/wasig-pipes-XXXXXX";
  int fd = mkstemp(t);
  int fd2 = dup(fd);
  CHECK(fd >= 0 && write(fd, "ab", 2) == 2 && lseek(fd2, 0, SEEK_CUR) == 2, "a dup of a file shares its offset");
  close(fd);
  CHECK(lseek(fd2, 0, SEEK_SET) == 0 && read(fd2, buf, 2) == 2 && memcmp(buf, "ab", 2) == 0,
        "the dup reads the file after the original is closed");
  close(fd2);
  unlink(t);
  FILE *f = fopen("/tmp/wasig-pipes-after", "w");
  int lowest = f ? fileno(f) : -1;
  int p2[2];
  pipe(p2);
  CHECK(f && p2[0] > lowest, "files and pipes share one numbering (%d, then %d)", lowest, p2[0]);
  fclose(f);
  unlink("/tmp/wasig-pipes-after");
  close(p2[0]);
  close(p2[1]);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "sigpipe") == 0) {
    int p[2];
    pipe(p);
    close(p[0]);
    printf("writing\n");
    fflush(stdout);
    write(p[1], "x", 1);
    printf("not reached\n");
    return 0;
  }
  basics();
  capacity();
  sigpipe();
  waits();
  redirect();
  printf("1..%d\n", n);
  return failed != 0;
}
