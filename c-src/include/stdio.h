/* wasig: <stdio.h> from the target's libc. On wasi, what wasi-libc leaves
 * out and c-src/libc provides: tmpfile/tmpnam (without wasi-libc's
 * deprecation), popen/pclose (which fail as on a system without a shell),
 * flockfile and friends (the guest's one thread always holds the lock). */
#if defined(__wasi__) && !defined(__EMSCRIPTEN__)
#ifndef WASIG_STDIO_H
#define WASIG_STDIO_H
#define tmpfile __wasilibc_tmpfile
#define tmpnam __wasilibc_tmpnam
#include_next <stdio.h>
#undef tmpfile
#undef tmpnam
#ifdef __cplusplus
extern "C" {
#endif
#define TMP_MAX 10000
#define L_tmpnam 20
#define P_tmpdir "/tmp"
FILE *tmpfile(void);
char *tmpnam(char *);
char *tempnam(const char *, const char *);
FILE *popen(const char *, const char *);
int pclose(FILE *);
void flockfile(FILE *);
int ftrylockfile(FILE *);
void funlockfile(FILE *);
#ifdef __cplusplus
}
#endif
#endif
#else
#include_next <stdio.h>
#endif
