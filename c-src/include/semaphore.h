/* wasig: on emscripten, its own <semaphore.h>. On wasi, the libc's header
 * (its functions are declared but not in Debian's wasi-libc); c-src/libc
 * implements the unnamed ones for the guest's single thread: sem_wait on a
 * zero count waits for a signal handler to post it, and is interrupted as
 * on Linux (restarted under SA_RESTART, EINTR without). */
#include_next <semaphore.h>
