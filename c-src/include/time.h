/* wasig: <time.h> from the target's libc. On wasi, clock() is declared
 * without wasi-libc's deprecation (c-src/libc has a real one: the CPU time
 * the host measures) and CLOCKS_PER_SEC is XSI's and Linux's 1000000. */
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
#ifdef __cplusplus
}
#endif
#endif
#else
#include_next <time.h>
#endif
