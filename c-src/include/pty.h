/* wasig: <pty.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <pty.h>
#else
#error "<pty.h>: pseudo-terminals (openpty, forkpty) are not available in a wasm guest: a guest cannot create processes or terminals; run the program in a terminal and read the guest's own tty"
#endif
