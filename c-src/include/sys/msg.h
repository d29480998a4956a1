/* wasig: <sys/msg.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <sys/msg.h>
#else
#error "<sys/msg.h>: System V message queues are not available in a wasm32-wasi guest; use sigqueue() with a value, or files given with --dir"
#endif
