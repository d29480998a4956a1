/* A program that uses no signal function: built with `wasig cc --component
 * --no-preempt` it imports nothing from wasig:signals (nor sleeps, which are
 * the library's). `spin` loops without calling anything; `tick` prints a
 * line every 100 ms, reading the clock in between. */
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
  setvbuf(stdout, 0, _IONBF, 0);
  if (argc > 1 && !strcmp(argv[1], "tick")) {
    for (int i = 0;; i++) {
      printf("tick %d\n", i);
      struct timespec t0, t;
      clock_gettime(CLOCK_MONOTONIC, &t0);
      do clock_gettime(CLOCK_MONOTONIC, &t);
      while ((t.tv_sec - t0.tv_sec) * 1000000000LL + (t.tv_nsec - t0.tv_nsec) < 100000000LL);
    }
  }
  printf("ready\n");
  volatile unsigned long n = 0;
  for (;;) n++;
}
