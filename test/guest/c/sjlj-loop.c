/* A busy loop in the function that called sigsetjmp itself, whose SIGUSR1
 * handler siglongjmps back to it. The loop holds a call (never taken), so
 * on wasi the try/catch clang gives that function's calls covers the loop,
 * and the preemption check at its header lets the handler jump back. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static sigjmp_buf jb;
static volatile unsigned long spins;
static void on_usr1(int sig) { siglongjmp(jb, sig); }

int main(void) {
  struct sigaction sa = {0};
  sa.sa_handler = on_usr1;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGUSR1, &sa, 0)) return 1;
  int sig = sigsetjmp(jb, 1);
  if (sig) {
    printf("back from signal %d\n", sig);
    return 0;
  }
  printf("ready\n");
  fflush(stdout);
  for (;;)
    if (++spins == 0) puts("wrapped");
}
