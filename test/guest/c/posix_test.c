/* The POSIX functions beyond signals that real programs link, from a guest
 * (both targets): users and groups, no shell, no dynamic loading, CPU time,
 * limits, ids, the one thread's conditions, keys and cancellation. With
 * "files": temporary files, realpath, modes (needs a writable /tmp); with
 * "dirs DIR", the directories above DIR.
 * Prints TAP; test/guest/posix.test.ts checks it. */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pthread.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static int n, failed;
#define CHECK(cond, ...) do { n++; if (cond) printf("ok %d - ", n); else { failed++; printf("not ok %d - ", n); } \
  printf(__VA_ARGS__); printf(" (line %d)\n", __LINE__); } while (0)

static void users(void) {
  struct passwd *pw = getpwuid(getuid());
  CHECK(pw && pw->pw_uid == getuid() && pw->pw_gid == getgid(), "getpwuid(getuid()) is the user");
  /* uid 0 is root on Linux whatever $USER says; another uid is $USER. */
  const char *user = getuid() == 0 ? "root" : getenv("USER");
  CHECK(pw && user && strcmp(pw->pw_name, user) == 0, "its name is %s (%s)", getuid() == 0 ? "root" : "$USER", pw ? pw->pw_name : "-");
  const char *home = getenv("HOME");
  CHECK(pw && home && strcmp(pw->pw_dir, home) == 0, "its home is $HOME");
  CHECK(pw && getpwnam(pw->pw_name) && getpwnam(pw->pw_name)->pw_uid == getuid(), "getpwnam finds it by name");
  errno = 0;
  CHECK(getpwuid(getuid() + 1) == 0 && errno == 0, "no other uid: NULL, errno unchanged");
  CHECK(getpwnam("no-such-user-here") == 0, "no other name");
  struct passwd p, *r;
  char small[4], big[512];
  CHECK(getpwuid_r(getuid(), &p, small, sizeof small, &r) == ERANGE && r == 0, "getpwuid_r: ERANGE for a small buffer");
  CHECK(getpwuid_r(getuid(), &p, big, sizeof big, &r) == 0 && r == &p && p.pw_name >= big && p.pw_name < big + sizeof big,
        "getpwuid_r fills the caller's buffer");
  setpwent();
  int count = 0;
  while (getpwent()) count++;
  endpwent();
  CHECK(count == (getuid() == 0 ? 2 : 3), "getpwent lists root, nobody and the user (%d)", count);
  setgrent();
  count = 0;
  while (getgrent()) count++;
  endgrent();
  CHECK(count == (getuid() == 0 ? 2 : 3), "getgrent lists their groups (%d)", count);
  struct group *g = getgrgid(getgid());
  CHECK(g && g->gr_gid == getgid() && g->gr_mem[0] && !g->gr_mem[1], "getgrgid(getgid()): one group, one member");
  CHECK(g && pw && strcmp(g->gr_mem[0], pw->pw_name) == 0 && getgrnam(g->gr_name) != 0, "the user is its member; getgrnam finds it");
  gid_t list[4];
  CHECK(getgroups(0, list) == 1 && getgroups(4, list) == 1 && list[0] == getgid(), "getgroups: the one group");
  char login[64];
  CHECK(getlogin_r(login, sizeof login) == 0 && pw && strcmp(login, pw->pw_name) == 0, "getlogin_r is the user");
  /* getpwnam and getpwuid return one static entry: pw is another's now. */
  CHECK(getpwnam("root") && getpwnam("root")->pw_uid == 0 && getpwuid(0) && strcmp(getpwuid(0)->pw_name, "root") == 0,
        "root is uid 0, as on every Linux system");
  CHECK(getpwnam("nobody") && getpwnam("nobody")->pw_uid == 65534 && getgrgid(65534) &&
        strcmp(getgrgid(65534)->gr_name, "nogroup") == 0, "nobody is uid 65534, its group nogroup");
  CHECK(setuid(getuid()) == 0 && seteuid(getuid()) == 0 && setgid(getgid()) == 0 && setregid((gid_t)-1, getgid()) == 0,
        "setting the ids one has succeeds");
  if (getuid() != 0) {
    errno = 0;
    CHECK(setuid(0) == -1 && errno == EPERM, "setuid(0) of an unprivileged process: EPERM");
  }
}

static void no_shell(void) {
  CHECK(system(NULL) == 0, "system(NULL) is 0: no command processor");
  errno = 0;
  CHECK(system("echo hi") == -1 && errno == ENOSYS, "system(cmd): -1, ENOSYS (no child can be created)");
  errno = 0;
  CHECK(popen("echo hi", "r") == 0 && errno == ENOSYS, "popen: NULL, ENOSYS");
}

