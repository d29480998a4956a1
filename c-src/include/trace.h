/* wasig: <trace.h> exists on neither target. This header stops the build and
 * says what to do instead, rather than letting the host's glibc header be
 * found. */
#error "<trace.h>: the POSIX trace interface (withdrawn from POSIX) is not available; log to stderr or a file"
