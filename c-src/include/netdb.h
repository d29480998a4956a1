/* wasig: <netdb.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <netdb.h>
#else
#error "<netdb.h>: name resolution (getaddrinfo, gethostbyname) is not available in a wasm32-wasi guest: WASI preview1 has no sockets to connect; leave networking out of this build (most programs have a configure switch for it)"
#endif
