/* Process groups and sessions. Each guest (and host runtime) is the leader
 * of its own process group and session, which is how kill(0, …) and
 * kill(-pid, …) already treat it. Components link this file too. */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

static pid_t group_of(pid_t pid) {
  pid_t me = getpid();
  if (pid == 0 || pid == me) return me;
  if (pid < 0) { errno = ESRCH; return -1; } /* Linux: no such process */
  /* Signal 0: does it exist? (EPERM: it does, as another user's.) */
  if (kill(pid, 0) < 0 && errno == ESRCH) return -1;
  return pid;
}
pid_t getpgrp(void) { return getpid(); }
pid_t getpgid(pid_t pid) { return group_of(pid); }
pid_t getsid(pid_t pid) { return group_of(pid); }
int setpgid(pid_t pid, pid_t pgid) {
  pid_t me = getpid();
  if (pgid < 0) { errno = EINVAL; return -1; }
  if (pid != 0 && pid != me) { errno = ESRCH; return -1; }
  if (pgid != 0 && pgid != me) { errno = EPERM; return -1; }
  return 0;
}
#if !defined(__EMSCRIPTEN__)
/* System V setpgrp(): setpgid(0, 0), which a group leader already satisfies. */
pid_t setpgrp(void) { return setpgid(0, 0); }
#endif
