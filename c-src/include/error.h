/* wasig: <error.h>, glibc's error() and error_at_line(), which Linux
 * programs and gnulib (it takes glibc's as they are) call; neither
 * wasi-libc nor emscripten has them. As glibc: stdout is flushed, then
 * "PROGRAM: MESSAGE[: strerror(ERRNUM)]\n" goes to stderr (PROGRAM is
 * program_invocation_name, or what error_print_progname prints), and a
 * non-zero STATUS exits with it. c-src/libc/error.c. */
#ifndef _ERROR_H
#define _ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

void error(int status, int errnum, const char *format, ...) __attribute__((__format__(__printf__, 3, 4)));
void error_at_line(int status, int errnum, const char *file, unsigned int line, const char *format, ...)
    __attribute__((__format__(__printf__, 5, 6)));

/* Called instead of printing "PROGRAM: " when not null. */
extern void (*error_print_progname)(void);
/* How many messages error() and error_at_line() have printed. */
extern unsigned int error_message_count;
/* When non-zero, error_at_line() prints one message a file and line. */
extern int error_one_per_line;

#ifdef __cplusplus
}
#endif

#endif
