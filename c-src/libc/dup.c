/* fcntl(F_DUPFD) on emscripten (posix-lock.c's wrap of fcntl): the same
 * shared open file description as its dup, dup2 and dup3, which
 * shims/emscripten/wasig-guest.js gives. The wasi library's descriptor
 * table has its own (descriptors.c). */
#if defined(__EMSCRIPTEN__)
#include <errno.h>
#include "internal.h"

int wasig_dupfd_js(int fd, int min);

int wasig__dupfd(int fd, int min) {
  int r = wasig_dupfd_js(fd, min);
  if (r < 0) {
    errno = -r;
    return -1;
  }
  return r;
}
#endif
