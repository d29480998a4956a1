/* wasig: <poll.h> with Linux's values on both targets (wasi-libc numbers
 * POLLIN and friends its own way); poll and ppoll are wasig's (c-src/libc/
 * io.c): they wait for the host's readiness and a signal interrupts them. */
#ifndef _POLL_H
#define _POLL_H
/* wasi-libc's own pieces stay out: they define the same names differently. */
#define __wasilibc___header_poll_h
#define __wasilibc___struct_pollfd_h
#define __wasilibc___typedef_nfds_t_h
#ifdef __cplusplus
extern "C" {
#endif

#define POLLIN     0x001
#define POLLPRI    0x002
#define POLLOUT    0x004
#define POLLERR    0x008
#define POLLHUP    0x010
#define POLLNVAL   0x020
#define POLLRDNORM 0x040
#define POLLRDBAND 0x080
#define POLLWRNORM 0x100
#define POLLWRBAND 0x200
#define POLLMSG    0x400
#define POLLRDHUP  0x2000

typedef unsigned long nfds_t;

struct pollfd {
  int fd;
  short events;
  short revents;
};

int poll(struct pollfd *, nfds_t, int);

#ifdef _GNU_SOURCE
#define __NEED_time_t
#define __NEED_struct_timespec
#define __NEED_sigset_t
#include <bits/alltypes.h>
int ppoll(struct pollfd *, nfds_t, const struct timespec *, const sigset_t *);
#endif

#ifdef __cplusplus
}
#endif
#endif
