/* wasig: <wordexp.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <wordexp.h>
#else
#error "<wordexp.h>: wordexp() is not available in a wasm guest: it needs a shell, and a guest has none; split the words in the program (or use glob() from <glob.h>)"
#endif
