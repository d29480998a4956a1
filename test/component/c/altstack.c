/* sigaltstack and SA_ONSTACK handlers, built both as a component and as a
 * core-module guest (test/component/component.test.ts compares the two):
 * Linux's rules, and where the handler's memory frame lives. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static char area[16384] __attribute__((aligned(16)));
static uintptr_t local;
static int flags_in, change_err, info_flags;

static int on_area(uintptr_t p) { return p >= (uintptr_t)area && p < (uintptr_t)area + sizeof area; }

static void handler(int s) {
  volatile char probe[32];
  probe[0] = (char)s;
  local = (uintptr_t)&probe[0];
  stack_t now, other = {area, 0, sizeof area};
  sigaltstack(0, &now);
  flags_in = now.ss_flags;
  errno = 0;
  change_err = sigaltstack(&other, 0) == -1 ? errno : 0;
}

static void info_handler(int s, siginfo_t *si, void *uc) {
  (void)si;
  handler(s);
  info_flags = ((ucontext_t *)uc)->uc_stack.ss_flags;
}

static void install(int flags, int info) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  if (info) sa.sa_sigaction = info_handler;
  else sa.sa_handler = handler;
  sa.sa_flags = flags | (info ? SA_SIGINFO : 0);
  sigaction(SIGUSR1, &sa, 0);
}

int main(void) {
  stack_t ss, old;
  printf("starts disabled: %d\n", sigaltstack(0, &old) == 0 && old.ss_flags == SS_DISABLE && !old.ss_sp && !old.ss_size);
  ss.ss_sp = area; ss.ss_size = MINSIGSTKSZ - 1; ss.ss_flags = 0; errno = 0;
  printf("below MINSIGSTKSZ: %d %s\n", sigaltstack(&ss, 0), strerror(errno));
  ss.ss_size = sizeof area; ss.ss_flags = SS_DISABLE | SS_ONSTACK; errno = 0;
  printf("bad flags: %d %s\n", sigaltstack(&ss, 0), strerror(errno));
  ss.ss_flags = 0;
  printf("set: %d\n", sigaltstack(&ss, 0));
  install(SA_ONSTACK, 0);
  raise(SIGUSR1);
  printf("SA_ONSTACK: on it %d, flags %d, change %s\n", on_area(local), flags_in, strerror(change_err));
  install(SA_ONSTACK, 1);
  raise(SIGUSR1);
  printf("SA_SIGINFO|SA_ONSTACK: on it %d, uc_stack flags %d\n", on_area(local), info_flags);
  install(0, 0);
  raise(SIGUSR1);
  printf("without SA_ONSTACK: on it %d, flags %d\n", on_area(local), flags_in);
  ss.ss_flags = SS_AUTODISARM;
  sigaltstack(&ss, 0);
  install(SA_ONSTACK, 0);
  raise(SIGUSR1);
  sigaltstack(0, &old);
  printf("SS_AUTODISARM: on it %d, disarmed inside %d, back after %d\n", on_area(local), flags_in == SS_DISABLE,
         old.ss_sp == area && (old.ss_flags & SS_AUTODISARM) != 0);
  ss.ss_flags = SS_DISABLE;
  printf("disable: %d\n", sigaltstack(&ss, &old) == 0 && sigaltstack(0, &old) == 0 && old.ss_flags == SS_DISABLE);
  return 0;
}
