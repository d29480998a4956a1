/* wasig: <ndbm.h> exists on neither target. This header stops the build and
 * says what to do instead, rather than letting the host's glibc header be
 * found. */
#error "<ndbm.h>: ndbm databases are not available in a wasm guest; link a database library built for the guest (e.g. sqlite3) into the program"
