/* Guest programs for the host-side tests (test/guest/guest.test.ts): each
 * mode prints "ready" when it is set up, then what happened. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasig.h>

static volatile sig_atomic_t handled;
static siginfo_t info;
static void on_info(int s, siginfo_t *si, void *uc) { (void)uc; handled = s; info = *si; }
static void on_sig(int s) { handled = s; }
/* Says so at once, from inside whatever call it interrupted (write(2) is
 * async-signal-safe). */
static void on_sig_say(int s) { handled = s; write(1, "handler ran\n", 12); }
static void bye(void) { printf("atexit ran\n"); }
static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }

static void catch_info(int sig) {
  struct sigaction sa; memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_info; sa.sa_flags = SA_SIGINFO;
  sigaction(sig, &sa, 0);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  const char *mode = argc > 1 ? argv[1] : "";
  if (!strcmp(mode, "busy")) {
    int yield = argc > 2 && !strcmp(argv[2], "yield");
    catch_info(SIGUSR1);
    printf("ready\n");
    unsigned long spins = 0;
    while (!handled) { spins++; if (yield) sched_yield(); else wasig_poll(); }
    printf("handled sig=%d code=%d pid=%d uid=%d spins>0=%d\n", handled, info.si_code, info.si_pid, (int)info.si_uid, spins > 0);
    return 0;
  }
  if (!strcmp(mode, "timedwait")) {
    sigset_t s; sigemptyset(&s); sigaddset(&s, SIGUSR1); sigprocmask(SIG_BLOCK, &s, 0);
    printf("ready\n");
    struct timespec ts = {10, 0}; siginfo_t si;
    double t0 = now_ms();
    int r = sigtimedwait(&s, &si, &ts);
    printf("timedwait r=%d ms=%.0f\n", r, now_ms() - t0);
    return 0;
  }
  if (!strcmp(mode, "sleep")) {
    signal(SIGINT, on_sig);
    printf("ready\n");
    double t0 = now_ms();
    unsigned left = sleep(10);
    printf("sleep left=%u handled=%d ms=%.0f\n", left, handled, now_ms() - t0);
    return 0;
  }
  if (!strcmp(mode, "read")) {
    struct sigaction sa; memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sig_say;
    sa.sa_flags = argc > 2 && !strcmp(argv[2], "restart") ? SA_RESTART : 0;
    sigaction(SIGUSR1, &sa, 0);
    printf("ready\n");
    char buf[64];
    errno = 0;
    int r = (int)read(0, buf, sizeof buf - 1);
    int e = errno;
    if (r > 0) { buf[r] = 0; if (buf[r - 1] == '\n') buf[r - 1] = 0; } else buf[0] = 0;
    printf("read r=%d errno=%s handled=%d data=%s\n", r, e == EINTR ? "EINTR" : e ? "other" : "0", handled, buf);
    return 0;
  }
  if (!strcmp(mode, "ticker")) {
    printf("ready\n");
    for (int i = 0;; i++) { printf("tick %d\n", i); usleep(30000); }
  }
  if (!strcmp(mode, "spin")) {
    printf("ready\n");
    for (;;) wasig_poll();
  }
  if (!strcmp(mode, "waiter")) {
    sigset_t s; sigemptyset(&s); sigaddset(&s, SIGUSR1); sigprocmask(SIG_BLOCK, &s, 0);
    printf("ready pid=%d\n", getpid());
    siginfo_t si;
    int r = sigwaitinfo(&s, &si);
    printf("got r=%d code=%d pid=%d uid=%d value=%d\n", r, si.si_code, si.si_pid, (int)si.si_uid, si.si_value.sival_int);
    return 0;
  }
  if (!strcmp(mode, "sender")) {
    union sigval v; v.sival_int = atoi(argv[3]);
    int r = sigqueue(atoi(argv[2]), SIGUSR1, v);
    printf("sent r=%d mypid=%d uid=%d\n", r, getpid(), (int)getuid());
    errno = 0; r = kill(99999, SIGUSR1);
    printf("missing r=%d esrch=%d\n", r, errno == ESRCH);
    errno = 0; r = kill(atoi(argv[2]), 77);
    printf("badsig r=%d einval=%d\n", r, errno == EINVAL);
    return 0;
  }
  if (!strcmp(mode, "broadcast")) {
    /* kill(-1, sig): everyone but the caller. */
    signal(SIGUSR2, SIG_IGN);
    int r = kill(-1, SIGUSR2);
    printf("broadcast r=%d\n", r);
    return 0;
  }
  if (!strcmp(mode, "trap")) {
    printf("ready\n");
    __builtin_trap();
  }
  /* Writes lines to stdout until a write fails; with "catch" or "ign", says
   * why and which SIGPIPE came (the reader of a pipe went away). */
  if (!strcmp(mode, "yes")) {
    const char *how = argc > 2 ? argv[2] : "dfl";
    if (!strcmp(how, "catch")) catch_info(SIGPIPE);
    if (!strcmp(how, "ign")) signal(SIGPIPE, SIG_IGN);
    while (write(1, "y\n", 2) == 2) {}
    int e = errno;
    fprintf(stderr, "write: %s handled=%d code=%d self=%d\n", e == EPIPE ? "EPIPE" : strerror(e), (int)handled,
            handled ? info.si_code : -1, handled ? info.si_pid == getpid() : -1);
    return 3;
  }
  if (!strcmp(mode, "exit")) {
    /* exit N: main returns N; exit N call: exit(N) after atexit(bye). */
    if (argc > 3) { atexit(bye); exit(atoi(argv[2])); }
    return atoi(argv[2]);
  }
  fprintf(stderr, "unknown mode %s\n", mode);
  return 64;
}
