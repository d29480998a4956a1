/* wasig: <utmpx.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <utmpx.h>
#else
#error "<utmpx.h>: the login records (utmpx) are not available in a wasm32-wasi guest; use getlogin() or getpwuid(getuid()) for the user"
#endif
