/* A long computation that reports its progress on SIGUSR1 (as dd does) and,
 * on SIGINT, reports where it got to and then dies of SIGINT as a
 * well-behaved Unix program does, so that the shell sees the interrupt.
 * The loop calls wasig_poll(), the explicit safe point where handlers run. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <wasig.h>

static volatile sig_atomic_t report, interrupted;
static unsigned long checked, found;

static void on_usr1(int sig) { (void)sig; report = 1; }
static void on_int(int sig) { (void)sig; interrupted = 1; }

static int is_prime(unsigned long n) {
  if (n < 2) return 0;
  for (unsigned long d = 2; d * d <= n; d++) if (n % d == 0) return 0;
  return 1;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGUSR1, on_usr1);
  signal(SIGINT, on_int);
  printf("progress: counting primes; SIGUSR1 reports progress, Ctrl+C stops\n");
  for (unsigned long n = 2; !interrupted; n++) {
    found += is_prime(n);
    checked++;
    wasig_poll();
    if (report) {
      report = 0;
      printf("progress: checked %lu numbers, %lu primes so far\n", checked, found);
    }
  }
  printf("progress: interrupted after %lu numbers (%lu primes)\n", checked, found);
  fflush(stdout);
  signal(SIGINT, SIG_DFL);
  raise(SIGINT); /* die of SIGINT: the shell and `wasig run` see it */
  return 1;
}
