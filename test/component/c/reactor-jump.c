/* A reactor whose handlers siglongjmp. SIGUSR2's handler jumps back into
 * itself from a nested SIGHUP handler (a live frame: as on Linux, the jump
 * lands and the reactor goes on). SIGALRM's handler only calls sigsetjmp
 * and returns. SIGUSR1's handler jumps to a buffer whose frame is gone: the
 * constructor's, or SIGALRM's handler's once that ran. The host called it
 * while the component was idle, so no frame of the component is below it
 * and nothing can take the jump: the component ends as killed by SIGSEGV,
 * as a jump to a dead frame ends a command. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf at_start, in_alrm, in_usr2;
static volatile int alrm_ran;

static void on_hup(int sig) { (void)sig; siglongjmp(in_usr2, 1); }

static void on_usr2(int sig) {
  (void)sig;
  if (sigsetjmp(in_usr2, 1) == 0) {
    raise(SIGHUP);
    printf("usr2: the SIGHUP handler returned\n");
    return;
  }
  sigset_t now;
  sigprocmask(SIG_BLOCK, 0, &now);
  printf("usr2: back by siglongjmp, usr2 blocked %d, hup blocked %d\n", sigismember(&now, SIGUSR2),
         sigismember(&now, SIGHUP));
}

static void on_alrm(int sig) {
  (void)sig;
  alrm_ran = 1;
  if (sigsetjmp(in_alrm, 1) == 0) printf("alrm: set\n");
  else printf("alrm: jumped to\n");
}

static void on_usr1(int sig) {
  (void)sig;
  printf("usr1: jumping to the %s\n", alrm_ran ? "alrm handler's buffer" : "constructor's buffer");
  siglongjmp(alrm_ran ? in_alrm : at_start, 1);
}

__attribute__((constructor)) static void setup(void) {
  setvbuf(stdout, 0, _IONBF, 0);
  if (sigsetjmp(at_start, 1) != 0) {
    printf("constructor: jumped to\n");
    return;
  }
  signal(SIGHUP, on_hup);
  signal(SIGUSR2, on_usr2);
  signal(SIGALRM, on_alrm);
  signal(SIGUSR1, on_usr1);
  printf("ready\n");
}
