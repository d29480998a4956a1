#include <stdio.h>

int dropped(int a) { printf("dropped %d\n", a); return a + 1; }
int missing(int a, const char *tag) { if (a < 0) printf("%s\n", tag); return a * 10; }
int extra(int a) { return a * 2; }
int wide(int a) { return a + 1; }
long long narrow(long long a) { return a * 3; }
