/* POSIX <signal.h> on the wasig core: dispositions, masks, sending, waits. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "internal.h"

#if !defined(__EMSCRIPTEN__)
/* wasi-libc's marker functions for SIG_ERR / SIG_IGN (its libc defines them
 * only in libwasi-emulated-signal, which wasig replaces), and ours for
 * SIG_HOLD. Never called. */
void __SIG_ERR(int sig) { (void)sig; }
void __SIG_IGN(int sig) { (void)sig; }
void __SIG_HOLD(int sig) { (void)sig; }
#endif

#define BIT(s) ((uint64_t)1 << ((s) - 1))

static int fail(int e) {
  errno = e;
  return -1;
}

int __libc_current_sigrtmin(void) { return SIGRTMIN; }
int __libc_current_sigrtmax(void) { return SIGRTMAX; }

/* ---- dispositions ------------------------------------------------------------ */

static void (*handler_of(int kind, int32_t h))(int) {
  if (kind == WASIG_DISP_IGN) return SIG_IGN;
  if (kind == WASIG_DISP_HANDLER) return (void (*)(int))(uintptr_t)(uint32_t)h;
  return SIG_DFL;
}

int sigaction(int sig, const struct sigaction *restrict act, struct sigaction *restrict old) {
  wasig__drain();
  if (!wasig__settable(sig)) return fail(EINVAL);
  if (old) {
    memset(old, 0, sizeof *old);
    int kind = wasig_get_action(P, sig, 0);
    int32_t h = wasig_get_action(P, sig, 1);
    uint32_t flags = (uint32_t)wasig_get_action(P, sig, 2);
    if (kind == WASIG_DISP_HANDLER && (flags & SA_SIGINFO))
      old->sa_sigaction = (void (*)(int, siginfo_t *, void *))(uintptr_t)(uint32_t)h;
    else
      old->sa_handler = handler_of(kind, h);
    old->sa_flags = (int)flags;
    uint64_t m = (uint32_t)wasig_get_action(P, sig, 3) |
                 ((uint64_t)(uint32_t)wasig_get_action(P, sig, 4) << 32);
    wasig__to_set(&old->sa_mask, m);
  }
  if (!act) return 0;
  if (sig == SIGKILL || sig == SIGSTOP) return fail(EINVAL);
  void (*fn)(int) = act->sa_handler;
  int kind = WASIG_DISP_HANDLER;
  int32_t h = (int32_t)(uintptr_t)fn;
  if (fn == SIG_DFL) kind = WASIG_DISP_DFL, h = 0;
  else if (fn == SIG_IGN) kind = WASIG_DISP_IGN, h = 0;
  else if (fn == SIG_ERR || fn == SIG_HOLD) return fail(EINVAL);
  uint64_t m = wasig__set(&act->sa_mask);
  int r = wasig_set_action(P, sig, kind, h, (uint32_t)act->sa_flags, (uint32_t)m,
                           (uint32_t)(m >> 32));
  if (r < 0) return fail(wasig__errno(-r));
  wasig__publish();
  return 0;
}

void (*bsd_signal(int sig, void (*fn)(int)))(int) { return signal(sig, fn); }

/* ---- sending ----------------------------------------------------------------- */

static int send_self(int sig, int code, int value) {
  if (sig == 0) return 0;
  int r = wasig_send(P, sig, code, wasig__pid(), wasig__uid(), value);
  if (r < 0) return fail(wasig__errno(-r));
  wasig__safepoint();
  return 0;
}

int raise(int sig) {
  wasig__drain();
  if (sig < 0 || sig >= WASIG_NSIG) return fail(EINVAL);
  return send_self(sig, SI_TKILL, 0);
}

