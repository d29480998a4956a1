/* Calls through declarations that disagree with the definitions in
 * mismatch-callee.c, as old C programs do: on x86-64 they work, and a wasig
 * guest does the same (ts/cli/mismatch.ts). */
#include <stdio.h>

void dropped();        /* int dropped(int): its result is dropped */
int missing();         /* int missing(int, const char *): called with one */
int extra();           /* int extra(int): called with three */
long long wide();      /* int wide(int): an i32 result read as i64 */
int narrow();          /* long long narrow(long long): i32 <-> i64 */

int main(void) {
  dropped(5);
  printf("missing %d\n", missing(7));
  printf("extra %d\n", extra(3, 4, 5));
  printf("wide %lld\n", wide(9) & 0xffffffffLL);
  printf("narrow %d\n", narrow(41));
  return 0;
}
