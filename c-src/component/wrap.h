/* The WASI call c-src/component/read.c stands in front of: `wasig cc
 * --component` links with --wrap=NAME for every `#define NAME __wrap_NAME`
 * line here (ts/cli/cc.ts reads them), so wasi-libc's read() and readv()
 * go through it. Included first by the file that defines it. */
#ifndef WASIG_COMPONENT_WRAP_H
#define WASIG_COMPONENT_WRAP_H
#define __wasi_fd_read __wrap___wasi_fd_read
#endif