static int send_to(pid_t pid, int sig, int code, int value) {
  wasig__drain();
  if (sig < 0 || sig >= WASIG_NSIG) return fail(EINVAL);
  int32_t me = wasig__pid();
  /* 0 (our own group) includes ourselves. -1 is "everyone we may signal
   * except ourselves" on Linux (kernel/signal.c kill_something_info skips
   * the caller's thread group): the host's process table broadcasts it, and
   * answers ESRCH when there was nobody else, as Linux does. */
  if (pid == me || pid == 0 || pid == -me) return send_self(sig, code, value);
  if (pid < -1) pid = -pid;
  int r = wasig_kill_js(pid, sig, code, value);
  if (r < 0) return fail(wasig__errno(-r));
  wasig__safepoint();
  return 0;
}

/* glibc's abort: SIGABRT unblocked and raised, so a handler runs first; if
 * the program is still there (the handler returned, or SIGABRT was ignored),
 * SIG_DFL and again, which ends it by SIGABRT. The libcs' own trap (wasi) or
 * JavaScript exception (emscripten) ran no handler. */
_Noreturn void abort(void) {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGABRT);
  sigprocmask(SIG_UNBLOCK, &s, 0);
  raise(SIGABRT);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  sigfillset(&sa.sa_mask);
  sigaction(SIGABRT, &sa, 0);
  sigprocmask(SIG_UNBLOCK, &s, 0);
  raise(SIGABRT);
  __builtin_trap();
}

int kill(pid_t pid, int sig) { return send_to(pid, sig, SI_USER, 0); }
int killpg(pid_t pg, int sig) {
  if (pg < 0) return fail(EINVAL);
  return send_to(pg, sig, SI_USER, 0);
}

int sigqueue(pid_t pid, int sig, const union sigval value) {
  /* rt_sigqueueinfo names one process: 0 and negative pids name none (ESRCH
   * on Linux, after the signal number is checked). */
  if (pid <= 0) {
    wasig__drain();
    if (sig < 0 || sig >= WASIG_NSIG) return fail(EINVAL);
    return fail(ESRCH);
  }
  return send_to(pid, sig, SI_QUEUE, value.sival_int);
}

/* ---- masks ---------------------------------------------------------------- */

int pthread_sigmask(int how, const sigset_t *restrict set, sigset_t *restrict old) {
  wasig__drain();
  uint64_t prev = P->blocked;
  if (set) {
    uint64_t m = wasig__unreserved(wasig__set(set));
    int r = wasig_sigmask(P, how, (uint32_t)m, (uint32_t)(m >> 32));
    if (r < 0) return wasig__errno(-r);
    wasig__publish();
  }
  if (old) wasig__to_set(old, prev);
  /* Newly unblocked pending signals are delivered before we return. */
  wasig__run_pending();
  return 0;
}

int sigpending(sigset_t *s) {
  wasig__drain();
  wasig__to_set(s, P->pending & P->blocked);
  return 0;
}

int sighold(int sig) {
  sigset_t s;
  sigemptyset(&s);
  if (sigaddset(&s, sig) < 0) return -1;
  return sigprocmask(SIG_BLOCK, &s, 0);
}

int sigrelse(int sig) {
  sigset_t s;
  sigemptyset(&s);
  if (sigaddset(&s, sig) < 0) return -1;
  return sigprocmask(SIG_UNBLOCK, &s, 0);
}

int sigignore(int sig) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_IGN;
  return sigaction(sig, &sa, 0);
}

void (*sigset(int sig, void (*fn)(int)))(int) {
  sigset_t s, old;
  struct sigaction sa, prev;
  if (!wasig__settable(sig)) { errno = EINVAL; return SIG_ERR; }
  sigemptyset(&s);
  sigaddset(&s, sig);
  if (fn == SIG_HOLD) {
    if (sigaction(sig, 0, &prev) < 0) return SIG_ERR;
    if (sigprocmask(SIG_BLOCK, &s, &old) < 0) return SIG_ERR;
    return sigismember(&old, sig) ? SIG_HOLD : prev.sa_handler;
  }
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  if (sigaction(sig, &sa, &prev) < 0) return SIG_ERR;
  if (sigprocmask(SIG_UNBLOCK, &s, &old) < 0) return SIG_ERR;
  return sigismember(&old, sig) ? SIG_HOLD : prev.sa_handler;
}

