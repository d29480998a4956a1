/* Every libc signal function from a guest: return values, errno, and the
 * order and count of handler calls. Prints TAP; built for both targets by
 * test/guest/libc.test.ts. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdlib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wasig.h>

static int n, failed;
#define CHECK(cond, ...) do { n++; if (cond) printf("ok %d - ", n); else { failed++; printf("not ok %d - ", n); } \
  printf(__VA_ARGS__); printf(" (line %d)\n", __LINE__); } while (0)

static char log_[256];
static int log_len;
static void note(const char *s) { size_t l = strlen(s); if (log_len + l < sizeof log_ - 1) { memcpy(log_ + log_len, s, l); log_len += l; log_[log_len] = 0; } }
static void reset(void) { log_len = 0; log_[0] = 0; }

static volatile int count[65];
static siginfo_t last_info;
static void h_count(int s) { count[s]++; char b[8]; snprintf(b, sizeof b, "%d,", s); note(b); }
static void h_info(int s, siginfo_t *si, void *uc) { (void)uc; count[s]++; last_info = *si; char b[16]; snprintf(b, sizeof b, "%d:%d,", s, si->si_value.sival_int); note(b); }
static int depth, max_depth;
static void h_nested(int s) {
  depth++; if (depth > max_depth) max_depth = depth;
  note("enter,");
  if (count[s]++ == 0) raise(s);
  note("exit,");
  depth--;
}
static void h_masked(int s) { note("usr1-enter,"); raise(SIGUSR2); note("usr1-exit,"); (void)s; }
static void h_usr2(int s) { (void)s; note("usr2,"); }

static void install(int sig, void (*fn)(int), int flags) {
  struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = fn; sa.sa_flags = flags; sigaction(sig, &sa, 0);
}
static void install_info(int sig, int flags) {
  struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_sigaction = h_info; sa.sa_flags = flags | SA_SIGINFO; sigaction(sig, &sa, 0);
}
static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
static sigset_t set_of(int a, int b, int c) { sigset_t s; sigemptyset(&s); if (a) sigaddset(&s, a); if (b) sigaddset(&s, b); if (c) sigaddset(&s, c); return s; }
static int blocked(int sig) { sigset_t cur; sigprocmask(SIG_BLOCK, 0, &cur); return sigismember(&cur, sig); }

/* sigaltstack: where an SA_ONSTACK handler's memory frame lives, and what
 * sigaltstack() reports from inside it. */
