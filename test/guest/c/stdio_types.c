/* What fstat says of stdin, stdout and stderr: one line each, compared
 * with the native build's under the same redirections (a pipe is a FIFO,
 * 0600, its maker's; a file its own mode; /dev/null a character device). */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *type(mode_t m) {
  return S_ISFIFO(m) ? "fifo" : S_ISCHR(m) ? "char device" : S_ISREG(m) ? "regular file"
       : S_ISSOCK(m) ? "socket" : S_ISDIR(m) ? "directory" : "other";
}

int main(void) {
  char out[3][96];
  for (int fd = 0; fd < 3; fd++) {
    struct stat st;
    if (fstat(fd, &st) != 0) { snprintf(out[fd], sizeof out[fd], "%d: fstat failed\n", fd); continue; }
    snprintf(out[fd], sizeof out[fd], "%d: %s %o, owner %s\n", fd, type(st.st_mode), (unsigned)(st.st_mode & 07777),
             st.st_uid == geteuid() ? "me" : "other");
  }
  /* Only after every fstat: the first write may change nothing, but says
   * nothing it has not measured. */
  for (int fd = 0; fd < 3; fd++) fputs(out[fd], stdout);
  return 0;
}
