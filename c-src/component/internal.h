/* What the files of c-src/component share: the safe point of signal.c and
 * its waits. */
#ifndef WASIG_COMPONENT_INTERNAL_H
#define WASIG_COMPONENT_INTERNAL_H
#include <stdint.h>
/* The host calls' constants (WASIG_FD_*, WASIG_TTY_*) that core-module
 * guests use: a component's library makes calls of the same meaning. */
#include "../core/boundary.h"
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
 * (wasi-io.c): what c-src/libc/descriptors.c calls for the adapter's
 * descriptors behind the component's own numbers. */
#include <wasi/api.h>
__wasi_errno_t wasig__fd_read(__wasi_fd_t fd, const __wasi_iovec_t *iovs, size_t n, __wasi_size_t *nread);
__wasi_errno_t wasig__fd_write(__wasi_fd_t fd, const __wasi_ciovec_t *iovs, size_t n, __wasi_size_t *nwritten);
__wasi_errno_t wasig__poll_oneoff(const __wasi_subscription_t *in, __wasi_event_t *out, __wasi_size_t n,
                                  __wasi_size_t *nevents);

/* The host's readiness of descriptor fd of the adapter's (0, 1, 2:
 * wasig:signals/stdio) as WASIG_FD_* bits with the bytes waiting from bit 8
 * up, or -1 for any other; a stdin found not ready is what the next
 * wasig__wait_io waits for. */
int32_t wasig__stdio_poll(int32_t fd);
/* What a core-module guest's wasig_tty_js does (the words and operations of
 * c-src/core/boundary.h), on wasig:signals/stdio (terminal.c); errors are
 * this libc's errno values, negated. */
int32_t wasig__tty(int32_t fd, int32_t op, int32_t *words);
/* A wasig:signals errno case as this libc's errno. */
int wasig__wit_errno(uint8_t e);
/* Waits until a handler is due, the stdin a scan found not ready is
 * ready, or deadline_us (wasig__now's clock; < 0 none) passes. */
void wasig__wait_io(double deadline_us);
/* The monotonic clock in microseconds (`which` is ITIMER_REAL's 0). */
double wasig__now(int which);
/* The mask now; the mask set to m (the handlers of what that unblocks run
 * at the next safe point). */
uint64_t wasig__mask(void);
void wasig__setmask(uint64_t m);

/* The sets and their 64-bit masks: c-src/libc/sigset.c, linked here too. */
#include <signal.h>
int wasig__settable(int sig);
uint64_t wasig__unreserved(uint64_t m);
uint64_t wasig__set(const sigset_t *s);
void wasig__to_set(sigset_t *s, uint64_t bits);

/* sigaltstack and SA_ONSTACK (c-src/libc/altstack.c, linked too). */
#include "../libc/altstack.h"

/* Calls the component's handler of a signal taken from the host (the
 * action applied); restoring the mask after it is the caller's. */
void wasig__call_handler(const wit_delivery *d);
#endif