static char alt_area[16384] __attribute__((aligned(16)));
static uintptr_t alt_local; static int alt_flags_in, alt_change_err;
static void h_alt(int s) {
  volatile char probe[32]; probe[0] = (char)s; alt_local = (uintptr_t)&probe[0];
  stack_t now, other = {alt_area, 0, sizeof alt_area};
  sigaltstack(0, &now); alt_flags_in = now.ss_flags;
  errno = 0; alt_change_err = sigaltstack(&other, 0) == -1 ? errno : 0;
}
#if !defined(__EMSCRIPTEN__)
static sem_t sem_h;
static void h_post(int s) { (void)s; sem_post(&sem_h); }
#endif
static void *thread_fn(void *a) { return a; }

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  sigset_t s, t;
  int r, st = 0;

  /* sets */
  sigemptyset(&s);
  CHECK(sigismember(&s, SIGINT) == 0 && sigisemptyset(&s), "sigemptyset");
  CHECK(sigaddset(&s, SIGINT) == 0 && sigismember(&s, SIGINT) == 1, "sigaddset/sigismember");
  CHECK(sigaddset(&s, SIGRTMAX) == 0 && sigismember(&s, 64) == 1, "sigaddset SIGRTMAX (64)");
  CHECK(sigdelset(&s, SIGINT) == 0 && sigismember(&s, SIGINT) == 0, "sigdelset");
  errno = 0; r = sigaddset(&s, 0);
  CHECK(r == -1 && errno == EINVAL, "sigaddset(0) EINVAL");
  errno = 0; r = sigaddset(&s, 65);
  CHECK(r == -1 && errno == EINVAL, "sigaddset(65) EINVAL");
  errno = 0; r = sigismember(&s, -1);
  CHECK(r == -1 && errno == EINVAL, "sigismember(-1) EINVAL");
  sigfillset(&s);
  CHECK(sigismember(&s, 1) && sigismember(&s, 31) && sigismember(&s, 34) && sigismember(&s, 64), "sigfillset");
  /* glibc's own 32 and 33: out of every set, never caught or blocked */
  CHECK(sigismember(&s, 32) == 0 && sigismember(&s, 33) == 0, "sigfillset leaves out 32 and 33");
  errno = 0; r = sigaddset(&s, 32);
  CHECK(r == -1 && errno == EINVAL, "sigaddset(32) EINVAL");
  errno = 0; r = sigdelset(&s, 33);
  CHECK(r == -1 && errno == EINVAL, "sigdelset(33) EINVAL");
  {
    struct sigaction q;
    memset(&q, 0, sizeof q);
    q.sa_handler = SIG_IGN;
    errno = 0; r = sigaction(33, &q, 0);
    CHECK(r == -1 && errno == EINVAL, "sigaction(33) EINVAL");
    errno = 0;
    CHECK(signal(32, SIG_IGN) == SIG_ERR && errno == EINVAL, "signal(32) SIG_ERR EINVAL");
    errno = 0; r = sigpause(32);
    CHECK(r == -1 && errno == EINVAL, "sigpause(32) EINVAL");
    sigset_t all, now;
    memset(&all, 0xff, sizeof all);
    sigprocmask(SIG_BLOCK, &all, &t);
    sigprocmask(SIG_SETMASK, &t, &now);
    CHECK(sigismember(&now, 31) && !sigismember(&now, 32) && !sigismember(&now, 33) && sigismember(&now, 34),
          "sigprocmask never blocks 32 and 33");
  }
  t = set_of(SIGHUP, 0, 0); sigset_t u = set_of(SIGINT, 0, 0), v;
  sigorset(&v, &t, &u);
  CHECK(sigismember(&v, SIGHUP) && sigismember(&v, SIGINT), "sigorset");
  sigandset(&v, &t, &u);
  CHECK(sigisemptyset(&v), "sigandset");

  /* numbers are Linux's */
  CHECK(SIGUSR1 == 10 && SIGTERM == 15 && SIGCHLD == 17 && SIGSTOP == 19 && SIGRTMIN == 34 && NSIG == 65, "Linux numbering");
  CHECK(SIG_IGN != SIG_DFL && SIG_IGN != SIG_ERR && SIG_IGN != h_count && SIG_IGN != SIG_HOLD, "SIG_IGN, SIG_ERR, SIG_HOLD are distinct from handlers");

  /* sigaction and signal */
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa); sa.sa_handler = h_count;
  CHECK(sigaction(SIGUSR1, &sa, 0) == 0, "sigaction installs");
  CHECK(sigaction(SIGUSR1, 0, &old) == 0 && old.sa_handler == h_count, "sigaction reads back the handler");
  errno = 0; r = sigaction(SIGKILL, &sa, 0);
  CHECK(r == -1 && errno == EINVAL, "sigaction(SIGKILL) EINVAL");
  errno = 0; r = sigaction(SIGSTOP, &sa, 0);
  CHECK(r == -1 && errno == EINVAL, "sigaction(SIGSTOP) EINVAL");
  errno = 0; r = sigaction(0, &sa, 0);
  CHECK(r == -1 && errno == EINVAL, "sigaction(0) EINVAL");
  errno = 0; r = sigaction(65, &sa, 0);
  CHECK(r == -1 && errno == EINVAL, "sigaction(65) EINVAL");
  CHECK(signal(SIGUSR2, h_usr2) == SIG_DFL, "signal returns SIG_DFL first");
  CHECK(signal(SIGUSR2, SIG_IGN) == h_usr2, "signal returns the previous handler");
  CHECK(signal(SIGUSR2, SIG_DFL) == SIG_IGN, "signal returns SIG_IGN");
  errno = 0;
  CHECK(signal(SIGKILL, h_count) == SIG_ERR && errno == EINVAL, "signal(SIGKILL) SIG_ERR EINVAL");
  errno = 0;
  CHECK(signal(99, h_count) == SIG_ERR && errno == EINVAL, "signal(99) SIG_ERR EINVAL");
  signal(SIGUSR2, h_count);
  sigaction(SIGUSR2, 0, &old);
  CHECK(old.sa_flags & SA_RESTART, "signal() sets SA_RESTART");

  /* raise runs the handler before it returns */
  reset(); count[SIGUSR1] = 0;
  CHECK(raise(SIGUSR1) == 0 && count[SIGUSR1] == 1, "raise runs the handler once, synchronously");
  CHECK(raise(0) == 0, "raise(0) is 0");
  errno = 0; r = raise(65);
  CHECK(r == -1 && errno == EINVAL, "raise(65) EINVAL");

  /* SA_SIGINFO */
  install_info(SIGUSR1, 0);
  raise(SIGUSR1);
  CHECK(last_info.si_signo == SIGUSR1 && last_info.si_code == SI_TKILL && last_info.si_pid == getpid(), "SA_SIGINFO from raise: signo, SI_TKILL, pid");
  kill(getpid(), SIGUSR1);
  CHECK(last_info.si_code == SI_USER && last_info.si_pid == getpid() && last_info.si_uid == getuid(), "kill to self: SI_USER, sender pid and uid");
  union sigval val; val.sival_int = 77;
  CHECK(sigqueue(getpid(), SIGUSR1, val) == 0 && last_info.si_code == SI_QUEUE && last_info.si_value.sival_int == 77, "sigqueue to self: SI_QUEUE and the value");

  /* SA_RESETHAND */
  install(SIGUSR1, h_count, SA_RESETHAND);
  count[SIGUSR1] = 0; raise(SIGUSR1);
  sigaction(SIGUSR1, 0, &old);
  CHECK(count[SIGUSR1] == 1 && old.sa_handler == SIG_DFL, "SA_RESETHAND: runs once, then SIG_DFL");

  /* SA_NODEFER vs default deferral */
  install(SIGUSR1, h_nested, SA_NODEFER);
  reset(); count[SIGUSR1] = 0; max_depth = 0; raise(SIGUSR1);
  CHECK(max_depth == 2 && strcmp(log_, "enter,enter,exit,exit,") == 0, "SA_NODEFER nests: %s", log_);
  install(SIGUSR1, h_nested, 0);
  reset(); count[SIGUSR1] = 0; max_depth = 0; raise(SIGUSR1);
  CHECK(max_depth == 1 && strcmp(log_, "enter,exit,enter,exit,") == 0, "without SA_NODEFER the second waits: %s", log_);

  /* sa_mask */
  memset(&sa, 0, sizeof sa); sa.sa_handler = h_masked; sigemptyset(&sa.sa_mask); sigaddset(&sa.sa_mask, SIGUSR2);
  sigaction(SIGUSR1, &sa, 0); signal(SIGUSR2, h_usr2);
  reset(); raise(SIGUSR1);
  CHECK(strcmp(log_, "usr1-enter,usr1-exit,usr2,") == 0, "sa_mask defers SIGUSR2 until the handler returns: %s", log_);
  CHECK(!blocked(SIGUSR1) && !blocked(SIGUSR2), "the mask is restored after the handler");

  /* masks, pending, order of delivery */
  install(SIGUSR1, h_count, 0); install(SIGUSR2, h_count, 0); install(SIGINT, h_count, 0);
  s = set_of(SIGUSR1, SIGUSR2, SIGINT);
  CHECK(sigprocmask(SIG_BLOCK, &s, &t) == 0, "sigprocmask blocks");
  reset();
  raise(SIGUSR2); raise(SIGUSR1); raise(SIGINT); raise(SIGUSR1);
  CHECK(log_len == 0, "blocked signals do not run");
  sigpending(&t);
  CHECK(sigismember(&t, SIGUSR1) && sigismember(&t, SIGUSR2) && sigismember(&t, SIGINT) && !sigismember(&t, SIGHUP), "sigpending");
  CHECK(sigprocmask(SIG_UNBLOCK, &s, 0) == 0 && strcmp(log_, "2,10,12,") == 0, "unblocking delivers before returning, ascending, coalesced: %s", log_);
  errno = 0; r = sigprocmask(42, &s, 0);
  CHECK(r == -1 && errno == EINVAL, "sigprocmask bad how EINVAL");
  CHECK(pthread_sigmask(42, &s, 0) == EINVAL, "pthread_sigmask bad how returns EINVAL");
  s = set_of(SIGKILL, SIGSTOP, 0); sigprocmask(SIG_BLOCK, &s, 0);
  CHECK(!blocked(SIGKILL) && !blocked(SIGSTOP), "SIGKILL and SIGSTOP cannot be blocked");

  /* realtime signals queue, with their values, in order */
  install_info(SIGRTMIN + 1, 0);
  s = set_of(SIGRTMIN + 1, 0, 0); sigprocmask(SIG_BLOCK, &s, 0);
  reset(); count[SIGRTMIN + 1] = 0;
  for (int i = 1; i <= 3; i++) { val.sival_int = i; sigqueue(getpid(), SIGRTMIN + 1, val); }
  sigprocmask(SIG_UNBLOCK, &s, 0);
  CHECK(count[SIGRTMIN + 1] == 3 && strcmp(log_, "35:1,35:2,35:3,") == 0, "realtime signals queue in order: %s", log_);

  /* SIG_IGN discards */
  s = set_of(SIGUSR1, 0, 0); sigprocmask(SIG_BLOCK, &s, 0);
  raise(SIGUSR1); signal(SIGUSR1, SIG_IGN);
  sigpending(&t);
  CHECK(!sigismember(&t, SIGUSR1), "setting SIG_IGN discards a pending signal");
  sigprocmask(SIG_UNBLOCK, &s, 0);
  count[SIGUSR1] = 0; raise(SIGUSR1);
  CHECK(count[SIGUSR1] == 0, "an ignored signal runs nothing");

  /* sigwait family */
  install(SIGUSR1, h_count, 0); count[SIGUSR1] = 0;
  s = set_of(SIGUSR1, 0, 0); sigprocmask(SIG_BLOCK, &s, 0);
  raise(SIGUSR1);
  int sig = 0;
  CHECK(sigwait(&s, &sig) == 0 && sig == SIGUSR1 && count[SIGUSR1] == 0, "sigwait takes the signal, no handler");
  kill(getpid(), SIGUSR1);
  siginfo_t si;
  CHECK(sigwaitinfo(&s, &si) == SIGUSR1 && si.si_code == SI_USER && si.si_pid == getpid(), "sigwaitinfo with siginfo");
  /* glibc folds raise()'s SI_TKILL into SI_USER in the sigwait family. */
  raise(SIGUSR1);
  CHECK(sigwaitinfo(&s, &si) == SIGUSR1 && si.si_code == SI_USER && si.si_pid == getpid(), "sigwaitinfo: raise() is SI_USER (glibc)");
  pthread_kill(pthread_self(), SIGUSR1);
  CHECK(sigwaitinfo(&s, &si) == SIGUSR1 && si.si_code == SI_USER, "sigwaitinfo: pthread_kill() is SI_USER (glibc)");
  {
    struct timespec one = {1, 0};
    raise(SIGUSR1);
    CHECK(sigtimedwait(&s, &si, &one) == SIGUSR1 && si.si_code == SI_USER, "sigtimedwait: raise() is SI_USER (glibc)");
    union sigval v = {.sival_int = 5};
    sigqueue(getpid(), SIGUSR1, v);
    CHECK(sigtimedwait(&s, &si, &one) == SIGUSR1 && si.si_code == SI_QUEUE && si.si_value.sival_int == 5, "sigtimedwait: sigqueue() stays SI_QUEUE");
  }
  struct timespec ts = {0, 50 * 1000000};
  double t0 = now_ms();
  errno = 0; r = sigtimedwait(&s, &si, &ts);
  double el = now_ms() - t0;
  CHECK(r == -1 && errno == EAGAIN && el >= 45 && el < 2000, "sigtimedwait times out with EAGAIN after %.0f ms", el);
  ts.tv_nsec = -1; errno = 0; r = sigtimedwait(&s, &si, &ts);
  CHECK(r == -1 && errno == EINVAL, "sigtimedwait bad timeout EINVAL");
  ts.tv_sec = 0; ts.tv_nsec = 0; raise(SIGUSR1);
  CHECK(sigtimedwait(&s, &si, &ts) == SIGUSR1, "sigtimedwait zero timeout polls");
  sigprocmask(SIG_UNBLOCK, &s, 0);

  /* timers */
  CHECK(alarm(5) == 0, "alarm returns 0 with none pending");
  CHECK(alarm(0) == 5, "alarm returns the seconds left");
  struct itimerval it, oit;
  memset(&it, 0, sizeof it); it.it_value.tv_sec = 1; it.it_interval.tv_usec = 500000;
  CHECK(setitimer(ITIMER_REAL, &it, &oit) == 0 && oit.it_value.tv_sec == 0 && oit.it_value.tv_usec == 0, "setitimer");
  CHECK(getitimer(ITIMER_REAL, &oit) == 0 && oit.it_value.tv_sec == 0 && oit.it_value.tv_usec > 900000 && oit.it_interval.tv_usec == 500000, "getitimer");
  memset(&it, 0, sizeof it); setitimer(ITIMER_REAL, &it, 0);
  getitimer(ITIMER_REAL, &oit);
  CHECK(oit.it_value.tv_sec == 0 && oit.it_value.tv_usec == 0, "setitimer 0 disarms");
  errno = 0; r = setitimer(7, &it, 0);
  CHECK(r == -1 && errno == EINVAL, "setitimer bad which EINVAL");
  it.it_value.tv_usec = 1000000; errno = 0; r = setitimer(ITIMER_REAL, &it, 0);
  CHECK(r == -1 && errno == EINVAL, "setitimer bad usec EINVAL");

  install(SIGALRM, h_count, 0); count[SIGALRM] = 0;
  memset(&it, 0, sizeof it); it.it_value.tv_usec = 30000; setitimer(ITIMER_REAL, &it, 0);
  t0 = now_ms(); errno = 0; r = pause();
  el = now_ms() - t0;
  CHECK(r == -1 && errno == EINTR && count[SIGALRM] == 1 && el >= 25, "pause returns EINTR after the SIGALRM handler (%.0f ms)", el);

  it.it_value.tv_usec = 30000; setitimer(ITIMER_REAL, &it, 0);
  sigemptyset(&s); errno = 0; r = sigsuspend(&s);
  CHECK(r == -1 && errno == EINTR && count[SIGALRM] == 2, "sigsuspend returns EINTR after the handler");

  s = set_of(SIGALRM, 0, 0); sigprocmask(SIG_BLOCK, &s, 0);
  it.it_value.tv_usec = 30000; setitimer(ITIMER_REAL, &it, 0);
  sigemptyset(&t); r = sigsuspend(&t);
  CHECK(r == -1 && count[SIGALRM] == 3 && blocked(SIGALRM), "sigsuspend swaps the mask in and back");
  sigprocmask(SIG_UNBLOCK, &s, 0);

  it.it_value.tv_usec = 0; it.it_value.tv_sec = 0; it.it_value.tv_usec = 50000; setitimer(ITIMER_REAL, &it, 0);
  double slept0 = now_ms();
  unsigned left = sleep(3);
  double slept = now_ms() - slept0;
  /* glibc returns the whole seconds left, the fraction dropped (2.95 s is 2). */
  CHECK(left == (slept < 1000 ? 2u : slept < 2000 ? 1u : 0u) && count[SIGALRM] == 4,
        "sleep ends early on a handled signal, returns the whole seconds left (%u after %.0f ms)", left, slept);

  it.it_value.tv_usec = 40000; setitimer(ITIMER_REAL, &it, 0);
  struct timespec req = {2, 0}, rem = {0, 0};
  errno = 0; r = nanosleep(&req, &rem);
  CHECK(r == -1 && errno == EINTR && rem.tv_sec == 1 && count[SIGALRM] == 5, "nanosleep EINTR with the time left (%ld.%09ld)", (long)rem.tv_sec, rem.tv_nsec);
  req.tv_nsec = 2000000000L; errno = 0;
  CHECK(nanosleep(&req, 0) == -1 && errno == EINVAL, "nanosleep bad nsec EINVAL");
  /* setting the clock: Linux's EINVAL checks, then EPERM (no CAP_SYS_TIME) */
  struct timespec clk_now; clock_gettime(CLOCK_REALTIME, &clk_now); errno = 0;
  CHECK(clock_settime(CLOCK_REALTIME, &clk_now) == -1 && errno == EPERM, "clock_settime(CLOCK_REALTIME) EPERM");
  errno = 0;
  CHECK(clock_settime(CLOCK_MONOTONIC, &clk_now) == -1 && errno == EINVAL, "clock_settime(CLOCK_MONOTONIC) EINVAL");
  clk_now.tv_nsec = -1; errno = 0;
  CHECK(clock_settime(CLOCK_REALTIME, &clk_now) == -1 && errno == EINVAL, "clock_settime bad nsec EINVAL");
  struct timeval tv_now; gettimeofday(&tv_now, 0); errno = 0;
  CHECK(settimeofday(&tv_now, 0) == -1 && errno == EPERM, "settimeofday EPERM");
  tv_now.tv_usec = 1000000; errno = 0;
  CHECK(settimeofday(&tv_now, 0) == -1 && errno == EINVAL, "settimeofday bad usec EINVAL");
  t0 = now_ms();
  CHECK(usleep(20000) == 0 && now_ms() - t0 >= 19, "usleep sleeps");

  memset(&it, 0, sizeof it); it.it_value.tv_usec = 20000; it.it_interval.tv_usec = 20000;
  count[SIGALRM] = 0; t0 = now_ms();
  setitimer(ITIMER_REAL, &it, 0);
  while (count[SIGALRM] < 3 && now_ms() - t0 < 5000) wasig_poll();
  el = now_ms() - t0;
  /* Disarming does not take back an expiry already sent, and setitimer is
   * itself a safe point: more may land until the host has seen the disarm.
   * What is guaranteed: at least three, no sooner than the intervals allow,
   * and none once the disarm has been seen. */
  memset(&it, 0, sizeof it); setitimer(ITIMER_REAL, &it, 0);
  int fired = count[SIGALRM];
  double t1 = now_ms();
  while (now_ms() - t1 < 200) wasig_poll();
  int settled = count[SIGALRM];
  t1 = now_ms();
  while (now_ms() - t1 < 200) wasig_poll();
  CHECK(fired >= 3 && el >= 50 && count[SIGALRM] == settled,
        "an interval timer fires repeatedly into a busy loop with wasig_poll (%d in %.0f ms), and stops when disarmed (%d then %d)",
        fired, el, settled, count[SIGALRM]);

  alarm(1); count[SIGALRM] = 0; t0 = now_ms();
  while (!count[SIGALRM] && now_ms() - t0 < 5000) sched_yield();
  el = now_ms() - t0;
  CHECK(count[SIGALRM] == 1 && el > 900, "alarm(1) fires into a sched_yield loop after %.0f ms", el);

  /* kill */
  CHECK(kill(getpid(), 0) == 0, "kill(self, 0)");
  errno = 0; r = kill(99999, SIGTERM);
  CHECK(r == -1 && errno == ESRCH, "kill to a missing pid ESRCH");
  errno = 0; r = kill(getpid(), 65);
  CHECK(r == -1 && errno == EINVAL, "kill bad signal EINVAL");
  errno = 0; r = sigqueue(99999, SIGUSR1, val);
  CHECK(r == -1 && errno == ESRCH, "sigqueue to a missing pid ESRCH");
  count[SIGUSR1] = 0;
  CHECK(pthread_kill(pthread_self(), SIGUSR1) == 0 && count[SIGUSR1] == 1, "pthread_kill(self)");
  CHECK(pthread_kill(pthread_self(), 99) == EINVAL, "pthread_kill bad signal EINVAL");

  /* XSI */
  CHECK(sighold(SIGUSR1) == 0 && blocked(SIGUSR1), "sighold blocks");
  count[SIGUSR1] = 0; raise(SIGUSR1);
  CHECK(count[SIGUSR1] == 0 && sigrelse(SIGUSR1) == 0 && !blocked(SIGUSR1) && count[SIGUSR1] == 1, "sigrelse unblocks and delivers");
  CHECK(sigignore(SIGUSR2) == 0 && signal(SIGUSR2, h_count) == SIG_IGN, "sigignore");
  CHECK(sigset(SIGUSR2, SIG_HOLD) == h_count && blocked(SIGUSR2), "sigset SIG_HOLD blocks");
  CHECK(sigset(SIGUSR2, h_usr2) == SIG_HOLD && !blocked(SIGUSR2), "sigset unblocks and reports SIG_HOLD");
  errno = 0;
  CHECK(sighold(0) == -1 && errno == EINVAL, "sighold(0) EINVAL");
  memset(&it, 0, sizeof it); it.it_value.tv_usec = 30000; setitimer(ITIMER_REAL, &it, 0);
  count[SIGALRM] = 0; errno = 0; r = sigpause(SIGALRM);
  CHECK(r == -1 && errno == EINTR && count[SIGALRM] == 1, "sigpause");
  CHECK(siginterrupt(SIGUSR1, 1) == 0 && (sigaction(SIGUSR1, 0, &old), !(old.sa_flags & SA_RESTART)), "siginterrupt(1) clears SA_RESTART");
  CHECK(siginterrupt(SIGUSR1, 0) == 0 && (sigaction(SIGUSR1, 0, &old), (old.sa_flags & SA_RESTART)), "siginterrupt(0) sets SA_RESTART");

  /* BSD masks, as glibc keeps them (dash calls sigsetmask(0) after every error) */
  sigset_t bs;
  sigemptyset(&bs); sigaddset(&bs, SIGRTMIN); sigprocmask(SIG_SETMASK, &bs, 0);
  CHECK(sigblock(sigmask(SIGUSR1) | sigmask(SIGUSR2)) == 0 && blocked(SIGUSR1) && blocked(SIGUSR2), "sigblock adds to the mask, returns the old one");
  CHECK(siggetmask() == (sigmask(SIGUSR1) | sigmask(SIGUSR2)) && blocked(SIGRTMIN), "siggetmask: signals 1..32 only");
  count[SIGUSR1] = 0; raise(SIGUSR1);
  CHECK(count[SIGUSR1] == 0 && sigsetmask(0) == (sigmask(SIGUSR1) | sigmask(SIGUSR2)) && count[SIGUSR1] == 1 && !blocked(SIGUSR1),
        "sigsetmask(0) unblocks and delivers the pending signal");
  CHECK(!blocked(SIGRTMIN), "sigsetmask replaces the whole mask (glibc): a realtime signal is unblocked too");
  errno = 0;
  CHECK(wait3(&st, WNOHANG, 0) == -1 && errno == ECHILD, "wait3 ECHILD (no children)");
  errno = 0;
  CHECK(wait4(-1, &st, 0, 0) == -1 && errno == ECHILD, "wait4 ECHILD (no children)");
  siginfo_t wi; errno = 0;
  CHECK(waitid(P_ALL, 0, &wi, WEXITED) == -1 && errno == ECHILD, "waitid ECHILD (no children)");
  struct stat sb; errno = 0;
  /* Outside every directory the guest was given, as outside a chroot: no
   * such file (a shell searching $PATH says "not found"). */
  CHECK(stat("/wasig-no-such-dir/f", &sb) == -1 && errno == ENOENT && lstat("/wasig-no-such-dir/f", &sb) == -1 && errno == ENOENT,
        "stat of a path the guest cannot see: ENOENT");

  /* the rest */
  CHECK(strcmp(strsignal(SIGINT), "Interrupt") == 0 && strcmp(strsignal(SIGTERM), "Terminated") == 0, "strsignal");
  CHECK(strcmp(strsignal(SIGRTMIN + 2), "Real-time signal 2") == 0, "strsignal realtime");
  psignal(SIGHUP, "psignal test");
  psignal(SIGRTMIN + 1, "psignal rt"); /* glibc: realtime signals are unknown to psignal */
  CHECK(sysconf(_SC_RTSIG_MAX) == 32, "sysconf(_SC_RTSIG_MAX) is glibc's 32");
  CHECK(sysconf(_SC_REALTIME_SIGNALS) > 0 && _POSIX_REALTIME_SIGNALS > 0 && _POSIX_REALTIME_SIGNALS == sysconf(_SC_REALTIME_SIGNALS),
        "realtime signals are there: sysconf(_SC_REALTIME_SIGNALS) and _POSIX_REALTIME_SIGNALS agree");
  CHECK(sysconf(_SC_SIGQUEUE_MAX) == 1024, "sysconf(_SC_SIGQUEUE_MAX) = %ld", sysconf(_SC_SIGQUEUE_MAX));
  CHECK(sysconf(_SC_PAGESIZE) > 0, "other sysconf names still work");
  CHECK(getpid() >= 100, "getpid is the emulated pid %d", (int)getpid());
  errno = 0;
  CHECK(waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD, "waitpid ECHILD (no children)");
  CHECK(WIFSIGNALED(SIGTERM) && WTERMSIG(SIGTERM) == 15 && WIFEXITED(3 << 8) && WEXITSTATUS(3 << 8) == 3, "sys/wait.h macros");

  /* sigaltstack (Linux rules), and SA_ONSTACK handlers really on it */
  stack_t ss, oss;
  CHECK(sigaltstack(0, &oss) == 0 && oss.ss_flags == SS_DISABLE && oss.ss_sp == 0 && oss.ss_size == 0, "sigaltstack starts disabled");
  ss.ss_sp = alt_area; ss.ss_size = MINSIGSTKSZ - 1; ss.ss_flags = 0; errno = 0;
  CHECK(sigaltstack(&ss, 0) == -1 && errno == ENOMEM, "sigaltstack below MINSIGSTKSZ: ENOMEM");
  ss.ss_size = sizeof alt_area; ss.ss_flags = SS_DISABLE | SS_ONSTACK; errno = 0;
  CHECK(sigaltstack(&ss, 0) == -1 && errno == EINVAL, "sigaltstack bad ss_flags: EINVAL");
  ss.ss_flags = 0;
  CHECK(sigaltstack(&ss, 0) == 0 && sigaltstack(0, &oss) == 0 && oss.ss_sp == alt_area && oss.ss_size == sizeof alt_area && oss.ss_flags == 0,
        "sigaltstack reads back what was set");
  install(SIGUSR1, h_alt, SA_ONSTACK);
  alt_local = 0; raise(SIGUSR1);
  CHECK(alt_local >= (uintptr_t)alt_area && alt_local < (uintptr_t)alt_area + sizeof alt_area, "SA_ONSTACK handler's locals live on the alternate stack");
  CHECK(alt_flags_in == SS_ONSTACK && alt_change_err == EPERM, "inside it: SS_ONSTACK, and changing it is EPERM");
  install(SIGUSR1, h_alt, 0);
  alt_local = 0; raise(SIGUSR1);
  CHECK(alt_local && (alt_local < (uintptr_t)alt_area || alt_local >= (uintptr_t)alt_area + sizeof alt_area) && alt_flags_in == 0,
        "without SA_ONSTACK the handler stays on the main stack");
  ss.ss_flags = SS_DISABLE;
  CHECK(sigaltstack(&ss, &oss) == 0 && oss.ss_sp == alt_area && sigaltstack(0, &oss) == 0 && oss.ss_flags == SS_DISABLE && oss.ss_sp == 0,
        "SS_DISABLE turns it off");

  /* no processes or threads can be created: the POSIX failures, not link errors */
  errno = 0;
  CHECK(fork() == -1 && errno == ENOSYS, "fork fails with ENOSYS");
  pthread_t th;
  CHECK(pthread_create(&th, 0, thread_fn, 0) == EAGAIN, "pthread_create fails with EAGAIN");
  /* an unnamed semaphore that a handler posts (wasi: ours; emscripten keeps
   * its own single-thread stubs, see c-src/libc/README.md) */
