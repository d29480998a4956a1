/* wasig: <net/if.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <net/if.h>
#else
#error "<net/if.h>: network interfaces are not available in a wasm32-wasi guest; leave networking out of this build"
#endif