/* The BSD masks glibc keeps (sigblock, sigsetmask, siggetmask): an int whose
 * bit N-1 is signal N, for signals 1..32. As glibc, sigsetmask replaces the
 * whole mask (the realtime signals above 32 end up unblocked). */
static int old_mask(int how, int mask) {
  sigset_t s, old;
  wasig__to_set(&s, (uint64_t)(uint32_t)mask);
  if (sigprocmask(how, &s, &old) < 0) return -1;
  return (int)(uint32_t)wasig__set(&old);
}

int sigblock(int mask) { return old_mask(SIG_BLOCK, mask); }
int sigsetmask(int mask) { return old_mask(SIG_SETMASK, mask); }
int siggetmask(void) { return old_mask(SIG_BLOCK, 0); }

/* ---- waits ------------------------------------------------------------------ */

int sigsuspend(const sigset_t *mask) {
  wasig__drain();
  uint64_t old = P->blocked;
  wasig__setmask(wasig__set(mask));
  for (;;) {
    if (wasig__safepoint()) break;
    wasig__block(-1);
  }
  wasig__setmask(old);
  return fail(EINTR);
}

int sigpause(int sig) {
  sigset_t s;
  if (!wasig__settable(sig)) return fail(EINVAL);
  wasig__drain();
  wasig__to_set(&s, P->blocked & ~BIT(sig));
  return sigsuspend(&s);
}

int pause(void) {
  for (;;) {
    if (wasig__safepoint()) return fail(EINTR);
    wasig__block(-1);
  }
}

static int valid_ts(const struct timespec *ts) {
  return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000L;
}

static int timedwait(uint64_t m, siginfo_t *restrict info, const struct timespec *restrict ts);

int sigtimedwait(const sigset_t *restrict set, siginfo_t *restrict info,
                 const struct timespec *restrict ts) {
  if (ts && !valid_ts(ts)) return fail(EINVAL);
  uint64_t m = wasig__set(set);
  /* Nested waits (one in a handler) wait for their own sets. */
  uint64_t outer = wasig__waiting;
  wasig__waiting = outer | m;
  wasig__publish();
  int r = timedwait(m, info, ts);
  int e = errno;
  wasig__waiting = outer;
  wasig__publish();
  errno = e;
  return r;
}

static int timedwait(uint64_t m, siginfo_t *restrict info, const struct timespec *restrict ts) {
  double deadline = -1;
  if (ts) deadline = wasig__now(WASIG_ITIMER_REAL) + (double)ts->tv_sec * 1e6 + (double)ts->tv_nsec / 1e3;
  for (;;) {
    wasig__drain();
    int sig = wasig_take(P, (uint32_t)m, (uint32_t)(m >> 32));
    if (sig) {
      if (info) {
        wasig__fill_info(info, &P->out);
        /* glibc (sysdeps/unix/sysv/linux/sigtimedwait.c) folds the kernel's
         * SI_TKILL, which raise() and pthread_kill() produce, into SI_USER
         * here, whoever sent it; handlers still see SI_TKILL. */
        if (info->si_code == SI_TKILL) info->si_code = SI_USER;
      }
      return sig;
    }
    if (wasig__run_pending()) return fail(EINTR);
    if (ts && wasig__now(WASIG_ITIMER_REAL) >= deadline) return fail(EAGAIN);
    wasig__block(deadline);
  }
}

/* ---- single thread ------------------------------------------------------------ */

int pthread_kill(pthread_t t, int sig) {
  (void)t;
  wasig__drain();
  if (sig < 0 || sig >= WASIG_NSIG) return EINVAL;
  if (sig == 0) return 0;
  int r = wasig_send(P, sig, SI_TKILL, wasig__pid(), wasig__uid(), 0);
  if (r < 0) return wasig__errno(-r);
  wasig__safepoint();
  return 0;
}
