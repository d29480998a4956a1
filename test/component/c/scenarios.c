/* Scenarios of C programs built with `wasig cc --component`: argv[1] picks
 * one. Each prints what it saw, unbuffered, so that a test reads it while
 * the program still runs. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got, count;
static void on_sig(int sig) { got = sig; count++; }

static void handle(int sig, int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sig;
  sa.sa_flags = flags;
  sigaction(sig, &sa, 0);
}

static int values[16], nvalues;
static void on_rt(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  if (nvalues < 16) values[nvalues++] = sig * 1000 + si->si_value.sival_int;
}

int main(int argc, char **argv) {
  setvbuf(stdout, 0, _IONBF, 0);
  const char *mode = argc > 1 ? argv[1] : "";
  if (!strcmp(mode, "spin")) {
    /* No handler: the default action of whatever comes. */
    printf("ready %d\n", getpid());
    volatile unsigned long n = 0;
    for (;;) n++;
  }
  if (!strcmp(mode, "alarm-spin")) {
    /* Its own alarm at SIG_DFL ends it at the deadline, calls in or not. */
    setitimer(ITIMER_REAL, &(struct itimerval){{0, 0}, {0, 100000}}, 0);
    printf("ready %d\n", getpid());
    volatile unsigned long n = 0;
    for (;;) n++;
  }
  if (!strcmp(mode, "timer-spin")) {
    /* The same with a POSIX timer's signal (SIGUSR2, at SIG_DFL). */
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGUSR2;
    timer_t t;
    timer_create(CLOCK_MONOTONIC, &ev, &t);
    timer_settime(t, 0, &(struct itimerspec){{0, 0}, {0, 100000000}}, 0);
    printf("ready %d\n", getpid());
    volatile unsigned long n = 0;
    for (;;) n++;
  }
  if (!strcmp(mode, "busy")) {
    /* A handler that runs inside a loop with no call in it. */
    handle(SIGUSR1, 0);
    printf("ready %d\n", getpid());
    volatile unsigned long n = 0;
    while (!got) n++;
    printf("handler ran in the busy loop: %d\n", got);
    return 0;
  }
  if (!strcmp(mode, "ticker")) {
    struct timespec ts = {0, 100000000};
    for (int i = 0;; i++) {
      printf("tick %d\n", i);
      nanosleep(&ts, 0);
    }
  }
  if (!strcmp(mode, "timedwait")) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, 0);
    struct timespec t = {0, 300000000};
    int r = sigtimedwait(&s, 0, &t);
    printf("timed out: %d %s\n", r, r < 0 && errno == EAGAIN ? "EAGAIN" : "?");
    printf("waiting\n");
    siginfo_t si;
    t.tv_sec = 30;
    t.tv_nsec = 0;
    r = sigtimedwait(&s, &si, &t);
    printf("woken by %d code %d\n", r, si.si_code);
    return 0;
  }
  if (!strcmp(mode, "sleep")) {
    /* A handled signal ends a sleep early with the time left. */
    handle(SIGUSR1, SA_RESTART);
    printf("sleeping\n");
    unsigned left = sleep(30);
    printf("slept, %u s left, handler %d\n", left, got);
    return 0;
  }
  if (!strcmp(mode, "select") || !strcmp(mode, "poll")) {
    /* A wait on stdin with a 10 s timeout: a handled signal ends it with
     * EINTR, SA_RESTART or not, as on Linux. */
    handle(SIGUSR1, argc > 2 && !strcmp(argv[2], "restart") ? SA_RESTART : 0);
    fd_set r;
    FD_ZERO(&r);
    FD_SET(0, &r);
    struct timeval tv = {10, 0};
    struct pollfd p = {0, POLLIN, 0};
    printf("ready\n");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int n = mode[0] == 's' ? select(1, &r, 0, 0, &tv) : poll(&p, 1, 10000);
    int e = errno;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    printf("%s r=%d errno=%s handled=%d ms=%ld set=%d revents=%d\n", mode, n, n < 0 && e == EINTR ? "EINTR" : "-",
           got, ms, FD_ISSET(0, &r), p.revents);
    return 0;
  }
  if (!strcmp(mode, "alarm")) {
    handle(SIGALRM, 0);
    alarm(1);
    int r = pause();
    printf("pause %d errno %s, alarm %d\n", r, errno == EINTR ? "EINTR" : "?", got);
    return 0;
  }
  if (!strcmp(mode, "masks")) {
    handle(SIGUSR1, 0);
    handle(SIGUSR2, 0);
    sigset_t s, p;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, 0);
    raise(SIGUSR1);
    sigpending(&p);
    printf("blocked, pending %d, handled %d\n", sigismember(&p, SIGUSR1), (int)count);
    sigprocmask(SIG_UNBLOCK, &s, 0);
    printf("unblocked, handled %d (signal %d)\n", (int)count, got);
    /* SA_RESETHAND: the second raise takes the default, Term. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sig;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR2, &sa, 0);
    raise(SIGUSR2);
    sigaction(SIGUSR2, 0, &sa);
    printf("after one: handled %d, now %s\n", (int)count, sa.sa_handler == SIG_DFL ? "SIG_DFL" : "?");
    raise(SIGUSR2);
    printf("not reached\n");
    return 0;
  }
  if (!strcmp(mode, "rt")) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_rt;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN, &sa, 0);
    sigaction(SIGRTMIN + 1, &sa, 0);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGRTMIN);
    sigaddset(&s, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &s, 0);
    union sigval v;
    int order[][2] = {{1, 1}, {0, 2}, {1, 3}, {0, 4}};
    for (int i = 0; i < 4; i++) {
      v.sival_int = order[i][1];
      sigqueue(getpid(), SIGRTMIN + order[i][0], v);
    }
    sigprocmask(SIG_UNBLOCK, &s, 0);
    printf("rt:");
    for (int i = 0; i < nvalues; i++) printf(" %d", values[i]);
    printf("\n");
    return 0;
  }
  if (!strcmp(mode, "kill")) {
    /* kill(2) of another process of the host's table. */
    int pid = atoi(argv[2]), sig = atoi(argv[3]);
    int r = kill(pid, sig);
    printf("kill %d: %d %s\n", pid, r, r == 0 ? "ok" : errno == EPERM ? "EPERM" : errno == ESRCH ? "ESRCH" : "?");
    return 0;
  }
  if (!strcmp(mode, "wait-usr1")) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, 0);
    printf("ready %d\n", getpid());
    siginfo_t si;
    int r = sigwaitinfo(&s, &si);
    printf("got %d from pid %d code %d\n", r, si.si_pid, si.si_code);
    return 0;
  }
  fprintf(stderr, "unknown mode %s\n", mode);
  return 2;
}
