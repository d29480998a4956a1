/* For the bench's wasi Lua until wasi has setjmp: ldo.c includes this, and
 * LUAI_THROW/LUAI_TRY (bench/lua/build.sh) use neither jmp_buf nor setjmp. */
#ifndef WASIG_BENCH_NOSETJMP_H
#define WASIG_BENCH_NOSETJMP_H
typedef int jmp_buf[1];
#endif
