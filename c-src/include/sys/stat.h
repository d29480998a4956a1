/* wasig: <sys/stat.h> from the target's libc. On wasi, chmod and umask,
 * which wasi-libc leaves out: WASI's file status has no permission bits,
 * so c-src/libc asks the host for a host file's mode, owner and group
 * (stat) and has the host change its mode (chmod); umask keeps the mask
 * for the program to read back. */
#if defined(__wasi__) && !defined(__EMSCRIPTEN__)
#ifndef WASIG_SYS_STAT_H
#define WASIG_SYS_STAT_H
#include_next <sys/stat.h>
#ifdef __cplusplus
extern "C" {
#endif
int chmod(const char *, mode_t);
int fchmod(int, mode_t);
int fchmodat(int, const char *, mode_t, int);
mode_t umask(mode_t);
#ifdef __cplusplus
}
#endif
#endif
#else
#include_next <sys/stat.h>
#endif
