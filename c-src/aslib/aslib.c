/* The signal library of AssemblyScript guests: the libc layer's POSIX calls
 * with scalar arguments (c-src/core/boundary.h, "wasig_as_*").
 *
 * Why a module of its own: an AssemblyScript program cannot be linked with C
 * objects (asc emits a finished module, not a relocatable one), and a second
 * implementation of signal semantics in AssemblyScript would drift from the
 * C one. So the host instantiates this module (the core and c-src/libc,
 * built for wasm32-wasi with its own shared memory) beside the program, and
 * the program imports these functions from it: a direct wasm-to-wasm call.
 * The host writes the mailbox into this module's memory as it does for a C
 * guest; handlers come back to the program through wasig_call_js, which the
 * host routes to the program's dispatcher (assembly/index.ts).
 * It is a reactor: its constructors run once in _initialize (where the libc
 * announces itself through wasig_start_js), and its exports, unlike a
 * command's, are not wrapped in constructors and destructors, so the
 * program may call them at any time. */
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <wasig.h>
#include "../libc/internal.h"

/* The program's SIG_IGN: its function values are addresses in its own
 * memory, never 1. */
#define AS_IGN 1

static int64_t out[WASIG_AS_OUT_COUNT];

/* This libc's errno (wasi-libc numbers) back to Linux's, as negated values. */
static int32_t err(void) {
  switch (errno) {
    case EINTR: return -WASIG_EINTR;
    case ESRCH: return -WASIG_ESRCH;
    case EAGAIN: return -WASIG_EAGAIN;
    case EPERM: return -1;
    case ENOSYS: return -38;
    default: return -WASIG_EINVAL;
  }
}

static int32_t ret(int r) { return r < 0 ? err() : r; }

static void to_set(sigset_t *s, int64_t m) { wasig__to_set(s, (uint64_t)m); }

static void put_info(const siginfo_t *si) {
  out[WASIG_AS_OUT_SIGNO] = si->si_signo;
  out[WASIG_AS_OUT_CODE] = si->si_code;
  out[WASIG_AS_OUT_ERRNO] = si->si_errno;
  out[WASIG_AS_OUT_PID] = si->si_pid;
  out[WASIG_AS_OUT_UID] = (int64_t)si->si_uid;
  out[WASIG_AS_OUT_STATUS] = si->si_status;
  out[WASIG_AS_OUT_BAND] = si->si_band;
  out[WASIG_AS_OUT_SIVAL] = si->si_value.sival_int;
}

int64_t wasig_as_out(int32_t index) {
  return index >= 0 && index < WASIG_AS_OUT_COUNT ? out[index] : 0;
}

int64_t wasig_as_siginfo(int32_t si, int32_t index) {
  /* Only the pointer run_handler passed (a siginfo_t on this module's
   * stack) ever comes back here; index is checked like wasig_as_out's. */
  put_info((const siginfo_t *)(uintptr_t)(uint32_t)si);
  return wasig_as_out(index);
}

int32_t wasig_as_sigaction(int32_t sig, int32_t set, int32_t handler, int32_t flags, int64_t mask) {
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  if (handler == 0) sa.sa_handler = SIG_DFL;
  else if (handler == AS_IGN) sa.sa_handler = SIG_IGN;
  else sa.sa_handler = (void (*)(int))(uintptr_t)(uint32_t)handler;
  sa.sa_flags = flags;
  to_set(&sa.sa_mask, mask);
  if (sigaction(sig, set ? &sa : 0, &old) < 0) return err();
  void (*h)(int) = old.sa_handler;
  out[WASIG_AS_OUT_HANDLER] = h == SIG_DFL ? 0 : h == SIG_IGN ? AS_IGN : (int64_t)(uintptr_t)h;
  out[WASIG_AS_OUT_FLAGS] = old.sa_flags;
  out[WASIG_AS_OUT_MASK] = (int64_t)wasig__set(&old.sa_mask);
  return 0;
}

