/* A program with its own global error(), as old C programs have (here
 * with another signature than glibc's; -DSAME_SIGNATURE: with glibc's):
 * it links without a word from the linker and its own runs, as with glibc. */
#include <stdio.h>
#ifdef SAME_SIGNATURE
void error(int status, int errnum, const char *format, ...) {
  printf("own error(%d, %d, %s)\n", status, errnum, format);
}
int main(void) {
  error(1, 2, "same signature");
  return 0;
}
#else
int error(const char *message) { return printf("own error: %s\n", message); }
int main(void) { return error("another signature") > 0 ? 0 : 1; }
#endif
