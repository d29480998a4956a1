/* wasig: <time.h> from the target's libc. On wasi, clock() is declared
 * without wasi-libc's deprecation (c-src/libc has a real one: the CPU time
 * the host measures), CLOCKS_PER_SEC is XSI's and Linux's 1000000, and the
 * POSIX timers wasi-libc hides are declared (c-src/libc/timer.c has them on
 * both targets). */
#if defined(__wasi__) && !defined(__EMSCRIPTEN__)
#ifndef WASIG_TIME_H
#define WASIG_TIME_H
#define clock __wasilibc_clock
#include_next <time.h>
#undef clock
#undef CLOCKS_PER_SEC
#define CLOCKS_PER_SEC ((clock_t)1000000)
#ifdef __cplusplus
extern "C" {
#endif
clock_t clock(void);
struct sigevent;
int timer_create(clockid_t, struct sigevent *__restrict, timer_t *__restrict);
int timer_delete(timer_t);
int timer_settime(timer_t, int, const struct itimerspec *__restrict, struct itimerspec *__restrict);
int timer_gettime(timer_t, struct itimerspec *);
int timer_getoverrun(timer_t);
/* c-src/libc/time.c: EPERM (the host's clock is not the guest's to set). */
int clock_settime(clockid_t, const struct timespec *);
#ifdef __cplusplus
}
#endif
#endif
#else
#include_next <time.h>
#endif
