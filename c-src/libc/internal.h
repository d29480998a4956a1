/* Shared by the files of wasig's guest libc layer. */
#ifndef WASIG_LIBC_INTERNAL_H
#define WASIG_LIBC_INTERNAL_H
#include <signal.h>
#include <errno.h>
#include <stdint.h>
#include "../core/boundary.h"

extern wasig_proc wasig__proc;
#define P (&wasig__proc)

/* Bits of what a dispatch did. */
#define WASIG_RAN_HANDLER 1
#define WASIG_RAN_NORESTART 2

/* The safe point: pull (when not shared), drain, expire timers, and run
 * everything deliverable. Returns WASIG_RAN_* bits. */
int wasig__safepoint(void);
/* Drain the mailbox and expire timers, running nothing. */
void wasig__drain(void);
/* Tells the host which signals would end us now, after every change of a
 * disposition, of the mask or of wasig__waiting (guest.c says why). */
void wasig__publish(void);
/* The mask set to m, and published; the mask now. */
void wasig__setmask(uint64_t m);
#define wasig__mask() (P->blocked)
/* The signals sigtimedwait waits for: the wait takes them, never their
 * default action. */
extern uint64_t wasig__waiting;
/* Run the handlers / default actions of deliverable signals. */
int wasig__run_pending(void);
/* Block until something may have arrived or until deadline_us (<0: none),
 * on the ITIMER_REAL clock. Returns 0 if the deadline passed. */
int wasig__block(double deadline_us);
/* The same for a wait on something besides signals (input): read the wake
 * word with wasig__seen() before looking at the condition, then block. */
int32_t wasig__seen(void);
int wasig__block_since(int32_t seen, double deadline_us);
double wasig__now(int which);
/* Tell the host when timer `which` is due now. */
void wasig__announce(int which);
/* POSIX timers (timer.c) on clock `which` (WASIG_ITIMER_REAL or _PROF): the
 * earliest due time of those that signal (-1: none), and their expiry. */
double wasig__ptimers_due(int which, int *sig);
void wasig__ptimers_expire(int which, double now);
/* Linux errno (positive, as the core uses) to this libc's errno. */
int wasig__errno(int linux_errno);
int wasig__valid(int sig);
int wasig__settable(int sig);
uint64_t wasig__unreserved(uint64_t m);
uint64_t wasig__set(const sigset_t *s);
void wasig__to_set(sigset_t *s, uint64_t bits);
void wasig__fill_info(siginfo_t *si, const wasig_info *in);
int32_t wasig__pid(void);
int32_t wasig__uid(void);
/* The alternate signal stack (altstack.c). */
#include "altstack.h"
/* setjmp/longjmp (setjmp.c): a setjmp ran (saveSetjmp), a longjmp begins
 * (restores a saved mask once per jump), a frame took the jump. */
struct __jmp_buf_tag;
void wasig__setjmp_mark(struct __jmp_buf_tag *env);
void wasig__longjmp_begin(struct __jmp_buf_tag *env);
void wasig__longjmp_landed(void);
/* The next safe point looks at everything pending again (a jump out of a
 * handler left wasig__run_pending's scan). */
#define wasig__rearm() wasig_rearm(P)
/* Terminal job control (tty.c): 0 when the caller may read (or write) the
 * terminal behind fd now, else the errno to fail with; a background group
 * is stopped by SIGTTIN/SIGTTOU first, as on Linux. */
int wasig__tty_may(int fd, int writing);
/* The guest's terminal among the host's stdio (tty.c): the host descriptor
 * for its terminal calls, or -1 when it has no terminal; *in and *out the
 * host's stdin and stdout (else stderr) when they are the terminal, else -1. */
int wasig__tty_host(int *in, int *out);
/* fcntl(F_DUPFD): the lowest free descriptor from min on, sharing fd's
 * open file description (descriptors.c; dup.c on emscripten). */
int wasig__dupfd(int fd, int min);
/* The descriptor table (descriptors.c, wasi; emscripten has its own). */
#if defined(__EMSCRIPTEN__)
#define wasig__host_fd(fd) (fd)
#else
/* The runtime's descriptor behind a guest's, or -1 (a pipe, or not open). */
int wasig__host_fd(int fd);
/* Linux's poll bits for a pipe end and the bytes in it, or -1 for a
 * descriptor that is no pipe. */
int wasig__pipe_poll(int fd, int *bytes);
/* After a stat of path that returned r: a device's (/dev/null…) mode,
 * owner and numbers, which WASI's file status has not. Returns r. */
struct stat;
int wasig__dev_stat(int r, const char *path, struct stat *st);
#endif
#endif