static void no_loading(void) {
  while (dlerror()) {}
  void *h = dlopen("libz.so.1", RTLD_NOW);
  const char *e = dlerror();
  CHECK(h == 0 && e && strstr(e, "libz.so.1") && strstr(e, "link the library into the program"),
        "dlopen of a file fails and dlerror says why: %s", e ? e : "(null)");
  CHECK(dlerror() == 0, "dlerror reports an error once");
  void *self = dlopen(NULL, RTLD_LAZY);
  CHECK(self != 0, "dlopen(NULL) is the program");
  CHECK(dlsym(self, "main") == 0 && dlerror() != 0, "dlsym finds nothing, with a message");
  CHECK(dlclose(self) == 0, "dlclose of the program");
}

static void cpu_time(void) {
  clock_t c0 = clock();
  struct tms t0;
  clock_t r0 = times(&t0);
  volatile double x = 0;
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  do {
    for (int i = 0; i < 100000; i++) x += i;
    clock_gettime(CLOCK_MONOTONIC, &b);
  } while ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) < 300000000L);
  clock_t c1 = clock();
  CHECK(CLOCKS_PER_SEC == 1000000, "CLOCKS_PER_SEC is 1000000, as XSI and Linux");
  /* The guest's own thread's CPU time: on a loaded host it may get a
   * small share of the 0.3 s, but some. */
  CHECK(c1 > c0 && (double)(c1 - c0) / CLOCKS_PER_SEC > 0.001, "clock() counts CPU time spent (%.3f s)",
        (double)(c1 - c0) / CLOCKS_PER_SEC);
  struct tms t1;
  clock_t r1 = times(&t1);
  CHECK(r1 > r0 && t1.tms_utime >= t0.tms_utime && t1.tms_cutime == 0, "times(): real and CPU ticks advance");
  struct rusage ru;
  CHECK(getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec > 0 && ru.ru_maxrss > 0,
        "getrusage(RUSAGE_SELF): user time and maxrss");
  CHECK(getrusage(RUSAGE_CHILDREN, &ru) == 0 && ru.ru_utime.tv_sec == 0 && ru.ru_utime.tv_usec == 0, "no children: zero");
  errno = 0;
  CHECK(getrusage(42, &ru) == -1 && errno == EINVAL, "getrusage of another who: EINVAL");
}

static void limits(void) {
  struct rlimit rl;
  CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur <= rl.rlim_max, "getrlimit(RLIMIT_NOFILE)");
  CHECK(getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_cur == 0, "no core files");
  struct rlimit low = { 64, 128 };
  CHECK(setrlimit(RLIMIT_NOFILE, &low) == 0 && getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == 64 && rl.rlim_max == 128,
        "setrlimit lowers both limits");
  struct rlimit high = { 64, 256 };
  errno = 0;
  CHECK(setrlimit(RLIMIT_NOFILE, &high) == -1 && errno == EPERM, "raising the hard limit: EPERM");
  errno = 0;
  CHECK(getrlimit(RLIM_NLIMITS, &rl) == -1 && errno == EINVAL, "an unknown resource: EINVAL");
  CHECK(getpriority(PRIO_PROCESS, 0) == 0, "priority 0");
  CHECK(setpriority(PRIO_PROCESS, 0, 5) == 0 && getpriority(PRIO_PROCESS, 0) == 5, "lowering the priority");
  errno = 0;
  CHECK(setpriority(PRIO_PROCESS, 0, 0) == -1 && errno == EACCES, "raising it back: EACCES");
  struct utsname u;
  CHECK(uname(&u) == 0 && u.sysname[0], "uname: %s", u.sysname);
  char host[256];
  CHECK(gethostname(host, sizeof host) == 0, "gethostname");
  void *m = mmap(0, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(m != MAP_FAILED && ((char *)m)[100] == 0 && munmap(m, 65536) == 0, "anonymous mmap");
}

static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t key;
static int destroyed;
static void destroy(void *v) { destroyed = *(int *)v; }
static int cleaned;
static void cleanup(void *v) { cleaned = *(int *)v; }

