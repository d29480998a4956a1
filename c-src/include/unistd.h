/* wasig: <unistd.h> from the target's libc, plus what signal code needs and
 * Debian's wasi-libc hides: getpid (real emulated pids from the host),
 * getppid, getuid/geteuid, pause. */
#ifndef WASIG_UNISTD_H
#define WASIG_UNISTD_H
#if defined(__wasi__) && !defined(__EMSCRIPTEN__) && !defined(_WASI_EMULATED_GETPID)
#define _WASI_EMULATED_GETPID 1
#endif
#include_next <unistd.h>
#if defined(__wasi__) && !defined(__EMSCRIPTEN__)
#ifdef __cplusplus
extern "C" {
#endif
unsigned alarm(unsigned);
int pause(void);
pid_t getppid(void);
uid_t getuid(void);
uid_t geteuid(void);
#ifdef __cplusplus
}
#endif
#endif
#endif
