/* glibc's error() and error_at_line() (<error.h>). Linked from an archive
 * (ts/cli/cc.ts, ARCHIVED): a program that has its own error() keeps it,
 * as with glibc, and this file stays out of it. program_invocation_name,
 * which they print, is set in invocation.c, linked always. */
#define _GNU_SOURCE
#include <errno.h>
#include <error.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
