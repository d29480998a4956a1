/* wasig: <syslog.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <syslog.h>
#else
#error "<syslog.h>: the system log is not available in a wasm32-wasi guest; write the messages to stderr (a configure switch often does this)"
#endif
