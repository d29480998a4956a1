/* wasig: wasi-libc's file type bits, with Linux's S_IFIFO. WASI has no FIFO
 * type, so wasi-libc gives S_IFIFO the value of S_IFSOCK (0140000), and a
 * `switch` on both (gawk's) does not compile; a guest's pipes are FIFOs
 * (c-src/libc/descriptors.c), and a WASI socket stays S_IFSOCK, as
 * wasi-libc's stat translates it. S_IFMT grows to Linux's 0170000. */
#ifndef WASIG___MODE_T_H
#define WASIG___MODE_T_H
#include_next <__mode_t.h>
#undef S_IFIFO
#define S_IFIFO (0x1000)
#undef S_IFMT
#define S_IFMT (0xf000)
#endif
