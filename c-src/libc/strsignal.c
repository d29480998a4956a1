/* The descriptions of signals (glibc's texts): strsignal, psignal,
 * psiginfo. Self-contained, so that components (c-src/component), whose
 * signal state is the host's, link the same file. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

static const char *const names[SIGRTMIN] = {
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

static const char *described(int sig) { return sig >= 1 && sig < SIGRTMIN ? names[sig] : 0; }

char *strsignal(int sig) {
  if (described(sig)) return (char *)described(sig);
  if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
    snprintf(buf, sizeof buf, "Real-time signal %d", sig - SIGRTMIN);
    return buf;
  }
  snprintf(buf, sizeof buf, "Unknown signal %d", sig);
  return buf;
}

/* glibc's psignal knows only the described signals: a realtime one is
 * "Unknown signal N" there, though strsignal names it. */
void psignal(int sig, const char *s) {
  const char *colon = s && *s ? ": " : "";
  if (!*colon) s = "";
  if (described(sig)) fprintf(stderr, "%s%s%s\n", s, colon, described(sig));
  else fprintf(stderr, "%s%sUnknown signal %d\n", s, colon, sig);
}

void psiginfo(const siginfo_t *si, const char *s) { psignal(si->si_signo, s); }
