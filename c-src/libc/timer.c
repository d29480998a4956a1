/* POSIX per-process timers (timer_create and friends), as Linux has them.
 *
 * A timer lives here, in the guest: its clock (the real-time one, or the
 * process's CPU time), its next expiration and period, how it notifies. The
 * host knows nothing new: guest.c tells it the earliest due time of each
 * clock, this file's timers and the core's itimers together, and runs the
 * expirations at the safe point that follows its trip, as for setitimer.
 *
 * Expirations are counted as Linux counts them: a timer whose signal is
 * still pending when it expires again queues nothing more and adds to that
 * signal's si_overrun instead (a late check counts every period it missed),
 * and timer_getoverrun() answers the overrun of the last signal delivered. */
#include <limits.h>
#include <string.h>
#include <time.h>
#include "internal.h"
#include "sigevent.h"

/* Linux's limit is the process's share of RLIMIT_SIGPENDING; a fixed table
 * is far above POSIX's _POSIX_TIMER_MAX (32). Past it, EAGAIN as on Linux. */
#define TIMERS_MAX 256
/* See wasig__ptimers_due. */
#define PENDING_LOOK_US 1000

typedef struct ptimer {
  int used;
  int which;      /* WASIG_ITIMER_REAL or _PROF: the clock it counts on */
  clockid_t clock;
  int notify;     /* SIGEV_SIGNAL or SIGEV_NONE */
  int signo;
  int value;      /* sigev_value (sival_ptr is 32 bits on wasm32) */
  double due;     /* in wasig__now(which) microseconds; < 0: disarmed */
  double period;
  int overrun;    /* overruns of the signal sent last, while it is pending */
  int overrun_last; /* of the last one delivered: timer_getoverrun() */
  int sent;       /* a signal was sent and not yet seen delivered */
  double checked; /* when expire() last looked, on its clock */
  int absolute;   /* the first expiration is at `abs` on `clock` */
  struct timespec abs;
} ptimer;

static ptimer timers[TIMERS_MAX];

static int fail(int e) {
  errno = e;
  return -1;
}

static ptimer *lookup(timer_t id) {
  uintptr_t i = (uintptr_t)id;
  if (i >= TIMERS_MAX || !timers[i].used) return 0;
  return &timers[i];
}

/* The clocks a timer can count on here. Linux also has BOOTTIME (the same
 * as MONOTONIC for a guest that never suspends) and the ALARM clocks (EPERM
 * without CAP_WAKE_ALARM); everything else is EINVAL. */
static int clock_which(clockid_t c, int *err) {
  if (c == CLOCK_REALTIME || c == CLOCK_MONOTONIC) return WASIG_ITIMER_REAL;
  if (c == CLOCK_PROCESS_CPUTIME_ID || c == CLOCK_THREAD_CPUTIME_ID) return WASIG_ITIMER_PROF;
#if defined(__EMSCRIPTEN__)
  if (c == CLOCK_BOOTTIME || c == CLOCK_TAI) return WASIG_ITIMER_REAL;
  if (c == CLOCK_REALTIME_ALARM || c == CLOCK_BOOTTIME_ALARM) { *err = EPERM; return -1; }
#endif
  *err = EINVAL;
  return -1;
}

/* Whether the signal this timer sent last is still pending, and its record
 * if the core keeps one (a realtime signal's own; a standard signal's one
 * record when it is the timer's). */
static wasig_info *pending_record(ptimer *t) {
  int id = (int)(t - timers);
  uint64_t bit = (uint64_t)1 << (t->signo - 1);
  if (!(P->pending & bit)) return 0;
  if (t->signo < WASIG_SIGRTMIN) {
    wasig_info *r = &P->std_info[t->signo];
    return r->code == SI_TIMER && r->pid == id ? r : 0;
  }
  for (uint32_t i = 0; i < P->rtq_len; i++) {
    wasig_info *r = &P->rtq[i];
    if (r->signo == t->signo && r->code == SI_TIMER && r->pid == id) return r;
  }
  return 0;
}

/* The signal sent last was delivered (or taken by sigwait): its overrun is
 * now the one timer_getoverrun() reports. */
static void settle(ptimer *t) {
  if (t->sent && !pending_record(t)) {
    t->overrun_last = t->overrun;
    t->overrun = 0;
    t->sent = 0;
  }
}

