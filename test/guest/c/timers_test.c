/* POSIX per-process timers from a guest, as Linux has them: errors,
 * arming, reading back, what the signal carries (SI_TIMER, si_timerid,
 * si_overrun, si_value), one signal at a time with overruns counted, the
 * CPU-time clock, SIGEV_NONE. Prints TAP; built for both targets by
 * test/guest/timers.test.ts. Time bounds are loose: they catch a timer that
 * never fires or fires at once, not scheduling jitter. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int n, failed;
#define CHECK(cond, ...) do { n++; if (cond) printf("ok %d - ", n); else { failed++; printf("not ok %d - ", n); } \
  printf(__VA_ARGS__); printf(" (line %d)\n", __LINE__); } while (0)

static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
static struct itimerspec its(long v_ms, long i_ms) {
  struct itimerspec s;
  s.it_value.tv_sec = v_ms / 1000; s.it_value.tv_nsec = (v_ms % 1000) * 1000000L;
  s.it_interval.tv_sec = i_ms / 1000; s.it_interval.tv_nsec = (i_ms % 1000) * 1000000L;
  return s;
}
static double ms_of(const struct timespec *t) { return t->tv_sec * 1e3 + t->tv_nsec / 1e6; }
static sigset_t only(int sig) { sigset_t s; sigemptyset(&s); sigaddset(&s, sig); return s; }
static void block(int sig) { sigset_t s = only(sig); sigprocmask(SIG_BLOCK, &s, 0); }
static void unblock(int sig) { sigset_t s = only(sig); sigprocmask(SIG_UNBLOCK, &s, 0); }
static int wait_for(int sig, siginfo_t *si, long ms) {
  sigset_t s = only(sig);
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  return sigtimedwait(&s, si, &ts);
}
static timer_t make(clockid_t c, int notify, int sig, int value) {
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = notify; ev.sigev_signo = sig; ev.sigev_value.sival_int = value;
  timer_t t;
  if (timer_create(c, &ev, &t) != 0) { printf("# timer_create failed: %s\n", strerror(errno)); return (timer_t)-1; }
  return t;
}

static volatile int got, got_code, got_value, got_timerid, got_overrun, handler_overrun;
static timer_t handler_timer;
static void h_info(int s, siginfo_t *si, void *uc) {
  (void)uc; got = s; got_code = si->si_code; got_value = si->si_value.sival_int;
  got_timerid = si->si_timerid; got_overrun = si->si_overrun;
  handler_overrun = timer_getoverrun(handler_timer);
}
static volatile double stamp;
static void h_stamp(int s) { (void)s; stamp = now_ms(); }
static volatile int alarms;
static void h_count(int s) { (void)s; alarms++; }

int main(void) {
  setvbuf(stdout, 0, _IONBF, 0);
  struct sigevent ev;
  timer_t t, t2;
  struct itimerspec v, old;
  siginfo_t si;

  /* ---- errors, as Linux's (glibc passes them through) ---- */
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_SIGNAL; ev.sigev_signo = SIGALRM;
  errno = 0;
  CHECK(timer_create((clockid_t)(intptr_t)99999, &ev, &t) == -1 && errno == EINVAL, "a bad clock id: EINVAL");
  ev.sigev_signo = 0; errno = 0;
  CHECK(timer_create(CLOCK_REALTIME, &ev, &t) == -1 && errno == EINVAL, "signal 0: EINVAL");
  ev.sigev_signo = 65; errno = 0;
  CHECK(timer_create(CLOCK_REALTIME, &ev, &t) == -1 && errno == EINVAL, "signal 65: EINVAL");
  ev.sigev_signo = SIGALRM; ev.sigev_notify = 77; errno = 0;
  CHECK(timer_create(CLOCK_REALTIME, &ev, &t) == -1 && errno == EINVAL, "an unknown sigev_notify: EINVAL");
  ev.sigev_notify = SIGEV_THREAD; errno = 0;
  CHECK(timer_create(CLOCK_REALTIME, &ev, &t) == -1 && errno == EAGAIN, "SIGEV_THREAD: EAGAIN (no thread to run it)");
  ev.sigev_notify = SIGEV_NONE; ev.sigev_signo = 0;
  CHECK(timer_create(CLOCK_MONOTONIC, &ev, &t) == 0, "SIGEV_NONE takes any signal number");
  CHECK(timer_create(CLOCK_REALTIME, 0, &t2) == 0 && t2 != t, "a NULL sigevent; ids differ");
  CHECK(timer_gettime(t2, &v) == 0 && v.it_value.tv_sec == 0 && v.it_value.tv_nsec == 0, "a new timer is disarmed");
  CHECK(timer_delete(t2) == 0, "timer_delete");
  errno = 0;
  CHECK(timer_delete(t2) == -1 && errno == EINVAL, "deleting it again: EINVAL");
  errno = 0;
  CHECK(timer_gettime(t2, &v) == -1 && errno == EINVAL, "timer_gettime of a deleted timer: EINVAL");
  errno = 0;
  CHECK(timer_getoverrun(t2) == -1 && errno == EINVAL, "timer_getoverrun of a deleted timer: EINVAL");
  v = its(1000, 0); errno = 0;
  CHECK(timer_settime(t2, 0, &v, 0) == -1 && errno == EINVAL, "timer_settime of a deleted timer: EINVAL");
  static const long bad[][4] = {{1, -1, 0, 0}, {1, 1000000000, 0, 0}, {-1, 0, 0, 0}, {1, 0, -1, 0}, {1, 0, 0, 1000000000},
                                {0, 0, 0, -1}};
  int all = 1;
  for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    v.it_value.tv_sec = bad[i][0]; v.it_value.tv_nsec = bad[i][1];
    v.it_interval.tv_sec = bad[i][2]; v.it_interval.tv_nsec = bad[i][3];
    errno = 0;
    if (!(timer_settime(t, 0, &v, 0) == -1 && errno == EINVAL)) all = 0;
  }
  CHECK(all, "timer_settime: EINVAL for a negative second or a nanosecond outside [0, 1e9), even disarming");
  errno = 0;
  CHECK(timer_settime(t, 0, 0, 0) == -1 && errno == EFAULT, "timer_settime(NULL): EFAULT");

  /* ---- SIGEV_NONE: counts down, never signals ---- */
  v = its(300, 0);
  CHECK(timer_settime(t, 0, &v, 0) == 0, "arm a SIGEV_NONE timer for 300 ms");
  timer_gettime(t, &v);
  CHECK(ms_of(&v.it_value) > 150 && ms_of(&v.it_value) <= 300, "it counts down (%.1f ms left)", ms_of(&v.it_value));
  v = its(40, 100);
  timer_settime(t, 0, &v, &old);
  CHECK(ms_of(&old.it_value) > 0 && ms_of(&old.it_value) <= 300 && ms_of(&old.it_interval) == 0,
        "timer_settime returns the old setting");
  usleep(200000);
  timer_gettime(t, &v);
  CHECK(ms_of(&v.it_value) > 0 && ms_of(&v.it_value) <= 100 && ms_of(&v.it_interval) == 100,
        "a periodic SIGEV_NONE timer shows the next period (%.1f of 100 ms)", ms_of(&v.it_value));
  sigset_t pend;
  sigpending(&pend);
  CHECK(!sigismember(&pend, SIGALRM) && !sigismember(&pend, 0 + SIGRTMIN), "and sent nothing");
  timer_delete(t);

  /* ---- SIGEV_SIGNAL with SA_SIGINFO: what the signal carries ---- */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = h_info; sa.sa_flags = SA_SIGINFO;
  sigaction(SIGRTMIN, &sa, 0);
  t = make(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGRTMIN, 4242);
  handler_timer = t;
  v = its(50, 0);
  double t0 = now_ms();
  timer_settime(t, 0, &v, 0);
  struct timespec sl = {5, 0}, left;
  int r = nanosleep(&sl, &left);
  double took = now_ms() - t0;
  CHECK(r == -1 && errno == EINTR, "a 50 ms timer interrupts a 5 s nanosleep");
  CHECK(took >= 45 && took < 3000, "after about 50 ms (%.1f)", took);
  CHECK(got == SIGRTMIN && got_code == SI_TIMER, "si_code SI_TIMER (%d)", got_code);
  CHECK(got_value == 4242, "si_value is sigev_value (%d)", got_value);
  CHECK(got_timerid == (int)(intptr_t)t && got_overrun == 0 && handler_overrun == 0,
        "si_timerid is the timer's id, no overrun (%d, %d, %d)", got_timerid, got_overrun, handler_overrun);
  timer_gettime(t, &v);
  CHECK(v.it_value.tv_sec == 0 && v.it_value.tv_nsec == 0, "a one-shot timer is disarmed once it fired");

  /* ---- a NULL sigevent: SIGALRM, the id as si_value ---- */
  block(SIGALRM);
  timer_create(CLOCK_REALTIME, 0, &t2);
  v = its(20, 0);
  timer_settime(t2, 0, &v, 0);
  r = wait_for(SIGALRM, &si, 5000);
  CHECK(r == SIGALRM && si.si_code == SI_TIMER && si.si_value.sival_int == (int)(intptr_t)t2 &&
        si.si_timerid == (int)(intptr_t)t2, "a NULL sigevent sends SIGALRM with the timer id as value (%d %d)", r,
        si.si_value.sival_int);
  timer_delete(t2);
  unblock(SIGALRM);

  /* ---- a periodic timer whose signal stays blocked: one signal, overruns ---- */
  block(SIGRTMIN + 1);
  t2 = make(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGRTMIN + 1, 7);
  v = its(10, 10);
  timer_settime(t2, 0, &v, 0);
  usleep(300000);
  double taken = now_ms();
  r = wait_for(SIGRTMIN + 1, &si, 0);
  CHECK(r == SIGRTMIN + 1 && si.si_code == SI_TIMER, "a blocked periodic timer's signal is pending");
  CHECK(si.si_overrun >= 10 && si.si_overrun <= 40, "its si_overrun counts the periods it missed (%d of ~29)",
        si.si_overrun);
  CHECK(timer_getoverrun(t2) == si.si_overrun, "timer_getoverrun says the same (%d)", timer_getoverrun(t2));
  /* Once it is taken, each new period may queue one more: as many as
   * periods began since (a slow machine lets some pass), never the ~29
   * that expired while it was pending. */
  int more = 0;
  while (wait_for(SIGRTMIN + 1, &si, 0) == SIGRTMIN + 1) more++;
  int periods = 1 + (int)((now_ms() - taken) / 10);
  CHECK(errno == EAGAIN && more <= periods, "only one signal was queued for all those expirations (%d more in %d periods)",
        more, periods);
  r = wait_for(SIGRTMIN + 1, &si, 3000);
  CHECK(r == SIGRTMIN + 1, "the next period sends the next one (overrun %d)", si.si_overrun);
  CHECK(timer_delete(t2) == 0, "timer_delete of a running timer");
  /* A period that ended before the delete (a late wake-up on a loaded
   * machine) sent its signal then, and it stays pending as on Linux. */
  while (wait_for(SIGRTMIN + 1, &si, 0) == SIGRTMIN + 1) {}
  usleep(50000);
  r = wait_for(SIGRTMIN + 1, &si, 0);
  CHECK(r == -1 && errno == EAGAIN, "a deleted timer sends nothing more");
  unblock(SIGRTMIN + 1);

  /* ---- TIMER_ABSTIME ---- */
  block(SIGUSR1);
  t2 = make(CLOCK_REALTIME, SIGEV_SIGNAL, SIGUSR1, 1);
  struct timespec nowts;
  clock_gettime(CLOCK_REALTIME, &nowts);
  v = its(0, 0);
  v.it_value.tv_sec = nowts.tv_sec - 10;
  t0 = now_ms();
  timer_settime(t2, TIMER_ABSTIME, &v, 0);
  r = wait_for(SIGUSR1, &si, 5000);
  CHECK(r == SIGUSR1 && now_ms() - t0 < 2000, "an absolute time in the past expires at once");
  clock_gettime(CLOCK_MONOTONIC, &nowts);
  t2 = make(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGUSR1, 2);
  v = its(0, 0);
  v.it_value = nowts;
  v.it_value.tv_nsec += 150000000;
  if (v.it_value.tv_nsec >= 1000000000) { v.it_value.tv_sec++; v.it_value.tv_nsec -= 1000000000; }
  t0 = now_ms();
  timer_settime(t2, TIMER_ABSTIME, &v, 0);
  timer_gettime(t2, &old);
  CHECK(ms_of(&old.it_value) > 50 && ms_of(&old.it_value) <= 150, "timer_gettime of an absolute timer is relative (%.1f)",
        ms_of(&old.it_value));
  r = wait_for(SIGUSR1, &si, 5000);
  took = now_ms() - t0;
  CHECK(r == SIGUSR1 && si.si_value.sival_int == 2 && took >= 140 && took < 3000,
        "CLOCK_MONOTONIC now + 150 ms fires then (%.1f)", took);
  /* Never before the time on the timer's own clock (the host's clock and
   * the guest's CLOCK_REALTIME are read separately). */
  timer_delete(t2);
  t2 = make(CLOCK_REALTIME, SIGEV_SIGNAL, SIGUSR1, 3);
  int early = 0;
  for (int i = 0; i < 5; i++) {
    struct timespec target, after;
    clock_gettime(CLOCK_REALTIME, &target);
    target.tv_nsec += 30000000 + i * 7000001L;
    if (target.tv_nsec >= 1000000000) { target.tv_sec++; target.tv_nsec -= 1000000000; }
    v = its(0, 0);
    v.it_value = target;
    timer_settime(t2, TIMER_ABSTIME, &v, 0);
    r = wait_for(SIGUSR1, &si, 5000);
    clock_gettime(CLOCK_REALTIME, &after);
    if (r != SIGUSR1 || after.tv_sec < target.tv_sec || (after.tv_sec == target.tv_sec && after.tv_nsec < target.tv_nsec))
      early++;
  }
  CHECK(early == 0, "an absolute CLOCK_REALTIME timer never fires before its time (%d of 5 did)", early);
  v = its(0, 0);
  /* ~35,000 years, whose nanoseconds overflow 64 bits (emscripten's time_t
   * has 32: 2038 then). */
  v.it_value.tv_sec = sizeof(time_t) > 4 ? (time_t)((long long)1 << 40) : (time_t)0x7fffffff;
  timer_settime(t2, TIMER_ABSTIME, &v, 0);
  r = wait_for(SIGUSR1, &si, 100);
  timer_gettime(t2, &old);
  CHECK(r == -1 && errno == EAGAIN && old.it_value.tv_sec > 300000000, "a time years away does not fire now (%d, %lld s left)", r,
        (long long)old.it_value.tv_sec);
  unblock(SIGUSR1);

  /* ---- disarming ---- */
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = h_count;
  sigaction(SIGUSR2, &sa, 0);
  t2 = make(CLOCK_REALTIME, SIGEV_SIGNAL, SIGUSR2, 0);
  v = its(30, 30);
  timer_settime(t2, 0, &v, 0);
  v = its(0, 0);
  timer_settime(t2, 0, &v, &old);
  CHECK(ms_of(&old.it_interval) == 30, "disarming returns the old interval");
  usleep(150000);
  CHECK(alarms == 0, "a disarmed timer sends nothing");
  v = its(20, 20);
  timer_settime(t2, 0, &v, 0);
  t0 = now_ms();
  while (alarms < 3 && now_ms() - t0 < 5000) pause();
  CHECK(alarms >= 3, "re-armed periodic: a handler runs each period (%d)", alarms);
  timer_delete(t2);

  /* ---- the process's CPU-time clock ---- */
  alarms = 0;
  sigaction(SIGVTALRM, &sa, 0);
  t2 = make(CLOCK_PROCESS_CPUTIME_ID, SIGEV_SIGNAL, SIGVTALRM, 0);
  v = its(30, 0);
  timer_settime(t2, 0, &v, 0);
  usleep(200000);
  CHECK(alarms == 0, "a CPU-time timer does not run while the process sleeps");
  t0 = now_ms();
  volatile unsigned long spin = 0;
  while (!alarms && now_ms() - t0 < 10000) spin++;
  CHECK(alarms == 1, "it fires once the process has used 30 ms of CPU (%.1f ms)", now_ms() - t0);
  timer_delete(t2);
  errno = 0;
  CHECK(timer_create(CLOCK_THREAD_CPUTIME_ID, 0, &t2) == 0 && timer_delete(t2) == 0, "CLOCK_THREAD_CPUTIME_ID");

  /* ---- clock_nanosleep, its absolute sleeps on the same footing ---- */
  early = 0;
  for (int i = 0; i < 5; i++) {
    struct timespec target, after;
    clock_gettime(CLOCK_REALTIME, &target);
    target.tv_nsec += 20000000 + i * 7000001L;
    if (target.tv_nsec >= 1000000000) { target.tv_sec++; target.tv_nsec -= 1000000000; }
    r = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &target, 0);
    clock_gettime(CLOCK_REALTIME, &after);
    if (r != 0 || after.tv_sec < target.tv_sec || (after.tv_sec == target.tv_sec && after.tv_nsec < target.tv_nsec))
      early++;
  }
  CHECK(early == 0, "clock_nanosleep(TIMER_ABSTIME) never returns before the clock reads the time (%d of 5 did)", early);
  struct timespec badts = {0, 1000000000L}, okts = {0, 1000};
  errno = 0;
  r = clock_nanosleep(CLOCK_MONOTONIC, 0, &badts, 0);
  CHECK(r == EINVAL && errno == 0, "clock_nanosleep returns EINVAL for a bad time and leaves errno alone");
  CHECK(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &okts, 0) == EINVAL, "clock_nanosleep on the thread's own CPU clock: EINVAL");

  /* ---- sleep() cut short by a handler ---- */
  /* glibc returns the whole seconds nanosleep left (sysdeps/posix/sleep.c):
   * 2.7 s left is 2, where rounding would say 3. The seconds left can only
   * be fewer than when the handler ran, and more than at the return. */
  {
    struct sigaction sa, oldsa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h_stamp;
    sigaction(SIGALRM, &sa, &oldsa);
    unblock(SIGALRM);
    struct itimerval iv = {{0, 0}, {0, 300000}};
    stamp = 0;
    double t0 = now_ms();
    setitimer(ITIMER_REAL, &iv, 0);
    unsigned left = sleep(3);
    double t1 = now_ms();
    double most = (3000 - (stamp - t0)) / 1000, least = (3000 - (t1 - t0)) / 1000;
    CHECK(stamp > 0 && left <= most && left > least - 1,
          "sleep(3) cut short after %.2f s returns the whole seconds left: %u (between %.2f and %.2f left)",
          (stamp - t0) / 1000, left, least, most);
    sigaction(SIGALRM, &oldsa, 0);
  }

  /* ---- limits ---- */
  CHECK(sysconf(_SC_TIMERS) > 0 && sysconf(_SC_DELAYTIMER_MAX) == DELAYTIMER_MAX, "sysconf: timers, DELAYTIMER_MAX");
  timer_t many[40];
  int made = 0;
  for (int i = 0; i < 40; i++) made += timer_create(CLOCK_MONOTONIC, 0, &many[i]) == 0;
  CHECK(made == 40, "at least _POSIX_TIMER_MAX (32) timers");
  for (int i = 0; i < made; i++) timer_delete(many[i]);

  printf("1..%d\n", n);
  return failed ? 1 : 0;
}
