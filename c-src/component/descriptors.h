/* What c-src/libc/descriptors.c needs of the library it is linked into,
 * for components: the signal calls of c-src/component instead of the core's
 * (it includes this instead of c-src/libc/internal.h when built with
 * WASIG_COMPONENT). */
#ifndef WASIG_COMPONENT_DESCRIPTORS_H
#define WASIG_COMPONENT_DESCRIPTORS_H
#include <errno.h>
#include <signal.h>
#include "internal.h"

#define WASIG_RAN_HANDLER RAN_HANDLER
#define WASIG_RAN_NORESTART RAN_NORESTART
#define wasig__safepoint() wasig__run_pending()
/* A pipe's wait: a handler is the only thing that can change a pipe while
 * the component waits (it has one thread). */
#define wasig__seen() 0
#define wasig__block_since(seen, deadline) ((void)(seen), (void)(deadline), wasig__wait_handler(), 1)
/* A component's stdio is no terminal of a job it could be in the
 * background of: it may always read and write. */
#define wasig__tty_may(fd, writing) 0
/* The adapter's reads, writes and polls, through io.c: a handler
 * interrupts them and runs on the way back from them. */
#define wasig__signal_came() 0
#define __real___wasi_fd_read wasig__fd_read
#define __real___wasi_fd_write wasig__fd_write
#define __real___wasi_poll_oneoff wasig__poll_oneoff

int wasig__host_fd(int fd);
int wasig__pipe_poll(int fd, int *bytes);
int wasig__dupfd(int fd, int min);
#endif
