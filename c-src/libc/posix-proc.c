/* Process-level functions, on both targets so that both behave alike:
 * no shell and no children (system, popen), no loading at run time
 * (dlopen), CPU time as the host measures it (clock, times, getrusage),
 * resource limits and priority of an unprivileged process. Emscripten's
 * own system() would run a real shell on a Node host, its clock() is wall
 * time, its times() is always 0 (emscripten-wrap.h) and its dlopen aborts
 * the program. */
#include "emscripten-wrap.h"
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "internal.h"

/* ---- no shell, no children --------------------------------------------------------- */
/* POSIX: system(NULL) is 0 when no command processor is available; when no
 * child process can be created, -1 with errno (ENOSYS, as fork here). */
int system(const char *cmd) {
  if (!cmd) return 0;
  errno = ENOSYS;
  return -1;
}

#if !defined(__EMSCRIPTEN__) /* emscripten's fail alike (ENOSYS) */
FILE *popen(const char *cmd, const char *mode) {
  (void)cmd;
  (void)mode;
  errno = ENOSYS;
  return 0;
}

/* No stream comes from popen. */
int pclose(FILE *f) {
  (void)f;
  errno = ENOSYS;
  return -1;
}
#endif

/* ---- no dynamic loading -------------------------------------------------------------- */
/* The handle dlopen(NULL) gives: the program itself. */
static char self_handle;

#if defined(__EMSCRIPTEN__)
/* Emscripten's libc keeps dlerror() and the message (its JS sets it too). */
void __dl_seterr(const char *, ...);
static void dl_fail(const char *fmt, const char *a) {
  char m[512];
  snprintf(m, sizeof m, fmt, a);
  __dl_seterr("%s", m);
}
#else
static char dl_message[512];
static int dl_failed;
static void dl_fail(const char *fmt, const char *a) {
  snprintf(dl_message, sizeof dl_message, fmt, a);
  dl_failed = 1;
}
#endif

void *dlopen(const char *file, int mode) {
  if (!(mode & (RTLD_LAZY | RTLD_NOW))) { dl_fail("dlopen: %sinvalid mode", ""); return 0; }
  if (!file) return &self_handle;
  dl_fail("%s: cannot load shared objects in a wasm guest (wasm has no dynamic loading here): "
          "link the library into the program instead", file);
  return 0;
}

void *dlsym(void *restrict handle, const char *restrict name) {
  if (handle != &self_handle && handle != RTLD_DEFAULT && handle != RTLD_NEXT) {
    dl_fail("dlsym: %sinvalid handle", "");
    return 0;
  }
  dl_fail("%s: symbol not found (a wasm guest has no symbol table at run time)", name);
  return 0;
}

int dlclose(void *handle) {
  if (handle != &self_handle) { dl_fail("dlclose: %sinvalid handle", ""); return 1; }
  return 0;
}

#if !defined(__EMSCRIPTEN__)
/* The last error, once. */
char *dlerror(void) {
  if (!dl_failed) return 0;
  dl_failed = 0;
  return dl_message;
}
#endif

/* ---- CPU time -------------------------------------------------------------------------- */
/* wasig__now: 0 real, 1 user CPU, 2 user + system CPU, in microseconds. */
clock_t clock(void) { return (clock_t)wasig__now(2); }

clock_t times(struct tms *t) {
  double tick = 1e6 / (double)sysconf(_SC_CLK_TCK);
  if (t) {
    double user = wasig__now(1), all = wasig__now(2);
    t->tms_utime = (clock_t)(user / tick);
    t->tms_stime = (clock_t)((all - user) / tick);
    t->tms_cutime = 0;
    t->tms_cstime = 0;
  }
  return (clock_t)(wasig__now(0) / tick);
}

static void to_timeval(struct timeval *tv, double us) {
  tv->tv_sec = (time_t)(us / 1e6);
  tv->tv_usec = (suseconds_t)(us - (double)tv->tv_sec * 1e6);
}

int getrusage(int who, struct rusage *ru) {
  if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD) { errno = EINVAL; return -1; }
  memset(ru, 0, sizeof *ru);
  if (who == RUSAGE_CHILDREN) return 0; /* a guest has none */
  double user = wasig__now(1), all = wasig__now(2);
  to_timeval(&ru->ru_utime, user);
  to_timeval(&ru->ru_stime, all - user);
  /* The guest's memory is what it resides in: KB, as Linux counts. */
  ru->ru_maxrss = (long)(__builtin_wasm_memory_size(0) * 64);
  return 0;
}

/* ---- limits and priority of an unprivileged process ------------------------------------- */
static struct rlimit limits[RLIM_NLIMITS];
static int limits_set;

static void limits_init(void) {
  if (limits_set) return;
  limits_set = 1;
  for (int i = 0; i < RLIM_NLIMITS; i++) limits[i].rlim_cur = limits[i].rlim_max = RLIM_INFINITY;
  limits[RLIMIT_CORE].rlim_cur = 0; /* no core files, as Debian's default */
}

int getrlimit(int res, struct rlimit *rl) {
  if (res < 0 || res >= RLIM_NLIMITS) { errno = EINVAL; return -1; }
  limits_init();
  *rl = limits[res];
  return 0;
}

/* Not enforced: a guest's limits are the host's to set (memory, time). */
int setrlimit(int res, const struct rlimit *rl) {
  if (res < 0 || res >= RLIM_NLIMITS || rl->rlim_cur > rl->rlim_max) { errno = EINVAL; return -1; }
  limits_init();
  if (rl->rlim_max > limits[res].rlim_max) { errno = EPERM; return -1; }
  limits[res] = *rl;
  return 0;
}

static int nice_value;

static int prio_target(int which, id_t who) {
  if (which != PRIO_PROCESS && which != PRIO_PGRP && which != PRIO_USER) { errno = EINVAL; return -1; }
  id_t self = which == PRIO_USER ? (id_t)getuid() : (id_t)getpid();
  if (who != 0 && who != self) { errno = ESRCH; return -1; }
  return 0;
}

int getpriority(int which, id_t who) {
  if (prio_target(which, who) != 0) return -1;
  return nice_value;
}

/* Lowering the priority is allowed, raising it back is not (EACCES). */
int setpriority(int which, id_t who, int value) {
  if (prio_target(which, who) != 0) return -1;
  if (value < PRIO_MIN) value = PRIO_MIN;
  if (value > PRIO_MAX - 1) value = PRIO_MAX - 1;
  if (value < nice_value) { errno = EACCES; return -1; }
  nice_value = value;
  return 0;
}

#if !defined(__EMSCRIPTEN__)
int nice(int inc) {
  if (setpriority(PRIO_PROCESS, 0, nice_value + inc) != 0) return -1;
  return nice_value;
}

int gethostname(char *name, size_t len) {
  struct utsname u;
  if (uname(&u) != 0) return -1;
  if (strlen(u.nodename) >= len) { errno = ENAMETOOLONG; return -1; }
  strcpy(name, u.nodename);
  return 0;
}
#endif
