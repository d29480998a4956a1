/* A guest that attacks its host: it writes over its own signal block,
 * calls the host's imports with arguments no libc passes, and floods the
 * host with output, timers and signals. test/hostile/hostile.test.ts runs
 * each mode and checks that only this guest suffers. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "../../../c-src/core/wasig_core.h"
#include "../../../c-src/core/boundary.h"

extern wasig_proc *wasig_guest_proc(void);
extern void wasig_poll(void);

static volatile sig_atomic_t got, stop;
static void on_usr1(int s) { (void)s; got++; }
static void on_usr2(int s) { (void)s; stop = 1; }
static void on_count(int s) { (void)s; got++; }

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static uint32_t rng = 12345;
static uint32_t rnd(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

#ifndef __EMSCRIPTEN__
/* The host's imports under names of our own, to call them as no libc would. */
#define IMP(n) __attribute__((import_module("env"), import_name(#n)))
IMP(wasig_timer_js) void raw_timer(wasig_proc *p, int32_t which, double delay_us);
IMP(wasig_now_js) double raw_now(int32_t which);
IMP(wasig_wait_js) int32_t raw_wait(wasig_proc *p, int32_t seen, double timeout_us);
IMP(wasig_kill_js) int32_t raw_kill(int32_t pid, int32_t sig, int32_t code, int32_t value);
IMP(wasig_default_js) void raw_default(wasig_proc *p, int32_t sig, int32_t action);
IMP(wasig_call_js) void raw_call(int32_t fn, int32_t sig, int32_t si, int32_t uc);
IMP(wasig_fatal_js) void raw_fatal(uint32_t lo, uint32_t hi);
IMP(wasig_file_js) int32_t raw_file(int32_t fd, const char *path, int32_t len, int32_t op, int32_t mode, uint32_t *words);
#endif

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  wasig_proc *p = wasig_guest_proc();
  setvbuf(stdout, 0, _IONBF, 0);

  if (!strcmp(mode, "bystander")) {
    /* Counts SIGUSR1, says so, and ends cleanly at SIGUSR2. */
    signal(SIGUSR1, on_usr1);
    signal(SIGUSR2, on_usr2);
    printf("ready\n");
    int seen = 0;
    while (!stop) {
      pause();
      if (got != seen) { seen = got; printf("usr1 %d\n", seen); }
    }
    printf("bye %d\n", (int)got);
    return 0;
  }
  if (!strcmp(mode, "tail") || !strcmp(mode, "words")) {
    /* tail = head + 1: a ring of 2^32 records to a host that believed it;
     * words: every header word of the mailbox set (the old lock among them).
     * It catches what the host sends, so the host posts to the mailbox
     * (a signal at its default would end it at once instead). */
    signal(SIGUSR1, on_count);
    signal(SIGRTMIN, on_count);
    printf("ready\n");
    for (;;) {
      if (!strcmp(mode, "tail")) p->mb.tail = p->mb.head + 1;
      else memset(&p->mb, 0xff, offsetof(wasig_mailbox, ring));
      usleep(1000);
    }
  }
  if (!strcmp(mode, "scribble")) {
    /* Random bytes over the whole process block at random moments, while
     * taking signals, for argv[2] ms. */
    rng = (uint32_t)atoi(argv[3]) | 1;
    signal(SIGUSR1, on_usr1);
    printf("ready\n");
    double end = now_ms() + atoi(argv[2]);
    while (now_ms() < end) {
      unsigned char *b = (unsigned char *)p;
      for (int i = rnd() % 16; i >= 0; i--) b[rnd() % sizeof *p] = (unsigned char)rnd();
      if (rnd() % 4 == 0) usleep(rnd() % 2000);
      wasig_poll();
    }
    return 0;
  }
  if (!strcmp(mode, "flood-out")) {
    static char chunk[1 << 20];
    memset(chunk, 'x', sizeof chunk);
    int mib = atoi(argv[2]);
    for (int i = 0; i < mib; i++) fwrite(chunk, 1, sizeof chunk, stdout);
    return 0;
  }
  if (!strcmp(mode, "flood-timer")) {
    /* An interval timer of 1 us into a busy loop for argv[2] ms. */
    signal(SIGALRM, on_count);
    struct itimerval it = {{0, 1}, {0, 1}};
    setitimer(ITIMER_REAL, &it, 0);
    double end = now_ms() + atoi(argv[2]);
    while (now_ms() < end) wasig_poll();
    printf("alarms %d\n", (int)got);
    return 0;
  }
  if (!strcmp(mode, "getitimer-flood")) {
    /* A 1 ms interval timer for argv[2] ms of getitimer() calls: what it
     * reports stays within the timer's own rules whatever the host does
     * with the flood of expirations (the interval exactly, a value in
     * (0, interval]), and no more alarms arrive than expirations passed.
     * The loop goes on past argv[2] ms until the first alarm has run (for
     * 30 s at most): that one comes is the guarantee, not when; a host
     * thread starved on a loaded machine may trip it late. */
    signal(SIGALRM, on_count);
    struct itimerval it = {{0, 1000}, {0, 1000}}, g;
    setitimer(ITIMER_REAL, &it, 0);
    double t0 = now_ms(), end = t0 + atoi(argv[2]), last = t0 + 30000;
    long checks = 0, bad = 0;
    for (double t; (t = now_ms()) < end || (!got && t < last);) {
      getitimer(ITIMER_REAL, &g);
      checks++;
      long v = g.it_value.tv_sec * 1000000L + g.it_value.tv_usec;
      if (g.it_interval.tv_sec != 0 || g.it_interval.tv_usec != 1000 || v <= 0 || v > 1000) bad++;
    }
    double took = now_ms() - t0;
    printf("getitimer checks=%ld bad=%ld alarms=%d ms=%d\n", checks, bad, (int)got, (int)took);
    return 0;
  }
  if (!strcmp(mode, "flood-rt")) {
    /* sigqueue to argv[2] until argv[3] sends were refused with EAGAIN. */
    int pid = atoi(argv[2]), want = atoi(argv[3]), ok = 0, again = 0, other = 0;
    union sigval v;
    for (int i = 0; again < want && i < 1000000; i++) {
      v.sival_int = i;
      if (sigqueue(pid, SIGRTMIN, v) == 0) ok++;
      else if (errno == EAGAIN) again++;
      else { other++; break; }
    }
    printf("flood ok=%d eagain=%d other=%d\n", ok, again, other);
    return 0;
  }
  if (!strcmp(mode, "victim")) {
    /* Holds SIGRTMIN blocked until SIGUSR2, then counts what arrives. */
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &s, 0);
    signal(SIGRTMIN, on_count);
    signal(SIGUSR2, on_usr2);
    printf("ready\n");
    while (!stop) pause();
    sigprocmask(SIG_UNBLOCK, &s, 0);
    /* Its own thread's CPU time: a wait that spins shows here. */
    printf("rt %d cpu_ms %ld\n", (int)got, (long)(clock() / (CLOCKS_PER_SEC / 1000)));
    return 0;
  }
  if (!strcmp(mode, "self-stop")) {
    /* Stops itself, as kill(getpid(), SIGSTOP) does on Linux: it stays
     * stopped until another process sends SIGCONT. */
    printf("stopping\n");
    kill(getpid(), SIGSTOP);
    printf("continued\n");
    return 0;
  }
  if (!strcmp(mode, "alloc")) {
    /* argv[2] MiB of memory, touched, then exit. */
    size_t n = (size_t)atoi(argv[2]) << 20;
    char *m = malloc(n);
    if (!m) { printf("no memory\n"); return 1; }
    memset(m, 1, n);
    printf("allocated %d\n", m[n - 1]);
    return 0;
  }
  if (!strcmp(mode, "exhaust")) {
    /* 1 MiB blocks, touched, until malloc says no (at most argv[2] MiB). */
    int most = atoi(argv[2]), n = 0;
    static void *volatile keep;
    /* Called directly: the errno read below must see what malloc set
     * (wasig cc tells clang that malloc may set it). */
    errno = 0;
    for (; n < most; n++) {
      char *m = malloc(1 << 20);
      if (!m) break;
      memset(m, 1, 1 << 20);
      *(void **)m = keep; /* kept, so the compiler cannot drop the malloc */
      keep = m;
    }
    printf("blocks %d errno %s\n", n, errno == ENOMEM ? "ENOMEM" : errno ? "other" : "0");
    return 0;
  }
  if (!strcmp(mode, "spin")) {
    /* Burns CPU for argv[2] ms. */
    double end = now_ms() + atoi(argv[2]);
    while (now_ms() < end) wasig_poll();
    return 0;
  }
  if (!strcmp(mode, "vtalrm")) {
    /* Arms ITIMER_VIRTUAL and ITIMER_PROF for 50 ms of its own CPU, then
     * sleeps argv[2] ms: a sleeping guest uses none, so neither fires. */
    signal(SIGVTALRM, on_count);
    signal(SIGPROF, on_count);
    struct itimerval it = {{0, 0}, {0, 50000}};
    setitimer(ITIMER_VIRTUAL, &it, 0);
    setitimer(ITIMER_PROF, &it, 0);
    printf("ready\n");
    double end = now_ms() + atoi(argv[2]);
    while (now_ms() < end) usleep(20000);
    printf("cpu timers %d\n", (int)got);
    /* Then spin: now they fire. */
    while (got < 2) wasig_poll();
    printf("after spinning %d\n", (int)got);
    return 0;
  }
  if (!strcmp(mode, "kill")) {
    /* kill(argv[2], argv[3]) and how it went. */
    errno = 0;
    int r = kill(atoi(argv[2]), atoi(argv[3]));
    printf("kill r=%d %s\n", r, !r ? "OK" : errno == ESRCH ? "ESRCH" : errno == EPERM ? "EPERM" : errno == EINVAL ? "EINVAL" : "other");
    return 0;
  }
