/* reactor: a component with no main, whose handlers the host calls.
 *
 *   wasig cc --component -mexec-model=reactor examples/reactor.c -o reactor.wasm
 *   wasig run reactor.wasm &   # then: kill -USR1 %1; kill -USR2 %1; kill %1
 *
 * Its constructor installs the handlers; from then on nothing of it runs
 * but them: the host calls the exported wasig:signals/handler for each
 * signal it catches, while the component is idle, with sa_mask applied and
 * the mask restored after. SIGUSR1 is counted (its handler sees SIGUSR2
 * blocked: its sa_mask), SIGUSR2 reports the count, SIGTERM exits with it. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int usr1;

static void on_usr1(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  sigset_t now;
  sigprocmask(SIG_BLOCK, 0, &now);
  printf("usr1 %d from pid %d code %d, usr2 blocked %d\n", ++usr1, si->si_pid, si->si_code, sigismember(&now, SIGUSR2));
  (void)sig;
}

static void on_usr2(int sig) {
  sigset_t now;
  sigprocmask(SIG_BLOCK, 0, &now);
  printf("usr2: %d so far, usr2 blocked %d, usr1 blocked %d\n", usr1, sigismember(&now, SIGUSR2), sigismember(&now, SIGUSR1));
  (void)sig;
}

static void on_term(int sig) {
  printf("term: exiting with %d\n", usr1);
  exit(usr1);
  (void)sig;
}

__attribute__((constructor)) static void setup(void) {
  setvbuf(stdout, 0, _IONBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_usr1;
  sa.sa_flags = SA_SIGINFO;
  sigaddset(&sa.sa_mask, SIGUSR2);
  sigaction(SIGUSR1, &sa, 0);
  signal(SIGUSR2, on_usr2);
  signal(SIGTERM, on_term);
  printf("ready %d\n", getpid());
}
