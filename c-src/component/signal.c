/* <signal.h> for C programs built as components (`wasig cc --component`).
 *
 * Why a library of its own and not c-src/libc: a component cannot share
 * memory with its host or import the env.wasig_*_js functions core-module
 * guests use, and wasig:signals puts the process's signal state (actions,
 * mask, pending set, queues, timers) in the host, behind `control` and
 * `delivery`. So this file keeps only what must stay in the component: the
 * handler addresses (a host cannot call into a component's table) and the
 * calls that run them. Every decision of signal semantics (which signal is
 * next, masks, SA_RESETHAND, coalescing, queue limits, itimers, default
 * actions) is the host's, which implements the interfaces on wasig's core
 * (ts/component/), the same code that core-module guests link.
 *
 * Safe points take from a `deliverable` subscription: every signal call,
 * every wait, wasig_poll(), sched_yield(), and the loops of the program's
 * own code through the preemption pass (its hook is below). Waits are
 * wasi:io/poll over the subscriptions' pollables and a clock pollable. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>
#include <unistd.h>
#include <signal.h>
#include "internal.h"
#include "wit.h"
#include "../libc/ids.h"

#define BIT(s) ((uint64_t)1 << ((s) - 1))

/* wasi-libc's marker functions for SIG_ERR / SIG_IGN / SIG_HOLD (see
 * c-src/include/signal.h). Never called. */
void __SIG_ERR(int sig) { (void)sig; }
void __SIG_IGN(int sig) { (void)sig; }
void __SIG_HOLD(int sig) { (void)sig; }

/* The component's own half of each action: the function to call. */
static struct sigaction handlers[NSIG];

static int fail(int e) { errno = e; return -1; }

int wasig__wit_errno(uint8_t e) {
  switch (e) {
    case WIT_EPERM: return EPERM;
    case WIT_ESRCH: return ESRCH;
    case WIT_EAGAIN: return EAGAIN;
    case WIT_ENOTTY: return ENOTTY;
    default: return EINVAL;
  }
}

/* ---- the component model's allocator: poll's result list lands here ------ */
__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size; (void)align; /* malloc aligns to 16, more than any list here */
  return realloc(old, new_size ? new_size : 1);
}

/* ---- the safe point ---------------------------------------------------------- */

static int32_t deliverable = -1;

static int32_t deliverable_sub(void) {
  if (deliverable < 0) deliverable = wit_subscription_new(0, 0);
  return deliverable;
}

static void fill_info(siginfo_t *si, const wit_siginfo *in) {
  memset(si, 0, sizeof *si);
  si->si_signo = in->signo;
  si->si_code = in->code;
  si->si_errno = in->error_number;
  si->si_pid = in->pid;
  si->si_uid = in->uid;
  /* A timer's id and overrun take the places of si_pid and si_uid. */
  if (in->code == SI_TIMER) si->si_overrun = in->overrun;
  si->si_value.sival_int = in->value;
  if (in->signo == SIGCHLD) si->si_status = in->status;
  if (in->signo == SIGIO) si->si_band = in->band;
}

struct handler_call { const wit_delivery *d; struct sigaction *a; siginfo_t si; };
static ucontext_t uc;

static void call_at(void *arg) {
  struct handler_call *c = arg;
  int sig = c->d->info.signo;
  if (c->d->action.flags & WIT_FLAG_SIGINFO) {
    if (c->a->sa_sigaction) c->a->sa_sigaction(sig, &c->si, &uc);
  } else if (c->a->sa_handler && c->a->sa_handler != SIG_IGN) {
    c->a->sa_handler(sig);
  }
}

void wasig__call_handler(const wit_delivery *d) {
  struct handler_call c = {d, &handlers[d->info.signo], {0}};
  fill_info(&c.si, &d->info);
  if (d->action.flags & WIT_FLAG_SIGINFO) {
    memset(&uc, 0, sizeof uc);
    wasig__to_set(&uc.uc_sigmask, d->restore_mask);
    /* The settings as the signal found them, before it moved onto the
     * stack (Linux saves them so in the frame). */
    sigaltstack(0, &uc.uc_stack);
  }
  /* SA_ONSTACK is the component's to keep (the host carries no stack). */
  if (c.a->sa_flags & SA_ONSTACK) wasig__call_onstack(call_at, &c);
  else call_at(&c);
}

