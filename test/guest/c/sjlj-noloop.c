/* The smallest REPL-interrupt shape: main calls sigsetjmp, the handler only
 * siglongjmps, and no function of the program has a loop of its own, so the
 * preemption pass finds nothing to check (emscripten wraps main's marks in
 * invoke_*). It builds and behaves as with glibc. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static sigjmp_buf back;
static void on_usr1(int sig) { siglongjmp(back, sig); }

int main(void) {
  signal(SIGUSR1, on_usr1);
  int got = sigsetjmp(back, 1);
  if (got) {
    sigset_t now;
    sigprocmask(SIG_BLOCK, 0, &now);
    printf("back from signal %d, SIGUSR1 %s\n", got, sigismember(&now, SIGUSR1) ? "blocked" : "unblocked");
    return 0;
  }
  raise(SIGUSR1);
  puts("not reached");
  return 1;
}
