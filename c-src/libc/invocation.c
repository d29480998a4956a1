/* program_invocation_name and program_invocation_short_name (what error()
 * prints and gnulib's getprogname() returns): glibc sets them from argv[0]
 * before main, emscripten's musl does too, wasi-libc leaves both null.
 * Apart from error.c, which is linked only when a program calls it, since
 * programs read them without it. */
#if !defined(__EMSCRIPTEN__)
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

/* Before the program's own constructors (101 is the first priority not
 * reserved to the implementation), as glibc sets them before any. */
__attribute__((constructor(101))) static void invocation_name(void) {
  if (program_invocation_name) return;
  __wasi_size_t argc, size;
  if (__wasi_args_sizes_get(&argc, &size) != 0 || argc == 0) return;
  char **argv = malloc((argc + 1) * sizeof *argv);
  char *buf = malloc(size);
  if (!argv || !buf || __wasi_args_get((uint8_t **)argv, (uint8_t *)buf) != 0) {
    free(argv);
    free(buf);
    return;
  }
  program_invocation_name = argv[0];
  char *slash = strrchr(argv[0], '/');
  program_invocation_short_name = slash ? slash + 1 : argv[0];
  free(argv);
}
#endif
