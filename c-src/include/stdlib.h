/* wasig: <stdlib.h> from the target's libc. On wasi, what wasi-libc leaves
 * out and c-src/libc provides: temporary files (mkstemp, mkdtemp, …) and
 * realpath. system() is declared by the libc; ours has no shell to run. */
#if defined(__wasi__) && !defined(__EMSCRIPTEN__)
#ifndef WASIG_STDLIB_H
#define WASIG_STDLIB_H
#include_next <stdlib.h>
#ifdef __cplusplus
extern "C" {
#endif
int mkstemp(char *);
int mkostemp(char *, int);
int mkstemps(char *, int);
int mkostemps(char *, int, int);
char *mkdtemp(char *);
char *mktemp(char *);
char *realpath(const char *__restrict, char *__restrict);
#ifdef __cplusplus
}
#endif
#endif
#else
#include_next <stdlib.h>
#endif
