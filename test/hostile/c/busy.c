/* A guest that never reaches a safe point on its own: built with
 * --no-preempt, its loops call nothing of wasig. A signal whose default ends
 * it must end it anyway, at once, as on Linux; one it catches or blocks
 * must not. test/hostile/ends-at-once.test.ts runs each mode. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>

static volatile sig_atomic_t got;
static void on_sig(int s) { got = s; }

/* Work the optimizer cannot drop, with no call in it. */
static volatile uint32_t sink;
static void spin(void) {
  for (uint32_t x = 1;; x = x * 1103515245u + 12345u) sink = x;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  int sig = argc > 2 ? atoi(argv[2]) : SIGTERM;

  if (!strcmp(mode, "spin")) {
    /* Output written before the end is not lost. */
    printf("ready\n");
    fflush(stdout);
    spin();
  }
  if (!strcmp(mode, "memset")) {
    /* Inside libc: a memset longer than any test waits. */
    size_t n = 64u << 20;
    char *m = malloc(n);
    printf("ready\n");
    fflush(stdout);
    for (;;) memset(m, (int)sink++, n);
  }
  if (!strcmp(mode, "handler")) {
    /* Caught: the handler runs (at the next safe point, pause()). */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sig;
    sigaction(sig, &sa, 0);
    printf("ready\n");
    fflush(stdout);
    while (!got) pause();
    printf("handled %d\n", got);
    return 0;
  }
  if (!strcmp(mode, "blocked") || !strcmp(mode, "unblock")) {
    /* Blocked: it stays pending (sigpending() is no safe point). Then, for
     * "unblock", unblocked with no safe point after but the library's own:
     * it ends there. */
    sigset_t s, p;
    sigemptyset(&s);
    sigaddset(&s, sig);
    sigprocmask(SIG_BLOCK, &s, 0);
    printf("ready\n");
    fflush(stdout);
    do sigpending(&p); while (!sigismember(&p, sig));
    printf("pending %d\n", sig);
    fflush(stdout);
    if (!strcmp(mode, "unblock")) sigprocmask(SIG_UNBLOCK, &s, 0);
    return 0;
  }
  if (!strcmp(mode, "reset")) {
    /* A handler, then SIG_DFL again: from then on the signal ends it. */
    signal(sig, on_sig);
    signal(sig, SIG_DFL);
    printf("ready\n");
    fflush(stdout);
    spin();
  }
  if (!strcmp(mode, "alarm") || !strcmp(mode, "itimer") || !strcmp(mode, "ptimer") ||
      !strcmp(mode, "timer-blocked") || !strcmp(mode, "timer-handled")) {
    /* Its own timer's signal: the same end at once as one sent by another
     * (ptimer: SIGUSR1 from timer_create; the others SIGALRM), and none
     * when the signal is blocked or caught. */
    struct itimerval it = {{0, 0}, {0, 100000}};
    if (!strcmp(mode, "timer-blocked")) {
      sigset_t s;
      sigemptyset(&s);
      sigaddset(&s, SIGALRM);
      sigprocmask(SIG_BLOCK, &s, 0);
    }
    if (!strcmp(mode, "timer-handled")) signal(SIGALRM, on_sig);
    if (!strcmp(mode, "alarm")) {
      alarm(1);
    } else if (!strcmp(mode, "ptimer")) {
      struct sigevent ev;
      memset(&ev, 0, sizeof ev);
      ev.sigev_notify = SIGEV_SIGNAL;
      ev.sigev_signo = SIGUSR1;
      timer_t t;
      struct itimerspec ts = {{0, 0}, {0, 100000000}};
      if (timer_create(CLOCK_MONOTONIC, &ev, &t) || timer_settime(t, 0, &ts, 0)) return 3;
    } else {
      setitimer(ITIMER_REAL, &it, 0);
    }
    printf("ready\n");
    fflush(stdout);
    if (!strcmp(mode, "timer-handled")) {
      while (!got) pause();
      printf("handled %d\n", got);
      return 0;
    }
    spin();
  }
  fprintf(stderr, "unknown mode %s\n", mode);
  return 2;
}
