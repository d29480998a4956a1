/* The bench guest: one C program, built with `wasig cc` for both targets
 * (mk/bench.mk), driven by bench/guest.mjs, bench/oslat.mjs and
 * bench/browser.mjs. It talks in lines on stdout (written with write(2), so
 * unbuffered); a line "go" on stdin starts each sample.
 *
 *   guest busy [real]   SIGUSR1 handler; per "go": prints "ready", spins
 *                       `while (!got) wasig_poll();`, prints the handler's time
 *   guest wait [real]   SIGUSR1 blocked; per "go": prints "ready", waits in
 *                       sigtimedwait(10 s), prints the time it returned
 *   guest raise B N     B batches of N raise(SIGUSR1) to its own handler:
 *                       prints "raise" and B ns/call figures
 *   guest storm N [handler]
 *                       N realtime signals SIGRTMIN with si_value 0..N-1 from
 *                       the host, drained with sigwaitinfo (or by an
 *                       SA_SIGINFO handler in a wasig_poll() loop); prints
 *                       "storm n=… lost=… reordered=… bad=… ns=…"
 *
 * Times are ns: CLOCK_MONOTONIC (the clock of process.hrtime in every
 * process of the machine) on Node; with "real", for browsers, the clock of
 * performance.timeOrigin + performance.now() (CLOCK_REALTIME in wasig's
 * browser WASI shim). Emscripten's clock_gettime is its own, so that target
 * reads the same clocks from JS. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasig.h>
#ifdef __EMSCRIPTEN__
#include <emscripten.h>
EM_JS(double, bench_js_now, (int real), {
  if (!real && typeof process === 'object' && process.hrtime) return Number(process.hrtime.bigint());
  return (performance.timeOrigin + performance.now()) * 1e6;
});
#endif

static int use_real;

static long long now_ns(void) {
#ifdef __EMSCRIPTEN__
  return (long long)bench_js_now(use_real);
#else
  struct timespec ts;
  clock_gettime(use_real ? CLOCK_REALTIME : CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
#endif
}

static void say(const char *s) {
  size_t n = strlen(s), at = 0;
  while (at < n) {
    ssize_t w = write(1, s + at, n - at);
    if (w <= 0) return;
    at += (size_t)w;
  }
}

/* One line from stdin; 0 at its end. */
static int next_line(void) {
  char c;
  for (;;) {
    ssize_t r = read(0, &c, 1);
    if (r <= 0) return 0;
    if (c == '\n') return 1;
  }
}

static volatile sig_atomic_t got;
static volatile long long t_handler;
static volatile long count;

static void on_usr1(int sig) {
  (void)sig;
  t_handler = now_ns();
  got = 1;
}

static void on_count(int sig) {
  (void)sig;
  count++;
}

static int busy(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  char line[64];
  say("up\n");
  while (next_line()) {
    got = 0;
    say("ready\n");
    while (!got) wasig_poll();
    snprintf(line, sizeof line, "%lld\n", (long long)t_handler);
    say(line);
  }
  return 0;
}

static int wait_mode(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, NULL);
  char line[64];
  say("up\n");
  while (next_line()) {
    say("ready\n");
    siginfo_t info;
    struct timespec ts = { 10, 0 };
    int r = sigtimedwait(&set, &info, &ts);
    long long t = now_ns();
    if (r != SIGUSR1) snprintf(line, sizeof line, "error %d\n", r);
    else snprintf(line, sizeof line, "%lld\n", t);
    say(line);
  }
  return 0;
}

static int raise_mode(int batches, int n) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_count;
  sigaction(SIGUSR1, &sa, NULL);
  say("raise");
  char buf[32];
  for (int b = 0; b < batches; b++) {
    long long t0 = now_ns();
    for (int i = 0; i < n; i++) raise(SIGUSR1);
    long long t1 = now_ns();
    snprintf(buf, sizeof buf, " %.2f", (double)(t1 - t0) / n);
    say(buf);
  }
  snprintf(buf, sizeof buf, "\ncount %ld\n", (long)count);
  say(buf);
  return count == (long)batches * n ? 0 : 1;
}

static long s_n, s_next, s_lost, s_reord, s_bad, s_seen;
static long long s_t0;

static void take(int signo, siginfo_t *info) {
  if (!s_seen++) s_t0 = now_ns();
  if (signo != SIGRTMIN || info->si_code != SI_QUEUE) { s_bad++; return; }
  long v = info->si_value.sival_int;
  if (v > s_next) s_lost += v - s_next;
  else if (v < s_next) { s_reord++; return; }
  s_next = v + 1;
}

static void on_rt(int sig, siginfo_t *info, void *ctx) {
  (void)ctx;
  take(sig, info);
}

static int storm(long n, int handler) {
  s_n = n;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGRTMIN);
  if (handler) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_rt;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN, &sa, NULL);
  } else {
    sigprocmask(SIG_BLOCK, &set, NULL);
  }
  say("ready\n");
  if (handler) {
    while (s_seen < n) wasig_poll();
  } else {
    while (s_seen < n) {
      siginfo_t info;
      int r = sigwaitinfo(&set, &info);
      if (r < 0) { s_bad++; continue; }
      take(r, &info);
    }
  }
  long long t1 = now_ns();
  char line[160];
  snprintf(line, sizeof line, "storm n=%ld last=%ld lost=%ld reordered=%ld bad=%ld ns=%lld\n",
           s_seen, s_next - 1, s_lost, s_reord, s_bad, t1 - s_t0);
  say(line);
  return 0;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "busy";
  use_real = argc > 2 && !strcmp(argv[2], "real");
  if (!strcmp(mode, "busy")) return busy();
  if (!strcmp(mode, "wait")) return wait_mode();
  if (!strcmp(mode, "raise")) return raise_mode(argc > 2 ? atoi(argv[2]) : 200, argc > 3 ? atoi(argv[3]) : 1000);
  if (!strcmp(mode, "storm")) return storm(argc > 2 ? atol(argv[2]) : 1000000, argc > 3 && !strcmp(argv[3], "handler"));
  say("usage: guest busy|wait [real] | raise B N | storm N [handler]\n");
  return 2;
}
