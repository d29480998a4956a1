/* wasig: <sys/sem.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <sys/sem.h>
#else
#error "<sys/sem.h>: System V semaphores are not available in a wasm32-wasi guest; use the unnamed POSIX semaphores of <semaphore.h> (sem_init) within the guest"
#endif
