/* Stdio follows dup2, as a shell's redirections need: stdout onto stderr
 * and back, and the file argv[1] onto stdin and back. A program of its own:
 * components, which share scenarios.c, have no dup2. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) return 64;
  int out = dup(1), in = dup(0), f = open(argv[1], O_RDONLY);
  char b[64];
  dup2(2, 1);
  write(1, "to stderr\n", 10);
  dup2(out, 1);
  dup2(f, 0);
  ssize_t n = read(0, b, sizeof b);
  dup2(in, 0);
  printf("from the file: %.*s", n > 0 ? (int)n : 0, b);
  n = read(0, b, sizeof b);
  printf("from stdin: %.*s", n > 0 ? (int)n : 0, b);
  return 0;
}
