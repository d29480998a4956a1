/* wasig: on emscripten, its own <pthread.h>. Debian's wasi-libc has none:
 * this one declares what signal code uses for its single thread. */
#if defined(__EMSCRIPTEN__)
#include_next <pthread.h>
#else
#ifndef _PTHREAD_H
#define _PTHREAD_H
#define __NEED_pthread_t
#include <bits/alltypes.h>
#include <signal.h>
#ifdef __cplusplus
extern "C" {
#endif
pthread_t pthread_self(void);
int pthread_equal(pthread_t, pthread_t);
/* pthread_kill and pthread_sigmask are declared in <signal.h>. */
#ifdef __cplusplus
}
#endif
#endif
#endif
