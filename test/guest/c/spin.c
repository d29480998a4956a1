/* A busy loop that never calls into libc: only preemption (wasig cc's
 * default instrumentation) lets its SIGUSR1 handler run. */
#include <signal.h>
#include <stdio.h>

static volatile sig_atomic_t got;
static void on_usr1(int sig) { got = sig; }

int main(void) {
  struct sigaction sa = {0};
  sa.sa_handler = on_usr1;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGUSR1, &sa, 0) != 0) return 1;
  printf("ready\n");
  fflush(stdout);
  unsigned long spins = 0;
  while (!got) spins++;
  printf("handled sig=%d spins>0=%d\n", (int)got, spins > 0);
  return 0;
}
