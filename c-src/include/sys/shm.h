/* wasig: <sys/shm.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <sys/shm.h>
#else
#error "<sys/shm.h>: System V shared memory is not available in a wasm32-wasi guest; use plain memory within the guest, or files given with --dir"
#endif
