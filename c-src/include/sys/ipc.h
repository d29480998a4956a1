/* wasig: <sys/ipc.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <sys/ipc.h>
#else
#error "<sys/ipc.h>: System V IPC is not available in a wasm32-wasi guest: a guest has no other process to share with; use signals (kill, sigqueue) between guests, or files given with --dir"
#endif
