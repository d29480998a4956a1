/* What the files of c-src/libc that components link (descriptors.c,
 * io.c, tty.c, posix-dirs.c) need of the library they are linked into: the signal calls and
 * waits of c-src/component instead of the core's (they include this
 * instead of c-src/libc/internal.h when built with WASIG_COMPONENT). */
#ifndef WASIG_COMPONENT_DESCRIPTORS_H
#define WASIG_COMPONENT_DESCRIPTORS_H
#include <errno.h>
#include <signal.h>
#include "internal.h"

#define WASIG_RAN_HANDLER RAN_HANDLER
#define WASIG_RAN_NORESTART RAN_NORESTART
#define wasig__safepoint() wasig__run_pending()
/* The host keeps the signal state: nothing to drain first. */
#define wasig__drain() ((void)0)
/* A wait: only a handler can change the component's own pipes while it
 * waits (it has one thread); the host's stdin and the clock can end it too
 * (wasi-io.c). */
#define wasig__seen() 0
#define wasig__block_since(seen, deadline) ((void)(seen), wasig__wait_io(deadline), 1)
/* Job control of the terminal (c-src/libc/tty.c, linked too). */
int wasig__tty_may(int fd, int writing);
/* The terminal among the host's stdio, for /dev/tty (tty.c). */
int wasig__tty_host(int *in, int *out);
/* The terminal: wasig:signals/stdio (terminal.c), whose errors are this
 * libc's errno values already. */
#define wasig_tty_js wasig__tty
#define wasig__errno(e) (e)
/* Sends sig to the component itself, running nothing: job control's
 * SIGTTIN/SIGTTOU (wasig:signals has no way to send as the kernel, so
 * si_code is SI_TKILL where Linux says SI_KERNEL). */
void wasig__send_self(int sig);
/* The adapter's reads, writes and polls, through wasi-io.c: a handler
 * interrupts them and runs on the way back from them. */
#define wasig__signal_came() 0
#define __real___wasi_fd_read wasig__fd_read
#define __real___wasi_fd_write wasig__fd_write
#define __real___wasi_poll_oneoff wasig__poll_oneoff
/* The host's readiness of stdio (wasig:signals/stdio), as a core-module
 * guest's wasig_fd_poll_js gives it. */
#define wasig_fd_poll_js wasig__stdio_poll

/* setjmp/longjmp (c-src/libc/setjmp.c, setjmp-wasi.c, linked too). A jump
 * out of a handler leaves nothing to undo here: the host hands signals
 * over one `take` at a time, and the next safe point takes the rest. */
struct __jmp_buf_tag;
void wasig__setjmp_mark(struct __jmp_buf_tag *env);
void wasig__longjmp_begin(struct __jmp_buf_tag *env);
void wasig__longjmp_landed(void);
#define wasig__rearm() ((void)0)

int wasig__host_fd(int fd);
int wasig__pipe_poll(int fd, int *bytes);
int wasig__dupfd(int fd, int min);
struct stat;
int wasig__dev_stat(int r, const char *path, struct stat *st);
#endif
