/* select, pselect, poll and ppoll of a guest: they wait in the worker
 * (Atomics.wait on the mailbox's wake word, no spinning) for the host's
 * readiness or for a signal, and return as Linux's do:
 *  - descriptors that are ready win: the count is returned, and handlers of
 *    signals that arrived meanwhile run on the way out;
 *  - otherwise a handler that ran makes the call fail with EINTR, whatever
 *    SA_RESTART says (signal(7): these are never restarted), even with a
 *    zero timeout;
 *  - a stop and continue without a handler resumes the wait with the time
 *    that was left; a default Term/Core action ends the guest at once.
 * pselect and ppoll install their mask for the wait and restore the caller's
 * on return, so a signal that the temporary mask unblocks and that is pending
 * already interrupts at once (the race they exist to close).
 *
 * Readiness: stdin, stdout and stderr belong to the host (its stdin relay
 * says when input is there, or its end); files are always ready; on
 * emscripten other descriptors (pipes, sockets of its FS) answer through the
 * FS's own poll.
 *
 * Components (WASIG_COMPONENT) link this file too: the host's readiness of
 * stdio comes through wasig:signals/stdio, and a wait is a wasi:io poll over
 * stdin's pollable, the signal subscription's and a clock
 * (c-src/component/wasi-io.c). */
#define _GNU_SOURCE
#include <poll.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>
#ifdef WASIG_COMPONENT
#include "../component/descriptors.h"
#else
#include "internal.h"
#endif
#if defined(__EMSCRIPTEN__)
#include <emscripten.h>
/* Linux's POLL* bits of a descriptor of emscripten's FS (PIPEFS and sockets
 * have a poll of their own, everything else is always ready), or POLLNVAL. */
EM_JS(int, wasig_fs_poll, (int fd), {
  if (typeof FS === 'undefined') return 32;
  var stream = FS.getStream(fd);
  if (!stream) return 32;
  return stream.stream_ops && stream.stream_ops.poll ? stream.stream_ops.poll(stream) : 5;
});
#else
#include <wasi/api.h>
#endif

#define ALWAYS (POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM)

/* What fd is ready for now, as Linux's poll reports it, before masking with
 * the events asked for. */
static int readiness(int fd) {
#if !defined(__EMSCRIPTEN__)
  int pipe = wasig__pipe_poll(fd, 0);
  if (pipe >= 0) return pipe;
#endif
  int h = wasig_fd_poll_js(wasig__host_fd(fd));
  if (h >= 0) {
    int r = 0;
    if (h & WASIG_FD_IN) r |= POLLIN | POLLRDNORM;
    if (h & WASIG_FD_OUT) r |= POLLOUT | POLLWRNORM;
    if (h & WASIG_FD_HUP) r |= POLLHUP;
    return r;
  }
#if defined(__EMSCRIPTEN__)
  int m = wasig_fs_poll(fd);
  if (m & POLLIN) m |= POLLRDNORM;
  if (m & POLLOUT) m |= POLLWRNORM;
  return m;
#else
  __wasi_fdstat_t st;
  if (__wasi_fd_fdstat_get((__wasi_fd_t)fd, &st) != 0) return POLLNVAL;
  return ALWAYS;
#endif
}

/* One look at every descriptor of a poll set. */
static int scan_poll(struct pollfd *fds, nfds_t n) {
  int count = 0;
  for (nfds_t i = 0; i < n; i++) {
    fds[i].revents = 0;
    if (fds[i].fd < 0) continue;
    int r = readiness(fds[i].fd) & (fds[i].events | POLLERR | POLLHUP | POLLNVAL);
    fds[i].revents = (short)r;
    if (r) count++;
  }
  return count;
}

/* Linux's select maps poll bits this way (fs/select.c). */
#define IN_SET (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define OUT_SET (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define EX_SET POLLPRI

typedef struct { fd_set *r, *w, *e; fd_set in_r, in_w, in_e; int n; } select_sets;

/* One look at every descriptor of the select sets: the count, or -1 with
 * EBADF when one of them is not open (Linux checks before waiting). */
static int scan_select(select_sets *s) {
  int count = 0;
  fd_set r, w, e;
  FD_ZERO(&r); FD_ZERO(&w); FD_ZERO(&e);
  for (int fd = 0; fd < s->n; fd++) {
    int want_r = s->r && FD_ISSET(fd, &s->in_r), want_w = s->w && FD_ISSET(fd, &s->in_w),
        want_e = s->e && FD_ISSET(fd, &s->in_e);
    if (!want_r && !want_w && !want_e) continue;
    int m = readiness(fd);
    if (m & POLLNVAL) { errno = EBADF; return -1; }
    if (want_r && (m & IN_SET)) { FD_SET(fd, &r); count++; }
    if (want_w && (m & OUT_SET)) { FD_SET(fd, &w); count++; }
    if (want_e && (m & EX_SET)) { FD_SET(fd, &e); count++; }
  }
  if (count) {
    if (s->r) *s->r = r;
    if (s->w) *s->w = w;
    if (s->e) *s->e = e;
  }
  return count;
}

