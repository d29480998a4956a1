/* wasig: <grp.h>. Emscripten has its own (our functions replace its
 * /etc/group reader on both targets). Each user of <pwd.h> has one group
 * of its own id, named as the user (a user private group, as Debian
 * creates; nobody's is nogroup), with the user as its only member. */
#if defined(__EMSCRIPTEN__)
#include_next <grp.h>
#else
#ifndef _GRP_H
#define _GRP_H
#define __NEED_size_t
#define __NEED_gid_t
#include <bits/alltypes.h>
#ifdef __cplusplus
extern "C" {
#endif
struct group {
  char *gr_name;
  char *gr_passwd;
  gid_t gr_gid;
  char **gr_mem;
};
struct group *getgrgid(gid_t);
struct group *getgrnam(const char *);
int getgrgid_r(gid_t, struct group *, char *, size_t, struct group **);
int getgrnam_r(const char *, struct group *, char *, size_t, struct group **);
struct group *getgrent(void);
void endgrent(void);
void setgrent(void);
#ifdef __cplusplus
}
#endif
#endif
#endif
