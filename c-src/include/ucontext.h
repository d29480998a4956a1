/* wasig: <ucontext.h> exists on emscripten (its own). A wasm32-wasi guest
 * cannot have it: this header stops the build and says what to do instead,
 * rather than letting the host's glibc header be found. */
#if defined(__EMSCRIPTEN__)
#include_next <ucontext.h>
#else
#error "<ucontext.h>: user contexts (getcontext, makecontext, swapcontext) are not available in a wasm32-wasi guest: wasm cannot switch stacks; use setjmp/longjmp from <setjmp.h>, or build with --target emscripten -sASYNCIFY"
#endif
