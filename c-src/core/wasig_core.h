/* wasig core: the signal state of one emulated process, in linear memory.
 *
 * Freestanding C, int-only: no libc, no allocation, no enums across the
 * boundary. The same file builds for wasm32-wasi (clang), wasm32-emscripten
 * (emcc) and natively (unit tests, sanitizers, fuzzing).
 *
 * Every function that crosses the C/JS boundary is declared in boundary.h;
 * this header holds the data layout and the numbers both sides share. The
 * host never copies these numbers: it reads them from the layout table that
 * wasig_layout() returns (see layout.c).
 */
#ifndef WASIG_CORE_H
#define WASIG_CORE_H

#include <stdint.h>

/* Linux numbering on every flavor. */
#define WASIG_NSIG 65
#define WASIG_SIGRTMIN 34
#define WASIG_SIGRTMAX 64

#define WASIG_SIGHUP 1
#define WASIG_SIGINT 2
#define WASIG_SIGQUIT 3
#define WASIG_SIGILL 4
#define WASIG_SIGTRAP 5
#define WASIG_SIGABRT 6
#define WASIG_SIGBUS 7
#define WASIG_SIGFPE 8
#define WASIG_SIGKILL 9
#define WASIG_SIGUSR1 10
#define WASIG_SIGSEGV 11
#define WASIG_SIGUSR2 12
#define WASIG_SIGPIPE 13
#define WASIG_SIGALRM 14
#define WASIG_SIGTERM 15
#define WASIG_SIGSTKFLT 16
#define WASIG_SIGCHLD 17
#define WASIG_SIGCONT 18
#define WASIG_SIGSTOP 19
#define WASIG_SIGTSTP 20
#define WASIG_SIGTTIN 21
#define WASIG_SIGTTOU 22
#define WASIG_SIGURG 23
#define WASIG_SIGXCPU 24
#define WASIG_SIGXFSZ 25
#define WASIG_SIGVTALRM 26
#define WASIG_SIGPROF 27
#define WASIG_SIGWINCH 28
#define WASIG_SIGIO 29
#define WASIG_SIGPWR 30
#define WASIG_SIGSYS 31

/* Linux errno values, returned negated. */
#define WASIG_EINTR 4
#define WASIG_ESRCH 3
#define WASIG_EAGAIN 11
#define WASIG_EINVAL 22
#define WASIG_EPERM 1
#define WASIG_ENOTTY 25
#define WASIG_ENOENT 2
#define WASIG_EIO 5
#define WASIG_EBADF 9
#define WASIG_EACCES 13
#define WASIG_EFAULT 14
#define WASIG_ENOTDIR 20
#define WASIG_ETXTBSY 26
#define WASIG_EROFS 30
#define WASIG_ENAMETOOLONG 36
#define WASIG_ENOSYS 38
#define WASIG_ELOOP 40

/* Linux si_code values. */
#define WASIG_SI_USER 0
#define WASIG_SI_KERNEL 0x80
#define WASIG_SI_QUEUE (-1)
#define WASIG_SI_TIMER (-2)
#define WASIG_SI_TKILL (-6)

/* Linux sa_flags bits. */
#define WASIG_SA_NOCLDSTOP 0x00000001
#define WASIG_SA_NOCLDWAIT 0x00000002
#define WASIG_SA_SIGINFO 0x00000004
#define WASIG_SA_ONSTACK 0x08000000
#define WASIG_SA_RESTART 0x10000000
#define WASIG_SA_NODEFER 0x40000000
#define WASIG_SA_RESETHAND 0x80000000u

/* Disposition kinds (the handler word is separate: a JS handler id or a
 * guest function index, opaque to the core). */
#define WASIG_DISP_DFL 0
#define WASIG_DISP_IGN 1
#define WASIG_DISP_HANDLER 2

