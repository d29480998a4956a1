/* glibc's error() and error_at_line() (<error.h>), and on wasi the
 * program_invocation_name that they print: glibc sets it (and
 * program_invocation_short_name, what gnulib's getprogname() returns) from
 * argv[0] before main, emscripten's musl does too, wasi-libc leaves both
 * null. */
#define _GNU_SOURCE
#include <errno.h>
#include <error.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if !defined(__EMSCRIPTEN__)
#include <wasi/api.h>
#endif

void (*error_print_progname)(void);
unsigned int error_message_count;
int error_one_per_line;

static void report(int status, int errnum, const char *format, va_list ap) {
  vfprintf(stderr, format, ap);
  ++error_message_count;
  if (errnum) fprintf(stderr, ": %s", strerror(errnum));
  fputc('\n', stderr);
  fflush(stderr);
  if (status) exit(status);
}

void error(int status, int errnum, const char *format, ...) {
  fflush(stdout);
  if (error_print_progname) error_print_progname();
  else fprintf(stderr, "%s: ", program_invocation_name);
  va_list ap;
  va_start(ap, format);
  report(status, errnum, format, ap);
  va_end(ap);
}

void error_at_line(int status, int errnum, const char *file, unsigned int line, const char *format, ...) {
  if (error_one_per_line) {
    static const char *last_file;
    static unsigned int last_line;
    if (line == last_line && (file == last_file || (file && last_file && strcmp(file, last_file) == 0))) return;
    last_file = file;
    last_line = line;
  }
  fflush(stdout);
  if (error_print_progname) error_print_progname();
  else fprintf(stderr, "%s:", program_invocation_name);
  if (file) fprintf(stderr, "%s:%u: ", file, line);
  else fputc(' ', stderr);
  va_list ap;
  va_start(ap, format);
  report(status, errnum, format, ap);
  va_end(ap);
}

#if !defined(__EMSCRIPTEN__)
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
