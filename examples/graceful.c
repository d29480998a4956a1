/* Graceful shutdown: a server-like loop that finishes its current unit of
 * work and cleans up when SIGTERM (or SIGINT) asks it to stop.
 *   wasig cc graceful.c -o graceful.wasm && wasig run graceful.wasm
 *   (then: kill -TERM <pid of wasig>, or press Ctrl+C) */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig) { stop_requested = sig; }

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  printf("graceful: pid %d serving; send SIGTERM to stop\n", getpid());
  int jobs = 0;
  while (!stop_requested) {
    usleep(100 * 1000); /* one unit of work; a signal ends the sleep early */
    if (!stop_requested) printf("graceful: job %d done\n", ++jobs);
  }
  printf("graceful: %s received after %d jobs: shutting down gracefully\n", strsignal(stop_requested), jobs);
  printf("graceful: cleanup done, bye\n");
  return 0;
}