/* The wait both families share. `scan` looks once; deadline_us < 0 waits
 * forever, 0 only looks. mask: the temporary signal mask (pselect, ppoll),
 * or null. Returns the count, 0 at the deadline, -1 with errno. */
static int wait_ready(int (*scan)(void *), void *arg, double deadline_us, const sigset_t *mask) {
  wasig__drain();
  uint64_t old = wasig__mask();
  if (mask) {
    wasig__setmask(wasig__set(mask));
  }
  int result;
  for (;;) {
    int32_t seen = wasig__seen();
    int n = scan(arg);
    if (n != 0) {
      /* Ready (or EBADF): handlers of what arrived run on the way out, and
       * leave errno as the call set it. */
      int e = errno;
      wasig__safepoint();
      errno = e;
      result = n;
      break;
    }
    if (wasig__safepoint() & WASIG_RAN_HANDLER) { errno = EINTR; result = -1; break; }
    if (deadline_us >= 0 && wasig__now(WASIG_ITIMER_REAL) >= deadline_us) { result = 0; break; }
    wasig__block_since(seen, deadline_us);
  }
  if (mask) {
    int e = errno;
    wasig__setmask(old);
    errno = e;
  }
  return result;
}

static int scan_poll_arg(void *a) {
  struct { struct pollfd *fds; nfds_t n; } *p = a;
  return scan_poll(p->fds, p->n);
}

static int scan_select_arg(void *a) { return scan_select(a); }

static double deadline_after(double us) { return us < 0 ? -1 : wasig__now(WASIG_ITIMER_REAL) + us; }

/* Linux's limit on descriptors a poll may name (RLIMIT_NOFILE's default). */
#define NOFILE 1024

static int do_poll(struct pollfd *fds, nfds_t n, double timeout_us, const sigset_t *mask) {
  if (n > NOFILE) { errno = EINVAL; return -1; }
  struct { struct pollfd *fds; nfds_t n; } a = {fds, n};
  return wait_ready(scan_poll_arg, &a, deadline_after(timeout_us), mask);
}

int poll(struct pollfd *fds, nfds_t n, int timeout_ms) {
  return do_poll(fds, n, timeout_ms < 0 ? -1 : (double)timeout_ms * 1e3, 0);
}

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *ts, const sigset_t *mask) {
  if (ts && (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L)) { errno = EINVAL; return -1; }
  return do_poll(fds, n, ts ? (double)ts->tv_sec * 1e6 + (double)ts->tv_nsec / 1e3 : -1, mask);
}

static int do_select(int n, fd_set *r, fd_set *w, fd_set *e, double timeout_us, const sigset_t *mask,
                     double *deadline) {
  if (n < 0) { errno = EINVAL; return -1; }
  if (n > FD_SETSIZE) n = FD_SETSIZE;
  select_sets s = {r, w, e, {{0}}, {{0}}, {{0}}, n};
  if (r) s.in_r = *r;
  if (w) s.in_w = *w;
  if (e) s.in_e = *e;
  *deadline = deadline_after(timeout_us);
  int c = wait_ready(scan_select_arg, &s, *deadline, mask);
  /* At the deadline Linux writes back empty sets; after EINTR it leaves
   * them as they were. */
  if (c == 0) {
    if (r) FD_ZERO(r);
    if (w) FD_ZERO(w);
    if (e) FD_ZERO(e);
  }
  return c;
}

int select(int n, fd_set *restrict r, fd_set *restrict w, fd_set *restrict e, struct timeval *restrict tv) {
  if (tv && (tv->tv_sec < 0 || tv->tv_usec < 0)) { errno = EINVAL; return -1; }
  double deadline = -1;
  int c = do_select(n, r, w, e, tv ? (double)tv->tv_sec * 1e6 + (double)tv->tv_usec : -1, 0, &deadline);
  if (tv && deadline >= 0) {
    /* Linux writes back the time that was left. */
    double left = deadline - wasig__now(WASIG_ITIMER_REAL);
    long long us = left > 0 ? (long long)left : 0;
    tv->tv_sec = (time_t)(us / 1000000);
    tv->tv_usec = (suseconds_t)(us % 1000000);
  }
  return c;
}

int pselect(int n, fd_set *restrict r, fd_set *restrict w, fd_set *restrict e, const struct timespec *restrict ts,
            const sigset_t *restrict mask) {
  if (ts && (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L)) { errno = EINVAL; return -1; }
  double deadline = -1;
  return do_select(n, r, w, e, ts ? (double)ts->tv_sec * 1e6 + (double)ts->tv_nsec / 1e3 : -1, mask, &deadline);
}
