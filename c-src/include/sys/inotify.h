/* wasig: <sys/inotify.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <sys/inotify.h>
#else
#error "<sys/inotify.h>: inotify is not available in a wasm32-wasi guest; poll the files with stat()"
#endif
