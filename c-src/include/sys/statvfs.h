/* wasig: <sys/statvfs.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <sys/statvfs.h>
#else
#error "<sys/statvfs.h>: file system statistics (statvfs) are not available in a wasm32-wasi guest: WASI preview1 cannot ask for them; leave the free-space check out, or build with --target emscripten"
#endif
