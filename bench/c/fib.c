/* Section 8 of make bench: a naive recursive fib, as written, which the
 * preemption pass checks at entry (a function on a call cycle). Prints the
 * milliseconds that REPS runs of fib(N) take. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 32, reps = argc > 2 ? atol(argv[2]) : 10;
  volatile long arg = n; /* keeps the calls from being folded */
  struct timespec a, b;
  long sum = 0;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long i = 0; i < reps; i++) sum += fib(arg);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("fib %.3f %ld\n", (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6, sum);
  return 0;
}
