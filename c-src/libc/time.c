/* Timers and sleeps of a guest: alarm, setitimer/getitimer, and sleeps that
 * a handled signal ends early (EINTR and the time left), as on Linux. */
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include "internal.h"

int setitimer(int which, const struct itimerval *restrict nv, struct itimerval *restrict ov) {
  wasig__drain();
  if (which < 0 || which > 2 || !nv) { errno = EINVAL; return -1; }
  if (nv->it_value.tv_sec < 0 || nv->it_value.tv_usec < 0 || nv->it_value.tv_usec >= 1000000 ||
      nv->it_interval.tv_sec < 0 || nv->it_interval.tv_usec < 0 ||
      nv->it_interval.tv_usec >= 1000000) {
    errno = EINVAL;
    return -1;
  }
  double v = (double)nv->it_value.tv_sec * 1e6 + (double)nv->it_value.tv_usec;
  double i = (double)nv->it_interval.tv_sec * 1e6 + (double)nv->it_interval.tv_usec;
  int r = wasig_setitimer(P, which, wasig__now(which), v, i);
  if (r < 0) { errno = wasig__errno(-r); return -1; }
  if (ov) {
    long long ov_v = (long long)P->out_d[0], ov_i = (long long)P->out_d[1];
    ov->it_value.tv_sec = (time_t)(ov_v / 1000000);
    ov->it_value.tv_usec = (suseconds_t)(ov_v % 1000000);
    ov->it_interval.tv_sec = (time_t)(ov_i / 1000000);
    ov->it_interval.tv_usec = (suseconds_t)(ov_i % 1000000);
  }
  wasig__announce(which);
  return 0;
}

int getitimer(int which, struct itimerval *v) {
  wasig__drain();
  if (which < 0 || which > 2) { errno = EINVAL; return -1; }
  wasig_getitimer(P, which, wasig__now(which));
  long long a = (long long)P->out_d[0], b = (long long)P->out_d[1];
  v->it_value.tv_sec = (time_t)(a / 1000000);
  v->it_value.tv_usec = (suseconds_t)(a % 1000000);
  v->it_interval.tv_sec = (time_t)(b / 1000000);
  v->it_interval.tv_usec = (suseconds_t)(b % 1000000);
  return 0;
}

unsigned alarm(unsigned seconds) {
  wasig__drain();
  unsigned r = wasig_alarm(P, wasig__now(WASIG_ITIMER_REAL), seconds);
  wasig__announce(WASIG_ITIMER_REAL);
  return r;
}

useconds_t ualarm(useconds_t value, useconds_t interval) {
  struct itimerval nv, ov;
  memset(&nv, 0, sizeof nv);
  nv.it_value.tv_sec = value / 1000000;
  nv.it_value.tv_usec = value % 1000000;
  nv.it_interval.tv_sec = interval / 1000000;
  nv.it_interval.tv_usec = interval % 1000000;
  if (setitimer(ITIMER_REAL, &nv, &ov) < 0) return (useconds_t)-1;
  return (useconds_t)(ov.it_value.tv_sec * 1000000 + ov.it_value.tv_usec);
}

/* Sleeps until the deadline; a handler that runs ends it early. */
static int sleep_us(double us, double *left) {
  double deadline = wasig__now(WASIG_ITIMER_REAL) + us;
  for (;;) {
    if (wasig__safepoint()) {
      double l = deadline - wasig__now(WASIG_ITIMER_REAL);
      *left = l > 0 ? l : 0;
      return -1;
    }
    if (wasig__now(WASIG_ITIMER_REAL) >= deadline) return 0;
    wasig__block(deadline);
  }
}

int nanosleep(const struct timespec *req, struct timespec *rem) {
  if (!req || req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000L) {
    errno = EINVAL;
    return -1;
  }
  double left = 0;
  if (sleep_us((double)req->tv_sec * 1e6 + (double)req->tv_nsec / 1e3, &left) == 0) return 0;
  if (rem) {
    long long ns = (long long)(left * 1000);
    rem->tv_sec = (time_t)(ns / 1000000000LL);
    rem->tv_nsec = (long)(ns % 1000000000LL);
  }
  errno = EINTR;
  return -1;
}

unsigned sleep(unsigned seconds) {
  double left = 0;
  if (sleep_us((double)seconds * 1e6, &left) == 0) return 0;
  /* glibc (posix/sleep.c): the whole seconds left, the fraction dropped. */
  return (unsigned)(left / 1e6);
}

int usleep(unsigned us) {
  struct timespec ts = {(time_t)(us / 1000000), (long)(us % 1000000) * 1000};
  return nanosleep(&ts, 0);
}
