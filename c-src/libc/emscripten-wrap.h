/* Emscripten functions that c-src/libc replaces although they live in
 * archive members shared with functions programs keep (its single-thread
 * pthread stubs do nothing and return 0; its libc stubs have no user and no
 * CPU time), so they cannot be replaced by link order: each name below is
 * defined here as __wrap_NAME, and `wasig cc` links with --wrap=NAME for
 * every `#define NAME __wrap_NAME` line of this file (ts/cli/cc.ts reads
 * them). Included first by the files that define them. */
#ifndef WASIG_EMSCRIPTEN_WRAP_H
#define WASIG_EMSCRIPTEN_WRAP_H
#if defined(__EMSCRIPTEN__)
/* pthread stubs: c-src/libc/posix-thread.c */
#define pthread_exit __wrap_pthread_exit
#define _pthread_cleanup_push __wrap__pthread_cleanup_push
#define _pthread_cleanup_pop __wrap__pthread_cleanup_pop
#define pthread_key_create __wrap_pthread_key_create
#define pthread_key_delete __wrap_pthread_key_delete
#define pthread_getspecific __wrap_pthread_getspecific
#define pthread_setspecific __wrap_pthread_setspecific
#define pthread_setcancelstate __wrap_pthread_setcancelstate
#define pthread_setcanceltype __wrap_pthread_setcanceltype
#define pthread_cancel __wrap_pthread_cancel
#define pthread_testcancel __wrap_pthread_testcancel
#define pthread_condattr_init __wrap_pthread_condattr_init
#define pthread_condattr_destroy __wrap_pthread_condattr_destroy
#define pthread_condattr_setclock __wrap_pthread_condattr_setclock
#define pthread_condattr_getclock __wrap_pthread_condattr_getclock
#define pthread_condattr_setpshared __wrap_pthread_condattr_setpshared
#define pthread_condattr_getpshared __wrap_pthread_condattr_getpshared
#define pthread_cond_init __wrap_pthread_cond_init
#define pthread_cond_destroy __wrap_pthread_cond_destroy
#define pthread_cond_signal __wrap_pthread_cond_signal
#define pthread_cond_broadcast __wrap_pthread_cond_broadcast
#define pthread_cond_wait __wrap_pthread_cond_wait
#define pthread_cond_timedwait __wrap_pthread_cond_timedwait
/* CPU-time clocks, unknown clocks: c-src/libc/clock.c */
#define clock_gettime __wrap_clock_gettime
#define clock_getres __wrap_clock_getres
/* libc stubs: c-src/libc/posix-user.c, posix-proc.c */
#define getpwnam __wrap_getpwnam
#define getpwuid __wrap_getpwuid
#define getpwnam_r __wrap_getpwnam_r
#define getpwuid_r __wrap_getpwuid_r
#define setpwent __wrap_setpwent
#define endpwent __wrap_endpwent
#define getpwent __wrap_getpwent
#define getgrnam __wrap_getgrnam
#define getgrgid __wrap_getgrgid
#define getgrnam_r __wrap_getgrnam_r
#define getgrgid_r __wrap_getgrgid_r
#define getgrent __wrap_getgrent
#define endgrent __wrap_endgrent
#define setgrent __wrap_setgrent
#define times __wrap_times
/* The mode of a new file or folder, umask: c-src/libc/posix-modes.c */
#define umask __wrap_umask
#define open __wrap_open
#define openat __wrap_openat
#define mkdir __wrap_mkdir
#define mkdirat __wrap_mkdirat
#define fopen __wrap_fopen
/* setjmp: c-src/libc/setjmp.c (sigsetjmp's mask, jumps out of handlers) */
#define saveSetjmp __wrap_saveSetjmp
#define testSetjmp __wrap_testSetjmp
#define emscripten_longjmp __wrap_emscripten_longjmp
#endif
#endif
