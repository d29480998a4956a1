/* Dies of the signal argv[1] at its default action: raise() it, or with
 * "kill" as argv[2], kill(getpid()) it. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int sig = argc > 1 ? atoi(argv[1]) : SIGTERM;
  printf("dying of %d\n", sig);
  fflush(stdout);
  if (argc > 2 && !strcmp(argv[2], "kill")) kill(getpid(), sig);
  else raise(sig);
  printf("still alive after %d\n", sig);
  return 0;
}