static void threads(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_nsec += 100000000;
  if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
  pthread_mutex_lock(&mutex);
  CHECK(pthread_cond_timedwait(&cond, &mutex, &ts) == ETIMEDOUT, "pthread_cond_timedwait with no signaller: ETIMEDOUT");
  CHECK(pthread_mutex_unlock(&mutex) == 0, "and the mutex is held again");
  CHECK(pthread_cond_signal(&cond) == 0 && pthread_cond_broadcast(&cond) == 0, "signal and broadcast");
  pthread_condattr_t ca;
  clockid_t clk;
  CHECK(pthread_condattr_init(&ca) == 0 && pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0 &&
        pthread_condattr_getclock(&ca, &clk) == 0 && clk == CLOCK_MONOTONIC, "condattr clock");
  int old;
  CHECK(pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old) == 0 && old == PTHREAD_CANCEL_ENABLE, "setcancelstate");
  CHECK(pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old) == 0 && old == PTHREAD_CANCEL_DISABLE, "and back");
  CHECK(pthread_setcanceltype(PTHREAD_CANCEL_DEFERRED, &old) == 0 && old == PTHREAD_CANCEL_DEFERRED, "setcanceltype");
  CHECK(pthread_setcancelstate(7, &old) == EINVAL, "a bad state: EINVAL");
  static int v = 42;
  CHECK(pthread_key_create(&key, destroy) == 0 && pthread_setspecific(key, &v) == 0 && pthread_getspecific(key) == &v,
        "thread-specific data");
}

/* The one thread is cancelled at pthread_testcancel: cleanup handlers and key
 * destructors run, and the process exits with status 0. */
static void cancel_self(void) {
  static int v = 7, w = 9;
  pthread_key_create(&key, destroy);
  pthread_setspecific(key, &v);
  pthread_cleanup_push(cleanup, &w);
  int old;
  pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
  pthread_cancel(pthread_self());
  pthread_testcancel();
  printf("not cancelled while disabled\n");
  pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
  fflush(stdout);
  pthread_testcancel();
  printf("still running\n");
  pthread_cleanup_pop(0);
}

static void exit_report(void) { printf("at exit: cleaned=%d destroyed=%d\n", cleaned, destroyed); }

static void files(void) {
  char t[] = "/tmp/wasig-posix-XXXXXX";
  int fd = mkstemp(t);
  CHECK(fd >= 0 && strncmp(t, "/tmp/wasig-posix-", 17) == 0 && strcmp(t + 17, "XXXXXX") != 0, "mkstemp: %s", t);
  CHECK(write(fd, "abc", 3) == 3 && close(fd) == 0, "write to it");
  CHECK(chmod(t, 0600) == 0 && access(t, R_OK) == 0, "chmod an existing file");
  errno = 0;
  CHECK(chmod("/tmp/wasig-no-such-file", 0600) == -1 && errno == ENOENT, "chmod of a missing file: ENOENT");
  char buf[PATH_MAX];
  CHECK(realpath(t, buf) && strcmp(buf, t) == 0, "realpath of an absolute path");
  char rel[PATH_MAX];
  snprintf(rel, sizeof rel, "/tmp/./../tmp//%s", t + 5);
  CHECK(realpath(rel, buf) && strcmp(buf, t) == 0, "realpath removes ., .. and //: %s", buf);
  errno = 0;
  CHECK(realpath("/tmp/wasig-no-such-file", buf) == 0 && errno == ENOENT, "realpath of a missing file: ENOENT");
  char bad[] = "/tmp/no-x";
  errno = 0;
  CHECK(mkstemp(bad) == -1 && errno == EINVAL, "mkstemp without XXXXXX: EINVAL");
  int lfd = open(t, O_RDONLY);
  struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
  CHECK(lfd >= 0 && fcntl(lfd, F_SETLK, &fl) == 0, "F_SETLK: a read lock");
  fl.l_type = F_WRLCK;
  CHECK(fcntl(lfd, F_GETLK, &fl) == 0 && fl.l_type == F_UNLCK, "F_GETLK: no other process holds one");
  fl.l_type = F_WRLCK;
  errno = 0;
  CHECK(fcntl(lfd, F_SETLK, &fl) == -1 && errno == EBADF, "a write lock on a read-only descriptor: EBADF");
  fl.l_type = 99;
  errno = 0;
  CHECK(fcntl(lfd, F_SETLK, &fl) == -1 && errno == EINVAL, "a bad lock type: EINVAL");
  fl.l_type = F_UNLCK;
  CHECK(fcntl(lfd, F_SETLKW, &fl) == 0 && close(lfd) == 0, "F_SETLKW: unlock");
  CHECK(unlink(t) == 0, "unlink");
  char d[] = "/tmp/wasig-dir-XXXXXX";
  CHECK(mkdtemp(d) && rmdir(d) == 0, "mkdtemp");
  FILE *f = tmpfile();
  CHECK(f && fputs("hello", f) >= 0 && fseek(f, 0, SEEK_SET) == 0 && fgetc(f) == 'h' && fclose(f) == 0, "tmpfile");
  flockfile(stdout);
  CHECK(ftrylockfile(stdout) == 0, "flockfile/ftrylockfile");
  funlockfile(stdout);
  funlockfile(stdout);
  struct stat root;
  CHECK(stat("/", &root) == 0 && S_ISDIR(root.st_mode) && lstat("/", &root) == 0 && S_ISDIR(root.st_mode),
        "the directory above /tmp exists");
  int dn = open("/dev/null", O_WRONLY);
  errno = 0;
  CHECK(dn >= 0 && close(dn) == 0 && open("/no-such-dir/f", O_RDONLY) == -1 && errno == ENOENT,
        "after paths in /tmp: /dev/null opens, a path elsewhere is ENOENT");
  CHECK(dup2(1, 1) == 1, "dup2(fd, fd) is fd");
  errno = 0;
  CHECK(dup2(99, 5) == -1 && errno == EBADF, "dup2 of a closed fd: EBADF");
}

