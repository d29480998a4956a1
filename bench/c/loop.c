/* wasig bench: the cost of a safe point in a tight wasm loop, and the latency
 * of a signal posted into the mailbox of a busy or blocked wasm loop.
 *
 * Built from this one file with clang-14 --target=wasm32-wasi (plain and
 * shared memory) and with emcc, each linking the core sources (c-src/core) directly. Every
 * loop_* function runs the same body n times; they differ only in what runs
 * after the body on each iteration:
 *   none     nothing
 *   check    wasig_check(p): a call into the core, one atomic exchange
 *   fast     an inline load of p->mb.tripped; wasig_check() only when set
 *   poll1    a host-import poll (the JS function returns the flag)
 *   poll50   the same import every 50th iteration (CPython's emscripten port)
 */
#include "boundary.h"

#if defined(__EMSCRIPTEN__)
#define BENCH_EXPORT(name) __attribute__((used, export_name(#name)))
#else
#define BENCH_EXPORT(name) __attribute__((export_name(#name)))
#endif
#define BENCH_IMPORT(name) __attribute__((import_module("env"), import_name(#name))) extern

BENCH_IMPORT(bench_poll_js) int32_t bench_poll_js(void);
/* Called by the C handler: the host takes its timestamp there. */
BENCH_IMPORT(bench_mark_js) void bench_mark_js(int32_t sig, int32_t value);

/* The body: one multiply-add, a 4-cycle dependency chain, nothing else.
 * Unrolling is off in every variant, so that they differ only by the safe
 * point; loop_free shows what the compiler does when it is free to unroll. */
#define NOUNROLL _Pragma("clang loop unroll(disable)")
#define BODY(acc, i) ((acc) * 1103515245u + (uint32_t)(i))

static volatile int32_t handled;
static int32_t mark; /* call the host on each handler (latency runs only) */

/* A C handler, called through the core's dispatch decision. */
static void on_signal(int32_t sig, int32_t value) {
  handled++;
  if (mark) bench_mark_js(sig, value);
}

/* The slow path of the safe point: drain, then dispatch every deliverable
 * signal (what a guest's libc does after wasig_check() returned 1). */
__attribute__((noinline)) static void dispatch(wasig_proc *p) {
  int32_t sig;
  while ((sig = wasig_next(p)) != 0) {
    if (p->last_action == WASIG_ACT_HANDLER) {
      on_signal(sig, p->out.value);
      /* Python-style handlers run with nothing blocked (SA_NODEFER, empty
       * sa_mask), so there is no mask to restore. */
    }
  }
}

__attribute__((noinline)) static void slow(wasig_proc *p) {
  if (wasig_check(p)) dispatch(p);
}

BENCH_EXPORT(loop_none) uint32_t loop_none(wasig_proc *p, int32_t n) {
  (void)p;
  uint32_t acc = 1;
  NOUNROLL
  for (int32_t i = 0; i < n; i++) {
    acc = BODY(acc, i);
  }
  return acc;
}

BENCH_EXPORT(loop_free) uint32_t loop_free(wasig_proc *p, int32_t n) {
  (void)p;
  uint32_t acc = 1;
  for (int32_t i = 0; i < n; i++) acc = BODY(acc, i);
  return acc;
}

BENCH_EXPORT(loop_check) uint32_t loop_check(wasig_proc *p, int32_t n) {
  uint32_t acc = 1;
  NOUNROLL
  for (int32_t i = 0; i < n; i++) {
    acc = BODY(acc, i);
    if (wasig_check(p)) dispatch(p);
  }
  return acc;
}

BENCH_EXPORT(loop_fast) uint32_t loop_fast(wasig_proc *p, int32_t n) {
  uint32_t acc = 1;
  NOUNROLL
  for (int32_t i = 0; i < n; i++) {
    acc = BODY(acc, i);
    if (__builtin_expect(__atomic_load_n(&p->mb.tripped, __ATOMIC_ACQUIRE), 0)) slow(p);
  }
  return acc;
}

BENCH_EXPORT(loop_poll1) uint32_t loop_poll1(wasig_proc *p, int32_t n) {
  uint32_t acc = 1;
  NOUNROLL
  for (int32_t i = 0; i < n; i++) {
    acc = BODY(acc, i);
    if (__builtin_expect(bench_poll_js(), 0)) slow(p);
  }
  return acc;
}

BENCH_EXPORT(loop_poll50) uint32_t loop_poll50(wasig_proc *p, int32_t n) {
  uint32_t acc = 1;
  int32_t k = 0;
  NOUNROLL
  for (int32_t i = 0; i < n; i++) {
    acc = BODY(acc, i);
    if (++k == 50) {
      k = 0;
      if (__builtin_expect(bench_poll_js(), 0)) slow(p);
    }
  }
  return acc;
}

/* A busy guest: spin with the fast safe point until `want` handlers ran. */
BENCH_EXPORT(spin_until) int32_t spin_until(wasig_proc *p, int32_t want) {
  uint32_t acc = 1;
  int32_t i = 0;
  NOUNROLL
  while (handled < want) {
    acc = BODY(acc, i++);
    if (__builtin_expect(__atomic_load_n(&p->mb.tripped, __ATOMIC_ACQUIRE), 0)) slow(p);
  }
  return (int32_t)acc;
}

/* A blocked guest: sleep on the wake word (sigsuspend's shape) until `want`
 * handlers ran. */
BENCH_EXPORT(wait_until) int32_t wait_until(wasig_proc *p, int32_t want) {
  while (handled < want) {
    int32_t seen = __atomic_load_n(&p->mb.wake, __ATOMIC_ACQUIRE);
    if (wasig_check(p)) { dispatch(p); continue; }
    wasig_wait_js(p, seen, -1.0);
  }
  return handled;
}

/* A C program raising to its own C handler n times through the core
 * (what raise() in a guest libc does: trip, then the safe point). */
BENCH_EXPORT(raise_loop) int32_t raise_loop(wasig_proc *p, int32_t sig, int32_t n) {
  int32_t before = handled;
  NOUNROLL
  for (int32_t i = 0; i < n; i++) {
    wasig_send(p, sig, WASIG_SI_TKILL, 1, 0, 0);
    if (wasig_check(p)) dispatch(p);
  }
  return handled - before;
}

BENCH_EXPORT(bench_mark) void bench_mark(int32_t on) { mark = on; }

BENCH_EXPORT(bench_handled) int32_t bench_handled(void) { return handled; }

/* Install on_signal for sig (kind HANDLER; the handler word is opaque). */
BENCH_EXPORT(bench_setup) wasig_proc *bench_setup(int32_t sig) {
  wasig_proc *p = wasig_proc_new(1, 0);
  if (p) wasig_set_action(p, sig, WASIG_DISP_HANDLER, 1, WASIG_SA_NODEFER, 0, 0);
  return p;
}
