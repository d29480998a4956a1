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
/* What wasi-libc leaves out and c-src/libc provides. The ids follow Linux:
 * a guest with effective uid 0 may set any uid or gid, another only one of
 * its real, effective or saved ids (EPERM otherwise); the host learns each
 * change (kill() permissions). At start every id is the host's uid (the
 * group id is the user id: a user private group).
 * WASI can neither duplicate a descriptor nor make a pipe: dup, dup2 (but to
 * itself), pipe fail with ENOSYS, as glibc's stubs do where a system lacks
 * them. chown accepts only the ids the files already have (-1 or ours). */
gid_t getgid(void);
gid_t getegid(void);
int getgroups(int, gid_t []);
int setuid(uid_t);
int seteuid(uid_t);
int setgid(gid_t);
int setegid(gid_t);
int setreuid(uid_t, uid_t);
int setregid(gid_t, gid_t);
int setresuid(uid_t, uid_t, uid_t);
int setresgid(gid_t, gid_t, gid_t);
int getresuid(uid_t *, uid_t *, uid_t *);
int getresgid(gid_t *, gid_t *, gid_t *);
int dup(int);
int dup2(int, int);
int dup3(int, int, int);
int pipe(int [2]);
int pipe2(int [2], int);
int chown(const char *, uid_t, gid_t);
int fchown(int, uid_t, gid_t);
int lchown(const char *, uid_t, gid_t);
/* The terminal (c-src/libc/tty.c). */
pid_t tcgetpgrp(int);
int tcsetpgrp(int, pid_t);
char *ttyname(int);
int ttyname_r(int, char *, size_t);
#ifdef __cplusplus
}
#endif
#endif
#if defined(__EMSCRIPTEN__)
/* Emscripten says -1 (its own libc has no realtime signals); the guest
 * library has them (sigqueue, sigtimedwait, queued SIGRTMIN..SIGRTMAX), as
 * sysconf(_SC_REALTIME_SIGNALS) already answers. */
#undef _POSIX_REALTIME_SIGNALS
#define _POSIX_REALTIME_SIGNALS _POSIX_VERSION
#endif
#endif
