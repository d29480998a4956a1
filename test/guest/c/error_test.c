/* glibc's <error.h>: what error() and error_at_line() print, with
 * program_invocation_name set from argv[0] before main, compared with the
 * native build's output (test/guest/posix.test.ts). */
#define _GNU_SOURCE
#include <errno.h>
#include <error.h>
#include <stdio.h>
#include <string.h>

static void who(void) { fprintf(stderr, "[who] "); }

int main(int argc, char **argv) {
  const char *slash = strrchr(argv[0], '/');
  printf("%s\n", argv[0]);
  printf("name %s, short name %s\n", strcmp(program_invocation_name, argv[0]) ? "other" : "argv[0]",
         strcmp(program_invocation_short_name, slash ? slash + 1 : argv[0]) ? "other" : "its base name");
  /* error() flushes stdout first: this line comes before its message. */
  printf("before the first message");
  error(0, ENOENT, "open %s", "x");
  error(0, 0, "plain %d", 42);
  error_one_per_line = 1;
  error_at_line(0, EACCES, "f.c", 3, "at %s", "f.c:3");
  error_at_line(0, 0, "f.c", 3, "f.c:3 again: not printed");
  error_at_line(0, 0, "g.c", 3, "g.c:3");
  error_at_line(0, 0, NULL, 0, "no file");
  error_print_progname = who;
  error(0, 0, "a name of its own");
  printf("\n%u messages\n", error_message_count);
  error(argc > 1 ? 3 : 0, EINTR, "last, exits %d", argc > 1 ? 3 : 0);
  printf("not reached with an argument\n");
  return 0;
}
