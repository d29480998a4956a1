/* An alarm()-based timeout on a blocking read: SIGALRM's handler is
 * installed without SA_RESTART, so the read fails with EINTR when the alarm
 * rings. Usage: timeout [seconds] (default 2). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t rang;
static void on_alarm(int sig) { (void)sig; rang = 1; }

int main(int argc, char **argv) {
  unsigned seconds = argc > 1 ? (unsigned)atoi(argv[1]) : 2;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm; /* no SA_RESTART: the alarm interrupts read() */
  sigaction(SIGALRM, &sa, NULL);
  printf("timeout: what is your name? (%u seconds)\n", seconds);
  fflush(stdout);
  char name[64];
  alarm(seconds);
  ssize_t n = read(0, name, sizeof name - 1);
  int err = errno;
  unsigned left = alarm(0);
  if (n < 0 && err == EINTR && rang) {
    printf("timeout: too slow, the alarm rang after %u seconds\n", seconds);
    return 1;
  }
  if (n <= 0) {
    printf("timeout: no name given\n");
    return 2;
  }
  name[n] = 0;
  name[strcspn(name, "\n")] = 0;
  printf("timeout: hello, %s (%u seconds to spare)\n", name, left);
  return 0;
}
