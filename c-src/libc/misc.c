/* The rest of what signal code expects from a POSIX libc: process ids of
 * the emulated process, the single thread, wait() and sysconf(). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/wait.h>
#include "internal.h"
#include "ids.h"

pid_t getpid(void) { return wasig__pid(); }
pid_t getppid(void) { return 1; }

/* The host checks and records every change of ids (its kill() permission
 * checks read them); a new real uid is also the si_uid of what the process
 * sends itself. */
int wasig__set_ids(int gid, unsigned r, unsigned e, unsigned s) {
  int rc = wasig_setid_js(gid, (int32_t)r, (int32_t)e, (int32_t)s);
  if (rc < 0) return wasig__errno(-rc);
  if (!gid && r != (unsigned)-1) P->uid = (int32_t)r;
  return 0;
}

#if !defined(__EMSCRIPTEN__)
pthread_t pthread_self(void) { return (pthread_t)(uintptr_t)&wasig__proc; }
int pthread_equal(pthread_t a, pthread_t b) { return a == b; }
#endif

pid_t wait(int *status) {
  (void)status;
  errno = ECHILD;
  return -1;
}

pid_t waitpid(pid_t pid, int *status, int options) {
  (void)pid; (void)status; (void)options;
  errno = ECHILD;
  return -1;
}

pid_t wait3(int *status, int options, struct rusage *ru) {
  return wait4(-1, status, options, ru);
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru) {
  (void)ru;
  return waitpid(pid, status, options);
}

#if !defined(__EMSCRIPTEN__)
/* Emscripten's own waitid already fails with ECHILD. */
int waitid(idtype_t type, id_t id, siginfo_t *info, int options) {
  (void)type; (void)id; (void)info; (void)options;
  errno = ECHILD;
  return -1;
}
#endif

/* Linked with --wrap=sysconf (wasig cc does it). */
long __real_sysconf(int);
long __wrap_sysconf(int name) {
  if (name == _SC_REALTIME_SIGNALS) return 200809L;
  if (name == _SC_SIGQUEUE_MAX) return WASIG_RTQ_MAX;
  /* glibc answers its RTSIG_MAX (32), not the 31 signals SIGRTMIN..SIGRTMAX. */
  if (name == _SC_RTSIG_MAX) return 32;
  /* timer.c saturates overruns there, as Linux (musl says 32). */
  if (name == _SC_DELAYTIMER_MAX) return DELAYTIMER_MAX;
  return __real_sysconf(name);
}

/* rand()/srand() with glibc's sequence (its TYPE_3 additive generator), so a
 * guest draws the same numbers as on Linux: musl's LCG starts at 0, which is
 * SIG_BLOCK, where programs that pick "some invalid value" with rand() expect
 * glibc's 1804289383. Defining both keeps the libc's rand object out. */
static int32_t rand_r_[34];
static int rand_i = -1;

void srand(unsigned seed) {
  int32_t *r = rand_r_;
  r[0] = (int32_t)(seed ? seed : 1);
  for (int i = 1; i < 31; i++) {
    /* 16807 * r[i-1] % 2147483647 without overflow (Schrage) */
    int32_t hi = r[i - 1] / 127773, lo = r[i - 1] % 127773;
    int32_t w = 16807 * lo - 2836 * hi;
    r[i] = w < 0 ? w + 2147483647 : w;
  }
  for (int i = 31; i < 34; i++) r[i] = r[i - 31];
  rand_i = 34;
  for (int i = 0; i < 310; i++) (void)rand();
}

int rand(void) {
  if (rand_i < 0) srand(1);
  /* r[k] = r[k-31] + r[k-3], kept in a ring of 34 */
  int k = rand_i % 34;
  uint32_t v = (uint32_t)rand_r_[(rand_i - 31) % 34] + (uint32_t)rand_r_[(rand_i - 3) % 34];
  rand_r_[k] = (int32_t)v;
  rand_i++;
  if (rand_i >= 34 * 1000) rand_i -= 34 * 999; /* keep the index small, same residues */
  return (int)(v >> 1);
}
