/* _Exit for components: the status through wasi:cli/exit's exit-with-code.
 * wasi-libc's own _Exit calls proc_exit, which the preview1 adapter turns
 * into wasi:cli/exit's `exit(result)`: ok for 0, err for anything else, so
 * exit(3) or a return of 3 from main would end the command with 1. Defining
 * _Exit (and _exit) here keeps libc.a's member out of the link; exit() runs
 * atexit handlers and flushes stdio, then comes here, as crt1's return path
 * of main does. */
#include <stdlib.h>
#include <unistd.h>
#include "wit.h"

_Noreturn void _Exit(int status) { wit_exit_with_code(status & 0xff); }

_Noreturn void _exit(int status) { wit_exit_with_code(status & 0xff); }
