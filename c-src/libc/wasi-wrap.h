/* The WASI calls that c-src/libc/descriptors.c stands in front of, so that
 * the guest's descriptor numbers are its own (dup, dup2, in-guest pipes)
 * and WASI's stay behind them. Each name below is defined there as
 * __wrap_NAME, and `wasig cc` links wasi guests with --wrap=NAME for every
 * `#define NAME __wrap_NAME` line of this file (ts/cli/cc.ts reads them):
 * every caller in wasi-libc and in the program goes through the table.
 * Included first by the file that defines them. */
#ifndef WASIG_WASI_WRAP_H
#define WASIG_WASI_WRAP_H
#if !defined(__EMSCRIPTEN__)
#define __wasi_fd_advise __wrap___wasi_fd_advise
#define __wasi_fd_allocate __wrap___wasi_fd_allocate
#define __wasi_fd_close __wrap___wasi_fd_close
#define __wasi_fd_datasync __wrap___wasi_fd_datasync
#define __wasi_fd_fdstat_get __wrap___wasi_fd_fdstat_get
#define __wasi_fd_fdstat_set_flags __wrap___wasi_fd_fdstat_set_flags
#define __wasi_fd_fdstat_set_rights __wrap___wasi_fd_fdstat_set_rights
#define __wasi_fd_filestat_get __wrap___wasi_fd_filestat_get
#define __wasi_fd_filestat_set_size __wrap___wasi_fd_filestat_set_size
#define __wasi_fd_filestat_set_times __wrap___wasi_fd_filestat_set_times
#define __wasi_fd_pread __wrap___wasi_fd_pread
#define __wasi_fd_prestat_get __wrap___wasi_fd_prestat_get
#define __wasi_fd_prestat_dir_name __wrap___wasi_fd_prestat_dir_name
#define __wasi_fd_pwrite __wrap___wasi_fd_pwrite
#define __wasi_fd_read __wrap___wasi_fd_read
#define __wasi_fd_readdir __wrap___wasi_fd_readdir
#define __wasi_fd_renumber __wrap___wasi_fd_renumber
#define __wasi_fd_seek __wrap___wasi_fd_seek
#define __wasi_fd_sync __wrap___wasi_fd_sync
#define __wasi_fd_tell __wrap___wasi_fd_tell
#define __wasi_fd_write __wrap___wasi_fd_write
#define __wasi_path_create_directory __wrap___wasi_path_create_directory
#define __wasi_path_filestat_get __wrap___wasi_path_filestat_get
#define __wasi_path_filestat_set_times __wrap___wasi_path_filestat_set_times
#define __wasi_path_link __wrap___wasi_path_link
#define __wasi_path_open __wrap___wasi_path_open
#define __wasi_path_readlink __wrap___wasi_path_readlink
#define __wasi_path_remove_directory __wrap___wasi_path_remove_directory
#define __wasi_path_rename __wrap___wasi_path_rename
#define __wasi_path_symlink __wrap___wasi_path_symlink
#define __wasi_path_unlink_file __wrap___wasi_path_unlink_file
#define __wasi_poll_oneoff __wrap___wasi_poll_oneoff
#define __wasi_sock_accept __wrap___wasi_sock_accept
#define __wasi_sock_recv __wrap___wasi_sock_recv
#define __wasi_sock_send __wrap___wasi_sock_send
#define __wasi_sock_shutdown __wrap___wasi_sock_shutdown
/* A pipe's fstat says S_IFIFO, which WASI's file types cannot; a device's
 * has its permissions and numbers. */
#define fstat __wrap_fstat
#define fstatat __wrap_fstatat
/* The mode of a new file or folder: c-src/libc/posix-modes.c */
#define open __wrap_open
#define openat __wrap_openat
#define mkdir __wrap_mkdir
#define mkdirat __wrap_mkdirat
#define fopen __wrap_fopen
/* The host's access(2), where wasi-libc reads the directory's rights. */
#define access __wrap_access
#define faccessat __wrap_faccessat
/* CPU-time clocks, unknown clocks: c-src/libc/clock.c */
#define clock_gettime __wrap_clock_gettime
#define clock_getres __wrap_clock_getres
/* Paths under /dev name the library's devices. */
#define __wasilibc_find_relpath_alloc __wrap___wasilibc_find_relpath_alloc
#endif
#endif
