/* The guest's users and groups, on both targets (emscripten's own read an
 * /etc/passwd its file system does not have, and its ids are root's while
 * getuid() is the host's; emscripten-wrap.h): <pwd.h>, <grp.h>, the id
 * functions, getlogin. */
#include "emscripten-wrap.h"
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <unistd.h>
#include "ids.h"

/* The user database: root and nobody, which every Linux system has, and the
 * guest's own user when it starts as another uid: named $USER (or
 * $LOGNAME, else "user"), home $HOME. Each user has a private group of the
 * same id (nobody's is nogroup), of which it is the member. */
#define NOBODY 65534u
struct user { const char *name, *group, *home, *shell; unsigned id; };

static unsigned start_uid(void);

static int users(struct user u[3]) {
  unsigned me = start_uid();
  const char *home = getenv("HOME");
  if (!home || !*home) home = 0;
  int n = 0;
  u[n++] = (struct user){ "root", "root", me == 0 && home ? home : "/root", "/bin/sh", 0 };
  if (me != 0 && me != NOBODY) {
    const char *name = getenv("USER");
    if (!name || !*name) name = getenv("LOGNAME");
    if (!name || !*name) name = "user";
    u[n++] = (struct user){ name, name, home ? home : "/", "/bin/sh", me };
  }
  u[n++] = (struct user){ "nobody", "nogroup", "/nonexistent", "/usr/sbin/nologin", NOBODY };
  return n;
}

/* The entry of id (by_name 0) or of name (by_name 1, a user's or group's
 * name as group says); 0 when there is none. */
static const struct user *lookup(struct user u[3], int by_name, unsigned id, const char *name, int group) {
  int n = users(u);
  for (int i = 0; i < n; i++) {
    if (by_name ? strcmp(name, group ? u[i].group : u[i].name) == 0 : u[i].id == id) return &u[i];
  }
  return 0;
}

/* ---- ids --------------------------------------------------------------------- */
/* Real, effective and saved uid ([0]) and gid ([1]), as the host last
 * accepted them: the host keeps its own copy for kill()'s permission checks
 * and enforces Linux's rules itself; these copies answer getuid() and pick
 * what each call asks for. At start all six are the host's uid (the group
 * id is the user id: a user private group). */
static unsigned ids[2][3], first_uid;
/* The filesystem uid and gid (setfsuid(2)): the effective ids unless set. */
static unsigned fs_ids[2];
static int ids_known;

static unsigned (*cur(int g))[3] {
  if (!ids_known) {
    first_uid = (unsigned)wasig__uid();
    for (int i = 0; i < 6; i++) ids[i / 3][i % 3] = first_uid;
    fs_ids[0] = fs_ids[1] = first_uid;
    ids_known = 1;
  }
  return &ids[g];
}

static unsigned start_uid(void) {
  cur(0);
  return first_uid;
}

uid_t getuid(void) { return (uid_t)(*cur(0))[0]; }
uid_t geteuid(void) { return (uid_t)(*cur(0))[1]; }
gid_t getgid(void) { return (gid_t)(*cur(1))[0]; }
gid_t getegid(void) { return (gid_t)(*cur(1))[1]; }

int getresuid(uid_t *r, uid_t *e, uid_t *s) {
  *r = getuid(); *e = geteuid(); *s = (uid_t)(*cur(0))[2];
  return 0;
}
int getresgid(gid_t *r, gid_t *e, gid_t *s) {
  *r = getgid(); *e = getegid(); *s = (gid_t)(*cur(1))[2];
  return 0;
}

int getgroups(int size, gid_t list[]) {
  if (size == 0) return 1;
  if (size < 1) { errno = EINVAL; return -1; }
  list[0] = getgid();
  return 1;
}

#define KEEP ((unsigned)-1)

/* setresuid(2)'s rule for g (0 uid, 1 gid): with effective uid 0 anything,
 * else each new id one of the current three; the host checks it again. */
static int set_res(int g, unsigned r, unsigned e, unsigned s) {
  unsigned *now = *cur(g), want[3] = { r, e, s };
  int same = 1;
  for (int i = 0; i < 3; i++) {
    if (want[i] == KEEP) continue;
    if (geteuid() != 0 && want[i] != now[0] && want[i] != now[1] && want[i] != now[2]) { errno = EPERM; return -1; }
    if (want[i] != now[i]) same = 0;
  }
  if (same) { fs_ids[g] = now[1]; return 0; }
  int err = wasig__set_ids(g, r, e, s);
  if (err) { errno = err; return -1; }
  for (int i = 0; i < 3; i++) if (want[i] != KEEP) now[i] = want[i];
  /* Linux: the filesystem id follows every change of the effective one. */
  fs_ids[g] = now[1];
  return 0;
}

