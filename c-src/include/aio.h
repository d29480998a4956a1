/* wasig: <aio.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <aio.h>
#else
#error "<aio.h>: asynchronous I/O (aio_read, lio_listio, ...) is not available in a wasm32-wasi guest; use read/write, or select/poll for readiness; or build with --target emscripten"
#endif
