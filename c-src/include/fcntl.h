/* wasig: <fcntl.h> from the target's libc. On wasi, the record-lock
 * commands wasi-libc leaves out (Linux's values for a 64-bit off_t on a
 * 32-bit system, as emscripten's): c-src/libc/posix-lock.c handles them,
 * and F_DUPFD. A
 * guest is the only process that sees its locks: its own never conflict
 * with each other (POSIX), and WASI has no way to take or see another
 * process's, so F_SETLK/F_SETLKW succeed and F_GETLK reports F_UNLCK. */
#if defined(__wasi__) && !defined(__EMSCRIPTEN__)
#ifndef WASIG_FCNTL_H
#define WASIG_FCNTL_H
#include_next <fcntl.h>
#ifndef F_GETLK
#define F_GETLK 12
#define F_SETLK 13
#define F_SETLKW 14
#endif
/* Linux's numbers; c-src/libc/descriptors.c gives the guest dup. */
#ifndef F_DUPFD
#define F_DUPFD 0
#endif
#ifndef F_DUPFD_CLOEXEC
#define F_DUPFD_CLOEXEC 1030
#endif
#ifndef F_RDLCK
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2
#endif
#if defined(_LARGEFILE64_SOURCE) || defined(_GNU_SOURCE)
#ifndef F_GETLK64
#define F_GETLK64 F_GETLK
#define F_SETLK64 F_SETLK
#define F_SETLKW64 F_SETLKW
#endif
#endif
#endif
#else
#include_next <fcntl.h>
#endif
