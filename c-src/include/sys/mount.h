/* wasig: <sys/mount.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <sys/mount.h>
#else
#error "<sys/mount.h>: mounting file systems is not available in a wasm guest; give the guest host directories with wasig run --dir"
#endif
