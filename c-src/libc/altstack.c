/* The alternate signal stack: sigaltstack(2) and SA_ONSTACK handlers, for
 * core-module guests (both targets) and components alike.
 *
 * wasm keeps return addresses and scalars in its own engine stack; what lives
 * in linear memory (address-taken locals, arrays, large structs) is addressed
 * from the global __stack_pointer, which clang and emcc both name that way.
 * Moving that pointer to the top of the sigaltstack area for the duration of
 * an SA_ONSTACK handler puts the handler's frames there, as on Linux. */
#include <errno.h>
#include <stdint.h>
#include "altstack.h"

stack_t wasig__altstack = {0, SS_DISABLE, 0};

/* The assembler learns the symbol is the global (not data) here, since no
 * C code of this file names it otherwise. */
__asm__(".globaltype __stack_pointer, i32");

static inline uintptr_t sp_get(void) {
  uintptr_t sp;
  __asm__ volatile("global.get __stack_pointer\n\tlocal.set %0" : "=r"(sp));
  return sp;
}

static inline void sp_set(uintptr_t sp) {
  __asm__ volatile("local.get %0\n\tglobal.set __stack_pointer" : : "r"(sp));
}

int wasig__on_altstack(void) {
  stack_t *a = &wasig__altstack;
  /* Linux's on_sig_stack(): sp - ss_sp < ss_size (the stack grows down, so
   * the top itself counts as on it once something was pushed). */
  return a->ss_size && sp_get() - (uintptr_t)a->ss_sp - 1 < a->ss_size;
}

void __attribute__((noinline)) wasig__call_onstack(void (*fn)(void *), void *arg) {
  if (!wasig__altstack.ss_size || wasig__on_altstack()) { fn(arg); return; }
  stack_t saved = wasig__altstack;
  uintptr_t top = ((uintptr_t)saved.ss_sp + saved.ss_size) & ~(uintptr_t)15;
  if (saved.ss_flags & SS_AUTODISARM) {
    wasig__altstack.ss_sp = 0;
    wasig__altstack.ss_size = 0;
    wasig__altstack.ss_flags = SS_DISABLE;
  }
  uintptr_t sp = sp_get();
  sp_set(top);
  fn(arg);
  sp_set(sp);
  if (saved.ss_flags & SS_AUTODISARM) wasig__altstack = saved;
}

int sigaltstack(const stack_t *restrict ss, stack_t *restrict old) {
  /* Linux's rules (kernel/signal.c do_sigaltstack): the old settings first;
   * no change while running on the alternate stack (EPERM); the mode is 0,
   * SS_ONSTACK (accepted, same as 0) or SS_DISABLE, optionally with
   * SS_AUTODISARM; a disabled stack reads back as NULL/0. */
  stack_t *alt = &wasig__altstack;
  int on = wasig__on_altstack();
  stack_t prev;
  prev.ss_sp = alt->ss_sp;
  prev.ss_size = alt->ss_size;
  prev.ss_flags = (alt->ss_size == 0 ? SS_DISABLE : on ? SS_ONSTACK : 0) |
                  (alt->ss_flags & SS_AUTODISARM);
  if (ss) {
    if (on) { errno = EPERM; return -1; }
    int mode = ss->ss_flags & ~SS_AUTODISARM;
    if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE) { errno = EINVAL; return -1; }
    if (mode == SS_DISABLE) {
      alt->ss_sp = 0;
      alt->ss_size = 0;
      alt->ss_flags = SS_DISABLE;
    } else {
      if (ss->ss_size < MINSIGSTKSZ) { errno = ENOMEM; return -1; }
      alt->ss_sp = ss->ss_sp;
      alt->ss_size = ss->ss_size;
      alt->ss_flags = ss->ss_flags & SS_AUTODISARM;
    }
  }
  if (old) *old = prev;
  return 0;
}
