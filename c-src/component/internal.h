/* What the files of c-src/component share: the safe point of signal.c and
 * its waits. */
#ifndef WASIG_COMPONENT_INTERNAL_H
#define WASIG_COMPONENT_INTERNAL_H
#include <stdint.h>
#include "wit.h"

/* What wasig__run_pending() did: a handler ran, and one of them was
 * installed without SA_RESTART. */
#define RAN_HANDLER 1
#define RAN_NORESTART 2

/* Runs the handler of every signal the host has for the component. */
int wasig__run_pending(void);

/* Waits until a handler is due (a signal the component catches is
 * deliverable); returns at once if one is. */
void wasig__wait_handler(void);

/* Reads, writes and polls of WASI descriptors that a handler interrupts
 * (io.c): what c-src/libc/descriptors.c calls for the adapter's
 * descriptors behind the component's own numbers. */
#include <wasi/api.h>
__wasi_errno_t wasig__fd_read(__wasi_fd_t fd, const __wasi_iovec_t *iovs, size_t n, __wasi_size_t *nread);
__wasi_errno_t wasig__fd_write(__wasi_fd_t fd, const __wasi_ciovec_t *iovs, size_t n, __wasi_size_t *nwritten);
__wasi_errno_t wasig__poll_oneoff(const __wasi_subscription_t *in, __wasi_event_t *out, __wasi_size_t n,
                                  __wasi_size_t *nevents);

/* Calls the component's handler of a signal taken from the host (the
 * action applied); restoring the mask after it is the caller's. */
void wasig__call_handler(const wit_delivery *d);
#endif