/* setfsuid(2): a privileged process may take any valid id, another one of
 * its real, effective, saved or current filesystem id; any other (and -1)
 * is ignored. Either way the previous id is returned (there is no error
 * return): setfsuid(-1) reads it. */
static int set_fs(int g, unsigned id) {
  unsigned *now = *cur(g), old = fs_ids[g];
  if (id != KEEP && (geteuid() == 0 || id == now[0] || id == now[1] || id == now[2] || id == old)) fs_ids[g] = id;
  return (int)old;
}
int setfsuid(uid_t u) { return set_fs(0, u); }
int setfsgid(gid_t g) { return set_fs(1, g); }

/* setuid(2): a privileged process sets all three, another only its
 * effective id, to its real or saved one. */
static int set_one(int g, unsigned id) {
  if (id == KEEP) { errno = EINVAL; return -1; }
  unsigned *now = *cur(g);
  if (geteuid() == 0) return set_res(g, id, id, id);
  if (id != now[0] && id != now[2]) { errno = EPERM; return -1; }
  return set_res(g, KEEP, id, KEEP);
}

/* setreuid(2): an unprivileged real id may become the effective one; the
 * saved id follows the new effective id when the real one is set or the
 * effective one becomes other than the old real one. */
static int set_re(int g, unsigned r, unsigned e) {
  unsigned *now = *cur(g);
  if (geteuid() != 0 && r != KEEP && r != now[0] && r != now[1]) { errno = EPERM; return -1; }
  unsigned s = r != KEEP || (e != KEEP && e != now[0]) ? (e != KEEP ? e : now[1]) : KEEP;
  return set_res(g, r, e, s);
}

int setuid(uid_t u) { return set_one(0, u); }
int setgid(gid_t g) { return set_one(1, g); }
/* glibc: setresuid(-1, id, -1), with -1 itself refused. */
int seteuid(uid_t u) { return u == (uid_t)-1 ? (errno = EINVAL, -1) : set_res(0, KEEP, u, KEEP); }
int setegid(gid_t g) { return g == (gid_t)-1 ? (errno = EINVAL, -1) : set_res(1, KEEP, g, KEEP); }
int setreuid(uid_t r, uid_t e) { return set_re(0, r, e); }
int setregid(gid_t r, gid_t e) { return set_re(1, r, e); }
int setresuid(uid_t r, uid_t e, uid_t s) { return set_res(0, r, e, s); }
int setresgid(gid_t r, gid_t e, gid_t s) { return set_res(1, r, e, s); }

/* The login name: the user the guest started as. */
static const char *login_name(void) {
  struct user u[3];
  return lookup(u, 0, start_uid(), 0, 0)->name;
}
char *getlogin(void) {
  static char name[64];
  const char *n = login_name();
  size_t k = strlen(n) < sizeof name - 1 ? strlen(n) : sizeof name - 1;
  memcpy(name, n, k);
  name[k] = 0;
  return name;
}
int getlogin_r(char *buf, size_t size) {
  const char *n = login_name();
  if (strlen(n) >= size) return ERANGE;
  strcpy(buf, n);
  return 0;
}

/* ---- <pwd.h>, <grp.h> ---------------------------------------------------------- */
/* A fill copies an entry's strings into buf, as the _r functions must. */
typedef int fill_fn(const struct user *u, void *ent, char *buf, size_t size);

/* The _r functions: 0 and *res NULL when no entry has the key. */
static int find_r(const struct user *u, fill_fn *fill, void *ent, char *buf, size_t size, void **res) {
  *res = 0;
  if (!u) return 0;
  int e = fill(u, ent, buf, size);
  if (!e) *res = ent;
  return e;
}

/* The others: a static entry; not finding it is no error (NULL with errno
 * unchanged). */
static void *find(const struct user *u, fill_fn *fill, void *ent, char *buf, size_t size) {
  void *r;
  int e = find_r(u, fill, ent, buf, size, &r);
  if (e) errno = e;
  return r;
}

