/* Handlers declared without a prototype (`void h()`), as older C does:
 * they must run, not trap on a mismatched call type. */
#include <signal.h>
#include <stdio.h>

static volatile sig_atomic_t plain_ran, info_ran;
static void plain() { plain_ran++; }
static void info_style(int sig, siginfo_t *si, void *uc) { (void)uc; info_ran = sig + (si->si_code == SI_USER ? 0 : 1000); }

int main(void) {
  signal(SIGUSR1, plain);
  raise(SIGUSR1);
  struct sigaction sa = {0};
  sa.sa_sigaction = info_style;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR2, &sa, 0);
  raise(SIGUSR2);
  printf("plain=%d info=%d\n", (int)plain_ran, (int)info_ran);
  return plain_ran == 1 && info_ran == SIGUSR2 + 1000 ? 0 : 1;
}
