/* The runtime that clang's wasm setjmp/longjmp lowering calls on
 * wasm32-wasi (LLVM 14, WebAssemblyLowerEmscriptenEHSjLj in its wasm
 * exception mode, -mllvm -wasm-enable-sjlj). In a function that calls
 * setjmp, each run of the setjmp call becomes
 *   table = saveSetjmp(env, label, table, size); size = getTempRet0();
 * (a per-call table of setjmp ids and their labels, which the function
 * malloc()s and free()s), and calls are wrapped in try/catch __c_longjmp.
 * longjmp(env, val) becomes __wasm_longjmp(env, val): it throws the tag
 * __c_longjmp with a pointer to {env, val}; each catching function asks
 * testSetjmp(*env, table, size) whether the id is one of its own (then it
 * resumes at that label, setjmp returning val) or calls __wasm_longjmp
 * again to pass it on. The catch also restores __stack_pointer.
 * The signal side (masks, handlers) is setjmp.c. */
#ifndef __EMSCRIPTEN__
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#ifdef WASIG_COMPONENT
#include "../component/descriptors.h"
#else
#include "internal.h"
#endif

struct setjmp_entry {
  uint32_t id;
  uint32_t label;
};

static uint32_t last_id;
static uint32_t temp_ret0;

uint32_t getTempRet0(void) { return temp_ret0; }
void setTempRet0(uint32_t v) { temp_ret0 = v; }

/* `table` has size + 1 entries, the used ones ending with id 0. */
struct setjmp_entry *saveSetjmp(struct __jmp_buf_tag *env, uint32_t label, struct setjmp_entry *table, uint32_t size) {
  wasig__setjmp_mark(env);
  if (++last_id == 0) last_id = 1; /* 0 ends a table */
  env->__jb[0] = last_id;
  uint32_t i = 0;
  while (i < size && table[i].id) i++;
  if (i == size) {
    uint32_t grown = size * 2;
    table = realloc(table, sizeof *table * (grown + 1));
    if (!table) abort();
    size = grown;
  }
  table[i].id = last_id;
  table[i].label = label;
  table[i + 1].id = 0;
  temp_ret0 = size;
  return table;
}

uint32_t testSetjmp(uint32_t id, struct setjmp_entry *table, uint32_t size) {
  for (uint32_t i = 0; i < size && table[i].id; i++)
    if (table[i].id == id) {
      wasig__longjmp_landed();
      return table[i].label;
    }
  return 0;
}

/* What the exception carries (read by the compiler's catch code). */
static struct {
  struct __jmp_buf_tag *env;
  int val;
} longjmp_args;

_Noreturn void __wasm_longjmp(struct __jmp_buf_tag *env, int val) {
  wasig__longjmp_begin(env); /* once per jump, not when passed on */
  longjmp_args.env = env;
  longjmp_args.val = val ? val : 1; /* longjmp(env, 0) makes setjmp return 1 */
  __builtin_wasm_throw(1, &longjmp_args); /* 1: the tag __c_longjmp */
}

/* Calls not lowered by the compiler (through a pointer, or siglongjmp). */
_Noreturn void longjmp(jmp_buf env, int val) { __wasm_longjmp(env, val); }
_Noreturn void _longjmp(jmp_buf env, int val) { __wasm_longjmp(env, val); }
_Noreturn void siglongjmp(sigjmp_buf env, int val) { __wasm_longjmp(env, val); }
#endif
