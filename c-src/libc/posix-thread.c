/* The rest of <pthread.h> for the guest's one thread: condition variables,
 * thread-specific data, cancellation, cleanup handlers, and pthread_exit,
 * which runs them. Debian's wasi-libc has no pthreads. Emscripten's
 * single-thread stubs of these do nothing and return 0 (a timed wait returns
 * at once, a cancel never acts, pthread_exit runs no cleanup): ours replace
 * them (emscripten-wrap.h). */
#include "emscripten-wrap.h"
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "internal.h"

/* ---- exit of the one thread --------------------------------------------------- */
static struct __ptcb *cleanups;
static void (*destructors[PTHREAD_KEYS_MAX])(void *);
static unsigned char key_used[PTHREAD_KEYS_MAX];
static const void *values[PTHREAD_KEYS_MAX];

void _pthread_cleanup_push(struct __ptcb *cb, void (*f)(void *), void *x) {
  cb->__f = f;
  cb->__x = x;
  cb->__next = cleanups;
  cleanups = cb;
}

void _pthread_cleanup_pop(struct __ptcb *cb, int run) {
  cleanups = cb->__next;
  if (run) cb->__f(cb->__x);
}

_Noreturn void pthread_exit(void *ret) {
  (void)ret;
  while (cleanups) {
    struct __ptcb *cb = cleanups;
    cleanups = cb->__next;
    cb->__f(cb->__x);
  }
  /* As POSIX says: repeat while destructors leave values behind. */
  for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
    int again = 0;
    for (int k = 0; k < PTHREAD_KEYS_MAX; k++) {
      if (!key_used[k] || !values[k] || !destructors[k]) continue;
      void *v = (void *)values[k];
      values[k] = 0;
      destructors[k](v);
      again = 1;
    }
    if (!again) break;
  }
  exit(0); /* the last thread ended: the process exits with status 0 */
}

/* ---- thread-specific data --------------------------------------------------- */
int pthread_key_create(pthread_key_t *key, void (*dtor)(void *)) {
  for (int k = 0; k < PTHREAD_KEYS_MAX; k++) {
    if (key_used[k]) continue;
    key_used[k] = 1;
    destructors[k] = dtor;
    values[k] = 0;
    *key = (pthread_key_t)k;
    return 0;
  }
  return EAGAIN;
}

int pthread_key_delete(pthread_key_t key) {
  if (key >= PTHREAD_KEYS_MAX || !key_used[key]) return EINVAL;
  key_used[key] = 0;
  values[key] = 0;
  return 0;
}

void *pthread_getspecific(pthread_key_t key) {
  return key < PTHREAD_KEYS_MAX && key_used[key] ? (void *)values[key] : 0;
}

int pthread_setspecific(pthread_key_t key, const void *v) {
  if (key >= PTHREAD_KEYS_MAX || !key_used[key]) return EINVAL;
  values[key] = v;
  return 0;
}

/* ---- cancellation ------------------------------------------------------------ */
static int cancel_state = PTHREAD_CANCEL_ENABLE;
static int cancel_type = PTHREAD_CANCEL_DEFERRED;
static int cancel_pending;

static void act_on_cancel(void) {
  if (cancel_pending && cancel_state == PTHREAD_CANCEL_ENABLE) {
    cancel_pending = 0;
    cancel_state = PTHREAD_CANCEL_DISABLE;
    pthread_exit(PTHREAD_CANCELED);
  }
}

int pthread_setcancelstate(int state, int *old) {
  if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE) return EINVAL;
  if (old) *old = cancel_state;
  cancel_state = state;
  if (cancel_type == PTHREAD_CANCEL_ASYNCHRONOUS) act_on_cancel();
  return 0;
}

int pthread_setcanceltype(int type, int *old) {
  if (type != PTHREAD_CANCEL_DEFERRED && type != PTHREAD_CANCEL_ASYNCHRONOUS) return EINVAL;
  if (old) *old = cancel_type;
  cancel_type = type;
  if (cancel_type == PTHREAD_CANCEL_ASYNCHRONOUS) act_on_cancel();
  return 0;
}

int pthread_cancel(pthread_t t) {
  if (!pthread_equal(t, pthread_self())) return ESRCH;
  cancel_pending = 1;
  if (cancel_type == PTHREAD_CANCEL_ASYNCHRONOUS) act_on_cancel();
  return 0;
}

