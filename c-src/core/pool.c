/* Process structs for hosts that keep many processes in one module instance.
 * Freed structs go on a free list; new ones come from fresh pages, which
 * nothing else in a core-only module uses. Native builds allocate their own. */
#include "boundary.h"

#ifdef __wasm__
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
