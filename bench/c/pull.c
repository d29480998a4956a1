/* The per-safe-point cost (bench/component.mjs): `pull B N` times B batches
 * of N wasig_poll() calls with nothing pending and prints "pull" and B
 * ns/call figures. Built as a core-module guest (the safe point is an
 * inline load of the shared mailbox) and as a component (`wasig cc
 * --component`: the safe point is a `take` through the wasig:signals
 * import). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wasig.h>

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
  int batches = argc > 2 ? atoi(argv[2]) : 5, n = argc > 3 ? atoi(argv[3]) : 100000;
  printf("pull");
  for (int b = 0; b < batches; b++) {
    long long t0 = now_ns();
    for (int i = 0; i < n; i++) wasig_poll();
    printf(" %.2f", (double)(now_ns() - t0) / n);
  }
  printf("\n");
  return 0;
}
