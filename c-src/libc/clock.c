/* clock_gettime and clock_getres in front of the libc's, clock_nanosleep
 * and the calls that would set the clocks: built on POSIX
 * calls alone (nanosleep, clock_gettime), so that core-module guests and
 * components link the same file. */
#include <errno.h>
#include <time.h>
#include <sys/time.h>

#if !defined(WASIG_COMPONENT)
double wasig__now(int which);
#endif

/* Errors are returned, not put in errno (which glibc leaves alone). */
int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem) {
  int saved = errno;
  /* Linux: EINVAL for a clock it cannot sleep on, and for the calling
   * thread's own CPU clock. */
  int known = clk == CLOCK_REALTIME || clk == CLOCK_MONOTONIC || clk == CLOCK_PROCESS_CPUTIME_ID;
#if defined(__EMSCRIPTEN__)
  known = known || clk == CLOCK_BOOTTIME || clk == CLOCK_TAI;
#endif
  if (!known) return EINVAL;
  if (!req || req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000L) return EINVAL;
  if (!(flags & TIMER_ABSTIME)) {
    int r = nanosleep(req, rem) < 0 ? errno : 0;
    errno = saved;
    return r;
  }
  /* Until the clock itself reads the time: the sleep runs on the host's
   * clock, and a clock coarser than the time asked (microseconds on
   * emscripten) must not be read before it, so look again after waking. */
  for (;;) {
    struct timespec now;
    clock_gettime(clk, &now);
    long long s = (long long)req->tv_sec - now.tv_sec;
    /* Past ~285 years the nanoseconds overflow: sleep that far in steps. */
    long long d = s > 9000000000LL ? 9000000000LL * 1000000000LL : s * 1000000000LL + (req->tv_nsec - now.tv_nsec);
    if (d <= 0) break;
    d = (d + 999) / 1000 * 1000;
    struct timespec rel = {(time_t)(d / 1000000000LL), (long)(d % 1000000000LL)};
    if (nanosleep(&rel, 0) < 0) {
      int r = errno;
      errno = saved;
      return r;
    }
  }
  errno = saved;
  return 0;
}

/* The host's clock is not the guest's to set: EPERM, as Linux answers a
 * process without CAP_SYS_TIME (root in a container too), after its EINVAL
 * checks. wasi-libc has neither function, emscripten no settimeofday. */
int clock_settime(clockid_t clk, const struct timespec *ts) {
  if (clk != CLOCK_REALTIME && clk != CLOCK_PROCESS_CPUTIME_ID) { errno = EINVAL; return -1; }
  if (clk == CLOCK_REALTIME && (!ts || ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L)) {
    errno = EINVAL;
    return -1;
  }
  errno = EPERM;
  return -1;
}

int settimeofday(const struct timeval *tv, const struct timezone *tz) {
  (void)tz;
  if (tv && (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)) { errno = EINVAL; return -1; }
  errno = EPERM;
  return -1;
}

/* ---- reading the clocks ----------------------------------------------------
 * The CPU-time clocks of a core-module guest are the ones its clock(),
 * times() and CPU-time timers count: its thread as the host measures it, in
 * microseconds (posix-proc.c). Emscripten has none (EINVAL), and wasi's
 * would be the whole host's. A component keeps wasi's. */
int __real_clock_gettime(clockid_t, struct timespec *);
int __real_clock_getres(clockid_t, struct timespec *);

static int cpu_clock(clockid_t c) { return c == CLOCK_PROCESS_CPUTIME_ID || c == CLOCK_THREAD_CPUTIME_ID; }

/* A clock the underlying libc may be asked about as it is. On wasi a
 * clockid_t points to wasi-libc's record of one of its four clocks: any
 * other value (a number meant for Linux) would be read as one, so it is
 * EINVAL here, as Linux answers an unknown clock. Emscripten checks its own
 * ids, and has no BOOTTIME (MONOTONIC for a guest that never suspends) nor
 * the coarse clocks, which Linux has. */
static int underlying(clockid_t *c) {
#if defined(__EMSCRIPTEN__)
  if (*c == CLOCK_BOOTTIME || *c == CLOCK_MONOTONIC_COARSE) *c = CLOCK_MONOTONIC;
  if (*c == CLOCK_REALTIME_COARSE) *c = CLOCK_REALTIME;
  return 1;
#else
  return *c == CLOCK_REALTIME || *c == CLOCK_MONOTONIC;
#endif
}

/* The guest's own CPU time, or -1 where the libc's clock stands. */
static double cpu_us(clockid_t c) {
#if !defined(WASIG_COMPONENT)
  if (cpu_clock(c)) return wasig__now(2);
#endif
  (void)c;
  return -1;
}

int __wrap_clock_gettime(clockid_t c, struct timespec *ts) {
  double us = cpu_us(c);
  if (us >= 0) {
    ts->tv_sec = (time_t)(us / 1e6);
    ts->tv_nsec = (long)((us - (double)ts->tv_sec * 1e6) * 1e3);
    return 0;
  }
  if (!cpu_clock(c) && !underlying(&c)) { errno = EINVAL; return -1; }
  return __real_clock_gettime(c, ts);
}

int __wrap_clock_getres(clockid_t c, struct timespec *res) {
  if (cpu_us(c) >= 0) {
    if (res) res->tv_sec = 0, res->tv_nsec = 1000;
    return 0;
  }
  if (!cpu_clock(c) && !underlying(&c)) { errno = EINVAL; return -1; }
  return __real_clock_getres(c, res);
}