#if defined(__EMSCRIPTEN__)
extern int wasig_setid_js(int gid, int r, int e, int s);
#else
__attribute__((import_module("env"), import_name("wasig_setid_js"))) extern int wasig_setid_js(int gid, int r, int e, int s);
#endif

static volatile uid_t seen_uid = (uid_t)-1;
static void note_uid(int sig, siginfo_t *si, void *uc) { (void)sig; (void)uc; seen_uid = si->si_uid; }

/* Linux's ids and kill() permissions against process 1 (an init, uid 0):
 * root may take any id, then has only what it took. */
static void ids(void) {
  uid_t r, e, s;
  int root = getuid() == 0;
  errno = 0;
  CHECK(kill(-1, 0) == -1 && errno == ESRCH, "kill(-1) reaches no one: process 1 is left out");
  errno = 0;
  CHECK(root ? kill(1, 0) == 0 : kill(1, 0) == -1 && errno == EPERM, "kill(1, 0): %s", root ? "0 for root" : "EPERM");
  if (root) {
    CHECK(kill(1, SIGTERM) == 0 && kill(1, SIGKILL) == 0, "process 1 takes SIGTERM and SIGKILL, and ignores them");
    CHECK(setgid(50) == 0 && getgid() == 50 && getegid() == 50, "root: setgid(50)");
    CHECK(seteuid(1000) == 0 && getuid() == 0 && geteuid() == 1000, "root: seteuid(1000)");
    CHECK(getresuid(&r, &e, &s) == 0 && r == 0 && e == 1000 && s == 0, "getresuid: 0 1000 0");
    CHECK(setfsuid((uid_t)-1) == 1000, "the filesystem uid follows the effective uid: 1000");
    CHECK(setfsuid(0) == 1000 && setfsuid((uid_t)-1) == 0, "setfsuid(0), the real uid, returns the previous 1000");
    CHECK(kill(1, 0) == 0, "real uid 0 still matches process 1's");
    errno = 0;
    CHECK(setgid(60) == -1 && errno == EPERM, "effective uid 1000 may not setgid(60)");
    CHECK(seteuid(0) == 0 && geteuid() == 0, "the saved uid 0 takes effective uid 0 back");
    CHECK(setreuid(1000, 1000) == 0 && getresuid(&r, &e, &s) == 0 && r == 1000 && e == 1000 && s == 1000,
          "setreuid(1000, 1000) sets the saved uid too");
  } else {
    CHECK(1, "(not root)");
  }
  errno = 0;
  CHECK(kill(1, 0) == -1 && errno == EPERM, "uid %d: kill(1, 0) is EPERM", (int)getuid());
  errno = 0;
  CHECK(setuid(0) == -1 && errno == EPERM && seteuid(0) == -1 && setreuid(0, 0) == -1 && setresuid(0, 0, 0) == -1
        && setgid(0) == -1 && getuid() != 0 && geteuid() != 0, "no way back to uid 0: EPERM");
  CHECK(setfsuid((uid_t)-1) == (int)geteuid() && setfsgid((gid_t)-1) == (int)getegid(),
        "setfsuid(-1), setfsgid(-1): the filesystem ids are the effective ones");
  CHECK(setfsuid(0) == (int)geteuid() && setfsuid((uid_t)-1) == (int)geteuid(),
        "an unprivileged setfsuid(0) is ignored and returns the filesystem uid");
  CHECK(wasig_setid_js(0, 0, 0, 0) == -1 && wasig_setid_js(0, -1, 0, -1) == -1 && wasig_setid_js(1, 0, 0, 0) == -1,
        "the host refuses it too (-EPERM) when the library is bypassed");
  CHECK(wasig_setid_js(0, -2, -1, -1) == -22 && wasig_setid_js(2, -1, -1, -1) == -22, "and a bad id or kind: -EINVAL");
  errno = 0;
  CHECK(kill(1, 0) == -1 && errno == EPERM, "still EPERM");
  struct sigaction sa = {0};
  sa.sa_sigaction = note_uid;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, 0);
  CHECK(kill(getpid(), SIGUSR1) == 0 && seen_uid == getuid(), "kill to itself: si_uid is the new uid (%d)", (int)seen_uid);
  seen_uid = (uid_t)-1;
  CHECK(raise(SIGUSR1) == 0 && seen_uid == getuid(), "raise: si_uid is the new uid (%d)", (int)seen_uid);
}

