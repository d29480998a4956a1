/* <setjmp.h> for wasig guests: setjmp/longjmp and sigsetjmp/siglongjmp on
 * both targets, as glibc has them: setjmp does not save the signal mask,
 * sigsetjmp(env, 1) does, and longjmp/siglongjmp restore it when it was
 * saved (they are one function, as in glibc).
 *
 * wasm32-wasi: wasi-libc has no <setjmp.h>. clang lowers every call of
 * setjmp (and of longjmp) itself when it compiles with
 * `-mexception-handling -mllvm -wasm-enable-sjlj` (wasig cc adds both): a
 * longjmp throws a wasm exception with the tag __c_longjmp that the function
 * which called setjmp catches; c-src/libc/setjmp-wasi.c is the small runtime
 * it calls (saveSetjmp, testSetjmp, __wasm_longjmp).
 * emscripten: its own setjmp (JavaScript exceptions), with sigsetjmp and
 * siglongjmp that really save and restore the mask (emscripten's musl makes
 * them plain setjmp/longjmp). */
#ifndef WASIG_SETJMP_H
#define WASIG_SETJMP_H

#ifdef __EMSCRIPTEN__
#include_next <setjmp.h>
#undef sigsetjmp
#undef siglongjmp
#else

#ifndef __wasm_exception_handling__
#error "setjmp/longjmp on wasm32-wasi need wasm exceptions: build with 'wasig cc' (it adds -mexception-handling -mllvm -wasm-enable-sjlj)"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* musl's layout (as emscripten's): __jb[0] holds the id that setjmp's
 * caller looks for when a longjmp arrives; __fl and __ss the saved mask. */
typedef struct __jmp_buf_tag {
  unsigned long __jb[6];
  unsigned long __fl;
  unsigned long __ss[128 / sizeof(long)];
} jmp_buf[1];
typedef jmp_buf sigjmp_buf;

int setjmp(jmp_buf) __attribute__((__returns_twice__));
_Noreturn void longjmp(jmp_buf, int);
_Noreturn void _longjmp(jmp_buf, int);
_Noreturn void siglongjmp(sigjmp_buf, int);
/* clang lowers only calls named setjmp: the others are that call. */
#define setjmp setjmp
#define _setjmp(env) setjmp(env)

#ifdef __cplusplus
}
#endif
#endif /* wasi */

#ifdef __cplusplus
extern "C" {
#endif
/* sigsetjmp's first half: save the mask into env when `save` (the mask
 * then belongs to the setjmp that follows at once, see setjmp.c). */
void __wasig_sigsetjmp_mask(struct __jmp_buf_tag *env, int save);
#ifdef __cplusplus
}
#endif
/* A macro (POSIX allows it; glibc's is one too): the setjmp call must be in
 * the caller for the compiler to lower it there. */
#define sigsetjmp(env, save) (__wasig_sigsetjmp_mask((env), (save)), setjmp(env))
#ifdef __EMSCRIPTEN__
#define siglongjmp(env, val) longjmp((env), (val))
#endif

#endif
