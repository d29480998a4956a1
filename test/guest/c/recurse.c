/* Busy code that never runs a loop: a naive recursive fib, called directly
 * ("fib") or through function pointers as a mutual recursion ("ptr"). Only
 * the preemption pass's entry checks in recursive functions let a handler
 * run in it; the handler stops the recursion, which would otherwise run for
 * years (fib(90)). */
#include <signal.h>
#include <stdio.h>
#include <string.h>

static volatile sig_atomic_t got;
static void on_signal(int sig) { got = sig; }

static volatile unsigned long calls;

/* Sums that an optimizer cannot turn into a loop (an accumulator would let
 * it eliminate one of the two calls): the second call's operand depends on
 * the first's result. */
static __attribute__((noinline)) long fib(long n) {
  calls++;
  if (got || n < 2) return n;
  long a = fib(n - 1);
  return a + fib(n - 2 + (a & 0));
}

static long even(long n);
static long odd(long n);
static long (*volatile step[2])(long) = {even, odd};

static __attribute__((noinline)) long even(long n) {
  calls++;
  if (got || n < 2) return n;
  long a = step[(n - 1) & 1](n - 1);
  return a + step[n & 1](n - 2 + (a & 0));
}

static __attribute__((noinline)) long odd(long n) {
  calls++;
  if (got || n < 2) return n;
  long a = step[(n - 1) & 1](n - 1);
  return a - -step[n & 1](n - 2 + (a & 0));
}

int main(int argc, char **argv) {
  struct sigaction sa = {0};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGINT, &sa, 0) || sigaction(SIGUSR1, &sa, 0) || sigaction(SIGTERM, &sa, 0)) return 1;
  int ptr = argc > 1 && !strcmp(argv[1], "ptr");
  printf("ready\n");
  fflush(stdout);
  long r = ptr ? step[0](90) : fib(90);
  printf("handled sig=%d calls>0=%d r>=0=%d\n", (int)got, calls > 0, r >= 0);
  return 0;
}
