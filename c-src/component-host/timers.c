/* The host's half of wasig:signals/timer: the POSIX timers of a component,
 * kept in its worker beside the process's signal state.
 *
 * This is c-src/libc/timer.c, the very file core-module guests link, built
 * into the module that holds the component's process struct (with the core:
 * wasm/component-host.wasm), so that a component's timers count, overrun and
 * signal exactly as a core-module guest's do. What a guest's libc gives
 * timer.c (its process, clocks, the host's wake-up) is given here by the
 * host: the clocks are imports, and a change of the earliest due time is
 * left in a word the host reads after each call, because a core call never
 * calls back into the host's signal code (c-src/core/boundary.h). */
#include <string.h>
#include <time.h>
#include "../libc/internal.h"

wasig_proc wasig__proc;


static int32_t announce_bits;

double wasig__now(int which) { return wasig_now_js(which); }
void wasig__announce(int which) { announce_bits |= 1 << which; }
/* The host drains the mailbox before every call it makes here. */
void wasig__drain(void) {}
/* A timer that expires in timer_settime leaves its signal pending here: the
 * component's own next safe point delivers it, as after its raise. */
int wasig__safepoint(void) { return 0; }
int32_t wasig__pid(void) { return P->pid; }
int wasig__valid(int sig) { return sig >= 1 && sig < NSIG; }

/* The component's process: this module holds one. */
WASIG_EXPORT(wasig_component_proc) wasig_proc *wasig_component_proc(int32_t pid, int32_t uid) {
  wasig_proc_init(P, pid, uid);
  return P;
}

/* The clocks whose due time changed since the last call (bit ITIMER_*). */
WASIG_EXPORT(wasig_ptimers_announced) int32_t wasig_ptimers_announced(void) {
  int32_t b = announce_bits;
  announce_bits = 0;
  return b;
}

static int32_t due_sig;
/* The earliest due time of the timers that signal on clock `which` (-1:
 * none); wasig_ptimers_due_sig() the signal it sends then (0: none yet). */
WASIG_EXPORT(wasig_ptimers_due) double wasig_ptimers_due(int32_t which) {
  int sig;
  double d = wasig__ptimers_due(which, &sig);
  due_sig = sig;
  return d;
}
WASIG_EXPORT(wasig_ptimers_due_sig) int32_t wasig_ptimers_due_sig(void) { return due_sig; }
WASIG_EXPORT(wasig_ptimers_expire) void wasig_ptimers_expire(int32_t which, double now_us) {
  wasig__ptimers_expire(which, now_us);
}

/* Failures as the core returns them: negated Linux errno values. */
static int32_t failed(void) { return -(errno == EAGAIN ? WASIG_EAGAIN : errno == EPERM ? WASIG_EPERM : WASIG_EINVAL); }

static const clockid_t clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID};

/* notify: -1 a NULL sigevent, 0 SIGEV_NONE, 1 SIGEV_SIGNAL. The id, or a
 * negated errno. */
WASIG_EXPORT(wasig_ptimer_create)
int32_t wasig_ptimer_create(int32_t clock, int32_t notify, int32_t signo, int32_t value) {
  if (clock < 0 || clock > 2) return -WASIG_EINVAL;
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = notify == 1 ? SIGEV_SIGNAL : SIGEV_NONE;
  ev.sigev_signo = signo;
  ev.sigev_value.sival_int = value;
  timer_t id;
  if (timer_create(clocks[clock], notify < 0 ? 0 : &ev, &id) != 0) return failed();
  return (int32_t)(uintptr_t)id;
}

/* An itimerspec as four doubles (seconds are exact in a double far past
 * any time_t a timer can hold; nanoseconds beside them). */
static double io[4];
WASIG_EXPORT(wasig_ptimer_io) double *wasig_ptimer_io(void) { return io; }

static void put(const struct itimerspec *v) {
  io[0] = (double)v->it_value.tv_sec;
  io[1] = (double)v->it_value.tv_nsec;
  io[2] = (double)v->it_interval.tv_sec;
  io[3] = (double)v->it_interval.tv_nsec;
}

/* The new setting in io[], the old one to io[] after. 0 or a negated errno. */
WASIG_EXPORT(wasig_ptimer_settime) int32_t wasig_ptimer_settime(int32_t id, int32_t absolute) {
  struct itimerspec nv, ov;
  nv.it_value.tv_sec = (time_t)io[0];
  nv.it_value.tv_nsec = (long)io[1];
  nv.it_interval.tv_sec = (time_t)io[2];
  nv.it_interval.tv_nsec = (long)io[3];
  if (timer_settime((timer_t)(uintptr_t)id, absolute ? TIMER_ABSTIME : 0, &nv, &ov) != 0) return failed();
  put(&ov);
  return 0;
}

WASIG_EXPORT(wasig_ptimer_gettime) int32_t wasig_ptimer_gettime(int32_t id) {
  struct itimerspec v;
  if (timer_gettime((timer_t)(uintptr_t)id, &v) != 0) return failed();
  put(&v);
  return 0;
}

WASIG_EXPORT(wasig_ptimer_getoverrun) int32_t wasig_ptimer_getoverrun(int32_t id) {
  int r = timer_getoverrun((timer_t)(uintptr_t)id);
  return r < 0 ? failed() : r;
}

WASIG_EXPORT(wasig_ptimer_delete) int32_t wasig_ptimer_delete(int32_t id) {
  return timer_delete((timer_t)(uintptr_t)id) != 0 ? failed() : 0;
}