/* /dev's devices with no directory given to the guest, as on Linux. */
static void devices(void) {
  FILE *f = fopen("/dev/null", "w");
  CHECK(f && fprintf(f, "gone") == 4 && fclose(f) == 0, "fopen(\"/dev/null\", \"w\") takes what is written");
  int fd = open("/dev/null", O_RDONLY);
  char b[8] = "xxxxxxx";
  CHECK(fd >= 0 && read(fd, b, sizeof b) == 0, "open(\"/dev/null\", O_RDONLY) reads its end at once");
  struct stat st = {0}, st2 = {0};
  CHECK(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && (st.st_mode & 0777) == 0666 && major(st.st_rdev) == 1 &&
        minor(st.st_rdev) == 3, "fstat: a character device 1,3, mode 0666 (%o)", (unsigned)st.st_mode);
  CHECK(stat("/dev/null", &st2) == 0 && S_ISCHR(st2.st_mode) && st2.st_rdev == st.st_rdev && st2.st_uid == 0,
        "stat says the same, owner root");
  CHECK(lseek(fd, 100, SEEK_SET) == 0, "lseek stays at 0");
  CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY, "F_GETFL: O_RDONLY");
  errno = 0;
  CHECK(write(fd, "x", 1) == -1 && errno == EBADF, "write to it opened O_RDONLY: EBADF");
  struct pollfd pf = { .fd = fd, .events = POLLIN };
  CHECK(poll(&pf, 1, 0) == 1 && (pf.revents & POLLIN), "poll: readable");
  close(fd);
  fd = open("/dev/zero", O_RDWR);
  CHECK(fd >= 0 && read(fd, b, sizeof b) == sizeof b && b[0] == 0 && b[7] == 0 && write(fd, "x", 1) == 1,
        "/dev/zero reads zeros and takes writes");
  CHECK(stat("/dev/zero", &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 5, "/dev/zero is 1,5");
  close(fd);
  fd = open("/dev/full", O_WRONLY);
  errno = 0;
  CHECK(fd >= 0 && write(fd, "x", 1) == -1 && errno == ENOSPC, "/dev/full: ENOSPC");
  close(fd);
  fd = open("/dev/urandom", O_RDONLY);
  unsigned char r1[16] = {0}, r2[16] = {0};
  CHECK(fd >= 0 && read(fd, r1, 16) == 16 && read(fd, r2, 16) == 16 && memcmp(r1, r2, 16) != 0, "/dev/urandom reads random bytes");
  close(fd);
  fflush(stdout);
  fd = open("/dev/stdout", O_WRONLY);
  CHECK(fd > 2 && write(fd, "# through /dev/stdout\n", 22) == 22, "/dev/stdout writes to fd 1");
  close(fd);
  errno = 0;
  CHECK(open("/dev/no-such-device", O_RDONLY) == -1 && errno == ENOENT, "another name under /dev: ENOENT");
  errno = 0;
  CHECK(open("/dev/tty", O_RDWR) == -1 && errno == ENXIO, "/dev/tty with no terminal: ENXIO");
  CHECK(stat("/dev/tty", &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == 5 && minor(st.st_rdev) == 0,
        "but it is there: a character device 5,0");
  CHECK(stat("/dev", &st) == 0 && S_ISDIR(st.st_mode), "/dev is a directory");
  /* A path in no directory given to the guest is one that is not there:
   * Linux's errno for a directory that does not exist. */
  errno = 0;
  CHECK(open("/no-such-dir/f", O_RDONLY) == -1 && errno == ENOENT, "open outside every directory given: ENOENT");
  errno = 0;
  CHECK(open("/no-such-dir/f", O_WRONLY | O_CREAT, 0600) == -1 && errno == ENOENT, "creating there: ENOENT");
  errno = 0;
  CHECK(open("no-such-file", O_RDONLY) == -1 && errno == ENOENT, "a relative path: ENOENT");
  errno = 0;
  CHECK(access("/no-such-dir", F_OK) == -1 && errno == ENOENT, "access: ENOENT");
  errno = 0;
  CHECK(mkdir("/no-such-dir/d", 0700) == -1 && errno == ENOENT, "mkdir: ENOENT");
  errno = 0;
  CHECK(unlink("/no-such-dir/f") == -1 && errno == ENOENT, "unlink: ENOENT");
  errno = 0;
  CHECK(rename("/no-such-dir/a", "/no-such-dir/b") == -1 && errno == ENOENT, "rename: ENOENT");
  errno = 0;
  CHECK(opendir("/no-such-dir") == 0 && errno == ENOENT, "opendir: ENOENT");
  CHECK(S_IFIFO == 0010000 && S_IFSOCK == 0140000 && S_IFMT == 0170000 && !S_ISSOCK(S_IFIFO) && !S_ISFIFO(S_IFSOCK),
        "S_IFIFO, S_IFSOCK, S_IFMT have Linux's values");
  switch (st.st_mode & S_IFMT) { /* two equal cases would not compile */
    case S_IFIFO: case S_IFSOCK: case S_IFCHR: break;
    default: break;
  }
  int p[2];
  CHECK(pipe(p) == 0 && fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode) && (st.st_mode & 0777) == 0600 &&
        fstat(p[1], &st2) == 0 && S_ISFIFO(st2.st_mode), "a pipe's ends are FIFOs, mode 0600");
}