static int add_sat(int a, double b) {
  double s = (double)a + b;
  return s >= (double)DELAYTIMER_MAX ? DELAYTIMER_MAX : (int)s;
}

/* Nanoseconds from the timer's clock now to `at` (exactly: a double of
 * microseconds since the epoch has no room left for them). */
static long long ns_until(clockid_t c, const struct timespec *at) {
  struct timespec now;
  clock_gettime(c, &now);
  long long s = (long long)at->tv_sec - now.tv_sec;
  /* Past ~285 years the nanoseconds overflow: that far is never. */
  if (s > 9000000000LL) return 9000000000LL * 1000000000LL;
  return s * 1000000000LL + (at->tv_nsec - now.tv_nsec);
}

static void expire(ptimer *t, double now) {
  t->checked = now;
  if (t->due < 0 || t->due > now) return;
  if (t->absolute) {
    /* An absolute time is one on the timer's own clock, which may not tick
     * exactly with the host's, nor as finely as the time asked: never expire
     * before that clock reads it (a whole microsecond more at least). */
    long long left = ns_until(t->clock, &t->abs);
    if (left > 0) {
      t->due = now + (double)((left + 999) / 1000);
      return;
    }
    t->absolute = 0;
  }
  double count = 1;
  if (t->period > 0) {
    double missed = (double)(long long)((now - t->due) / t->period);
    count += missed;
    t->due += (missed + 1) * t->period;
  } else {
    t->due = -1;
  }
  if (t->notify != SIGEV_SIGNAL) return;
  settle(t);
  wasig_info *r = pending_record(t);
  if (r) {
    /* Still pending: Linux queues nothing more; the pending siginfo's
     * si_overrun (the uid word, which it shares in siginfo_t) grows. */
    t->overrun = add_sat(t->overrun, count);
    r->uid = t->overrun;
    return;
  }
  t->overrun = add_sat(0, count - 1);
  int id = (int)(t - timers);
  if (wasig_send(P, t->signo, SI_TIMER, id, t->overrun, t->value) == 0) t->sent = 1;
}

void wasig__ptimers_expire(int which, double now) {
  for (int i = 0; i < TIMERS_MAX; i++)
    if (timers[i].used && timers[i].which == which) expire(&timers[i], now);
}

/* The earliest wake-up a timer of this clock needs, and in *sig the signal
 * it sends then, where the host may act on it at once (see wasig_timer_js):
 * 0 for an expiration that only counts an overrun, and for a first absolute
 * one, which only the timer's own clock may decide. */
double wasig__ptimers_due(int which, int *sig) {
  double due = -1;
  *sig = 0;
  for (int i = 0; i < TIMERS_MAX; i++) {
    ptimer *t = &timers[i];
    /* SIGEV_NONE timers need no wake-up: they are read, never delivered. */
    if (!t->used || t->which != which || t->due < 0 || t->notify != SIGEV_SIGNAL) continue;
    double d = t->due;
    int s = t->absolute ? 0 : t->signo;
    /* While its signal is pending, each expiration only counts an overrun
     * (a late look counts every period it missed): a period shorter than
     * PENDING_LOOK_US is not worth a wake-up each. */
    if (t->sent && pending_record(t)) {
      s = 0;
      if (d < t->checked + PENDING_LOOK_US) d = t->checked + PENDING_LOOK_US;
    }
    if (due < 0 || d < due) due = d, *sig = s;
  }
  return due;
}

int timer_create(clockid_t clk, struct sigevent *restrict ev, timer_t *restrict id) {
  wasig__drain();
  int err = 0, which = clock_which(clk, &err);
  if (which < 0) return fail(err);
  int notify = SIGEV_SIGNAL, signo = SIGALRM, value = 0, use_id_value = 1;
  if (ev) {
    notify = wasig__sigevent_notify(ev, wasig__pid());
    if (notify < 0) return fail(-notify);
    use_id_value = 0;
    value = ev->sigev_value.sival_int;
    signo = ev->sigev_signo;
  }
  int i = 0;
  while (i < TIMERS_MAX && timers[i].used) i++;
  if (i == TIMERS_MAX) return fail(EAGAIN);
  ptimer *t = &timers[i];
  memset(t, 0, sizeof *t);
  t->used = 1;
  t->which = which;
  t->clock = clk;
  t->notify = notify;
  t->signo = signo;
  /* A NULL sigevent: SIGEV_SIGNAL, SIGALRM, and the timer's id as value. */
  t->value = use_id_value ? i : value;
  t->due = -1;
  *id = (timer_t)(uintptr_t)i;
  return 0;
}

