/* The rest of what signal code expects from a POSIX libc: process ids of
 * the emulated process, the single thread, wait(), sysconf() and the
 * descriptions of signals. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/wait.h>
#include "internal.h"

pid_t getpid(void) { return wasig__pid(); }
pid_t getppid(void) { return 1; }
uid_t getuid(void) { return (uid_t)wasig__uid(); }
uid_t geteuid(void) { return (uid_t)wasig__uid(); }

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

/* Linked with --wrap=sysconf (wasig cc does it). */
long __real_sysconf(int);
long __wrap_sysconf(int name) {
  if (name == _SC_REALTIME_SIGNALS) return 200809L;
  if (name == _SC_SIGQUEUE_MAX) return WASIG_RTQ_MAX;
  if (name == _SC_RTSIG_MAX) return WASIG_SIGRTMAX - WASIG_SIGRTMIN + 1;
  return __real_sysconf(name);
}

static const char *const names[WASIG_SIGRTMIN] = {
  [SIGHUP] = "Hangup", [SIGINT] = "Interrupt", [SIGQUIT] = "Quit",
  [SIGILL] = "Illegal instruction", [SIGTRAP] = "Trace/breakpoint trap",
  [SIGABRT] = "Aborted", [SIGBUS] = "Bus error", [SIGFPE] = "Floating point exception",
  [SIGKILL] = "Killed", [SIGUSR1] = "User defined signal 1",
  [SIGSEGV] = "Segmentation fault", [SIGUSR2] = "User defined signal 2",
  [SIGPIPE] = "Broken pipe", [SIGALRM] = "Alarm clock", [SIGTERM] = "Terminated",
  [SIGSTKFLT] = "Stack fault", [SIGCHLD] = "Child exited", [SIGCONT] = "Continued",
  [SIGSTOP] = "Stopped (signal)", [SIGTSTP] = "Stopped", [SIGTTIN] = "Stopped (tty input)",
  [SIGTTOU] = "Stopped (tty output)", [SIGURG] = "Urgent I/O condition",
  [SIGXCPU] = "CPU time limit exceeded", [SIGXFSZ] = "File size limit exceeded",
  [SIGVTALRM] = "Virtual timer expired", [SIGPROF] = "Profiling timer expired",
  [SIGWINCH] = "Window changed", [SIGIO] = "I/O possible", [SIGPWR] = "Power failure",
  [SIGSYS] = "Bad system call",
};

static char buf[32];

char *strsignal(int sig) {
  if (sig >= 1 && sig < WASIG_SIGRTMIN && names[sig]) return (char *)names[sig];
  if (sig >= WASIG_SIGRTMIN && sig <= WASIG_SIGRTMAX) {
    snprintf(buf, sizeof buf, "Real-time signal %d", sig - WASIG_SIGRTMIN);
    return buf;
  }
  snprintf(buf, sizeof buf, "Unknown signal %d", sig);
  return buf;
}

void psignal(int sig, const char *s) {
  if (s && *s) fprintf(stderr, "%s: %s\n", s, strsignal(sig));
  else fprintf(stderr, "%s\n", strsignal(sig));
}

void psiginfo(const siginfo_t *si, const char *s) { psignal(si->si_signo, s); }
