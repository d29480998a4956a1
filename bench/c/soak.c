/* The soak's guest (bench/soak.mjs): reads its peers' pids from stdin, then
 * for argv[1] ms sends them a mix of standard, realtime and stop/continue
 * signals, counting what was accepted; counts what it takes; at SIGUSR2
 * (after every guest stopped sending) takes what is left and reports. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t rt_got, std_got, cont_got, done;
static void on_rt(int s) { (void)s; rt_got++; }
static void on_std(int s) { (void)s; std_got++; }
static void on_cont(int s) { (void)s; cont_got++; }
static void on_done(int s) { (void)s; done = 1; }

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  int ms = argc > 1 ? atoi(argv[1]) : 1000;
  /* Handlers first: a peer that has read its list already sends to us
   * while we may still be reading ours, and SIGUSR1 or a realtime signal at
   * SIG_DFL would end us (as on Linux). */
  signal(SIGUSR1, on_std);
  signal(SIGCONT, on_cont);
  signal(SIGUSR2, on_done);
  for (int s = SIGRTMIN; s <= SIGRTMIN + 3; s++) signal(s, on_rt);
  /* The host hands out the pids once every guest said this. */
  printf("armed\n");
  fflush(stdout);
  static int peers[1024];
  int n = 0;
  while (n < 1024 && scanf("%d", &peers[n]) == 1) n++;
  int me = getpid();
  unsigned seed = (unsigned)me * 2654435761u;
  long rt_sent = 0, rt_acc = 0, std_sent = 0, std_acc = 0, stop_sent = 0, stop_acc = 0, eagain = 0;
  double end = now_ms() + ms;
  union sigval v = {0};
  while (now_ms() < end && n) {
    seed = seed * 1103515245u + 12345u;
    int at = (seed >> 8) % n, to = peers[at], kind = (seed >> 20) % 16;
    if (kind < 10) {
      rt_sent++;
      if (sigqueue(to, SIGRTMIN + kind % 4, v) == 0) rt_acc++;
      else if (errno == EAGAIN) eagain++;
    } else if (kind < 15) {
      std_sent++;
      if (kill(to, SIGUSR1) == 0) std_acc++;
    } else if (n > 1) {
      /* A stop and its continue: the peer must come back. Never to
       * ourselves: a process that stops itself stays stopped until another
       * sends SIGCONT (as on Linux), and near the end nobody may. */
      if (to == me) to = peers[(at + 1) % n];
      stop_sent++;
      if (kill(to, SIGSTOP) == 0 && kill(to, SIGCONT) == 0) stop_acc++;
    }
    if ((seed >> 4) % 64 == 0) usleep(100);
  }
  printf("sent\n");
  fflush(stdout);
  while (!done) pause();
  /* Safe points until nothing is pending: realtime ones queued behind
   * SIGUSR2 (a lower number is taken first) run here. */
  for (int i = 0; i < 20; i++) usleep(1000);
  sigset_t p;
  sigpending(&p);
  printf("rt_sent=%ld rt_acc=%ld rt_got=%d std_sent=%ld std_acc=%ld std_got=%d stop_sent=%ld stop_acc=%ld cont_got=%d eagain=%ld\n",
         rt_sent, rt_acc, (int)rt_got, std_sent, std_acc, (int)std_got, stop_sent, stop_acc, (int)cont_got, eagain);
  return 0;
}