static int run_handler(const wit_delivery *d) {
  wasig__call_handler(d);
  /* sigreturn */
  wit_sigprocmask(WIT_SET_MASK, (int64_t)d->restore_mask);
  return RAN_HANDLER | ((d->action.flags & WIT_FLAG_RESTART) ? 0 : RAN_NORESTART);
}

/* Runs the handler of every signal the host has for us; the host has
 * already applied default actions (it ends or stops us itself). */
int wasig__run_pending(void) {
  int ran = 0;
  wit_option_delivery d;
  for (;;) {
    wit_subscription_take(deliverable_sub(), &d);
    if (!d.is_some) return ran;
    ran |= run_handler(&d.val);
  }
}

void wasig_poll(void) { wasig__run_pending(); }
int sched_yield(void) { wasig__run_pending(); return 0; }

/* The preemption pass (ts/cli/preempt.ts) calls this once per 1024
 * iterations of every loop of the program. An import call through jco costs
 * microseconds (its task bookkeeping, not the host's work: bench/component.mjs
 * measures it), which would double a tight loop's time at every 1024
 * iterations: the hook calls `take` on every 8th call, as an emscripten
 * guest pulls its mailbox, so a busy loop still meets a signal within some
 * 8192 iterations. */
#define PREEMPT_PULL_EVERY 8
static unsigned preempt_count;

void __sanitizer_cov_trace_pc(void) {
  if (++preempt_count < PREEMPT_PULL_EVERY) return;
  preempt_count = 0;
  wasig__run_pending();
}

/* Waits until one of the pollables is ready (or the deadline, ns on the
 * monotonic clock, passes; < 0 none). */
static void wait_for(int32_t sub_a, int32_t sub_b, int64_t deadline) {
  int32_t list[3];
  int n = 0;
  if (sub_a >= 0) list[n++] = wit_subscription_subscribe(sub_a);
  if (sub_b >= 0) list[n++] = wit_subscription_subscribe(sub_b);
  if (deadline >= 0) {
    int64_t left = deadline - wit_clock_now();
    list[n++] = wit_clock_subscribe_duration(left > 0 ? left : 0);
  }
  uint32_t ret[2];
  wit_poll(list, n, ret);
  free((void *)(uintptr_t)ret[0]);
  for (int i = 0; i < n; i++) wit_pollable_drop(list[i]);
}

/* ---- dispositions ------------------------------------------------------------ */

static uint8_t flags_to_wit(int f) {
  return (uint8_t)(((f & SA_SIGINFO) ? WIT_FLAG_SIGINFO : 0) | ((f & SA_RESTART) ? WIT_FLAG_RESTART : 0) |
                   ((f & SA_NODEFER) ? WIT_FLAG_NODEFER : 0) | ((f & SA_RESETHAND) ? WIT_FLAG_RESETHAND : 0) |
                   ((f & SA_NOCLDSTOP) ? WIT_FLAG_NOCLDSTOP : 0));
}

static int flags_from_wit(uint8_t f, int local) {
  /* SA_ONSTACK and the rest the host does not carry stay as set here. */
  int keep = local & ~(SA_SIGINFO | SA_RESTART | SA_NODEFER | SA_RESETHAND | SA_NOCLDSTOP);
  return keep | ((f & WIT_FLAG_SIGINFO) ? SA_SIGINFO : 0) | ((f & WIT_FLAG_RESTART) ? SA_RESTART : 0) |
         ((f & WIT_FLAG_NODEFER) ? (int)SA_NODEFER : 0) | ((f & WIT_FLAG_RESETHAND) ? (int)SA_RESETHAND : 0) |
         ((f & WIT_FLAG_NOCLDSTOP) ? SA_NOCLDSTOP : 0);
}

