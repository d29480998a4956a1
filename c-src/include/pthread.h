/* wasig: on emscripten, its own <pthread.h>. Debian's wasi-libc has none:
 * this one declares what signal code uses for its single thread, and the
 * thread functions programs call, with the single-threaded behaviour POSIX
 * allows: pthread_create fails with EAGAIN (no thread can be created), the
 * mutex and once functions work for the one thread. */
#if defined(__EMSCRIPTEN__)
#include_next <pthread.h>
#else
#ifndef _PTHREAD_H
#define _PTHREAD_H
#define __NEED_pthread_t
#define __NEED_pthread_attr_t
#define __NEED_pthread_mutex_t
#define __NEED_pthread_mutexattr_t
#define __NEED_pthread_once_t
#define __NEED_pthread_key_t
#define __NEED_size_t
#include <bits/alltypes.h>
#include <signal.h>
#include <sched.h>
#include <time.h>
#ifdef __cplusplus
extern "C" {
#endif
#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1
#define PTHREAD_MUTEX_NORMAL 0
#define PTHREAD_MUTEX_DEFAULT 0
#define PTHREAD_MUTEX_RECURSIVE 1
#define PTHREAD_MUTEX_ERRORCHECK 2
#define PTHREAD_MUTEX_INITIALIZER {{{0}}}
#define PTHREAD_ONCE_INIT 0
#define PTHREAD_CANCELED ((void *)-1)

pthread_t pthread_self(void);
int pthread_equal(pthread_t, pthread_t);
/* No second thread exists in a wasig guest: EAGAIN, as when a system is out
 * of threads. pthread_join of anything but a created thread: ESRCH (EDEADLK
 * for the calling thread itself). pthread_exit ends the process (its last
 * thread) with status 0. */
int pthread_create(pthread_t *__restrict, const pthread_attr_t *__restrict,
                   void *(*)(void *), void *__restrict);
int pthread_join(pthread_t, void **);
int pthread_detach(pthread_t);
_Noreturn void pthread_exit(void *);
int pthread_attr_init(pthread_attr_t *);
int pthread_attr_destroy(pthread_attr_t *);
int pthread_attr_setdetachstate(pthread_attr_t *, int);
int pthread_attr_getdetachstate(const pthread_attr_t *, int *);
int pthread_mutex_init(pthread_mutex_t *__restrict, const pthread_mutexattr_t *__restrict);
int pthread_mutex_destroy(pthread_mutex_t *);
int pthread_mutex_lock(pthread_mutex_t *);
int pthread_mutex_trylock(pthread_mutex_t *);
int pthread_mutex_unlock(pthread_mutex_t *);
int pthread_once(pthread_once_t *, void (*)(void));
/* pthread_kill and pthread_sigmask are declared in <signal.h>. */
#ifdef __cplusplus
}
#endif
#endif
#endif
