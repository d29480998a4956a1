/* wasig: <sys/vfs.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <sys/vfs.h>
#else
#error "<sys/vfs.h>: file system statistics (statfs) are not available in a wasm32-wasi guest; leave the free-space check out"
#endif
