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
/* Every guest leads its own process group and session (pgid = sid = pid). */
pid_t getpgrp(void);
pid_t getpgid(pid_t);
int setpgid(pid_t, pid_t);
pid_t setpgrp(void);
pid_t getsid(pid_t);
/* A guest cannot create processes: fork fails with ENOSYS (Linux's errno for
 * a platform without fork), and so do the exec functions. */
pid_t fork(void);
pid_t vfork(void);
int execve(const char *, char *const [], char *const []);
int execv(const char *, char *const []);
int execvp(const char *, char *const []);
int execl(const char *, const char *, ...);
int execlp(const char *, const char *, ...);
int execle(const char *, const char *, ...);
#ifdef __cplusplus
}
#endif
#endif
#endif
