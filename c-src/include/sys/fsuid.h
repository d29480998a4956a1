/* wasig: <sys/fsuid.h>, as Linux's. setfsuid/setfsgid (c-src/libc/posix-user.c)
 * follow Linux's rules and return the previous id; the files a guest opens
 * are opened by the host with its own ids either way. Emscripten's header
 * declares the same two functions. */
#if defined(__EMSCRIPTEN__)
#include_next <sys/fsuid.h>
#else
#ifndef WASIG_SYS_FSUID_H
#define WASIG_SYS_FSUID_H
#include <sys/types.h>
#ifdef __cplusplus
extern "C" {
#endif
int setfsuid(uid_t uid);
int setfsgid(gid_t gid);
#ifdef __cplusplus
}
#endif
#endif
#endif
