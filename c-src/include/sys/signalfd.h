/* wasig: <sys/signalfd.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <sys/signalfd.h>
#else
#error "<sys/signalfd.h>: signalfd is not available in a wasm32-wasi guest; use sigwaitinfo() or a handler with a self-pipe replaced by a flag"
#endif