/* Unnamed files with no directory given: tmpfile (Linux always has a
 * /tmp) and memfd_create, regular files in memory. */
static void memfiles(void) {
  FILE *f = tmpfile();
  char b[32] = {0};
  CHECK(f && fputs("hello", f) >= 0 && fflush(f) == 0, "tmpfile() with no /tmp given");
  CHECK(f && fseek(f, 0, SEEK_SET) == 0 && fread(b, 1, sizeof b, f) == 5 && memcmp(b, "hello", 5) == 0, "reads back what was written");
  struct stat st = {0};
  CHECK(f && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 5, "a regular file of 5 bytes");
  if (f) fclose(f);
  int fd = memfd_create("buffer", MFD_CLOEXEC);
  CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10 && lseek(fd, 0, SEEK_END) == 10, "memfd_create: write, lseek to the end");
  CHECK(pwrite(fd, "x", 1, 20) == 1 && fstat(fd, &st) == 0 && st.st_size == 21, "pwrite past the end makes it longer");
  memset(b, 'z', sizeof b);
  CHECK(pread(fd, b, sizeof b, 8) == 13 && b[0] == '8' && b[1] == '9' && b[2] == 0 && b[11] == 0 && b[12] == 'x',
        "pread: the hole reads as zeros");
  int d = dup(fd);
  CHECK(d >= 0 && lseek(fd, 4, SEEK_SET) == 4 && lseek(d, 0, SEEK_CUR) == 4 && read(d, b, 2) == 2 && b[0] == '4' &&
        lseek(fd, 0, SEEK_CUR) == 6, "dup shares the offset");
  CHECK(ftruncate(fd, 3) == 0 && fstat(fd, &st) == 0 && st.st_size == 3 && read(fd, b, 4) == 0, "ftruncate shortens it");
  CHECK(ftruncate(fd, 6) == 0 && pread(fd, b, 6, 0) == 6 && memcmp(b, "012\0\0\0", 6) == 0, "and what it cut off comes back as zeros");
  CHECK(fcntl(fd, F_SETFL, O_APPEND) == 0 && lseek(fd, 0, SEEK_SET) == 0 && write(fd, "!", 1) == 1 && lseek(fd, 0, SEEK_CUR) == 7,
        "O_APPEND writes at the end");
  errno = 0;
  CHECK(lseek(fd, -100, SEEK_CUR) == -1 && errno == EINVAL, "lseek before the start: EINVAL");
  struct pollfd pf = { .fd = fd, .events = POLLIN | POLLOUT };
  CHECK(poll(&pf, 1, 0) == 1 && (pf.revents & POLLIN) && (pf.revents & POLLOUT), "poll: ready, as a regular file");
  CHECK(close(d) == 0 && close(fd) == 0, "both close");
  errno = 0;
  CHECK(memfd_create("x", 0x100) == -1 && errno == EINVAL, "an unknown flag: EINVAL");
  /* Closing devices and memory files many times leaves the pipes working. */
  for (int i = 0; i < 200; i++) {
    int a = open("/dev/null", O_WRONLY), m = memfd_create("m", 0);
    close(a);
    close(m);
  }
  int p[2];
  CHECK(pipe(p) == 0 && write(p[1], "ok", 2) == 2 && read(p[0], b, 2) == 2 && b[0] == 'o', "a pipe after 200 of each");
}

