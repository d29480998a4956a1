/* POSIX per-process timers of a component: wasig:signals/timer. The host
 * keeps the timers (it runs c-src/libc/timer.c, the file core-module guests
 * link, on the component's process: c-src/component-host), so that they
 * count, overrun and signal as a core-module guest's do; what stays here is
 * what a C library checks before its system call. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include "internal.h"
#include "../libc/sigevent.h"

static int fail(int e) { errno = e; return -1; }

static int wit_clock(clockid_t c) {
  if (c == CLOCK_REALTIME) return WIT_CLOCK_REALTIME;
  if (c == CLOCK_MONOTONIC) return WIT_CLOCK_MONOTONIC;
  if (c == CLOCK_PROCESS_CPUTIME_ID || c == CLOCK_THREAD_CPUTIME_ID) return WIT_CLOCK_CPUTIME;
  return -1;
}

int timer_create(clockid_t clk, struct sigevent *restrict ev, timer_t *restrict id) {
  int clock = wit_clock(clk);
  if (clock < 0) return fail(EINVAL);
  int notify = 0, signo = 0, value = 0;
  if (ev) {
    notify = wasig__sigevent_notify(ev, getpid());
    if (notify < 0) return fail(-notify);
    signo = ev->sigev_signo;
    value = ev->sigev_value.sival_int;
  }
  wit_i32_result r;
  wit_timer_create(clock, ev != 0, notify == SIGEV_SIGNAL, notify == SIGEV_SIGNAL ? signo : 0, value, &r);
  if (r.is_err) return fail(wasig__wit_errno(r.val.err));
  *id = (timer_t)(uintptr_t)(uint32_t)r.val.ok;
  return 0;
}

static void to_its(struct itimerspec *v, const wit_itimerspec *w) {
  v->it_value.tv_sec = (time_t)w->value.seconds;
  v->it_value.tv_nsec = (long)w->value.nanoseconds;
  v->it_interval.tv_sec = (time_t)w->interval.seconds;
  v->it_interval.tv_nsec = (long)w->interval.nanoseconds;
}

static int valid_ts(const struct timespec *ts) {
  return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000L;
}

int timer_settime(timer_t id, int flags, const struct itimerspec *restrict nv, struct itimerspec *restrict ov) {
  if (!nv) return fail(EFAULT);
  /* Negative times are EINVAL: the interface's are unsigned. */
  if (!valid_ts(&nv->it_value) || !valid_ts(&nv->it_interval)) return fail(EINVAL);
  wit_itimerspec_result r;
  wit_timer_settime((int32_t)(uintptr_t)id, (flags & TIMER_ABSTIME) != 0, nv->it_value.tv_sec, (int32_t)nv->it_value.tv_nsec,
                    nv->it_interval.tv_sec, (int32_t)nv->it_interval.tv_nsec, &r);
  if (r.is_err) return fail(wasig__wit_errno(r.val.err));
  if (ov) to_its(ov, &r.val.ok);
  wasig__run_pending();
  return 0;
}

int timer_gettime(timer_t id, struct itimerspec *v) {
  if (!v) return fail(EFAULT);
  wit_itimerspec_result r;
  wit_timer_gettime((int32_t)(uintptr_t)id, &r);
  if (r.is_err) return fail(wasig__wit_errno(r.val.err));
  to_its(v, &r.val.ok);
  return 0;
}

int timer_getoverrun(timer_t id) {
  wit_i32_result r;
  wit_timer_getoverrun((int32_t)(uintptr_t)id, &r);
  if (r.is_err) return fail(wasig__wit_errno(r.val.err));
  return r.val.ok;
}

int timer_delete(timer_t id) {
  wit_unit_result r;
  wit_timer_delete((int32_t)(uintptr_t)id, &r);
  if (r.is_err) return fail(wasig__wit_errno(r.err));
  return 0;
}
