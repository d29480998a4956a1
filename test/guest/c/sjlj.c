/* setjmp/longjmp and sigsetjmp/siglongjmp as glibc has them, also out of
 * signal handlers. Built natively too: the test compares the output.
 *   sjlj self     deterministic checks, one line each
 *   sjlj repl     the classic REPL interrupt: SIGINT's handler siglongjmps
 *                 back to the prompt out of a busy loop ("spin": the
 *                 program's own code only; "spin-yield": a loop that calls
 *                 sched_yield) or out of a read of stdin */
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static jmp_buf jb;
static sigjmp_buf sjb;
static volatile int depth_reached;

static int blocked(int sig) {
  sigset_t s;
  sigprocmask(SIG_BLOCK, 0, &s);
  return sigismember(&s, sig);
}

static void block(int sig, int how) {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, sig);
  sigprocmask(how, &s, 0);
}

static __attribute__((noinline)) void deep(int n, int val) {
  volatile char pad[64];
  pad[0] = (char)n;
  depth_reached = n + pad[0] - pad[0];
  if (n == 0) longjmp(jb, val);
  deep(n - 1, val);
}

/* A frame with its own setjmp between the jump and its target: the jump
 * passes through it. */
static __attribute__((noinline)) int middle(void) {
  jmp_buf mine;
  if (setjmp(mine)) return -1; /* never: nobody jumps to it */
  deep(5, 9);
  return 0;
}

static volatile sig_atomic_t got_usr2;
static void on_usr2(int sig) { (void)sig; got_usr2++; }

static void jump_sigjmp(int sig) { siglongjmp(sjb, sig); }
static void raise_usr2(int sig) { (void)sig; raise(SIGUSR2); }
static void jump_jmp(int sig) { longjmp(jb, sig); }
static void jump_raising(int sig) {
  raise(SIGUSR2); /* blocked by sa_mask: pending until the mask is restored */
  siglongjmp(sjb, sig);
}

static void install(int sig, void (*h)(int), int mask_sig, int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = h;
  sigemptyset(&sa.sa_mask);
  if (mask_sig) sigaddset(&sa.sa_mask, mask_sig);
  sa.sa_flags = flags;
  sigaction(sig, &sa, 0);
}

