/* The <signal.h> functions that are other <signal.h> functions underneath:
 * signal and siginterrupt (sigaction), sigprocmask (pthread_sigmask),
 * sigwaitinfo and sigwait (sigtimedwait). Written once for core-module
 * guests (c-src/libc/signal.c) and components (c-src/component/signal.c),
 * which each give the functions below them. */
#include <errno.h>
#include <signal.h>
#include <string.h>

void (*signal(int sig, void (*fn)(int)))(int) {
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = SA_RESTART; /* BSD and glibc semantics */
  if (sigaction(sig, &sa, &old) < 0) return SIG_ERR;
  return old.sa_handler;
}

int siginterrupt(int sig, int flag) {
  struct sigaction sa;
  if (sigaction(sig, 0, &sa) < 0) return -1;
  if (flag) sa.sa_flags &= ~SA_RESTART;
  else sa.sa_flags |= SA_RESTART;
  if (sig == SIGKILL || sig == SIGSTOP) {
    errno = EINVAL;
    return -1;
  }
  return sigaction(sig, &sa, 0);
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old) {
  int r = pthread_sigmask(how, set, old);
  if (!r) return 0;
  errno = r;
  return -1;
}

int sigwaitinfo(const sigset_t *restrict set, siginfo_t *restrict info) {
  return sigtimedwait(set, info, 0);
}

int sigwait(const sigset_t *restrict set, int *restrict sig) {
  for (;;) {
    int r = sigtimedwait(set, 0, 0);
    if (r > 0) {
      *sig = r;
      return 0;
    }
    if (errno != EINTR) return errno;
  }
}
