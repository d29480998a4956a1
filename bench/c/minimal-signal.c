/* Footprint: a minimal program that uses signals (sigaction + raise). */
#include <signal.h>
#include <string.h>

static volatile sig_atomic_t got;
static void on_usr1(int sig) { got = sig; }

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, 0);
  raise(SIGUSR1);
  return got == SIGUSR1 ? 0 : 1;
}
