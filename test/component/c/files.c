/* Files in a host directory given with --dir (preopens), for
 * test/component/component.test.ts: built both as a component and as a
 * core-module guest, each step printing one line, so that the two runs can
 * be compared. argv[1] is the guest path of the directory, argv[2] a path
 * outside it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char path[512];
static const char *at(const char *dir, const char *name) {
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return path;
}
static void result(const char *what, int r) {
  printf("%s: %d %s\n", what, r, r < 0 ? strerror(errno) : "ok");
}

int main(int argc, char **argv) {
  setvbuf(stdout, 0, _IONBF, 0);
  if (argc < 3) return 2;
  const char *d = argv[1];

  FILE *f = fopen(at(d, "out.txt"), "w");
  if (!f) { printf("fopen: %s\n", strerror(errno)); return 1; }
  fprintf(f, "written by the guest\n");
  fclose(f);
  f = fopen(at(d, "out.txt"), "a");
  fprintf(f, "appended\n");
  fclose(f);
  char buf[128] = {0};
  int fd = open(at(d, "out.txt"), O_RDONLY);
  ssize_t n = read(fd, buf, sizeof buf - 1);
  printf("read %zd: %s", n, buf);
  lseek(fd, 11, SEEK_SET);
  memset(buf, 0, sizeof buf);
  n = read(fd, buf, 5);
  printf("at 11: %s\n", buf);
  close(fd);

  struct stat st;
  result("stat", stat(at(d, "out.txt"), &st));
  printf("size %lld regular %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
  fd = open(at(d, "out.txt"), O_WRONLY);
  result("ftruncate", ftruncate(fd, 7));
  close(fd);
  stat(at(d, "out.txt"), &st);
  printf("size %lld\n", (long long)st.st_size);

  /* The host's file, made before the run. */
  f = fopen(at(d, "from-host.txt"), "r");
  memset(buf, 0, sizeof buf);
  if (f) { fgets(buf, sizeof buf, f); fclose(f); }
  printf("host's file: %s", f ? buf : "missing\n");

  result("mkdir", mkdir(at(d, "sub"), 0755));
  result("mkdir again", mkdir(at(d, "sub"), 0755));
  char from[512];
  snprintf(from, sizeof from, "%s/out.txt", d);
  result("rename", rename(from, at(d, "sub/moved.txt")));
  result("open missing", open(at(d, "out.txt"), O_RDONLY));
  result("O_EXCL on existing", open(at(d, "sub/moved.txt"), O_WRONLY | O_CREAT | O_EXCL, 0644));
  result("unlink a directory", unlink(at(d, "sub")));
  result("rmdir non-empty", rmdir(at(d, "sub")));

  DIR *dir = opendir(at(d, "sub"));
  struct dirent *e;
  while (dir && (e = readdir(dir))) {
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) printf("entry %s\n", e->d_name);
  }
  if (dir) closedir(dir);

  result("unlink", unlink(at(d, "sub/moved.txt")));
  result("rmdir", rmdir(at(d, "sub")));
  f = fopen(at(d, "left.txt"), "w");
  fprintf(f, "left for the host\n");
  result("fclose", fclose(f));

  /* Above it: its parent and / exist, as directories on Linux do; a path
   * elsewhere does not. */
  int r = stat("/", &st);
  printf("stat /: %d dir %d\n", r, r == 0 && S_ISDIR(st.st_mode));
  errno = 0;
  r = stat(argv[2], &st);
  printf("stat outside: %d %s\n", r, strerror(errno));

  /* Outside the directory: a path under no preopen, one that a symbolic
   * link made by the host leads out of, and one that `..` does. */
  result("open outside", open(argv[2], O_RDONLY));
  result("create outside", open(argv[2], O_WRONLY | O_CREAT, 0644));
  result("through a link out", open(at(d, "link-out/x"), O_RDONLY));
  result("dot-dot out", open(at(d, "../x"), O_RDONLY));
  return 0;
}
