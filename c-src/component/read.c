/* Reads a handler interrupts, as on Linux. A blocking read of stdin is the
 * host's wasi:io/streams blocking-read, which waits on the input and on the
 * component's `deliverable` subscription together: when a signal the
 * component catches comes first, the read fails with wasi:filesystem's
 * `interrupted` (the preview1 adapter's EINTR). Here the handler runs, then
 * the read is made again under SA_RESTART, or fails with EINTR without it
 * (signal(7)). A stop and continue, or a signal whose default is to be
 * ignored, never interrupts: the host keeps waiting. */
#include "wrap.h"
#include <wasi/api.h>
#include "internal.h"

__wasi_errno_t __real___wasi_fd_read(__wasi_fd_t fd, const __wasi_iovec_t *iovs, size_t n, __wasi_size_t *nread);

__wasi_errno_t __wasi_fd_read(__wasi_fd_t fd, const __wasi_iovec_t *iovs, size_t n, __wasi_size_t *nread) {
  for (;;) {
    __wasi_errno_t e = __real___wasi_fd_read(fd, iovs, n, nread);
    if (e != __WASI_ERRNO_INTR) return e;
    /* The handler was taken elsewhere meanwhile (none ran here): nothing
     * interrupted this read, so it goes on. */
    if (wasig__run_pending() & RAN_NORESTART) return e;
  }
}