int sigaction(int sig, const struct sigaction *restrict act, struct sigaction *restrict old) {
  if (!wasig__settable(sig)) return fail(EINVAL);
  int disp = WIT_DISP_DEFAULT;
  if (act) {
    void (*fn)(int) = act->sa_handler;
    if (fn == SIG_ERR || fn == SIG_HOLD) return fail(EINVAL);
    disp = fn == SIG_DFL ? WIT_DISP_DEFAULT : fn == SIG_IGN ? WIT_DISP_IGNORE : WIT_DISP_CATCH;
  }
  wit_action_result r;
  wit_sigaction(sig, act != 0, disp, act ? (int64_t)wasig__set(&act->sa_mask) : 0, act ? flags_to_wit(act->sa_flags) : 0, &r);
  if (r.is_err) return fail(wasig__wit_errno(r.val.err));
  if (old) {
    /* The host's action is the truth (SA_RESETHAND may have reset it); the
     * function is ours. */
    memset(old, 0, sizeof *old);
    const wit_action *h = &r.val.ok;
    if (h->disposition == WIT_DISP_CATCH) old->__sa_handler = handlers[sig].__sa_handler;
    else old->sa_handler = h->disposition == WIT_DISP_IGNORE ? SIG_IGN : SIG_DFL;
    old->sa_flags = flags_from_wit(h->flags, handlers[sig].sa_flags);
    wasig__to_set(&old->sa_mask, h->mask);
  }
  if (act) handlers[sig] = *act;
  wasig__run_pending();
  return 0;
}

/* ---- masks ---------------------------------------------------------------- */

int pthread_sigmask(int how, const sigset_t *restrict set, sigset_t *restrict old) {
  int h = how == SIG_BLOCK ? WIT_BLOCK : how == SIG_UNBLOCK ? WIT_UNBLOCK : how == SIG_SETMASK ? WIT_SET_MASK : -1;
  if (set && h < 0) return EINVAL;
  /* Without a set, BLOCK of nothing reads the mask. */
  uint64_t prev = (uint64_t)wit_sigprocmask(set ? h : WIT_BLOCK, set ? (int64_t)wasig__unreserved(wasig__set(set)) : 0);
  if (old) wasig__to_set(old, prev);
  wasig__run_pending();
  return 0;
}

uint64_t wasig__mask(void) { return (uint64_t)wit_sigprocmask(WIT_BLOCK, 0); }
void wasig__setmask(uint64_t m) { wit_sigprocmask(WIT_SET_MASK, (int64_t)m); }

int sigpending(sigset_t *s) {
  wasig__to_set(s, (uint64_t)wit_sigpending());
  return 0;
}

/* ---- sending ----------------------------------------------------------------- */

static int sent(const wit_unit_result *r) {
  if (r->is_err) return fail(wasig__wit_errno(r->err));
  wasig__run_pending();
  return 0;
}

void wasig__send_self(int sig) {
  wit_unit_result r;
  wit_raise(sig, &r);
}

int raise(int sig) {
  wit_unit_result r;
  wit_raise(sig, &r);
  return sent(&r);
}

int kill(pid_t pid, int sig) {
  wit_unit_result r;
  wit_kill(pid, sig, &r);
  return sent(&r);
}

int killpg(pid_t pg, int sig) {
  if (pg < 0) return fail(EINVAL);
  return kill(-pg, sig);
}

int sigqueue(pid_t pid, int sig, const union sigval value) {
  wit_unit_result r;
  wit_sigqueue(pid, sig, value.sival_int, &r);
  return sent(&r);
}

pid_t getpid(void) { return wit_self_pid(); }
/* The ids themselves (getuid, setuid, <pwd.h>…) are c-src/libc/posix-user.c's,
 * on top of these. wasig:signals has no call that tells the host of a new
 * uid, so a component keeps the one it started with: any change is EPERM. */
int32_t wasig__uid(void) { return wit_self_uid(); }
int wasig__set_ids(int gid, unsigned r, unsigned e, unsigned s) {
  (void)gid; (void)r; (void)e; (void)s;
  return EPERM;
}

/* ---- waits ------------------------------------------------------------------ */

double wasig__now(int which) { (void)which; return (double)wit_clock_now() / 1e3; }

int sigsuspend(const sigset_t *mask) {
  uint64_t old = (uint64_t)wit_sigprocmask(WIT_SET_MASK, (int64_t)wasig__set(mask));
  while (!wasig__run_pending()) wait_for(deliverable_sub(), -1, -1);
  wit_sigprocmask(WIT_SET_MASK, (int64_t)old);
  return fail(EINTR);
}

void wasig__wait_handler(void) { wait_for(deliverable_sub(), -1, -1); }

int pause(void) {
  while (!wasig__run_pending()) wait_for(deliverable_sub(), -1, -1);
  return fail(EINTR);
}

