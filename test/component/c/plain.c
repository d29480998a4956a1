#include <stdio.h>
int main(void) { setvbuf(stdout, 0, _IONBF, 0); printf("ready\n"); volatile unsigned long n = 0; for (;;) n++; }
