/* wasig: <pwd.h>. Emscripten has its own (our functions replace its
 * /etc/passwd reader on both targets). The users: root (0), nobody
 * (65534), and the uid the host starts the guest as, named $USER (or
 * $LOGNAME, else "user"), with home $HOME (else "/"). */
#if defined(__EMSCRIPTEN__)
#include_next <pwd.h>
#else
#ifndef _PWD_H
#define _PWD_H
#define __NEED_size_t
#define __NEED_uid_t
#define __NEED_gid_t
#include <bits/alltypes.h>
#ifdef __cplusplus
extern "C" {
#endif
struct passwd {
  char *pw_name;
  char *pw_passwd;
  uid_t pw_uid;
  gid_t pw_gid;
  char *pw_gecos;
  char *pw_dir;
  char *pw_shell;
};
void setpwent(void);
void endpwent(void);
struct passwd *getpwent(void);
struct passwd *getpwuid(uid_t);
struct passwd *getpwnam(const char *);
int getpwuid_r(uid_t, struct passwd *, char *, size_t, struct passwd **);
int getpwnam_r(const char *, struct passwd *, char *, size_t, struct passwd **);
#ifdef __cplusplus
}
#endif
#endif
#endif
