/* The sigevent checks of timer_create(2), as Linux's good_sigevent() makes
 * them: for both the core-module guests' timers (timer.c, which the
 * component host runs too) and a component's library (c-src/component/
 * timer.c), which refuses what the host would before calling it. A NULL
 * sigevent is the caller's default. */
#ifndef WASIG_LIBC_SIGEVENT_H
#define WASIG_LIBC_SIGEVENT_H
#include <errno.h>
#include <signal.h>
#include <stdint.h>

#ifndef SIGEV_THREAD_ID
#define SIGEV_THREAD_ID 4
#endif

/* SIGEV_SIGNAL or SIGEV_NONE, how a timer of ev notifies process pid, or a
 * negated errno. */
static inline int wasig__sigevent_notify(const struct sigevent *ev, int pid) {
  int notify = ev->sigev_notify;
  if (notify == SIGEV_THREAD_ID) {
    /* The one thread's id is the pid; the tid shares the slot of
     * sigev_notify_function (glibc's union). */
    if ((int)(uintptr_t)ev->sigev_notify_function != pid) return -EINVAL;
    notify = SIGEV_SIGNAL;
  } else if (notify == SIGEV_THREAD) {
    /* glibc runs these in a helper thread; a guest has no thread to give
     * (pthread_create fails with EAGAIN), and glibc reports that the same
     * way. Use SIGEV_SIGNAL with a handler instead. */
    return -EAGAIN;
  } else if (notify != SIGEV_SIGNAL && notify != SIGEV_NONE) {
    return -EINVAL;
  }
  /* A component passes the signal as a u8: a larger one must not wrap. */
  if (notify == SIGEV_SIGNAL && (ev->sigev_signo < 1 || ev->sigev_signo >= NSIG)) return -EINVAL;
  return notify;
}

#endif
