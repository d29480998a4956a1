/* The WASI calls c-src/component/io.c stands in front of: `wasig cc
 * --component` links with --wrap=NAME for every `#define NAME __wrap_NAME`
 * line here (ts/cli/cc.ts reads them), so every read, write and poll of
 * wasi-libc goes through it. Included first by the file that defines them. */
#ifndef WASIG_COMPONENT_WRAP_H
#define WASIG_COMPONENT_WRAP_H
#define __wasi_fd_read __wrap___wasi_fd_read
#define __wasi_fd_write __wrap___wasi_fd_write
#define __wasi_poll_oneoff __wrap___wasi_poll_oneoff
#endif