int sigtimedwait(const sigset_t *restrict set, siginfo_t *restrict info, const struct timespec *restrict ts) {
  if (ts && (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L)) return fail(EINVAL);
  int64_t deadline = -1;
  if (ts) deadline = wit_clock_now() + (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
  int32_t sub = wit_subscription_new(1, (int64_t)wasig__set(set));
  int result;
  for (;;) {
    wit_option_delivery d;
    wit_subscription_take(sub, &d);
    if (d.is_some) {
      if (info) {
        fill_info(info, &d.val.info);
        /* glibc folds SI_TKILL (raise, pthread_kill) into SI_USER here, as
         * c-src/libc does; handlers still see SI_TKILL. */
        if (info->si_code == SI_TKILL) info->si_code = SI_USER;
      }
      result = d.val.info.signo;
      break;
    }
    if (wasig__run_pending()) { result = fail(EINTR); break; }
    if (deadline >= 0 && wit_clock_now() >= deadline) { result = fail(EAGAIN); break; }
    wait_for(sub, deliverable_sub(), deadline);
  }
  wit_subscription_drop(sub);
  return result;
}

/* Sleeps end with EINTR when a handler ran, as on Linux whatever SA_RESTART
 * says; `left` gets the time that was left. */
static int sleep_ns(int64_t ns, int64_t *left) {
  int64_t deadline = wit_clock_now() + ns;
  for (;;) {
    if (wasig__run_pending()) {
      int64_t l = deadline - wit_clock_now();
      *left = l > 0 ? l : 0;
      return -1;
    }
    if (wit_clock_now() >= deadline) { *left = 0; return 0; }
    wait_for(deliverable_sub(), -1, deadline);
  }
}

int nanosleep(const struct timespec *req, struct timespec *rem) {
  if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000L) return fail(EINVAL);
  int64_t left;
  if (sleep_ns((int64_t)req->tv_sec * 1000000000 + req->tv_nsec, &left) == 0) return 0;
  if (rem) { rem->tv_sec = left / 1000000000; rem->tv_nsec = left % 1000000000; }
  return fail(EINTR);
}

unsigned sleep(unsigned seconds) {
  int64_t left;
  if (sleep_ns((int64_t)seconds * 1000000000, &left) == 0) return 0;
  /* glibc (sysdeps/posix/sleep.c): the whole seconds left, the fraction
   * dropped, as c-src/libc/time.c does for core-module guests. */
  return (unsigned)(left / 1000000000);
}

int usleep(unsigned us) {
  int64_t left;
  return sleep_ns((int64_t)us * 1000, &left) == 0 ? 0 : fail(EINTR);
}

/* ---- timers ------------------------------------------------------------------ */

static int64_t tv_ns(const struct timeval *t) { return (int64_t)t->tv_sec * 1000000000 + (int64_t)t->tv_usec * 1000; }
static void ns_tv(struct timeval *t, uint64_t ns) {
  /* Rounded up to whole microseconds, as Linux reports timers. */
  uint64_t us = (ns + 999) / 1000;
  t->tv_sec = (time_t)(us / 1000000);
  t->tv_usec = (suseconds_t)(us % 1000000);
}

int setitimer(int which, const struct itimerval *restrict nv, struct itimerval *restrict ov) {
  if (which < 0 || which > 2) return fail(EINVAL);
  if (nv->it_value.tv_sec < 0 || nv->it_value.tv_usec < 0 || nv->it_value.tv_usec >= 1000000 ||
      nv->it_interval.tv_sec < 0 || nv->it_interval.tv_usec < 0 || nv->it_interval.tv_usec >= 1000000)
    return fail(EINVAL);
  wit_itimer_result r;
  wit_setitimer(which, tv_ns(&nv->it_value), tv_ns(&nv->it_interval), &r);
  if (r.is_err) return fail(wasig__wit_errno(r.val.err));
  if (ov) { ns_tv(&ov->it_value, r.val.ok.value); ns_tv(&ov->it_interval, r.val.ok.interval); }
  return 0;
}

int getitimer(int which, struct itimerval *v) {
  if (which < 0 || which > 2) return fail(EINVAL);
  wit_itimer t;
  wit_getitimer(which, &t);
  ns_tv(&v->it_value, t.value);
  ns_tv(&v->it_interval, t.interval);
  return 0;
}

unsigned alarm(unsigned seconds) { return (unsigned)wit_alarm((int32_t)seconds); }
