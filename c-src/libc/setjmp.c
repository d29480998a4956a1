/* The signal side of setjmp/longjmp, on both targets (<setjmp.h> says how
 * each target jumps): sigsetjmp's saved mask, restored by longjmp, and the
 * library's state when a jump leaves a signal handler. */
#include "emscripten-wrap.h"
#include <setjmp.h>
#include <string.h>
#ifdef WASIG_COMPONENT
#include "../component/descriptors.h"
#else
#include "internal.h"
#endif

/* sigsetjmp(env, save) is `(__wasig_sigsetjmp_mask(env, save), setjmp(env))`.
 * The compiler turns each run of a setjmp call into saveSetjmp(env, ...),
 * which calls wasig__setjmp_mark: the buffer carries a saved mask only when
 * that setjmp is the one sigsetjmp just prepared, so that a plain setjmp on
 * a buffer a sigsetjmp used before does not restore a stale mask (glibc's
 * _setjmp clears __mask_was_saved the same way). */
static struct __jmp_buf_tag *prepared;
static int prepared_save;

void __wasig_sigsetjmp_mask(struct __jmp_buf_tag *env, int save) {
  prepared = env;
  prepared_save = save != 0;
  if (save) {
    sigset_t now;
    sigprocmask(SIG_BLOCK, 0, &now);
    memcpy(env->__ss, &now, sizeof now);
  }
}

void wasig__setjmp_mark(struct __jmp_buf_tag *env) {
  env->__fl = env == prepared ? (unsigned long)prepared_save : 0;
  prepared = 0;
}

/* The jump under way: the compiler's code passes a jump on to an outer
 * frame by calling longjmp's entry again with the same buffer; it is begun
 * once. Cleared when a frame takes it (testSetjmp found its id). */
static struct __jmp_buf_tag *in_flight;

void wasig__longjmp_begin(struct __jmp_buf_tag *env) {
  if (env == in_flight) return;
  /* A jump out of a handler abandons wasig__run_pending's scan, which had
   * cleared `tripped`: set it again so that the next safe point looks at
   * what is still pending, as Linux delivers it at the next return to user
   * space. (Harmless when no handler runs: one scan that finds nothing.)
   * Nothing else of a handler's state needs undoing: the mask stays as the
   * handler had it unless sigsetjmp saved one (Linux: no sigreturn ran),
   * the wasm engine's stack and __stack_pointer are restored by the catch
   * (wasi) or by emscripten's invoke wrappers, and an SS_AUTODISARM
   * alternate stack stays disarmed, as Linux leaves it without sigreturn. */
  wasig__rearm();
  /* glibc's longjmp restores the mask before it jumps; a signal it unblocks
   * is delivered then, on the current stack: so here too. */
  if (env->__fl) {
    sigset_t m;
    memcpy(&m, env->__ss, sizeof m);
    sigprocmask(SIG_SETMASK, &m, 0);
  }
  in_flight = env;
}

void wasig__longjmp_landed(void) { in_flight = 0; }

#ifdef __EMSCRIPTEN__
/* emcc lowers setjmp to saveSetjmp and longjmp to emscripten_longjmp
 * (compiler-rt), and asks testSetjmp where a jump lands: `wasig cc`
 * links with --wrap for the three (emscripten-wrap.h lists them). */
void *__real_saveSetjmp(struct __jmp_buf_tag *env, uint32_t label, void *table, uint32_t size);
void *__wrap_saveSetjmp(struct __jmp_buf_tag *env, uint32_t label, void *table, uint32_t size) {
  wasig__setjmp_mark(env);
  /* The real one calls itself, wrapped too, when it grows its table (the
   * fifth setjmp of one call of a function): keep this mark, not that one. */
  unsigned long fl = env->__fl;
  void *grown = __real_saveSetjmp(env, label, table, size);
  env->__fl = fl;
  return grown;
}

uint32_t __real_testSetjmp(uintptr_t id, void *table, uint32_t size);
uint32_t __wrap_testSetjmp(uintptr_t id, void *table, uint32_t size) {
  uint32_t label = __real_testSetjmp(id, table, size);
  if (label) wasig__longjmp_landed();
  return label;
}

_Noreturn void __real_emscripten_longjmp(uintptr_t env, int val);
_Noreturn void __wrap_emscripten_longjmp(uintptr_t env, int val) {
  wasig__longjmp_begin((struct __jmp_buf_tag *)env);
  /* C: longjmp(env, 0) makes setjmp return 1 (emscripten 3.1.6 passes the
   * 0 on, and setjmp returns whatever __threwValue held). */
  __real_emscripten_longjmp(env, val ? val : 1);
}
#endif
