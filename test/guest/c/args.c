/* Prints its arguments, and what the compiler flags of the CLI tests
 * defined (-DX=..., -include a header defining FOO, -lm). */
#include <math.h>
#include <stdio.h>

#ifndef X
#define X 0
#endif
#ifndef FOO
#define FOO "none"
#endif

int main(int argc, char **argv) {
  printf("X=%d FOO=%s sqrt=%.1f argc=%d\n", X, FOO, sqrt((double)argc * argc), argc);
  for (int i = 1; i < argc; i++) printf("arg[%d]=%s\n", i, argv[i]);
  return 0;
}