#ifndef __EMSCRIPTEN__
  if (!strcmp(mode, "fill-self")) {
    /* Fills its own realtime queue and then its ring, through the host
     * (the kill import, which no safe point follows here), with SIGRTMIN
     * blocked, until a send is refused right after the queue took what it
     * could. Then waits for SIGUSR1 from outside, which must still get in. */
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &s, 0);
    signal(SIGUSR1, on_usr1);
    int ok = 0, r = 0;
    for (int round = 0; round < 100; round++) {
      int took = 0;
      while ((r = raw_kill(getpid(), SIGRTMIN, WASIG_SI_QUEUE, ok)) == 0) ok++, took++;
      if (!took && round) break;
      sigpending(&s); /* a safe point: the queue takes what fits */
    }
    printf("full ok=%d last=%d\n", ok, r);
    while (!got) pause();
    printf("usr1 with a full queue\n");
    for (;;) pause(); /* SIGTERM's default ends it */
  }
  if (!strcmp(mode, "import")) {
    const char *what = argv[2];
    printf("calling %s\n", what);
    if (!strcmp(what, "timer-which")) raw_timer(p, 1000000000, 1000);
    else if (!strcmp(what, "timer-nan")) raw_timer(p, 0, 0.0 / 0.0);
    else if (!strcmp(what, "timer-huge")) { raw_timer(p, 0, 1e300); printf("survived\n"); return 0; }
    else if (!strcmp(what, "now-which")) raw_now(-7);
    else if (!strcmp(what, "wait-nan")) raw_wait(p, 0, 0.0 / 0.0);
    else if (!strcmp(what, "default-sig")) raw_default(p, 1000, 2);
    else if (!strcmp(what, "call-fn")) raw_call(0x7fffffff, 10, 0, 0);
    else if (!strcmp(what, "fatal-all") || !strcmp(what, "fatal-none")) {
      /* Lies about which signals would end it now: every one, or none. */
      if (!strcmp(what, "fatal-all")) raw_fatal(~0u, ~0u);
      else raw_fatal(0, 0);
      printf("lied\n");
      for (;;) pause();
    }
    else if (!strcmp(what, "file")) {
      /* Paths and words out of memory, lengths past any path, descriptors
       * and operations that are none, a path out of the directory: an
       * errno each, and the guest goes on. */
      static uint32_t w[WASIG_FILE_WORDS];
      struct stat st;
      stat(argv[3], &st); /* wasi-libc learns its directories (descriptor 3) */
      char *end = (char *)(uintptr_t)(__builtin_wasm_memory_size(0) * 65536);
      int32_t r[] = {
        raw_file(3, end - 2, 100, WASIG_FILE_STAT, 0, w),
        raw_file(3, "x", 1, WASIG_FILE_STAT, 0, (uint32_t *)(end - 4)),
        raw_file(3, (const char *)0xfffffff0u, -1, WASIG_FILE_LSTAT, 0, w),
        raw_file(3, "a\0b", 3, WASIG_FILE_STAT, 0, w),
        raw_file(-5, 0, 0, WASIG_FILE_CHMOD, 0777, w),
        raw_file(3, "", 0, 99, 0, w),
        raw_file(3, ".", 1, WASIG_FILE_ACCESS, 0x7fffffff, w),
        raw_file(3, "../../../../../../etc/passwd", 28, WASIG_FILE_CHMOD, 0777, w),
      };
      printf("file");
      for (size_t i = 0; i < sizeof r / sizeof *r; i++) printf(" %d", (int)r[i]);
      printf("\n");
      return 0;
    }
    else if (!strcmp(what, "kill-code")) {
      /* Forged si_code: SI_KERNEL and SI_TIMER, and SI_TKILL to another. */
      int a = raw_kill(getpid(), SIGUSR2, WASIG_SI_KERNEL, 0);
      int b = raw_kill(getpid(), SIGUSR2, WASIG_SI_TIMER, 0);
      int c = raw_kill(1, SIGUSR2, WASIG_SI_TKILL, 0);
      int d = raw_kill(getpid(), 1000, WASIG_SI_USER, 0);
      printf("codes %d %d %d %d\n", a, b, c, d);
      return 0;
    }
    printf("survived\n");
    return 0;
  }
#endif
  fprintf(stderr, "unknown mode %s\n", mode);
  return 2;
}
