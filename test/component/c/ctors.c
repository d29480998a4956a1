/* Constructors run once and buffered stdout keeps what it holds, also
 * when the host hands the component a list (a sleep's poll, through
 * cabi_realloc), for test/component/component.test.ts. It uses no argv, so
 * that its first call of the preview1 adapter is stdout's first flush. */
#include <stdio.h>
#include <time.h>

static int ctors;
__attribute__((constructor)) static void count(void) { ctors++; }

int main(void) {
  printf("first line\n");
  struct timespec t = {0, 1000000};
  nanosleep(&t, 0);
  printf("constructors ran %d time(s)\n", ctors);
  return 0;
}
