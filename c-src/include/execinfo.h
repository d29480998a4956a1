/* wasig: <execinfo.h> exists on neither target. This header stops the build and
 * says what to do instead, rather than letting the host's glibc header be
 * found. */
#error "<execinfo.h>: backtraces (backtrace, backtrace_symbols) are not available in a wasm guest; leave them out; the host prints the wasm stack when a guest traps"
