/* wasig: shadows wasi-libc's placeholder (`typedef unsigned char sigset_t`)
 * so that every header that names sigset_t (<signal.h>, <poll.h>,
 * <sys/select.h>) sees musl's real type, the one our <signal.h> uses. */
#ifndef __wasilibc___typedef_sigset_t_h
#define __wasilibc___typedef_sigset_t_h
#ifndef __DEFINED_sigset_t
typedef struct __sigset_t { unsigned long __bits[128 / sizeof(long)]; } sigset_t;
#define __DEFINED_sigset_t
#endif
#endif
