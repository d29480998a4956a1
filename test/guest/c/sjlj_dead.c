/* A longjmp to a buffer whose setjmp's function has returned: undefined in
 * C; the guest ends as killed by SIGSEGV instead of hanging or going on. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf jb;
static __attribute__((noinline)) int f(void) { return setjmp(jb); }

int main(void) {
  printf("f=%d\n", f());
  fflush(stdout);
  longjmp(jb, 1);
  return 0;
}
