/* What a guest cannot do, failing the way POSIX allows, and the single
 * thread's pthread and semaphore functions (wasi: Debian's wasi-libc has
 * none; emscripten brings its own). */
#include <limits.h>
#include <string.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <semaphore.h>
#include "internal.h"

#if !defined(__EMSCRIPTEN__)
/* ---- processes: a guest has no way to create one ---------------------------- */
pid_t fork(void) { errno = ENOSYS; return -1; }
pid_t vfork(void) { errno = ENOSYS; return -1; }
int execve(const char *p, char *const a[], char *const e[]) { (void)p; (void)a; (void)e; errno = ENOSYS; return -1; }
int execv(const char *p, char *const a[]) { (void)p; (void)a; errno = ENOSYS; return -1; }
int execvp(const char *p, char *const a[]) { (void)p; (void)a; errno = ENOSYS; return -1; }
int execl(const char *p, const char *a, ...) { (void)p; (void)a; errno = ENOSYS; return -1; }
int execlp(const char *p, const char *a, ...) { (void)p; (void)a; errno = ENOSYS; return -1; }
int execle(const char *p, const char *a, ...) { (void)p; (void)a; errno = ENOSYS; return -1; }

/* ---- threads: only the one ---------------------------------------------------- */
int pthread_create(pthread_t *restrict t, const pthread_attr_t *restrict a, void *(*fn)(void *),
                   void *restrict arg) {
  (void)t; (void)a; (void)fn; (void)arg;
  /* The error is the return value; errno too, as glibc's failed clone()
   * leaves it, so that a perror() after it says why. */
  errno = EAGAIN;
  return EAGAIN;
}

int pthread_join(pthread_t t, void **ret) {
  (void)ret;
  return pthread_equal(t, pthread_self()) ? EDEADLK : ESRCH;
}

int pthread_detach(pthread_t t) { return pthread_equal(t, pthread_self()) ? 0 : ESRCH; }


int pthread_attr_init(pthread_attr_t *a) { memset(a, 0, sizeof *a); return 0; }
int pthread_attr_destroy(pthread_attr_t *a) { (void)a; return 0; }
int pthread_attr_setdetachstate(pthread_attr_t *a, int s) {
  if (s != PTHREAD_CREATE_JOINABLE && s != PTHREAD_CREATE_DETACHED) return EINVAL;
  a->__u.__i[3] = s;
  return 0;
}
int pthread_attr_getdetachstate(const pthread_attr_t *a, int *s) { *s = a->__u.__i[3]; return 0; }

/* __i[0]: lock count; __i[1]: type. */
int pthread_mutex_init(pthread_mutex_t *restrict m, const pthread_mutexattr_t *restrict a) {
  memset(m, 0, sizeof *m);
  if (a) m->__u.__i[1] = (int)(a->__attr & 3);
  return 0;
}
int pthread_mutex_destroy(pthread_mutex_t *m) { return m->__u.__i[0] ? EBUSY : 0; }
int pthread_mutex_trylock(pthread_mutex_t *m) {
  if (m->__u.__i[0] && m->__u.__i[1] != PTHREAD_MUTEX_RECURSIVE) return EBUSY;
  m->__u.__i[0]++;
  return 0;
}
int pthread_mutex_lock(pthread_mutex_t *m) {
  if (m->__u.__i[0] && m->__u.__i[1] == PTHREAD_MUTEX_ERRORCHECK) return EDEADLK;
  /* A normal mutex locked twice by its only thread deadlocks on Linux; we
   * report EDEADLK instead of hanging, as POSIX permits for the default type. */
  if (m->__u.__i[0] && m->__u.__i[1] != PTHREAD_MUTEX_RECURSIVE) return EDEADLK;
  m->__u.__i[0]++;
  return 0;
}
int pthread_mutex_unlock(pthread_mutex_t *m) {
  if (!m->__u.__i[0]) return m->__u.__i[1] == PTHREAD_MUTEX_NORMAL ? 0 : EPERM;
  m->__u.__i[0]--;
  return 0;
}
int pthread_once(pthread_once_t *o, void (*fn)(void)) {
  if (*o == 0) {
    *o = 1;
    fn();
  }
  return 0;
}

/* ---- unnamed semaphores (emscripten's live in its pthread stub object, with
 * pthread_create, so they stay its own) ---------------------------------------- */
#ifndef SEM_VALUE_MAX
#define SEM_VALUE_MAX 0x7fffffff
#endif
#define VAL(s) ((s)->__val[0])

int sem_init(sem_t *s, int pshared, unsigned value) {
  (void)pshared;
  if (value > SEM_VALUE_MAX) { errno = EINVAL; return -1; }
  memset(s, 0, sizeof *s);
  VAL(s) = (int)value;
  return 0;
}
int sem_destroy(sem_t *s) { (void)s; return 0; }
int sem_getvalue(sem_t *restrict s, int *restrict v) { *v = VAL(s); return 0; }
int sem_post(sem_t *s) {
  if (VAL(s) == SEM_VALUE_MAX) { errno = EOVERFLOW; return -1; }
  VAL(s)++;
  return 0;
}
int sem_trywait(sem_t *s) {
  if (VAL(s) > 0) { VAL(s)--; return 0; }
  errno = EAGAIN;
  return -1;
}

/* Waits for a handler to post; Linux restarts the wait after a handler with
 * SA_RESTART and fails with EINTR after one without. deadline_us < 0: none. */
static int sem_wait_until(sem_t *s, double deadline_us) {
  for (;;) {
    if (VAL(s) > 0) { VAL(s)--; return 0; }
    int ran = wasig__safepoint();
    if (ran & WASIG_RAN_NORESTART) { errno = EINTR; return -1; }
    if (ran) continue;
    if (deadline_us >= 0 && wasig__now(0) >= deadline_us) { errno = ETIMEDOUT; return -1; }
    wasig__block(deadline_us);
  }
}

int sem_wait(sem_t *s) { return sem_wait_until(s, -1); }

int sem_timedwait(sem_t *restrict s, const struct timespec *restrict abs) {
  if (VAL(s) > 0) { VAL(s)--; return 0; }
  if (abs->tv_nsec < 0 || abs->tv_nsec >= 1000000000L) { errno = EINVAL; return -1; }
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  double left = ((double)abs->tv_sec - (double)now.tv_sec) * 1e6 + (double)(abs->tv_nsec - now.tv_nsec) / 1e3;
  return sem_wait_until(s, wasig__now(0) + (left > 0 ? left : 0));
}

sem_t *sem_open(const char *name, int flags, ...) { (void)name; (void)flags; errno = ENOSYS; return SEM_FAILED; }
int sem_close(sem_t *s) { (void)s; errno = ENOSYS; return -1; }
int sem_unlink(const char *name) { (void)name; errno = ENOSYS; return -1; }
#endif
