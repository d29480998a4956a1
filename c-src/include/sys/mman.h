/* wasig: <sys/mman.h> from the target's libc. wasi-libc's stops with
 * #error unless a flag is given: this one turns on its emulation (anonymous
 * and private file mappings copied into memory; `wasig cc` links
 * -lwasi-emulated-mman). Shared file mappings fail, as WASI has no mmap. */
#if defined(__wasi__) && !defined(__EMSCRIPTEN__) && !defined(_WASI_EMULATED_MMAN)
#define _WASI_EMULATED_MMAN 1
#endif
#include_next <sys/mman.h>
/* memfd_create (glibc declares it here): an anonymous file. wasi: one in
 * the guest's memory (c-src/libc/descriptors.c); emscripten: an unlinked
 * file of its in-memory /tmp (c-src/libc/posix-file.c). */
#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 1U
#define MFD_ALLOW_SEALING 2U
#endif
int memfd_create(const char *name, unsigned flags);