/* dup, dup2, dup3 and F_DUPFD share the open file description (offset,
 * status flags) of files, unlinked files, pipes and devices, as POSIX
 * says; closing one of them leaves the others open. */
static void dups(void) {
  char b[16] = {0};
  FILE *f = tmpfile();
  int fd = f ? fileno(f) : -1;
  CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10, "an unlinked file (tmpfile)");
  int d = dup(fd);
  CHECK(d > fd && lseek(fd, 4, SEEK_SET) == 4 && lseek(d, 0, SEEK_CUR) == 4, "dup shares its offset");
  CHECK(read(d, b, 2) == 2 && b[0] == '4' && lseek(fd, 0, SEEK_CUR) == 6, "a read through the dup moves both");
  CHECK(fcntl(d, F_SETFL, O_APPEND) == 0 && (fcntl(fd, F_GETFL) & O_APPEND), "and the status flags are shared");
  int hi = fcntl(fd, F_DUPFD, 20);
  CHECK(hi >= 20 && lseek(hi, 1, SEEK_SET) == 1 && lseek(d, 0, SEEK_CUR) == 1, "F_DUPFD from 20 (%d): shared too", hi);
  int hc = fcntl(fd, F_DUPFD_CLOEXEC, 30);
  CHECK(hc >= 30 && lseek(hc, 0, SEEK_CUR) == 1, "F_DUPFD_CLOEXEC from 30 (%d)", hc);
  if (f) fclose(f);
  CHECK(lseek(d, 0, SEEK_SET) == 0 && read(d, b, 3) == 3 && memcmp(b, "012", 3) == 0, "the dup reads on after the original closed");
  CHECK(close(hi) == 0 && close(hc) == 0 && close(d) == 0, "the others close");
  errno = 0;
  CHECK(read(d, b, 1) == -1 && errno == EBADF, "then it is closed: EBADF");
  int p[2];
  CHECK(pipe(p) == 0, "a pipe");
  int w2 = dup(p[1]);
  CHECK(w2 >= 0 && write(w2, "ab", 2) == 2 && read(p[0], b, 2) == 2 && b[0] == 'a', "a dup of its write end writes into it");
  CHECK(close(p[1]) == 0 && write(w2, "c", 1) == 1 && read(p[0], b, 1) == 1 && b[0] == 'c', "also once the original is closed");
  CHECK(dup2(p[0], 9) == 9 && write(w2, "d", 1) == 1 && read(9, b, 1) == 1 && b[0] == 'd', "dup2 of its read end reads it");
  close(w2);
  close(p[0]);
  close(9);
  int z = open("/dev/zero", O_RDONLY), z2 = dup(z);
  memset(b, 1, sizeof b);
  CHECK(z2 >= 0 && read(z2, b, 4) == 4 && b[0] == 0 && b[3] == 0, "a dup of /dev/zero reads zeros");
  close(z);
  close(z2);
  int m = memfd_create("m", 0);
  CHECK(m >= 0 && write(m, "xyz", 3) == 3, "a memory file");
  int m2 = dup(m);
  CHECK(lseek(m2, 0, SEEK_CUR) == 3, "its dup is at the same offset");
  errno = 0;
  CHECK(dup3(m, m, 0) == -1 && errno == EINVAL, "dup3 to itself: EINVAL");
  errno = 0;
  CHECK(dup3(m, 40, 0x1000) == -1 && errno == EINVAL, "dup3 with an unknown flag: EINVAL");
  CHECK(dup3(m, 40, O_CLOEXEC) == 40 && lseek(40, 0, SEEK_CUR) == 3, "dup3 with O_CLOEXEC: shared");
  errno = 0;
  CHECK(dup2(77, 5) == -1 && errno == EBADF, "dup2 of a closed fd: EBADF");
  errno = 0;
  CHECK(dup(77) == -1 && errno == EBADF, "dup of a closed fd: EBADF");
  errno = 0;
  CHECK(fcntl(m, F_DUPFD, -1) == -1 && errno == EINVAL, "F_DUPFD below 0: EINVAL");
  fflush(stdout);
  int sv = dup(1), over = dup2(m, 1);
  printf("into memfd\n");
  fflush(stdout);
  int back = dup2(sv, 1);
  close(sv);
  CHECK(over == 1 && back == 1 && pread(m, b, 11, 3) == 11 && memcmp(b, "into memfd\n", 11) == 0,
        "dup2 of it over stdout: what stdout wrote went into it");
}