/* What wasig_next() tells the safe point to do with the signal it took. */
#define WASIG_ACT_NONE 0
#define WASIG_ACT_HANDLER 1
#define WASIG_ACT_TERM 2
#define WASIG_ACT_CORE 3
#define WASIG_ACT_STOP 4
#define WASIG_ACT_CONT 5
#define WASIG_ACT_IGN 6
/* Caught (a handler was installed when it arrived unblocked) but the
 * disposition is SIG_DFL now: Python reports "ignored due to race
 * condition"; a C guest takes the default action instead, as Linux would. */
#define WASIG_ACT_RACE 7

#define WASIG_SIG_BLOCK 0
#define WASIG_SIG_UNBLOCK 1
#define WASIG_SIG_SETMASK 2

#define WASIG_ITIMER_REAL 0
#define WASIG_ITIMER_VIRTUAL 1
#define WASIG_ITIMER_PROF 2

/* Bounds. RTQ: queued realtime records per process (Linux's per-user
 * RLIMIT_SIGPENDING is larger; a sender past it gets EAGAIN). RING: records a
 * mailbox holds between two safe points. */
#define WASIG_RTQ_MAX 1024
#define WASIG_RING_MAX 256

/* One siginfo record: Linux field meanings, 32 bytes. */
typedef struct wasig_info {
  int32_t signo;
  int32_t code;
  int32_t err;
  int32_t pid;
  int32_t uid;
  int32_t status;
  int32_t band;
  int32_t value; /* sigval.sival_int */
} wasig_info;

typedef struct wasig_action {
  int32_t kind;    /* WASIG_DISP_* */
  int32_t handler; /* opaque to the core */
  uint32_t flags;  /* WASIG_SA_* */
  uint32_t pad;
  uint64_t mask;   /* bit (s-1) for signal s */
} wasig_action;

/* The ingress mailbox: the only part other threads write. It has one
 * producer (the host thread that owns the process's handle), so it takes no
 * lock: it appends at `head`, then sets `tripped` and bumps `wake`
 * (Atomics.notify on it). The owner drains at its safe point. In a guest the
 * whole block is guest-writable: the producer keeps its own copy of head and
 * checks tail against it (ts/guest/mailbox.ts). Keep it first in the process
 * struct so a producer that only knows the process address finds it at
 * offset 0. */
typedef struct wasig_mailbox {
  int32_t tripped;    /* 1 while something waits for the safe point */
  int32_t wake;       /* futex word: bumped on every post */
  uint32_t head;      /* the producer advances */
  uint32_t tail;      /* owner advances */
  int32_t pad[4];
  wasig_info ring[WASIG_RING_MAX];
} wasig_mailbox;

typedef struct wasig_itimer {
  int64_t deadline_us; /* < 0: disarmed */
  int64_t interval_us;
} wasig_itimer;

typedef struct wasig_proc {
  wasig_mailbox mb;
  int32_t pid;
  int32_t uid;
  int32_t stopped;
  int32_t wakeup_fd;
  int32_t wakeup_flags;
  int32_t last_action;    /* out: what wasig_next() decided */
  int32_t last_handler;   /* out: the handler word wasig_next() dispatches to */
  uint32_t last_flags;    /* out: its sa_flags (SA_SIGINFO picks the call type) */
  int32_t pad0;
  uint64_t blocked;
  uint64_t pending;       /* standard signals; realtime ones also in rtq */
  uint64_t caught;        /* pending signals that arrived to a handler */
  uint64_t old_mask;      /* out: previous mask of wasig_sigmask / saved by wasig_next */
  wasig_info out;         /* out: the siginfo of the signal taken */
  double out_d[2];        /* out: [value, interval] of the itimer calls, in us */
  wasig_action act[WASIG_NSIG];
  wasig_info std_info[WASIG_SIGRTMIN];
  wasig_itimer timers[3];
  uint32_t rtq_len;
  uint32_t rtq_pad;
  wasig_info rtq[WASIG_RTQ_MAX];
} wasig_proc;

#endif