void pthread_testcancel(void) { act_on_cancel(); }

#if !defined(__EMSCRIPTEN__) /* emscripten: its own */
/* ---- mutex attributes ---------------------------------------------------------- */
int pthread_mutexattr_init(pthread_mutexattr_t *a) { a->__attr = 0; return 0; }
int pthread_mutexattr_destroy(pthread_mutexattr_t *a) { (void)a; return 0; }
int pthread_mutexattr_settype(pthread_mutexattr_t *a, int type) {
  if ((unsigned)type > PTHREAD_MUTEX_ERRORCHECK) return EINVAL;
  a->__attr = (a->__attr & ~3u) | (unsigned)type;
  return 0;
}
int pthread_mutexattr_gettype(const pthread_mutexattr_t *restrict a, int *restrict type) {
  *type = (int)(a->__attr & 3);
  return 0;
}

#endif

/* ---- condition variables --------------------------------------------------------
 * __i[0]: how many times it was signalled; __i[1]: 1 if it times on
 * CLOCK_MONOTONIC. condattr: bit 0 process-shared, bit 1 CLOCK_MONOTONIC
 * (wasi-libc's clock ids are pointers). */
int pthread_condattr_init(pthread_condattr_t *a) { a->__attr = 0; return 0; }
int pthread_condattr_destroy(pthread_condattr_t *a) { (void)a; return 0; }
int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clk) {
  if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC) return EINVAL;
  a->__attr = (a->__attr & 1u) | (clk == CLOCK_MONOTONIC ? 2u : 0u);
  return 0;
}
int pthread_condattr_getclock(const pthread_condattr_t *restrict a, clockid_t *restrict clk) {
  *clk = a->__attr & 2u ? CLOCK_MONOTONIC : CLOCK_REALTIME;
  return 0;
}
int pthread_condattr_setpshared(pthread_condattr_t *a, int pshared) {
  if ((unsigned)pshared > PTHREAD_PROCESS_SHARED) return EINVAL;
  a->__attr = (a->__attr & ~1u) | (unsigned)pshared;
  return 0;
}
int pthread_condattr_getpshared(const pthread_condattr_t *restrict a, int *restrict pshared) {
  *pshared = (int)(a->__attr & 1u);
  return 0;
}

int pthread_cond_init(pthread_cond_t *restrict c, const pthread_condattr_t *restrict a) {
  memset(c, 0, sizeof *c);
  c->__u.__i[1] = a && (a->__attr & 2u);
  return 0;
}
int pthread_cond_destroy(pthread_cond_t *c) { (void)c; return 0; }
int pthread_cond_signal(pthread_cond_t *c) { c->__u.__vi[0]++; return 0; }
int pthread_cond_broadcast(pthread_cond_t *c) { c->__u.__vi[0]++; return 0; }

/* deadline_us < 0: none; on the ITIMER_REAL clock. Handlers run meanwhile;
 * a wait is never ended by a signal itself, as with glibc. */
static int cond_wait_until(pthread_cond_t *c, pthread_mutex_t *m, double deadline_us) {
  int seen = c->__u.__vi[0];
  int r = pthread_mutex_unlock(m);
  if (r) return r;
  act_on_cancel();
  r = 0;
  while (c->__u.__vi[0] == seen) {
    if (wasig__safepoint()) { act_on_cancel(); continue; }
    if (deadline_us >= 0 && wasig__now(0) >= deadline_us) { r = ETIMEDOUT; break; }
    wasig__block(deadline_us);
  }
  pthread_mutex_lock(m);
  return r;
}

int pthread_cond_wait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m) {
  return cond_wait_until(c, m, -1);
}

int pthread_cond_timedwait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m,
                           const struct timespec *restrict abs) {
  if (abs->tv_nsec < 0 || abs->tv_nsec >= 1000000000L) return EINVAL;
  struct timespec now;
  clock_gettime(c->__u.__i[1] ? CLOCK_MONOTONIC : CLOCK_REALTIME, &now);
  double left = ((double)abs->tv_sec - (double)now.tv_sec) * 1e6 + (double)(abs->tv_nsec - now.tv_nsec) / 1e3;
  return cond_wait_until(c, m, wasig__now(0) + (left > 0 ? left : 0));
}
