/* Dies of the signal argv[1] at its default action: raise() it, or with
 * "kill" as argv[2], kill(getpid()) it. With "abort-caught", "abort-ignored"
 * or "abort-blocked" as argv[2], SIGABRT is first given a handler that
 * returns, ignored or blocked, and abort() is called. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void on_abrt(int sig) {
  printf("handler ran for %d\n", sig);
  fflush(stdout);
}

int main(int argc, char **argv) {
  int sig = argc > 1 ? atoi(argv[1]) : SIGTERM;
  printf("dying of %d\n", sig);
  fflush(stdout);
  const char *how = argc > 2 ? argv[2] : "";
  if (!strncmp(how, "abort-", 6)) {
    if (!strcmp(how, "abort-caught")) signal(SIGABRT, on_abrt);
    if (!strcmp(how, "abort-ignored")) signal(SIGABRT, SIG_IGN);
    if (!strcmp(how, "abort-blocked")) {
      sigset_t s;
      sigemptyset(&s);
      sigaddset(&s, SIGABRT);
      sigprocmask(SIG_BLOCK, &s, 0);
    }
    abort();
  }
  if (!strcmp(how, "kill")) kill(getpid(), sig);
  else raise(sig);
  printf("still alive after %d\n", sig);
  return 0;
}
