/* What posix-user.c (the ids, <pwd.h>, <grp.h>) needs from the library it
 * is linked into: c-src/libc for core-module guests, c-src/component for
 * components. */
#ifndef WASIG_LIBC_IDS_H
#define WASIG_LIBC_IDS_H
#include <stdint.h>
/* The uid the host started the process with. */
int32_t wasig__uid(void);
/* setresuid (gid 0) or setresgid (gid 1) at the host, which enforces
 * Linux's rules again: 0, or the errno to fail with. (unsigned)-1 keeps. */
int wasig__set_ids(int gid, unsigned r, unsigned e, unsigned s);
#endif