int32_t wasig_as_raise(int32_t sig) { return ret(raise(sig)); }
int32_t wasig_as_kill(int32_t pid, int32_t sig) { return ret(kill(pid, sig)); }

int32_t wasig_as_sigqueue(int32_t pid, int32_t sig, int32_t value) {
  union sigval v = {.sival_int = value};
  return ret(sigqueue(pid, sig, v));
}

int32_t wasig_as_sigprocmask(int32_t how, int32_t set, int64_t mask) {
  sigset_t s, old;
  to_set(&s, mask);
  if (sigprocmask(how, set ? &s : 0, &old) < 0) return err();
  out[WASIG_AS_OUT_MASK] = (int64_t)wasig__set(&old);
  return 0;
}

int64_t wasig_as_sigpending(void) {
  sigset_t s;
  sigpending(&s);
  return (int64_t)wasig__set(&s);
}

int32_t wasig_as_sigsuspend(int64_t mask) {
  sigset_t s;
  to_set(&s, mask);
  return ret(sigsuspend(&s));
}

int32_t wasig_as_sigtimedwait(int64_t set, int64_t timeout_ns) {
  sigset_t s;
  siginfo_t si;
  struct timespec ts = {(time_t)(timeout_ns / 1000000000LL), (long)(timeout_ns % 1000000000LL)};
  to_set(&s, set);
  int r = sigtimedwait(&s, &si, timeout_ns < 0 ? 0 : &ts);
  if (r < 0) return err();
  put_info(&si);
  return r;
}

int32_t wasig_as_pause(void) { return ret(pause()); }
int32_t wasig_as_alarm(int32_t seconds) { return (int32_t)alarm((unsigned)seconds); }

static void put_itimer(const struct itimerval *v) {
  out[WASIG_AS_OUT_VALUE] = (int64_t)v->it_value.tv_sec * 1000000 + v->it_value.tv_usec;
  out[WASIG_AS_OUT_INTERVAL] = (int64_t)v->it_interval.tv_sec * 1000000 + v->it_interval.tv_usec;
}

int32_t wasig_as_setitimer(int32_t which, int64_t value_us, int64_t interval_us) {
  struct itimerval nv, ov;
  /* Negative times stay negative in both fields, for setitimer's EINVAL. */
  nv.it_value.tv_sec = (time_t)(value_us / 1000000);
  nv.it_value.tv_usec = (suseconds_t)(value_us % 1000000);
  nv.it_interval.tv_sec = (time_t)(interval_us / 1000000);
  nv.it_interval.tv_usec = (suseconds_t)(interval_us % 1000000);
  if (setitimer(which, &nv, &ov) < 0) return err();
  put_itimer(&ov);
  return 0;
}

int32_t wasig_as_getitimer(int32_t which) {
  struct itimerval v;
  if (getitimer(which, &v) < 0) return err();
  put_itimer(&v);
  return 0;
}

int32_t wasig_as_nanosleep(int64_t ns) {
  struct timespec req = {(time_t)(ns / 1000000000LL), (long)(ns % 1000000000LL)}, rem = {0, 0};
  out[WASIG_AS_OUT_LEFT] = 0;
  if (nanosleep(&req, &rem) < 0) {
    out[WASIG_AS_OUT_LEFT] = (int64_t)rem.tv_sec * 1000000000LL + rem.tv_nsec;
    return err();
  }
  return 0;
}

int32_t wasig_as_sleep(int32_t seconds) { return (int32_t)sleep((unsigned)seconds); }
int32_t wasig_as_getpid(void) { return getpid(); }

int32_t wasig_as_strsignal(int32_t sig, int32_t i) {
  const char *s = strsignal(sig);
  return i >= 0 && (size_t)i < strlen(s) ? (unsigned char)s[i] : -1;
}

void wasig_as_checkpoint(void) { wasig_poll(); }
