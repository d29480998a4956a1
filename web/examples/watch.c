/* watch: a guest for the terminal page. It blocks SIGUSR1, SIGUSR2, SIGHUP
 * and SIGWINCH and takes them with sigtimedwait (10 s at a time), printing
 * each one's siginfo; SIGWINCH carries the terminal's new size in si_value
 * (columns in the low 16 bits, rows in the high ones), and COLUMNS/LINES hold
 * the size at start; ioctl(TIOCGWINSZ) reads the terminal's size itself. Ctrl+C (SIGINT) runs a handler that ends the loop. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

static volatile sig_atomic_t interrupted;
static void on_int(int sig) { (void)sig; interrupted = 1; }

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  const char *cols = getenv("COLUMNS"), *rows = getenv("LINES");
  printf("watch: the terminal is %sx%s. Waiting in sigtimedwait for SIGUSR1, SIGUSR2, SIGHUP, SIGWINCH; Ctrl+C ends\n",
         cols ? cols : "?", rows ? rows : "?");
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_int;
  sigaction(SIGINT, &sa, NULL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGWINCH);
  sigprocmask(SIG_BLOCK, &set, NULL);
  while (!interrupted) {
    struct timespec timeout = {10, 0};
    siginfo_t si;
    int sig = sigtimedwait(&set, &si, &timeout);
    if (sig < 0) {
      if (errno == EAGAIN) printf("watch: nothing in 10 s, still waiting\n");
      else if (errno != EINTR) { perror("watch: sigtimedwait"); return 1; }
      continue;
    }
    if (sig == SIGWINCH) {
      int v = si.si_value.sival_int;
      struct winsize ws;
      int r = ioctl(1, TIOCGWINSZ, &ws);
      printf("watch: SIGWINCH: the terminal is now %dx%d (TIOCGWINSZ: %dx%d)\n", v & 0xffff, (v >> 16) & 0xffff,
             r == 0 ? ws.ws_col : -1, r == 0 ? ws.ws_row : -1);
    } else {
      printf("watch: got %s (%d) \"%s\" from pid %d, si_code %d\n",
             sig == SIGUSR1 ? "SIGUSR1" : sig == SIGUSR2 ? "SIGUSR2" : "SIGHUP", sig, strsignal(sig), (int)si.si_pid, si.si_code);
    }
  }
  printf("watch: SIGINT caught by my handler, bye\n");
  return 130;
}
