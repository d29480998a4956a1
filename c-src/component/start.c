/* A command's entry, in place of wasi-libc's crt1-command.o (`wasig cc
 * --component` links commands with -nostartfiles).
 *
 * wasi-libc's _start leaves the constructors to the linker, and wasm-ld
 * then wraps every export of the module in calls of the constructors and
 * of the destructors: so did it to cabi_realloc, which the preview1 adapter
 * (its stack and state, at its first call) and every list the host hands
 * back (poll's) go through. Each allocation ran the program's constructors
 * again and wasi-libc's stdio exit, which flushed and dropped what stdout
 * held (the first buffered lines of a program were lost). A _start that
 * calls the constructors itself is one wasm-ld wraps nothing for. */
#include <stdlib.h>

void __wasm_call_ctors(void);
int __original_main(void);

void _start(void) {
  __wasm_call_ctors();
  exit(__original_main());
}
