/* Anonymous files in the guest's memory (wasi): memfd_create, and tmpfile
 * when the guest was given no /tmp.
 *
 * On Linux tmpfile() always works: /tmp is there. A wasi guest has only the
 * directories it was given, so a program whose buffer is a tmpfile (ed,
 * sort-like tools) would stop at start. Such a file has no name and lives
 * only while a descriptor is open, so it can live in the guest's memory,
 * as a file of tmpfs (memfd_create's) does: a regular file of mode 0600
 * with read, write, seek, positioned I/O, truncate and stat. Its open file
 * description (the offset) is the descriptor table's (descriptors.c): dup
 * shares it, as on Linux. Growth that memory refuses is ENOSPC, as a full
 * tmpfs. */
#if !defined(__EMSCRIPTEN__)
#include <stdlib.h>
#include <string.h>
#include "memfile.h"

struct wasig_memfile {
  unsigned char *data;
  uint64_t len, cap;
};

wasig_memfile *wasig__mem_new(void) {
  return calloc(1, sizeof(wasig_memfile));
}

void wasig__mem_free(wasig_memfile *m) {
  free(m->data);
  free(m);
}

uint64_t wasig__mem_size(const wasig_memfile *m) {
  return m->len;
}

/* Makes room for `size` bytes (zero-filled past the end), or ENOSPC. */
static __wasi_errno_t reserve(wasig_memfile *m, uint64_t size) {
  if (size <= m->cap) return 0;
  if (size > SIZE_MAX / 2) return __WASI_ERRNO_NOSPC;
  uint64_t cap = m->cap ? m->cap : 4096;
  while (cap < size) cap *= 2;
  unsigned char *d = realloc(m->data, (size_t)cap);
  if (!d) return __WASI_ERRNO_NOSPC;
  memset(d + m->cap, 0, (size_t)(cap - m->cap));
  m->data = d;
  m->cap = cap;
  return 0;
}

__wasi_errno_t wasig__mem_set_size(wasig_memfile *m, uint64_t size) {
  if (size > m->len) {
    __wasi_errno_t e = reserve(m, size);
    if (e) return e;
  } else if (m->data) {
    /* Bytes cut off read back as zeros when the file grows again. */
    memset(m->data + size, 0, (size_t)(m->len - size));
  }
  m->len = size;
  return 0;
}

__wasi_errno_t wasig__mem_pread(wasig_memfile *m, const __wasi_iovec_t *iov, size_t n, uint64_t at,
                                __wasi_size_t *done) {
  uint64_t got = 0;
  for (size_t i = 0; i < n && at + got < m->len; i++) {
    uint64_t k = m->len - (at + got);
    if (k > iov[i].buf_len) k = iov[i].buf_len;
    memcpy(iov[i].buf, m->data + at + got, (size_t)k);
    got += k;
  }
  *done = (__wasi_size_t)got;
  return 0;
}

__wasi_errno_t wasig__mem_pwrite(wasig_memfile *m, const __wasi_ciovec_t *iov, size_t n, uint64_t at,
                                 __wasi_size_t *done) {
  uint64_t want = 0;
  for (size_t i = 0; i < n; i++) want += iov[i].buf_len;
  *done = 0;
  if (!want) return 0;
  if (at + want < at) return __WASI_ERRNO_FBIG;
  __wasi_errno_t e = reserve(m, at + want);
  if (e) return e;
  uint64_t put = 0;
  for (size_t i = 0; i < n; i++) {
    memcpy(m->data + at + put, iov[i].buf, iov[i].buf_len);
    put += iov[i].buf_len;
  }
  if (at + put > m->len) m->len = at + put;
  *done = (__wasi_size_t)put;
  return 0;
}
#endif
