/* wasi-libc's malloc (dlmalloc over memory.grow) returns NULL without
 * setting errno when memory cannot grow (a full memory, a host's
 * maxMemory): C and POSIX say ENOMEM, and programs print strerror(errno).
 * `wasig cc` links wasi guests with --wrap for these; emscripten's malloc
 * sets it itself. */
#if !defined(__EMSCRIPTEN__)
#include <errno.h>
#include <stddef.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void *__real_aligned_alloc(size_t a, size_t n);

static void *checked(void *p) {
  if (!p) errno = ENOMEM;
  return p;
}

void *__wrap_malloc(size_t n) { return n ? checked(__real_malloc(n)) : __real_malloc(n); }
void *__wrap_calloc(size_t k, size_t n) { return k && n ? checked(__real_calloc(k, n)) : __real_calloc(k, n); }
void *__wrap_realloc(void *p, size_t n) { return n ? checked(__real_realloc(p, n)) : __real_realloc(p, n); }
void *__wrap_aligned_alloc(size_t a, size_t n) { return n ? checked(__real_aligned_alloc(a, n)) : __real_aligned_alloc(a, n); }
#endif