/* Whether directory p lists name (and how many entries it has in *count). */
static int lists(const char *p, const char *name, int *count) {
  DIR *d = opendir(p);
  int found = 0;
  *count = 0;
  if (!d) return 0;
  for (struct dirent *e; (e = readdir(d)); ++*count) found |= strcmp(e->d_name, name) == 0;
  closedir(d);
  return found;
}

/* "dirs DIR": the way up from a directory given to the guest (an absolute
 * path two levels or more below /), as a Linux process walks it. */
static void dirs(const char *dir) {
  char buf[PATH_MAX], parent[PATH_MAX], top[NAME_MAX + 1];
  struct stat st;
  int count;
  snprintf(parent, sizeof parent, "%s", dir);
  *strrchr(parent, '/') = 0;
  snprintf(top, sizeof top, "%.*s", (int)strcspn(dir + 1, "/"), dir + 1);
  CHECK(chdir(dir) == 0 && getcwd(buf, sizeof buf) && strcmp(buf, dir) == 0, "chdir into it: getcwd %s", buf);
  CHECK(chdir("..") == 0 && getcwd(buf, sizeof buf) && strcmp(buf, parent) == 0, "chdir(\"..\") out of it: %s", buf);
  CHECK(stat(strrchr(dir, '/') + 1, &st) == 0 && S_ISDIR(st.st_mode), "from there its name is a directory");
  CHECK(chdir("/") == 0 && getcwd(buf, sizeof buf) && strcmp(buf, "/") == 0, "chdir(\"/\"): getcwd /");
  CHECK(chdir("..") == 0 && getcwd(buf, sizeof buf) && strcmp(buf, "/") == 0, "/.. is /");
  CHECK(stat(dir + 1, &st) == 0 && S_ISDIR(st.st_mode), "from /, the relative path %s is a directory", dir + 1);
  CHECK(lists("/", top, &count) && lists("/", "..", &count) && lists("/", "dev", &count), "opendir(\"/\") lists ., .., dev and %s", top);
  CHECK(lists("/dev", "null", &count) && lists("/dev", ".", &count), "opendir(\"/dev\") lists ., null");
  CHECK(lists(parent, strrchr(dir, '/') + 1, &count), "opendir(%s) lists it", parent);
  int fd = open("/", O_RDONLY | O_DIRECTORY);
  CHECK(fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode), "open(\"/\", O_DIRECTORY): fstat says a directory");
  char c;
  CHECK(fd >= 0 && read(fd, &c, 1) == -1 && errno == EISDIR, "read of it: EISDIR");
  if (fd >= 0) close(fd);
  CHECK(open("/", O_WRONLY) == -1 && errno == EISDIR, "open(\"/\", O_WRONLY): EISDIR");
  CHECK(opendir("/no-such-dir") == 0 && errno == ENOENT, "opendir of a missing directory up there: ENOENT");
  CHECK(chdir(dir + 1) == 0 && getcwd(buf, sizeof buf) && strcmp(buf, dir) == 0, "back in by the relative path: %s", buf);
  CHECK(lists(".", "..", &count) && count == 2, "the empty directory lists . and .. (%d entries)", count);
  snprintf(buf, sizeof buf, "../%s/f", strrchr(dir, '/') + 1);
  fd = open(buf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  CHECK(fd >= 0 && close(fd) == 0 && unlink("f") == 0, "a file created through ../ of it is there");
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "cancel") == 0) {
    atexit(exit_report);
    cancel_self();
    return 3;
  }
  if (argc > 1 && strcmp(argv[1], "files") == 0) files();
  else if (argc > 1 && strcmp(argv[1], "ids") == 0) ids();
  else if (argc > 1 && strcmp(argv[1], "devices") == 0) devices();
  else if (argc > 1 && strcmp(argv[1], "memfiles") == 0) memfiles();
  else if (argc > 1 && strcmp(argv[1], "dups") == 0) dups();
  else if (argc > 2 && strcmp(argv[1], "dirs") == 0) dirs(argv[2]);
  else {
    users();
    no_shell();
    no_loading();
    cpu_time();
    limits();
    threads();
  }
  printf("1..%d\n", n);
  return failed != 0;
}
