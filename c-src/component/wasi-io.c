/* Reads, writes and polls a signal interrupts, as on Linux.
 *
 * A blocking read of stdin is the host's wasi:io/streams blocking-read,
 * which waits on the input and on the component's `deliverable`
 * subscription together: when a signal the component catches comes first,
 * the read fails with wasi:filesystem's `interrupted` (the preview1
 * adapter's EINTR). Here the handler runs, then the read is made again
 * under SA_RESTART, or fails with EINTR without it (signal(7)). A stop and
 * continue, or a signal whose default is to be ignored, never interrupts:
 * the host keeps waiting. A read that returns runs what came meanwhile.
 *
 * A write to a host pipe whose reader is gone fails with `pipe` (EPIPE)
 * after the host sent the component SIGPIPE: its handler runs here, before
 * the write returns, as Linux delivers it on the way back from write(2).
 *
 * poll, select and the rest of wasi-libc's waits are one poll_oneoff, which
 * the adapter makes one wasi:io/poll `poll`. wasig's host ends that poll,
 * with nothing ready, when a signal the component catches is deliverable
 * (docs/wit.md); the handler runs here and the wait fails with EINTR, SA_RESTART
 * or not, as Linux never restarts poll or select. What is ready wins over
 * the signal, whose handler then runs on the way back.
 *
 * These stand behind the descriptor table (c-src/libc/descriptors.c, which
 * the linker puts in front of every WASI call of wasi-libc): it calls them
 * for the adapter's descriptors, and handles its pipes itself.
 *
 * poll, select, ppoll and pselect themselves are c-src/libc/io.c's, as in a
 * core-module guest (wasi-libc's test its own POLL* bits, not Linux's of
 * <poll.h>, and know nothing of the component's pipes). What it asks the
 * host of stdio is wasig:signals/stdio's, and its wait is below: a poll of
 * the adapter's over stdin (when a scan found it not ready) and a clock,
 * which wasig's host also ends for a signal the component catches. */
#include <string.h>
#include <wasi/api.h>
#include "internal.h"

__wasi_errno_t __real___wasi_fd_read(__wasi_fd_t fd, const __wasi_iovec_t *iovs, size_t n, __wasi_size_t *nread);
__wasi_errno_t __real___wasi_poll_oneoff(const __wasi_subscription_t *in, __wasi_event_t *out, __wasi_size_t n,
                                         __wasi_size_t *nevents);
__wasi_errno_t __real___wasi_fd_write(__wasi_fd_t fd, const __wasi_ciovec_t *iovs, size_t n, __wasi_size_t *nwritten);

__wasi_errno_t wasig__fd_read(__wasi_fd_t fd, const __wasi_iovec_t *iovs, size_t n, __wasi_size_t *nread) {
  for (;;) {
    __wasi_errno_t e = __real___wasi_fd_read(fd, iovs, n, nread);
    if (e != __WASI_ERRNO_INTR) {
      /* What came during a read that returned runs on the way back from
       * it, as on Linux (input and the signal may be ready together). */
      wasig__run_pending();
      return e;
    }
    /* No handler ran here (another took the signal meanwhile), or the one
     * that did has SA_RESTART: the read goes on. */
    if (wasig__run_pending() & RAN_NORESTART) return e;
  }
}

__wasi_errno_t wasig__fd_write(__wasi_fd_t fd, const __wasi_ciovec_t *iovs, size_t n, __wasi_size_t *nwritten) {
  __wasi_errno_t e = __real___wasi_fd_write(fd, iovs, n, nwritten);
  if (e == __WASI_ERRNO_PIPE) wasig__run_pending();
  return e;
}

__wasi_errno_t wasig__poll_oneoff(const __wasi_subscription_t *in, __wasi_event_t *out, __wasi_size_t n,
                                  __wasi_size_t *nevents) {
  for (;;) {
    __wasi_errno_t e = __real___wasi_poll_oneoff(in, out, n, nevents);
    int ran = wasig__run_pending();
    if (e || *nevents) return e;
    if (ran) return __WASI_ERRNO_INTR;
    /* Ended for a signal some other safe point took first: wait again. */
  }
}

/* A scan found the host's stdin not ready: the next wait watches it. */
static int watch_stdin;

int32_t wasig__stdio_poll(int32_t fd) {
  wit_option_stdio_state st;
  wit_poll_stdio(fd, &st);
  if (!st.is_some) return -1;
  int bits = ((st.val.ready & WIT_READY_INPUT) ? WASIG_FD_IN : 0) | ((st.val.ready & WIT_READY_OUTPUT) ? WASIG_FD_OUT : 0) |
             ((st.val.ready & WIT_READY_HANGUP) ? WASIG_FD_HUP : 0);
  if (fd == 0 && !(bits & (WASIG_FD_IN | WASIG_FD_HUP))) watch_stdin = 1;
  uint32_t avail = st.val.available < 0x7fffff ? st.val.available : 0x7fffff;
  return bits | (int32_t)(avail << 8);
}

void wasig__wait_io(double deadline_us) {
  __wasi_subscription_t sub[2];
  __wasi_size_t n = 0;
  memset(sub, 0, sizeof sub);
  if (watch_stdin) {
    sub[n].u.tag = __WASI_EVENTTYPE_FD_READ;
    sub[n].u.u.fd_read.file_descriptor = 0;
    n++;
  }
  watch_stdin = 0;
  if (deadline_us >= 0) {
    double left = deadline_us - wasig__now(0);
    sub[n].u.tag = __WASI_EVENTTYPE_CLOCK;
    sub[n].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    sub[n].u.u.clock.timeout = left > 0 ? (__wasi_timestamp_t)(left * 1e3) : 0;
    n++;
  }
  if (!n) { wasig__wait_handler(); return; }
  __wasi_event_t ev[2];
  __wasi_size_t got;
  __real___wasi_poll_oneoff(sub, ev, n, &got);
}