static int fill_pw(const struct user *u, void *ent, char *buf, size_t size) {
  struct passwd *pw = ent;
  const char *s[] = { u->name, "x", "", u->home, u->shell };
  size_t need = 0;
  for (int i = 0; i < 5; i++) need += strlen(s[i]) + 1;
  if (need > size) return ERANGE;
  char *p[5];
  for (int i = 0; i < 5; i++) {
    p[i] = buf;
    buf = stpcpy(buf, s[i]) + 1;
  }
  pw->pw_name = p[0];
  pw->pw_passwd = p[1];
  pw->pw_gecos = p[2];
  pw->pw_dir = p[3];
  pw->pw_shell = p[4];
  pw->pw_uid = u->id;
  pw->pw_gid = u->id;
  return 0;
}

static int fill_gr(const struct user *u, void *ent, char *buf, size_t size) {
  struct group *gr = ent;
  size_t g = strlen(u->group) + 1, n = strlen(u->name) + 1;
  /* name, "x", the member, then the aligned member list. */
  size_t strings = g + 2 + n;
  size_t pad = (sizeof(char *) - (((size_t)buf + strings) % sizeof(char *))) % sizeof(char *);
  if (strings + pad + 2 * sizeof(char *) > size) return ERANGE;
  char *p = buf;
  gr->gr_name = p;
  p = stpcpy(p, u->group) + 1;
  gr->gr_passwd = p;
  p = stpcpy(p, "x") + 1;
  char *member = p;
  p = stpcpy(p, u->name) + 1;
  char **mem = (char **)(void *)(p + pad);
  mem[0] = member;
  mem[1] = 0;
  gr->gr_mem = mem;
  gr->gr_gid = u->id;
  return 0;
}

int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t size, struct passwd **res) {
  struct user u[3];
  return find_r(lookup(u, 0, uid, 0, 0), fill_pw, pw, buf, size, (void **)res);
}
int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t size, struct passwd **res) {
  struct user u[3];
  return find_r(lookup(u, 1, 0, name, 0), fill_pw, pw, buf, size, (void **)res);
}
int getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t size, struct group **res) {
  struct user u[3];
  return find_r(lookup(u, 0, gid, 0, 1), fill_gr, gr, buf, size, (void **)res);
}
int getgrnam_r(const char *name, struct group *gr, char *buf, size_t size, struct group **res) {
  struct user u[3];
  return find_r(lookup(u, 1, 0, name, 1), fill_gr, gr, buf, size, (void **)res);
}

static struct passwd pw_static;
static char pw_buf[1024];
static struct group gr_static;
static char *gr_buf[256]; /* char * elements: aligned for the member list */

struct passwd *getpwuid(uid_t uid) {
  struct user u[3];
  return find(lookup(u, 0, uid, 0, 0), fill_pw, &pw_static, pw_buf, sizeof pw_buf);
}
struct passwd *getpwnam(const char *name) {
  struct user u[3];
  return find(lookup(u, 1, 0, name, 0), fill_pw, &pw_static, pw_buf, sizeof pw_buf);
}
struct group *getgrgid(gid_t gid) {
  struct user u[3];
  return find(lookup(u, 0, gid, 0, 1), fill_gr, &gr_static, (char *)gr_buf, sizeof gr_buf);
}
struct group *getgrnam(const char *name) {
  struct user u[3];
  return find(lookup(u, 1, 0, name, 1), fill_gr, &gr_static, (char *)gr_buf, sizeof gr_buf);
}

/* The enumerations, in the database's order, each into its own static
 * entry (as glibc's: a getpwent loop leaves getpwuid's result alone). */
static int pw_next, gr_next;
static struct passwd pwent_static;
static char pwent_buf[1024];
static struct group grent_static;
static char *grent_buf[256];
static const struct user *nth(struct user u[3], int i) { return i < users(u) ? &u[i] : 0; }
void setpwent(void) { pw_next = 0; }
void endpwent(void) { pw_next = 0; }
struct passwd *getpwent(void) {
  struct user u[3];
  return find(nth(u, pw_next++), fill_pw, &pwent_static, pwent_buf, sizeof pwent_buf);
}
void setgrent(void) { gr_next = 0; }
void endgrent(void) { gr_next = 0; }
struct group *getgrent(void) {
  struct user u[3];
  return find(nth(u, gr_next++), fill_gr, &grent_static, (char *)grent_buf, sizeof grent_buf);
}
