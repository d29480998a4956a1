/* A file in the guest's memory (memfile.c): its bytes. The open file
 * description (offset, flags) is the descriptor table's (descriptors.c). */
#ifndef WASIG_MEMFILE_H
#define WASIG_MEMFILE_H
#include <stddef.h>
#include <stdint.h>
#include <wasi/api.h>

typedef struct wasig_memfile wasig_memfile;
wasig_memfile *wasig__mem_new(void);
void wasig__mem_free(wasig_memfile *m);
uint64_t wasig__mem_size(const wasig_memfile *m);
/* ftruncate: longer reads as zeros. ENOSPC when memory refuses. */
__wasi_errno_t wasig__mem_set_size(wasig_memfile *m, uint64_t size);
__wasi_errno_t wasig__mem_pread(wasig_memfile *m, const __wasi_iovec_t *iov, size_t n, uint64_t at, __wasi_size_t *done);
__wasi_errno_t wasig__mem_pwrite(wasig_memfile *m, const __wasi_ciovec_t *iov, size_t n, uint64_t at,
                                 __wasi_size_t *done);
#endif
