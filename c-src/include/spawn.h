/* wasig: <spawn.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <spawn.h>
#else
#error "<spawn.h>: posix_spawn is not available in a wasm guest: a guest cannot create processes; run the other program from the host (spawn() in the TypeScript API) or leave the feature out"
#endif
