/* Signal and timer behaviours that LTP's open_posix_testsuite relies on,
 * each checked the same way natively and in a guest of both targets:
 * test/guest/as-native.test.ts builds this with cc and with wasig cc and
 * wants every check to pass in all three. Prints TAP. No check depends on
 * timing beyond bounds that catch a hang. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int n, failed;
#define CHECK(cond, ...) do { n++; if (cond) printf("ok %d - ", n); else { failed++; printf("not ok %d - ", n); } \
  printf(__VA_ARGS__); printf(" (line %d)\n", __LINE__); } while (0)

static volatile sig_atomic_t caught;
static void count(int s) { (void)s; caught++; }

static timer_t timer_for(clockid_t c, int sig) {
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_SIGNAL;
  ev.sigev_signo = sig;
  timer_t t;
  if (timer_create(c, &ev, &t) != 0) printf("# timer_create: %s\n", strerror(errno));
  return t;
}

/* An absolute time already past, on clock c. */
static struct itimerspec past(clockid_t c) {
  struct itimerspec v;
  memset(&v, 0, sizeof v);
  clock_gettime(c, &v.it_value);
  v.it_value.tv_sec -= 1000;
  if (v.it_value.tv_sec <= 0) v.it_value.tv_sec = 0, v.it_value.tv_nsec = 1;
  return v;
}

/* Linux fires a timer armed for a time already past at once, and the
 * system call's return delivers its signal (LTP timer_settime 5-3). */
static void past_timers(void) {
  sigset_t s, pend;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR1);
  sigprocmask(SIG_BLOCK, &s, 0);
  timer_t t = timer_for(CLOCK_REALTIME, SIGUSR1);
  struct itimerspec v = past(CLOCK_REALTIME);
  int r = timer_settime(t, TIMER_ABSTIME, &v, 0);
  sigpending(&pend);
  CHECK(r == 0 && sigismember(&pend, SIGUSR1), "a blocked timer signal armed for a past CLOCK_REALTIME time is pending when timer_settime returns");
  int got;
  sigwait(&s, &got);
  sigprocmask(SIG_UNBLOCK, &s, 0);
  timer_delete(t);

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = count;
  sigaction(SIGALRM, &sa, 0);
  t = timer_for(CLOCK_MONOTONIC, SIGALRM);
  v = past(CLOCK_MONOTONIC);
  caught = 0;
  r = timer_settime(t, TIMER_ABSTIME, &v, 0);
  int at_return = caught;
  CHECK(r == 0 && at_return == 1, "its handler has run when timer_settime returns (CLOCK_MONOTONIC): %d", at_return);
  struct timespec nap = {0, 300000000L}, left = {0, 0};
  v = past(CLOCK_REALTIME);
  timer_delete(t);
  t = timer_for(CLOCK_REALTIME, SIGALRM);
  caught = 0;
  timer_settime(t, TIMER_ABSTIME, &v, 0);
  r = nanosleep(&nap, &left);
  CHECK(r == 0 && caught == 1, "so a sleep that follows is not cut short by it: nanosleep %d (%s), %d signal", r,
        r ? strerror(errno) : "slept", (int)caught);
  timer_delete(t);
  signal(SIGALRM, SIG_DFL);
}

/* LTP clock_gettime 4-1, 7-1, 8-1, 8-2, clock_getres 5-1, 6-1, 6-2, 7-1. */
static void clocks(void) {
  static const int bad[] = {9999, 99999, INT32_MIN, INT32_MAX, -2147483647, -1073743192, 1073743192, -1};
  int wrong = 0;
  struct timespec ts, res;
  for (unsigned i = 0; i < sizeof bad / sizeof *bad; i++) {
    errno = 0;
    if (clock_gettime((clockid_t)(intptr_t)bad[i], &ts) != -1 || errno != EINVAL) wrong++;
    errno = 0;
    if (clock_getres((clockid_t)(intptr_t)bad[i], &res) != -1 || errno != EINVAL) wrong++;
  }
  CHECK(wrong == 0, "clock_gettime and clock_getres of %d unknown clock ids: -1 and EINVAL (%d not)", (int)(sizeof bad / sizeof *bad), wrong);
  static const clockid_t cpu[] = {CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID};
  for (int i = 0; i < 2; i++) {
    struct timespec a = {-1, -1}, b = {-1, -1};
    res.tv_sec = 100000;
    int r = clock_gettime(cpu[i], &a);
    volatile double x = 0;
    for (int k = 0; k < 3000000; k++) x += k;
    int r2 = clock_gettime(cpu[i], &b);
    int g = clock_getres(cpu[i], &res);
    long long ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    CHECK(r == 0 && r2 == 0 && a.tv_nsec >= 0 && a.tv_nsec < 1000000000L && ns > 0 && g == 0 && res.tv_sec == 0 && res.tv_nsec > 0,
          "the %s clock reads, counts the CPU a loop takes (%lld ns) and has a resolution (%ld ns)",
          i ? "thread's CPU-time" : "process's CPU-time", ns, res.tv_nsec);
  }
#ifdef CLOCK_BOOTTIME
  CHECK(clock_gettime(CLOCK_BOOTTIME, &ts) == 0 && clock_getres(CLOCK_BOOTTIME, &res) == 0, "CLOCK_BOOTTIME reads");
#else
  CHECK(1, "no CLOCK_BOOTTIME in wasi-libc");
#endif
}

int main(void) {
  setvbuf(stdout, 0, _IONBF, 0);
  past_timers();
  clocks();
  printf("1..%d\n", n);
  return failed != 0;
}