static int self(void) {
  volatile int r;

  r = setjmp(jb);
  if (!r) deep(10, 3);
  printf("longjmp through 11 frames: setjmp returned %d, depth %d\n", r, depth_reached);

  r = setjmp(jb);
  if (!r) longjmp(jb, 0);
  printf("longjmp(env, 0): setjmp returned %d\n", r);

  r = setjmp(jb);
  if (!r) r = 100 + middle();
  printf("through a frame with its own setjmp: %d\n", r);

  volatile int count = 0;
  r = setjmp(jb);
  if (++count < 5) longjmp(jb, count);
  printf("the same buffer again and again: count %d, last %d\n", count, r);

  /* setjmp saves no mask (glibc's setjmp is _setjmp). */
  r = setjmp(jb);
  if (!r) { block(SIGUSR1, SIG_BLOCK); longjmp(jb, 1); }
  printf("setjmp: SIGUSR1 still blocked after longjmp: %d\n", blocked(SIGUSR1));
  block(SIGUSR1, SIG_UNBLOCK);

  r = sigsetjmp(sjb, 1);
  if (!r) { block(SIGUSR1, SIG_BLOCK); siglongjmp(sjb, 1); }
  printf("sigsetjmp(env, 1): SIGUSR1 blocked after siglongjmp: %d\n", blocked(SIGUSR1));

  r = sigsetjmp(sjb, 0);
  if (!r) { block(SIGUSR1, SIG_BLOCK); siglongjmp(sjb, 1); }
  printf("sigsetjmp(env, 0): SIGUSR1 blocked after siglongjmp: %d\n", blocked(SIGUSR1));
  block(SIGUSR1, SIG_UNBLOCK);

  /* A buffer that sigsetjmp(env, 1) used, then a plain setjmp: no stale mask. */
  r = sigsetjmp(sjb, 1);
  if (!r) siglongjmp(sjb, 1);
  r = setjmp(*(jmp_buf *)&sjb);
  if (!r) { block(SIGUSR1, SIG_BLOCK); longjmp(*(jmp_buf *)&sjb, 1); }
  printf("setjmp on a buffer sigsetjmp used: SIGUSR1 blocked: %d\n", blocked(SIGUSR1));
  block(SIGUSR1, SIG_UNBLOCK);

  /* Out of a handler. */
  install(SIGUSR1, jump_sigjmp, 0, 0);
  r = sigsetjmp(sjb, 1);
  if (!r) raise(SIGUSR1);
  printf("siglongjmp out of a handler (savemask 1): returned %d, SIGUSR1 blocked: %d\n", r, blocked(SIGUSR1));

  r = sigsetjmp(sjb, 0);
  if (!r) raise(SIGUSR1);
  printf("siglongjmp out of a handler (savemask 0): returned %d, SIGUSR1 blocked: %d\n", r, blocked(SIGUSR1));
  block(SIGUSR1, SIG_UNBLOCK);

  install(SIGUSR1, jump_jmp, 0, 0);
  r = setjmp(jb);
  if (!r) raise(SIGUSR1);
  printf("longjmp out of a handler (setjmp): returned %d, SIGUSR1 blocked: %d\n", r, blocked(SIGUSR1));
  block(SIGUSR1, SIG_UNBLOCK);

  /* A signal the handler's mask held back runs when siglongjmp restores
   * the mask, before the jump lands. */
  install(SIGUSR2, on_usr2, 0, 0);
  install(SIGUSR1, jump_raising, SIGUSR2, 0);
  got_usr2 = 0;
  r = sigsetjmp(sjb, 1);
  if (!r) raise(SIGUSR1);
  printf("pending SIGUSR2 delivered by the mask restore: %d (returned %d)\n", (int)got_usr2, r);

  /* A handler that jumped out of an earlier handler leaves the library able
   * to deliver again, on every later safe point. */
  install(SIGUSR1, jump_sigjmp, 0, 0);
  int jumps = 0;
  for (int i = 0; i < 3; i++) {
    r = sigsetjmp(sjb, 1);
    if (!r) raise(SIGUSR1);
    else jumps++;
  }
  got_usr2 = 0;
  raise(SIGUSR2);
  printf("three jumps out of handlers, then a handler that returns: %d %d\n", jumps, (int)got_usr2);

  /* Out of two nested handlers at once: SIGUSR1's handler raises SIGUSR2,
   * whose handler jumps; then both are deliverable again. */
  install(SIGUSR1, raise_usr2, 0, 0);
  install(SIGUSR2, jump_sigjmp, 0, 0);
  r = sigsetjmp(sjb, 1);
  if (!r) raise(SIGUSR1);
  printf("out of two nested handlers: returned %d, blocked %d %d\n", r, blocked(SIGUSR1), blocked(SIGUSR2));
  install(SIGUSR1, on_usr2, 0, 0);
  install(SIGUSR2, on_usr2, 0, 0);
  got_usr2 = 0;
  raise(SIGUSR1);
  raise(SIGUSR2);
  printf("then both handlers run: %d\n", (int)got_usr2);

  /* Out of sigsuspend: its temporary mask stays (no sigreturn, no return
   * from sigsuspend), plus what the handler blocked. */
  block(SIGALRM, SIG_BLOCK);
  block(SIGUSR2, SIG_BLOCK);
  install(SIGUSR2, jump_sigjmp, 0, 0);
  raise(SIGUSR2);
  r = sigsetjmp(sjb, 0);
  if (!r) {
    sigset_t none;
    sigemptyset(&none);
    sigsuspend(&none);
  }
  printf("out of sigsuspend: returned %d, SIGALRM blocked %d, SIGUSR2 blocked %d\n", r, blocked(SIGALRM), blocked(SIGUSR2));
  block(SIGALRM, SIG_UNBLOCK);
  block(SIGUSR2, SIG_UNBLOCK);

  /* Out of a handler on the alternate stack: the stack is ours again. */
  static char alt[65536];
  stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0};
  sigaltstack(&ss, 0);
  install(SIGUSR1, jump_sigjmp, 0, SA_ONSTACK);
  r = sigsetjmp(sjb, 1);
  if (!r) raise(SIGUSR1);
  stack_t now;
  sigaltstack(0, &now);
  volatile char local = 0;
  int on_alt = (char *)&local >= alt && (char *)&local < alt + sizeof alt;
  printf("out of an SA_ONSTACK handler: returned %d, SS_ONSTACK %d, locals on it %d\n", r,
         (now.ss_flags & SS_ONSTACK) != 0, on_alt);
  return 0;
}

/* The classic interrupt: Ctrl+C brings the REPL back to its prompt. */
static volatile unsigned long spins;
static void on_int(int sig) { (void)sig; siglongjmp(sjb, 1); }

/* Its own function, as an interpreter's loop is: on emscripten every call
 * made in a function that calls setjmp goes through a JavaScript wrapper,
 * and the preemption pass finds no loop check to rewrite there. */
static __attribute__((noinline)) void spin(void) {
  for (;;) spins++;
}

static int repl(void) {
  install(SIGINT, on_int, 0, 0);
  setvbuf(stdout, 0, _IONBF, 0);
  volatile int interrupts = 0; /* changed between setjmp and longjmp */
  if (sigsetjmp(sjb, 1)) {
    interrupts++;
    printf("interrupted (%d), SIGINT blocked: %d\n", (int)interrupts, blocked(SIGINT));
  }
  for (;;) {
    printf("> ");
    char line[128];
    if (!fgets(line, sizeof line, stdin)) break;
    if (!strncmp(line, "spin-yield", 10)) {
      printf("spinning\n");
      for (;;) { spins++; sched_yield(); }
    }
    if (!strncmp(line, "spin", 4)) {
      printf("spinning\n");
      spin();
    }
    printf("echo %s", line);
  }
  printf("bye after %d interrupts\n", (int)interrupts);
  return 0;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "self";
  if (!strcmp(mode, "self")) return self();
  if (!strcmp(mode, "repl")) return repl();
  fprintf(stderr, "usage: sjlj self|repl\n");
  return 2;
}
