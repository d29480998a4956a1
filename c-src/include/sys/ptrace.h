/* wasig: <sys/ptrace.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <sys/ptrace.h>
#else
#error "<sys/ptrace.h>: ptrace is not available in a wasm guest; leave the debugging feature out"
#endif
