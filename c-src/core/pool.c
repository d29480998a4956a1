/* The shadow stack pointer, and process structs for hosts that keep many processes in one module instance.
 * Freed structs go on a free list; new ones come from fresh pages, which
 * nothing else in a core-only module uses. Native builds allocate their own. */
#include "boundary.h"

#ifdef __wasm__
/* A file with no frames of its own never makes the compiler declare the
 * global: say its type, or the assembler takes the name for data. */
__asm__(".globaltype __stack_pointer, i32\n");

int32_t wasig_stack_get(void) {
  int32_t sp;
  __asm__ volatile("global.get __stack_pointer\n\tlocal.set %0" : "=r"(sp));
  return sp;
}

void wasig_stack_set(int32_t sp) {
  __asm__ volatile("local.get %0\n\tglobal.set __stack_pointer" : : "r"(sp));
}

#define PAGE 65536u

#define SLOT ((sizeof(wasig_proc) + 15u) & ~15u)

static wasig_proc *free_list;
static unsigned long bump, end; /* the unused tail of the pages we grew */

wasig_proc *wasig_proc_new(int32_t pid, int32_t uid) {
  wasig_proc *p = free_list;
  if (p) {
    free_list = *(wasig_proc **)(void *)p;
  } else {
    if (end - bump < SLOT) {
      unsigned long pages = (SLOT + PAGE - 1) / PAGE;
      long old = __builtin_wasm_memory_grow(0, pages);
      if (old < 0) return 0;
      unsigned long start = (unsigned long)old * PAGE;
      if (start != end) bump = start; /* not contiguous with our last pages */
      end = start + pages * PAGE;
    }
    p = (wasig_proc *)bump;
    bump += SLOT;
  }
  wasig_proc_init(p, pid, uid);
  return p;
}

void wasig_proc_free(wasig_proc *p) {
  if (!p) return;
  *(wasig_proc **)(void *)p = free_list;
  free_list = p;
}
#endif
