/* wasig: <sys/time.h> from the target's libc, plus the interval timers that
 * Debian's wasi-libc leaves out (emscripten's declares them already). */
#ifndef WASIG_SYS_TIME_H
#define WASIG_SYS_TIME_H
#include_next <sys/time.h>
#if defined(__wasi__) && !defined(__EMSCRIPTEN__)
#ifdef __cplusplus
extern "C" {
#endif
#define ITIMER_REAL    0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF    2
struct itimerval {
  struct timeval it_interval;
  struct timeval it_value;
};
int getitimer(int, struct itimerval *);
int setitimer(int, const struct itimerval *__restrict, struct itimerval *__restrict);
/* c-src/libc/time.c: EPERM (the host's clock is not the guest's to set). */
int settimeofday(const struct timeval *, const struct timezone *);
#ifdef __cplusplus
}
#endif
#endif
#endif