#if !defined(__EMSCRIPTEN__)
  CHECK(sem_init(&sem_h, 0, 1) == 0 && sem_trywait(&sem_h) == 0 && sem_trywait(&sem_h) == -1 && errno == EAGAIN, "sem_trywait");
  install(SIGALRM, h_post, SA_RESTART);
  memset(&it, 0, sizeof it); it.it_value.tv_usec = 30000; setitimer(ITIMER_REAL, &it, 0);
  CHECK(sem_wait(&sem_h) == 0, "sem_wait returns once a handler posts (SA_RESTART)");
  install(SIGALRM, h_post, 0);
  memset(&it, 0, sizeof it); it.it_value.tv_usec = 30000; setitimer(ITIMER_REAL, &it, 0);
  errno = 0; r = sem_wait(&sem_h);
  CHECK(r == -1 && errno == EINTR && sem_trywait(&sem_h) == 0, "sem_wait fails with EINTR after a handler without SA_RESTART");
#endif

  /* process groups: each guest leads its own */
  CHECK(getpgrp() == getpid() && getpgid(0) == getpid() && getsid(0) == getpid(), "getpgrp/getpgid/getsid are the pid");
  install(SIGUSR2, h_count, 0); count[SIGUSR2] = 0;
  CHECK(killpg(getpgrp(), SIGUSR2) == 0 && count[SIGUSR2] == 1, "killpg(getpgrp()) reaches the guest");
  /* rand() draws glibc's sequence (the default seed is 1) */
  srand(1);
  CHECK(rand() == 1804289383 && rand() == 846930886, "rand() matches glibc after srand(1)");

  /* kill(-1, …) is "everyone but the caller" on Linux: the caller gets nothing */
  install(SIGUSR1, h_count, 0); count[SIGUSR1] = 0;
  /* Signal 0 only checks: 0 when another process exists, else ESRCH. */
  errno = 0; r = kill(-1, 0);
  CHECK(r == 0 || (r == -1 && errno == ESRCH), "kill(-1, 0) is 0 or ESRCH");
  errno = 0; r = kill(-1, SIGUSR1);
  CHECK((r == 0 || (r == -1 && errno == ESRCH)) && count[SIGUSR1] == 0, "kill(-1, sig) leaves the caller alone");
  errno = 0; r = kill(-1, 99);
  CHECK(r == -1 && errno == EINVAL, "kill(-1, bad signal) is still EINVAL");
  /* sigqueue names exactly one process: 0 and negative pids match none */
  val.sival_int = 5;
  errno = 0; r = sigqueue(0, SIGUSR1, val);
  CHECK(r == -1 && errno == ESRCH && count[SIGUSR1] == 0, "sigqueue(0, …) is ESRCH, not a send to our group");
  errno = 0; r = sigqueue(-1, SIGUSR1, val);
  CHECK(r == -1 && errno == ESRCH && count[SIGUSR1] == 0, "sigqueue(-1, …) is ESRCH");
  errno = 0; r = sigqueue(-getpid(), -3, val);
  CHECK(r == -1 && errno == EINVAL, "sigqueue checks the signal before the pid");
  /* a negative pid names no process for getpgid/getsid */
  errno = 0;
  CHECK(getpgid(-1) == -1 && errno == ESRCH, "getpgid(-1) is ESRCH");
  errno = 0;
  CHECK(getsid(-5) == -1 && errno == ESRCH, "getsid(negative) is ESRCH");
  CHECK(setpgrp() == 0 && getpgrp() == getpid(), "setpgrp() keeps the guest its own group leader");

  printf("1..%d\n# %d failed\n", n, failed);
  return failed ? 1 : 0;
}
