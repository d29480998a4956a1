/* wasig: <dlfcn.h>. A guest is one wasm module: nothing can be loaded at
 * run time. dlopen() of a file fails with a dlerror() message saying so
 * (on both targets: emscripten's own aborts the program unless it is built
 * as a MAIN_MODULE); dlopen(NULL) gives a handle to the program, in which
 * dlsym finds nothing, since wasm has no symbol table at run time. */
#if defined(__EMSCRIPTEN__)
#include_next <dlfcn.h>
#else
#ifndef _DLFCN_H
#define _DLFCN_H
#ifdef __cplusplus
extern "C" {
#endif
#define RTLD_LAZY   1
#define RTLD_NOW    2
#define RTLD_NOLOAD 4
#define RTLD_NODELETE 4096
#define RTLD_GLOBAL 256
#define RTLD_LOCAL  0
#define RTLD_NEXT    ((void *)-1)
#define RTLD_DEFAULT ((void *)0)
int dlclose(void *);
char *dlerror(void);
void *dlopen(const char *, int);
void *dlsym(void *__restrict, const char *__restrict);
#ifdef __cplusplus
}
#endif
#endif
#endif
