/* Modes, owners and access(2) of files in a host directory (argv[1]), as
 * Linux gives them: one line a check, compared with the native build's.
 * Files are given their modes with chmod and fchmod, or made under a umask
 * the program sets, so the host's umask plays no part. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* errno by name: the libcs' texts differ ("Not supported"). */
static const char *err(void) {
  switch (errno) {
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    default: return strerror(errno);
  }
}

static void show(const char *name) {
  struct stat st, lst, at;
  if (stat(name, &st) != 0) { printf("%s: stat: %s\n", name, err()); return; }
  if (lstat(name, &lst) != 0) { printf("%s: lstat: %s\n", name, err()); return; }
  if (fstatat(AT_FDCWD, name, &at, 0) != 0 || at.st_mode != st.st_mode) printf("%s: fstatat differs\n", name);
  printf("%s: mode %o, lstat %o, owner %s, group %s, access R %d W %d X %d\n", name, (unsigned)st.st_mode,
         (unsigned)lst.st_mode, st.st_uid == geteuid() ? "me" : "other", st.st_gid == getegid() ? "mine" : "other",
         access(name, R_OK), access(name, W_OK), access(name, X_OK));
}

static void create(const char *name, mode_t mode) {
  int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0600);
  if (fd < 0) { printf("%s: open: %s\n", name, err()); return; }
  if (fchmod(fd, mode) != 0) printf("%s: fchmod: %s\n", name, err());
  struct stat st;
  if (fstat(fd, &st) != 0) printf("%s: fstat: %s\n", name, err());
  else printf("%s: fstat after fchmod %o\n", name, (unsigned)st.st_mode);
  close(fd);
}

int main(int argc, char **argv) {
  if (argc < 2 || chdir(argv[1]) != 0) { perror("chdir"); return 2; }
  create("f644", 0644);
  create("f444", 0444);
  create("f755", 0755);
  create("f4755", 04755);
  if (mkdir("d", 0700) != 0 || chmod("d", 0755) != 0) printf("d: %s\n", err());
  if (symlink("f444", "ln") != 0) printf("ln: %s\n", err());
  const char *names[] = { "f644", "f444", "f755", "f4755", "d", "ln", "." };
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) show(names[i]);

  /* chmod through the link changes the file; then stat and fstat agree. */
  if (chmod("ln", 0600) != 0) printf("chmod ln: %s\n", err());
  show("f444");
  show("ln");
  int fd = open("f644", O_RDONLY);
  struct stat st;
  if (fchmod(fd, 0400) != 0) printf("fchmod f644: %s\n", err());
  fstat(fd, &st);
  printf("f644 by its descriptor: %o\n", (unsigned)st.st_mode);
  close(fd);
  show("f644");
  int r = fchmodat(AT_FDCWD, "ln", 0644, AT_SYMLINK_NOFOLLOW);
  printf("fchmodat of a link without following: %d %s\n", r, r ? err() : "");
  r = chmod("missing", 0644);
  printf("chmod of a missing file: %d %s\n", r, r ? err() : "");
  r = access("missing", R_OK);
  printf("access of a missing file: %d %s\n", r, r ? err() : "");

  /* The mode a file or folder is made with, less the umask; a file that
   * was there keeps its own. */
  umask(022);
  close(open("new640", O_CREAT | O_WRONLY | O_EXCL, 0640));
  close(open("new777", O_CREAT | O_RDWR, 0777));
  close(open("f644", O_CREAT | O_WRONLY, 0666));
  umask(077);
  close(creat("new666", 0666));
  FILE *fw = fopen("fopen-w", "w"), *fa = fopen("fopen-a", "a+");
  if (fw) fclose(fw);
  if (fa) fclose(fa);
  r = mkdir("d777", 0777);
  printf("mkdir under umask 077: %d\n", r);
  char tf[] = "tmpXXXXXX", td[] = "dirXXXXXX";
  int t = mkstemp(tf);
  struct stat ts, ds;
  printf("mkstemp: %o\n", t >= 0 && fstat(t, &ts) == 0 ? (unsigned)ts.st_mode : 0u);
  umask(022);
  printf("mkdtemp: %o\n", mkdtemp(td) && stat(td, &ds) == 0 ? (unsigned)ds.st_mode : 0u);
  const char *made[] = { "new640", "new777", "f644", "new666", "fopen-w", "fopen-a", "d777" };
  for (size_t i = 0; i < sizeof made / sizeof *made; i++) {
    if (stat(made[i], &st) != 0) printf("%s: stat: %s\n", made[i], err());
    else printf("%s made: %o\n", made[i], (unsigned)st.st_mode);
  }
  return 0;
}
