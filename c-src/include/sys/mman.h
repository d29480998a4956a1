/* wasig: <sys/mman.h> from the target's libc. wasi-libc's stops with
 * #error unless a flag is given: this one turns on its emulation (anonymous
 * and private file mappings copied into memory; `wasig cc` links
 * -lwasi-emulated-mman). Shared file mappings fail, as WASI has no mmap. */
#if defined(__wasi__) && !defined(__EMSCRIPTEN__) && !defined(_WASI_EMULATED_MMAN)
#define _WASI_EMULATED_MMAN 1
#endif
#include_next <sys/mman.h>