static double us_of(const struct timespec *ts) {
  return (double)ts->tv_sec * 1e6 + (double)ts->tv_nsec / 1e3;
}

static void to_ts(double us, struct timespec *ts) {
  if (us < 0) us = 0;
  long long ns = (long long)(us * 1000);
  ts->tv_sec = (time_t)(ns / 1000000000LL);
  ts->tv_nsec = (long)(ns % 1000000000LL);
}

static void current(ptimer *t, struct itimerspec *v) {
  double now = wasig__now(t->which);
  expire(t, now);
  if (t->due < 0) {
    to_ts(0, &v->it_value);
  } else {
    /* Due but not yet expired here: still armed, as Linux shows it (1 ns). */
    double left = t->due - now;
    to_ts(left > 0 ? left : 0.001, &v->it_value);
  }
  to_ts(t->period, &v->it_interval);
}

static int valid_ts(const struct timespec *ts) {
  return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000L;
}

int timer_settime(timer_t id, int flags, const struct itimerspec *restrict nv,
                  struct itimerspec *restrict ov) {
  wasig__drain();
  ptimer *t = lookup(id);
  if (!t) return fail(EINVAL);
  if (!nv) return fail(EFAULT);
  if (!valid_ts(&nv->it_value) || !valid_ts(&nv->it_interval)) return fail(EINVAL);
  if (ov) current(t, ov);
  double now = wasig__now(t->which);
  double value = us_of(&nv->it_value);
  if (nv->it_value.tv_sec == 0 && nv->it_value.tv_nsec == 0) {
    t->due = -1;
  } else if (flags & TIMER_ABSTIME) {
    /* An absolute time on the timer's own clock; one already past expires
     * at once. The clock is read before the host's, so that the gap between
     * the two reads makes the timer late, never early. */
    double left = (double)ns_until(t->clock, &nv->it_value) / 1e3;
    now = wasig__now(t->which);
    t->due = now + (left > 0 ? left : 0);
    t->absolute = left > 0;
    t->abs = nv->it_value;
  } else {
    t->due = now + value;
  }
  if (!(flags & TIMER_ABSTIME) || t->due < 0) t->absolute = 0;
  t->period = t->due < 0 ? 0 : us_of(&nv->it_interval);
  t->overrun = 0;
  t->overrun_last = 0;
  t->sent = 0;
  /* An absolute time already past expires in the call: Linux's timer fires
   * at once and the system call's return delivers its signal, so a sleep
   * that follows is not cut short by it, nor does a handler run later. */
  int due_now = t->due >= 0 && t->due <= now;
  if (due_now) expire(t, now);
  wasig__announce(t->which);
  /* A relative timer counts from the call's return: the first call into the
   * host can take milliseconds (lazy compilation, its first message), which
   * a system call never does. The host's trip then comes early by as much,
   * and the safe point re-arms it for the rest. */
  if (t->due >= 0 && !(flags & TIMER_ABSTIME)) t->due += wasig__now(t->which) - now;
  if (due_now) wasig__safepoint();
  return 0;
}

int timer_gettime(timer_t id, struct itimerspec *v) {
  wasig__drain();
  ptimer *t = lookup(id);
  if (!t) return fail(EINVAL);
  if (!v) return fail(EFAULT);
  current(t, v);
  return 0;
}

int timer_getoverrun(timer_t id) {
  wasig__drain();
  ptimer *t = lookup(id);
  if (!t) return fail(EINVAL);
  settle(t);
  return t->overrun_last;
}

int timer_delete(timer_t id) {
  wasig__drain();
  ptimer *t = lookup(id);
  if (!t) return fail(EINVAL);
  int which = t->which;
  /* A signal it already sent stays pending, as on Linux. */
  memset(t, 0, sizeof *t);
  wasig__announce(which);
  return 0;
}
