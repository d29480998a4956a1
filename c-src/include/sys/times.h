/* wasig: <sys/times.h>. Emscripten has its own; wasi-libc's stops with
 * #error unless a flag is given. times() reports the CPU time the host
 * measures for the process running the guest, in clock ticks
 * (sysconf(_SC_CLK_TCK), 100 as on Linux); children use none. */
#if defined(__EMSCRIPTEN__)
#include_next <sys/times.h>
#else
#ifndef _SYS_TIMES_H
#define _SYS_TIMES_H
#define __NEED_clock_t
#include <bits/alltypes.h>
#ifdef __cplusplus
extern "C" {
#endif
#include <__struct_tms.h>
clock_t times(struct tms *);
#ifdef __cplusplus
}
#endif
#endif
#endif
