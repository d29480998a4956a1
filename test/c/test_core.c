/* Native unit tests of the wasig core (c-src/core), run under ASan and UBSan.
 *
 * No framework: each test is a function taking a freshly initialised process;
 * the first failed assertion of a test prints one line
 *   FAIL name: file:line: expr
 * and ends that test. The last line is "N passed, M failed" (test functions),
 * and the exit status is 1 when M > 0.
 *
 * Expectations come from signal(7), POSIX sigaction/sigprocmask/setitimer,
 * the Linux sources named in the comments, and the contracts in boundary.h.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boundary.h"

/* ---- harness --------------------------------------------------------------- */

static const char *cur_name;
static int cur_failed;

#define CHECK(expr)                                                                   \
  do {                                                                                \
    if (!(expr)) {                                                                    \
      printf("FAIL %s: %s:%d: %s\n", cur_name, __FILE__, __LINE__, #expr);            \
      cur_failed = 1;                                                                 \
      return;                                                                         \
    }                                                                                 \
  } while (0)

/* The same, naming the table entry or case the assertion was about. */
#define CHECK_AT(expr, what)                                                          \
  do {                                                                                \
    if (!(expr)) {                                                                    \
      printf("FAIL %s: %s:%d: %s [%s]\n", cur_name, __FILE__, __LINE__, #expr, (what)); \
      cur_failed = 1;                                                                 \
      return;                                                                         \
    }                                                                                 \
  } while (0)

#define B(s) ((uint64_t)1 << ((s) - 1))
#define KILLSTOP (B(WASIG_SIGKILL) | B(WASIG_SIGSTOP))
#define RT(n) (WASIG_SIGRTMIN + (n))

static uint32_t lo32(uint64_t m) { return (uint32_t)m; }
static uint32_t hi32(uint64_t m) { return (uint32_t)(m >> 32); }

static int32_t mask(wasig_proc *p, int32_t how, uint64_t set) {
  return wasig_sigmask(p, how, lo32(set), hi32(set));
}
static int32_t take(wasig_proc *p, uint64_t set) { return wasig_take(p, lo32(set), hi32(set)); }
static int32_t handler(wasig_proc *p, int32_t sig, int32_t h, uint32_t flags, uint64_t m) {
  return wasig_set_action(p, sig, WASIG_DISP_HANDLER, h, flags, lo32(m), hi32(m));
}
static int32_t dfl(wasig_proc *p, int32_t sig) {
  return wasig_set_action(p, sig, WASIG_DISP_DFL, 0, 0, 0, 0);
}
static int32_t ign(wasig_proc *p, int32_t sig) {
  return wasig_set_action(p, sig, WASIG_DISP_IGN, 0, 0, 0, 0);
}
static int32_t send(wasig_proc *p, int32_t sig, int32_t value) {
  return wasig_send(p, sig, WASIG_SI_QUEUE, 4242, 1000, value);
}
static uint64_t action_mask(wasig_proc *p, int32_t sig) {
  return (uint64_t)(uint32_t)wasig_get_action(p, sig, 3) |
         ((uint64_t)(uint32_t)wasig_get_action(p, sig, 4) << 32);
}
static int tripped(wasig_proc *p) { return __atomic_load_n(&p->mb.tripped, __ATOMIC_SEQ_CST); }

/* What a producer on another thread does (wasig_core.h, wasig_mailbox). */
static void post_full(wasig_proc *p, const wasig_info *rec) {
  wasig_info *r = &p->mb.ring[p->mb.head % WASIG_RING_MAX];
  *r = *rec;
  p->mb.head++;
  p->mb.tripped = 1;
  p->mb.wake++;
}
static void post(wasig_proc *p, int32_t sig, int32_t code, int32_t value) {
  wasig_info r;
  memset(&r, 0, sizeof r);
  r.signo = sig;
  r.code = code;
  r.pid = 77;
  r.uid = 1001;
  r.value = value;
  post_full(p, &r);
}

/* ---- signal(7) default actions ------------------------------------------- */

static void test_default_actions_all_64(wasig_proc *p) {
  (void)p;
  enum { T = WASIG_ACT_TERM, C = WASIG_ACT_CORE, I = WASIG_ACT_IGN, S = WASIG_ACT_STOP,
         K = WASIG_ACT_CONT };
  static const int32_t want[65] = {
      0,
      T, T, C, C, C, C, C, C, /* HUP INT QUIT ILL TRAP ABRT BUS FPE */
      T, T, C, T, T, T, T, T, /* KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT */
      I, K, S, S, S, S, I, C, /* CHLD CONT STOP TSTP TTIN TTOU URG XCPU */
      C, T, T, I, T, T, C,    /* XFSZ VTALRM PROF WINCH IO PWR SYS */
  };
  for (int32_t s = 1; s <= 31; s++) CHECK(wasig_default_action(s) == want[s]);
  /* 32..64: the realtime range (32 and 33 are reserved by glibc) terminate. */
  for (int32_t s = 32; s <= 64; s++) CHECK(wasig_default_action(s) == WASIG_ACT_TERM);
}

static int fatal_has(wasig_proc *p, int32_t sig) {
  return (int)((wasig_fatal(p, (sig - 1) / 32) >> ((sig - 1) % 32)) & 1);
}

static void test_fatal_set(wasig_proc *p) {
  /* A fresh process: every Term and Core signal, none that stops, continues
   * or is ignored by default. */
  for (int32_t s = 1; s < WASIG_NSIG; s++) {
    int32_t d = wasig_default_action(s);
    CHECK(fatal_has(p, s) == (d == WASIG_ACT_TERM || d == WASIG_ACT_CORE));
  }
  CHECK(wasig_fatal(p, 2) == 0 && wasig_fatal(p, -1) == 0);
  /* A handler, SIG_IGN or the mask take a signal out; SIGKILL stays. */
  CHECK(wasig_set_action(p, WASIG_SIGTERM, WASIG_DISP_HANDLER, 7, 0, 0, 0) == 0);
  CHECK(wasig_set_action(p, WASIG_SIGINT, WASIG_DISP_IGN, 0, 0, 0, 0) == 0);
  CHECK(wasig_sigmask(p, WASIG_SIG_BLOCK, ~0u, ~0u) == 0);
  CHECK(!fatal_has(p, WASIG_SIGTERM) && !fatal_has(p, WASIG_SIGINT) && !fatal_has(p, WASIG_SIGUSR1));
  CHECK(!fatal_has(p, WASIG_SIGRTMAX));
  CHECK(fatal_has(p, WASIG_SIGKILL));
  /* Back to SIG_DFL and unblocked: in again. */
  CHECK(wasig_sigmask(p, WASIG_SIG_SETMASK, 0, 0) == 0);
  CHECK(wasig_set_action(p, WASIG_SIGTERM, WASIG_DISP_DFL, 0, 0, 0, 0) == 0);
  CHECK(fatal_has(p, WASIG_SIGTERM) && fatal_has(p, WASIG_SIGUSR1) && fatal_has(p, WASIG_SIGRTMAX));
  CHECK(!fatal_has(p, WASIG_SIGINT));
}

static void test_default_action_einval(wasig_proc *p) {
  (void)p;
  CHECK(wasig_default_action(0) == -WASIG_EINVAL);
  CHECK(wasig_default_action(65) == -WASIG_EINVAL);
  CHECK(wasig_default_action(-1) == -WASIG_EINVAL);
  CHECK(wasig_default_action(INT32_MIN) == -WASIG_EINVAL);
}

/* ---- process init --------------------------------------------------------- */

static void test_proc_init_state(wasig_proc *p) {
  /* The runner fills the struct with 0xAB before wasig_proc_init. */
  CHECK(p->pid == 100);
  CHECK(p->uid == 1000);
  CHECK(p->blocked == 0 && p->pending == 0 && p->caught == 0);
  CHECK(p->mb.tripped == 0 && p->mb.head == 0 && p->mb.tail == 0);
  CHECK(p->stopped == 0);
  CHECK(p->rtq_len == 0);
  CHECK(p->wakeup_fd == -1);
  for (int32_t s = 1; s < WASIG_NSIG; s++) {
    CHECK(wasig_get_action(p, s, 0) == WASIG_DISP_DFL);
    CHECK(wasig_get_action(p, s, 1) == 0);
    CHECK(wasig_get_action(p, s, 2) == 0);
    CHECK(action_mask(p, s) == 0);
  }
  for (int32_t w = 0; w < 3; w++) CHECK(wasig_timer_due(p, w) == -1);
}

/* ---- dispositions --------------------------------------------------------- */

static void test_set_get_action_roundtrip(wasig_proc *p) {
  uint64_t m = B(WASIG_SIGUSR2) | B(WASIG_SIGHUP) | B(RT(0)) | B(64);
  uint32_t fl = WASIG_SA_SIGINFO | WASIG_SA_RESTART | WASIG_SA_RESETHAND;
  CHECK(handler(p, WASIG_SIGUSR1, 7, fl, m) == 0);
  CHECK(wasig_get_action(p, WASIG_SIGUSR1, 0) == WASIG_DISP_HANDLER);
  CHECK(wasig_get_action(p, WASIG_SIGUSR1, 1) == 7);
  CHECK((uint32_t)wasig_get_action(p, WASIG_SIGUSR1, 2) == fl);
  CHECK(action_mask(p, WASIG_SIGUSR1) == m);
  /* Realtime and the highest signal. */
  CHECK(handler(p, 64, 123456, WASIG_SA_NODEFER, 0) == 0);
  CHECK(wasig_get_action(p, 64, 0) == WASIG_DISP_HANDLER);
  CHECK(wasig_get_action(p, 64, 1) == 123456);
  CHECK((uint32_t)wasig_get_action(p, 64, 2) == WASIG_SA_NODEFER);
  /* IGN and DFL carry no handler word. */
  CHECK(wasig_set_action(p, WASIG_SIGUSR1, WASIG_DISP_IGN, 99, 0, 0, 0) == 0);
  CHECK(wasig_get_action(p, WASIG_SIGUSR1, 0) == WASIG_DISP_IGN);
  CHECK(wasig_get_action(p, WASIG_SIGUSR1, 1) == 0);
  CHECK(wasig_set_action(p, WASIG_SIGUSR1, WASIG_DISP_DFL, 99, 0, 0, 0) == 0);
  CHECK(wasig_get_action(p, WASIG_SIGUSR1, 0) == WASIG_DISP_DFL);
  CHECK(wasig_get_action(p, WASIG_SIGUSR1, 1) == 0);
  /* Others untouched. */
  CHECK(wasig_get_action(p, WASIG_SIGUSR2, 0) == WASIG_DISP_DFL);
}

static void test_set_action_mask_drops_kill_stop(wasig_proc *p) {
  /* Linux do_sigaction: sigdelsetmask(&sa_mask, SIGKILL|SIGSTOP). */
  CHECK(handler(p, WASIG_SIGINT, 1, 0, ~(uint64_t)0) == 0);
  CHECK(action_mask(p, WASIG_SIGINT) == (~(uint64_t)0 & ~KILLSTOP));
}

static void test_set_action_einval(wasig_proc *p) {
  CHECK(wasig_set_action(p, 0, WASIG_DISP_IGN, 0, 0, 0, 0) == -WASIG_EINVAL);
  CHECK(wasig_set_action(p, 65, WASIG_DISP_IGN, 0, 0, 0, 0) == -WASIG_EINVAL);
  CHECK(wasig_set_action(p, -1, WASIG_DISP_IGN, 0, 0, 0, 0) == -WASIG_EINVAL);
  CHECK(wasig_set_action(p, WASIG_SIGUSR1, -1, 0, 0, 0, 0) == -WASIG_EINVAL);
  CHECK(wasig_set_action(p, WASIG_SIGUSR1, 3, 5, 0, 0, 0) == -WASIG_EINVAL);
  CHECK(wasig_get_action(p, WASIG_SIGUSR1, 0) == WASIG_DISP_DFL);
  static const int32_t kinds[3] = {WASIG_DISP_DFL, WASIG_DISP_IGN, WASIG_DISP_HANDLER};
  for (int k = 0; k < 3; k++) {
    CHECK(wasig_set_action(p, WASIG_SIGKILL, kinds[k], 5, 0, 0, 0) == -WASIG_EINVAL);
    CHECK(wasig_set_action(p, WASIG_SIGSTOP, kinds[k], 5, 0, 0, 0) == -WASIG_EINVAL);
  }
  CHECK(wasig_get_action(p, WASIG_SIGKILL, 0) == WASIG_DISP_DFL);
  CHECK(wasig_get_action(p, WASIG_SIGSTOP, 0) == WASIG_DISP_DFL);
}

static void test_get_action_einval(wasig_proc *p) {
  CHECK(wasig_get_action(p, 0, 0) == -WASIG_EINVAL);
  CHECK(wasig_get_action(p, 65, 0) == -WASIG_EINVAL);
  CHECK(wasig_get_action(p, -1, 1) == -WASIG_EINVAL);
  CHECK(wasig_get_action(p, WASIG_SIGINT, 5) == -WASIG_EINVAL);
  CHECK(wasig_get_action(p, WASIG_SIGINT, -1) == -WASIG_EINVAL);
}

/* ---- generation ------------------------------------------------------------ */

static void test_send_einval(wasig_proc *p) {
  CHECK(send(p, 0, 0) == -WASIG_EINVAL);
  CHECK(send(p, 65, 0) == -WASIG_EINVAL);
  CHECK(send(p, -3, 0) == -WASIG_EINVAL);
  CHECK(p->pending == 0 && p->rtq_len == 0 && tripped(p) == 0);
}

static void test_send_sets_pending_and_tripped(wasig_proc *p) {
  CHECK(wasig_send(p, WASIG_SIGTERM, WASIG_SI_USER, 9, 8, 7) == 0);
  CHECK(p->pending == B(WASIG_SIGTERM));
  CHECK(tripped(p) == 1);
  CHECK(wasig_queued(p, WASIG_SIGTERM) == 1);
  CHECK(wasig_queued(p, WASIG_SIGINT) == 0);
  CHECK(wasig_next(p) == WASIG_SIGTERM);
  CHECK(p->out.signo == WASIG_SIGTERM && p->out.code == WASIG_SI_USER);
  CHECK(p->out.pid == 9 && p->out.uid == 8 && p->out.value == 7);
  CHECK(p->last_action == WASIG_ACT_TERM);
  CHECK(p->pending == 0);
}

static void test_std_coalesce_keeps_first_info(wasig_proc *p) {
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGUSR1)) == 0);
  CHECK(wasig_send(p, WASIG_SIGUSR1, WASIG_SI_USER, 11, 21, 31) == 0);
  CHECK(wasig_send(p, WASIG_SIGUSR1, WASIG_SI_QUEUE, 12, 22, 32) == 0);
  CHECK(wasig_send(p, WASIG_SIGUSR1, WASIG_SI_TKILL, 13, 23, 33) == 0);
  CHECK(wasig_queued(p, WASIG_SIGUSR1) == 1);
  CHECK(p->rtq_len == 0);
  CHECK(take(p, B(WASIG_SIGUSR1)) == WASIG_SIGUSR1);
  CHECK(p->out.signo == WASIG_SIGUSR1 && p->out.code == WASIG_SI_USER);
  CHECK(p->out.pid == 11 && p->out.uid == 21 && p->out.value == 31);
  CHECK(take(p, B(WASIG_SIGUSR1)) == 0);
  /* Once taken, a new one records its own siginfo. */
  CHECK(wasig_send(p, WASIG_SIGUSR1, WASIG_SI_QUEUE, 14, 24, 34) == 0);
  CHECK(take(p, B(WASIG_SIGUSR1)) == WASIG_SIGUSR1);
  CHECK(p->out.pid == 14 && p->out.value == 34);
}

static void test_rt_fifo_per_signal(wasig_proc *p) {
  for (int32_t v = 1; v <= 5; v++) CHECK(send(p, RT(0), v * 10) == 0);
  CHECK(wasig_queued(p, RT(0)) == 5);
  for (int32_t v = 1; v <= 5; v++) {
    CHECK(wasig_next(p) == RT(0));
    CHECK(p->out.signo == RT(0) && p->out.value == v * 10);
    CHECK(p->out.code == WASIG_SI_QUEUE && p->out.pid == 4242 && p->out.uid == 1000);
    CHECK(wasig_queued(p, RT(0)) == 5 - v);
    CHECK(((p->pending & B(RT(0))) != 0) == (v < 5));
  }
  CHECK(wasig_next(p) == 0);
  CHECK(p->rtq_len == 0);
}

static void test_rt_lowest_signal_first(wasig_proc *p) {
  CHECK(send(p, RT(5), 1) == 0);
  CHECK(send(p, RT(0), 2) == 0);
  CHECK(send(p, RT(5), 3) == 0);
  CHECK(send(p, RT(0), 4) == 0);
  CHECK(send(p, 64, 5) == 0);
  static const int32_t want_sig[5] = {RT(0), RT(0), RT(5), RT(5), 64};
  static const int32_t want_val[5] = {2, 4, 1, 3, 5};
  for (int i = 0; i < 5; i++) {
    CHECK(wasig_next(p) == want_sig[i]);
    CHECK(p->out.value == want_val[i]);
  }
  CHECK(wasig_next(p) == 0);
}

static void test_next_ascending_mixed(wasig_proc *p) {
  CHECK(send(p, RT(3), 1) == 0);
  CHECK(send(p, WASIG_SIGTERM, 2) == 0);
  CHECK(send(p, WASIG_SIGINT, 3) == 0);
  CHECK(send(p, WASIG_SIGUSR1, 4) == 0);
  CHECK(send(p, WASIG_SIGHUP, 5) == 0);
  static const int32_t want[5] = {WASIG_SIGHUP, WASIG_SIGINT, WASIG_SIGUSR1, WASIG_SIGTERM,
                                  RT(3)};
  for (int i = 0; i < 5; i++) CHECK(wasig_next(p) == want[i]);
  CHECK(wasig_next(p) == 0);
  CHECK(p->last_action == WASIG_ACT_NONE);
}

static void test_rt_queue_bound_eagain(wasig_proc *p) {
  int32_t nrt = WASIG_SIGRTMAX - WASIG_SIGRTMIN + 1;
  for (int32_t i = 0; i < WASIG_RTQ_MAX; i++) CHECK(send(p, RT(i % nrt), i) == 0);
  CHECK(p->rtq_len == WASIG_RTQ_MAX);
  /* Full: EAGAIN for an already pending and for a not yet pending signal. */
  p->mb.tripped = 0;
  CHECK(send(p, RT(0), -1) == -WASIG_EAGAIN);
  CHECK(p->rtq_len == WASIG_RTQ_MAX);
  CHECK(wasig_take(p, 0, 0) == 0);
  /* Standard signals do not use the queue. */
  CHECK(send(p, WASIG_SIGUSR2, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGUSR2);
  /* Everything queued is still there, per signal in FIFO order. */
  int32_t last[WASIG_NSIG];
  for (int s = 0; s < WASIG_NSIG; s++) last[s] = -1;
  int32_t n = 0, prev = 0, sig;
  while ((sig = wasig_next(p)) != 0) {
    CHECK(sig >= prev);
    CHECK(p->out.signo == sig);
    CHECK(p->out.value > last[sig]);
    CHECK(p->out.value % nrt == sig - WASIG_SIGRTMIN);
    last[sig] = p->out.value;
    prev = sig;
    n++;
  }
  CHECK(n == WASIG_RTQ_MAX);
  CHECK(p->pending == 0 && p->rtq_len == 0);
  CHECK(send(p, RT(0), 1) == 0);
}

static void test_rt_full_new_signal_not_pending(wasig_proc *p) {
  for (int32_t i = 0; i < WASIG_RTQ_MAX; i++) CHECK(send(p, RT(0), i) == 0);
  CHECK(send(p, RT(1), 0) == -WASIG_EAGAIN);
  CHECK((p->pending & B(RT(1))) == 0);
  CHECK(wasig_queued(p, RT(1)) == 0);
  /* One slot frees: the next send fits, the one after does not. */
  CHECK(wasig_next(p) == RT(0) && p->out.value == 0);
  CHECK(send(p, RT(1), 7) == 0);
  CHECK(send(p, RT(1), 8) == -WASIG_EAGAIN);
  CHECK(wasig_queued(p, RT(0)) == WASIG_RTQ_MAX - 1);
  CHECK(wasig_queued(p, RT(1)) == 1);
}

static void test_queued_einval(wasig_proc *p) {
  CHECK(wasig_queued(p, 0) == -WASIG_EINVAL);
  CHECK(wasig_queued(p, 65) == -WASIG_EINVAL);
}

/* ---- the safe point ----------------------------------------------------------- */

static void test_next_handler_applies_mask_and_blocks_self(wasig_proc *p) {
  CHECK(mask(p, WASIG_SIG_SETMASK, B(WASIG_SIGHUP)) == 0);
  CHECK(handler(p, WASIG_SIGUSR1, 42, WASIG_SA_SIGINFO, B(WASIG_SIGUSR2) | B(RT(2))) == 0);
  CHECK(send(p, WASIG_SIGUSR1, 5) == 0);
  CHECK(wasig_next(p) == WASIG_SIGUSR1);
  CHECK(p->last_action == WASIG_ACT_HANDLER);
  CHECK(p->last_handler == 42);
  CHECK(p->last_flags == WASIG_SA_SIGINFO);
  CHECK(p->old_mask == B(WASIG_SIGHUP));
  CHECK(p->blocked == (B(WASIG_SIGHUP) | B(WASIG_SIGUSR1) | B(WASIG_SIGUSR2) | B(RT(2))));
  /* The disposition stays. */
  CHECK(wasig_get_action(p, WASIG_SIGUSR1, 0) == WASIG_DISP_HANDLER);
  /* While the handler "runs", the same signal stays pending. */
  CHECK(send(p, WASIG_SIGUSR1, 6) == 0);
  CHECK(wasig_next(p) == 0);
  CHECK(wasig_deliverable(p) == 0);
  /* sigreturn restores the mask: it is delivered again. */
  CHECK(mask(p, WASIG_SIG_SETMASK, p->old_mask) == 0);
  CHECK(wasig_next(p) == WASIG_SIGUSR1 && p->out.value == 6);
}

static void test_next_nodefer(wasig_proc *p) {
  CHECK(handler(p, WASIG_SIGUSR1, 1, WASIG_SA_NODEFER, B(WASIG_SIGINT)) == 0);
  CHECK(send(p, WASIG_SIGUSR1, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGUSR1);
  CHECK(p->blocked == B(WASIG_SIGINT));
  CHECK(p->old_mask == 0);
  CHECK(send(p, WASIG_SIGUSR1, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGUSR1);
  /* SA_NODEFER with the signal in sa_mask: blocked through the mask. */
  CHECK(mask(p, WASIG_SIG_SETMASK, 0) == 0);
  CHECK(handler(p, WASIG_SIGUSR2, 1, WASIG_SA_NODEFER, B(WASIG_SIGUSR2)) == 0);
  CHECK(send(p, WASIG_SIGUSR2, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGUSR2);
  CHECK(p->blocked == B(WASIG_SIGUSR2));
}

static void test_next_resethand(wasig_proc *p) {
  uint32_t fl = WASIG_SA_RESETHAND | WASIG_SA_SIGINFO | WASIG_SA_RESTART;
  CHECK(handler(p, WASIG_SIGINT, 9, fl, 0) == 0);
  CHECK(send(p, WASIG_SIGINT, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGINT);
  CHECK(p->last_action == WASIG_ACT_HANDLER);
  CHECK(p->last_handler == 9);
  CHECK(p->last_flags & WASIG_SA_SIGINFO); /* this call is still a 3-argument one */
  CHECK(wasig_get_action(p, WASIG_SIGINT, 0) == WASIG_DISP_DFL);
  CHECK(wasig_get_action(p, WASIG_SIGINT, 1) == 0);
  CHECK(((uint32_t)wasig_get_action(p, WASIG_SIGINT, 2) & WASIG_SA_SIGINFO) == 0);
  CHECK(p->blocked & B(WASIG_SIGINT)); /* no SA_NODEFER: still blocked during the handler */
  /* The second one takes the default action. */
  CHECK(mask(p, WASIG_SIG_SETMASK, 0) == 0);
  CHECK(send(p, WASIG_SIGINT, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGINT);
  CHECK(p->last_action == WASIG_ACT_TERM);
}

static void test_next_handler_mask_never_blocks_kill_stop(wasig_proc *p) {
  CHECK(handler(p, WASIG_SIGUSR1, 1, 0, ~(uint64_t)0) == 0);
  CHECK(send(p, WASIG_SIGUSR1, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGUSR1);
  CHECK(p->blocked == (~(uint64_t)0 & ~KILLSTOP));
  CHECK(send(p, WASIG_SIGKILL, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGKILL);
  CHECK(p->last_action == WASIG_ACT_TERM);
}

static void test_next_default_actions(wasig_proc *p) {
  CHECK(send(p, WASIG_SIGSEGV, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGSEGV && p->last_action == WASIG_ACT_CORE);
  CHECK(send(p, WASIG_SIGPIPE, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGPIPE && p->last_action == WASIG_ACT_TERM);
  CHECK(send(p, RT(7), 0) == 0);
  CHECK(wasig_next(p) == RT(7) && p->last_action == WASIG_ACT_TERM);
  CHECK(p->stopped == 0);
  CHECK(send(p, WASIG_SIGTTIN, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGTTIN && p->last_action == WASIG_ACT_STOP);
  CHECK(p->stopped == 1);
}

static void test_next_nothing_deliverable(wasig_proc *p) {
  CHECK(wasig_next(p) == 0);
  CHECK(p->last_action == WASIG_ACT_NONE);
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGTERM) | B(RT(1))) == 0);
  CHECK(send(p, WASIG_SIGTERM, 0) == 0);
  CHECK(send(p, RT(1), 0) == 0);
  CHECK(wasig_deliverable(p) == 0);
  p->last_action = WASIG_ACT_TERM;
  CHECK(wasig_next(p) == 0);
  CHECK(p->last_action == WASIG_ACT_NONE);
  CHECK(p->pending == (B(WASIG_SIGTERM) | B(RT(1))));
  CHECK(mask(p, WASIG_SIG_UNBLOCK, B(RT(1))) == 0);
  CHECK(wasig_deliverable(p) == 1);
  CHECK(wasig_next(p) == RT(1));
}

/* ---- ignoring -------------------------------------------------------------- */

static void test_ignored_discarded_at_generation(wasig_proc *p) {
  CHECK(ign(p, WASIG_SIGUSR1) == 0);
  CHECK(send(p, WASIG_SIGUSR1, 0) == 1);
  CHECK(ign(p, RT(4)) == 0);
  CHECK(send(p, RT(4), 0) == 1);
  CHECK(p->rtq_len == 0);
  /* SIG_DFL whose default is to ignore. */
  CHECK(send(p, WASIG_SIGCHLD, 0) == 1);
  CHECK(send(p, WASIG_SIGURG, 0) == 1);
  CHECK(send(p, WASIG_SIGWINCH, 0) == 1);
  CHECK(p->pending == 0);
  CHECK(wasig_next(p) == 0);
  /* Not ignored: a handler, or a terminating default. */
  CHECK(handler(p, WASIG_SIGCHLD, 3, 0, 0) == 0);
  CHECK(send(p, WASIG_SIGCHLD, 0) == 0);
  CHECK(send(p, WASIG_SIGTERM, 0) == 0);
  CHECK(p->pending == (B(WASIG_SIGCHLD) | B(WASIG_SIGTERM)));
}

static void test_ignored_but_blocked_stays_pending(wasig_proc *p) {
  /* Linux sig_ignored(): a blocked signal is never ignored at generation. */
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGUSR1) | B(WASIG_SIGCHLD) | B(RT(0))) == 0);
  CHECK(ign(p, WASIG_SIGUSR1) == 0);
  CHECK(ign(p, RT(0)) == 0);
  CHECK(send(p, WASIG_SIGUSR1, 0) == 0);
  CHECK(send(p, WASIG_SIGCHLD, 0) == 0);
  CHECK(send(p, RT(0), 1) == 0);
  CHECK(send(p, RT(0), 2) == 0);
  CHECK(p->pending == (B(WASIG_SIGUSR1) | B(WASIG_SIGCHLD) | B(RT(0))));
  CHECK(wasig_queued(p, RT(0)) == 2);
  /* Unblocked, they are dequeued and ignored. */
  CHECK(mask(p, WASIG_SIG_SETMASK, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGUSR1 && p->last_action == WASIG_ACT_IGN);
  CHECK(wasig_next(p) == WASIG_SIGCHLD && p->last_action == WASIG_ACT_IGN);
  CHECK(wasig_next(p) == RT(0) && p->last_action == WASIG_ACT_IGN);
  CHECK(wasig_next(p) == RT(0) && p->last_action == WASIG_ACT_IGN);
  CHECK(wasig_next(p) == 0);
}

static void test_set_ign_discards_pending_blocked(wasig_proc *p) {
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGUSR2) | B(WASIG_SIGINT)) == 0);
  CHECK(send(p, WASIG_SIGUSR2, 0) == 0);
  CHECK(send(p, WASIG_SIGINT, 0) == 0);
  CHECK(ign(p, WASIG_SIGUSR2) == 0);
  CHECK(p->pending == B(WASIG_SIGINT));
  CHECK(take(p, B(WASIG_SIGUSR2)) == 0);
  /* Unblocked and pending (before the safe point ran). */
  CHECK(mask(p, WASIG_SIG_UNBLOCK, B(WASIG_SIGINT)) == 0);
  CHECK(ign(p, WASIG_SIGINT) == 0);
  CHECK(p->pending == 0);
  CHECK(wasig_next(p) == 0);
}

static void test_set_ign_discards_rt_records(wasig_proc *p) {
  CHECK(mask(p, WASIG_SIG_BLOCK, B(RT(0)) | B(RT(1))) == 0);
  for (int32_t i = 0; i < 6; i++) CHECK(send(p, RT(i % 2), i) == 0);
  CHECK(p->rtq_len == 6);
  CHECK(ign(p, RT(0)) == 0);
  CHECK(p->rtq_len == 3);
  CHECK(wasig_queued(p, RT(0)) == 0);
  CHECK((p->pending & B(RT(0))) == 0);
  CHECK(wasig_queued(p, RT(1)) == 3);
  for (int32_t v = 1; v < 6; v += 2) {
    CHECK(take(p, B(RT(0)) | B(RT(1))) == RT(1));
    CHECK(p->out.value == v);
  }
  CHECK(p->rtq_len == 0 && p->pending == 0);
}

static void test_set_dfl_ignoring_default_discards(wasig_proc *p) {
  /* POSIX: SIG_DFL for a signal whose default is to ignore discards it. */
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGCHLD) | B(WASIG_SIGWINCH) | B(WASIG_SIGTERM)) == 0);
  CHECK(handler(p, WASIG_SIGCHLD, 1, 0, 0) == 0);
  CHECK(send(p, WASIG_SIGCHLD, 0) == 0);
  CHECK(send(p, WASIG_SIGWINCH, 0) == 0);
  CHECK(send(p, WASIG_SIGTERM, 0) == 0);
  CHECK(dfl(p, WASIG_SIGCHLD) == 0);
  CHECK(dfl(p, WASIG_SIGWINCH) == 0);
  CHECK(dfl(p, WASIG_SIGTERM) == 0);
  CHECK(p->pending == B(WASIG_SIGTERM));
}

static void test_set_dfl_sigcont_discards_pending(wasig_proc *p) {
  /* Linux do_sigaction(): sig_handler_ignored(SIG_DFL, SIGCONT) is true
   * (SIGCONT is in SIG_KERNEL_IGNORE_MASK), so the pending SIGCONT is
   * flushed, as the core already does at generation (ignored_now). */
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGCONT)) == 0);
  CHECK(handler(p, WASIG_SIGCONT, 1, 0, 0) == 0);
  CHECK(send(p, WASIG_SIGCONT, 0) == 0);
  CHECK(wasig_queued(p, WASIG_SIGCONT) == 1);
  CHECK(dfl(p, WASIG_SIGCONT) == 0);
  CHECK(wasig_queued(p, WASIG_SIGCONT) == 0);
}

/* ---- masks ----------------------------------------------------------------- */

static void test_sigmask_block_unblock_setmask(wasig_proc *p) {
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGUSR1) | B(RT(0))) == 0);
  CHECK(p->blocked == (B(WASIG_SIGUSR1) | B(RT(0))));
  CHECK(p->old_mask == 0);
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGINT)) == 0);
  CHECK(p->blocked == (B(WASIG_SIGUSR1) | B(RT(0)) | B(WASIG_SIGINT)));
  CHECK(p->old_mask == (B(WASIG_SIGUSR1) | B(RT(0))));
  CHECK(mask(p, WASIG_SIG_UNBLOCK, B(WASIG_SIGUSR1) | B(WASIG_SIGTERM)) == 0);
  CHECK(p->blocked == (B(RT(0)) | B(WASIG_SIGINT)));
  CHECK(p->old_mask == (B(WASIG_SIGUSR1) | B(RT(0)) | B(WASIG_SIGINT)));
  CHECK(mask(p, WASIG_SIG_SETMASK, B(64) | B(1)) == 0);
  CHECK(p->blocked == (B(64) | B(1)));
  CHECK(p->old_mask == (B(RT(0)) | B(WASIG_SIGINT)));
  /* Halves: lo holds 1..32, hi 33..64. */
  CHECK(wasig_sigmask(p, WASIG_SIG_SETMASK, 0x80000000u, 0x1u) == 0);
  CHECK(p->blocked == (B(32) | B(33)));
}

static void test_sigmask_einval(wasig_proc *p) {
  CHECK(mask(p, WASIG_SIG_SETMASK, B(WASIG_SIGUSR1)) == 0);
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGUSR2)) == 0);
  CHECK(mask(p, 3, 0) == -WASIG_EINVAL);
  CHECK(mask(p, -1, ~(uint64_t)0) == -WASIG_EINVAL);
  CHECK(p->blocked == (B(WASIG_SIGUSR1) | B(WASIG_SIGUSR2)));
  CHECK(p->old_mask == B(WASIG_SIGUSR1));
}

static void test_sigmask_never_blocks_kill_stop(wasig_proc *p) {
  CHECK(mask(p, WASIG_SIG_SETMASK, ~(uint64_t)0) == 0);
  CHECK(p->blocked == (~(uint64_t)0 & ~KILLSTOP));
  CHECK(mask(p, WASIG_SIG_SETMASK, 0) == 0);
  CHECK(mask(p, WASIG_SIG_BLOCK, KILLSTOP) == 0);
  CHECK(p->blocked == 0);
  CHECK(mask(p, WASIG_SIG_SETMASK, ~(uint64_t)0) == 0);
  CHECK(send(p, WASIG_SIGKILL, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGKILL);
  CHECK(p->last_action == WASIG_ACT_TERM);
  CHECK(send(p, WASIG_SIGSTOP, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGSTOP);
  CHECK(p->last_action == WASIG_ACT_STOP);
}

static void test_unblock_pending_sets_tripped(wasig_proc *p) {
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGUSR1)) == 0);
  CHECK(send(p, WASIG_SIGUSR1, 0) == 0);
  CHECK(wasig_check(p) == 1);
  CHECK(wasig_next(p) == 0);
  CHECK(tripped(p) == 0);
  /* Blocking something else does not make it deliverable. */
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGUSR2)) == 0);
  CHECK(tripped(p) == 0);
  CHECK(mask(p, WASIG_SIG_UNBLOCK, B(WASIG_SIGUSR1)) == 0);
  CHECK(tripped(p) == 1);
  CHECK(wasig_check(p) == 1);
  CHECK(wasig_next(p) == WASIG_SIGUSR1);
}

static void test_check_exchanges_tripped(wasig_proc *p) {
  CHECK(wasig_check(p) == 0);
  CHECK(tripped(p) == 0);
  CHECK(send(p, WASIG_SIGUSR1, 0) == 0);
  CHECK(tripped(p) == 1);
  CHECK(wasig_check(p) == 1);
  CHECK(tripped(p) == 0);
  CHECK(wasig_check(p) == 0);
  /* The pending state is untouched by check itself. */
  CHECK(p->pending == B(WASIG_SIGUSR1));
  wasig_rearm(p);
  CHECK(tripped(p) == 1);
  CHECK(wasig_check(p) == 1);
  CHECK(tripped(p) == 0);
}

/* ---- sigwait --------------------------------------------------------------- */

static void test_take_blocked_or_not(wasig_proc *p) {
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGUSR2)) == 0);
  CHECK(wasig_send(p, WASIG_SIGUSR2, WASIG_SI_USER, 5, 6, 7) == 0);
  CHECK(wasig_send(p, WASIG_SIGTERM, WASIG_SI_TKILL, 8, 9, 10) == 0);
  CHECK(send(p, WASIG_SIGHUP, 0) == 0);
  /* HUP is pending but not in the set. */
  uint64_t set = B(WASIG_SIGUSR2) | B(WASIG_SIGTERM) | B(WASIG_SIGINT);
  CHECK(take(p, set) == WASIG_SIGUSR2);
  CHECK(p->out.signo == WASIG_SIGUSR2 && p->out.code == WASIG_SI_USER && p->out.pid == 5 &&
        p->out.uid == 6 && p->out.value == 7);
  CHECK(take(p, set) == WASIG_SIGTERM);
  CHECK(p->out.signo == WASIG_SIGTERM && p->out.code == WASIG_SI_TKILL && p->out.value == 10);
  CHECK(take(p, set) == 0);
  CHECK(p->pending == B(WASIG_SIGHUP));
  CHECK(p->blocked == B(WASIG_SIGUSR2)); /* take does not touch the mask */
  CHECK(take(p, 0) == 0);
}

static void test_take_rt_fifo(wasig_proc *p) {
  CHECK(send(p, RT(2), 1) == 0);
  CHECK(send(p, RT(1), 2) == 0);
  CHECK(send(p, RT(2), 3) == 0);
  CHECK(take(p, B(RT(2))) == RT(2) && p->out.value == 1);
  CHECK(take(p, B(RT(2))) == RT(2) && p->out.value == 3);
  CHECK(take(p, B(RT(2))) == 0);
  CHECK((p->pending & B(RT(2))) == 0);
  CHECK(take(p, B(RT(1)) | B(RT(2))) == RT(1) && p->out.value == 2);
  CHECK(p->pending == 0 && p->rtq_len == 0);
}

static void test_take_never_kill_stop(wasig_proc *p) {
  CHECK(send(p, WASIG_SIGKILL, 0) == 0);
  CHECK(take(p, KILLSTOP) == 0);
  CHECK(p->pending == B(WASIG_SIGKILL));
}

/* ---- stop and continue ------------------------------------------------------ */

static void test_sigcont_resumes_and_discards_stops(wasig_proc *p) {
  CHECK(send(p, WASIG_SIGSTOP, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGSTOP);
  CHECK(p->last_action == WASIG_ACT_STOP && p->stopped == 1);
  /* Pending stop signals, blocked ones included. */
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGTSTP)) == 0);
  CHECK(send(p, WASIG_SIGTSTP, 0) == 0);
  CHECK(send(p, WASIG_SIGTTOU, 0) == 0);
  CHECK(send(p, WASIG_SIGSTOP, 0) == 0);
  CHECK(send(p, WASIG_SIGUSR1, 0) == 0);
  CHECK(p->pending == (B(WASIG_SIGTSTP) | B(WASIG_SIGTTOU) | B(WASIG_SIGSTOP) | B(WASIG_SIGUSR1)));
  CHECK(send(p, WASIG_SIGCONT, 0) >= 0);
  CHECK(p->stopped == 0);
  CHECK(p->pending == B(WASIG_SIGUSR1));
  CHECK(wasig_next(p) == WASIG_SIGUSR1);
}

static void test_sigcont_resumes_even_blocked(wasig_proc *p) {
  CHECK(send(p, WASIG_SIGTSTP, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGTSTP && p->stopped == 1);
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGCONT)) == 0);
  CHECK(handler(p, WASIG_SIGCONT, 8, 0, 0) == 0);
  CHECK(send(p, WASIG_SIGCONT, 0) == 0);
  CHECK(p->stopped == 0);
  CHECK(p->pending == B(WASIG_SIGCONT));
  CHECK(mask(p, WASIG_SIG_SETMASK, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGCONT && p->last_action == WASIG_ACT_HANDLER);
}

static void test_stop_discards_pending_cont(wasig_proc *p) {
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGCONT)) == 0);
  CHECK(handler(p, WASIG_SIGCONT, 1, 0, 0) == 0);
  CHECK(send(p, WASIG_SIGCONT, 0) == 0);
  CHECK(p->pending == B(WASIG_SIGCONT));
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGTTIN)) == 0);
  CHECK(send(p, WASIG_SIGTTIN, 0) == 0);
  CHECK(p->pending == B(WASIG_SIGTTIN));
  /* Even when the stop signal itself is then ignored. */
  CHECK(send(p, WASIG_SIGCONT, 0) == 0);
  CHECK(ign(p, WASIG_SIGTSTP) == 0);
  CHECK(send(p, WASIG_SIGTSTP, 0) == 1);
  CHECK(p->pending == 0);
}

static void test_stopped_delivers_only_kill(wasig_proc *p) {
  CHECK(send(p, WASIG_SIGSTOP, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGSTOP && p->stopped == 1);
  CHECK(handler(p, WASIG_SIGUSR1, 1, 0, 0) == 0);
  CHECK(send(p, WASIG_SIGUSR1, 0) == 0);
  CHECK(send(p, WASIG_SIGTERM, 0) == 0);
  CHECK(send(p, RT(0), 0) == 0);
  CHECK(wasig_deliverable(p) == 0);
  CHECK(wasig_next(p) == 0);
  CHECK(p->last_action == WASIG_ACT_NONE);
  CHECK(p->pending == (B(WASIG_SIGUSR1) | B(WASIG_SIGTERM) | B(RT(0))));
  CHECK(send(p, WASIG_SIGKILL, 0) == 0);
  CHECK(wasig_deliverable(p) == 1);
  CHECK(wasig_next(p) == WASIG_SIGKILL);
  CHECK(p->last_action == WASIG_ACT_TERM);
}

static void test_stopped_state_blocks_kill_path(wasig_proc *p) {
  /* Directly stopped with SIGKILL and others pending: only SIGKILL comes out. */
  CHECK(send(p, WASIG_SIGHUP, 0) == 0);
  CHECK(send(p, WASIG_SIGKILL, 0) == 0);
  p->stopped = 1;
  CHECK(wasig_next(p) == WASIG_SIGKILL);
  CHECK(wasig_next(p) == 0);
  CHECK(p->pending == B(WASIG_SIGHUP));
}

static void test_stop_signal_with_handler_does_not_stop(wasig_proc *p) {
  CHECK(handler(p, WASIG_SIGTSTP, 4, 0, 0) == 0);
  CHECK(send(p, WASIG_SIGTSTP, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGTSTP);
  CHECK(p->last_action == WASIG_ACT_HANDLER && p->stopped == 0);
}

static void test_sigkill_sigstop_cannot_be_ignored(wasig_proc *p) {
  CHECK(ign(p, WASIG_SIGKILL) == -WASIG_EINVAL);
  CHECK(send(p, WASIG_SIGKILL, 0) == 0);
  CHECK(send(p, WASIG_SIGSTOP, 0) == 0);
  CHECK(p->pending == KILLSTOP);
}

/* ---- the "caught" race ------------------------------------------------------- */

static void test_race_caught_then_dfl(wasig_proc *p) {
  CHECK(handler(p, WASIG_SIGUSR1, 5, 0, 0) == 0);
  CHECK(send(p, WASIG_SIGUSR1, 0) == 0);
  CHECK(dfl(p, WASIG_SIGUSR1) == 0);
  CHECK(wasig_next(p) == WASIG_SIGUSR1);
  CHECK(p->last_action == WASIG_ACT_RACE);
  CHECK(p->caught == 0);
  /* The next one arrives to SIG_DFL: a plain default action. */
  CHECK(send(p, WASIG_SIGUSR1, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGUSR1);
  CHECK(p->last_action == WASIG_ACT_TERM);
}

static void test_no_race_when_blocked_at_arrival(wasig_proc *p) {
  CHECK(handler(p, WASIG_SIGUSR1, 5, 0, 0) == 0);
  CHECK(mask(p, WASIG_SIG_BLOCK, B(WASIG_SIGUSR1)) == 0);
  CHECK(send(p, WASIG_SIGUSR1, 0) == 0);
  CHECK(dfl(p, WASIG_SIGUSR1) == 0);
  CHECK(mask(p, WASIG_SIG_UNBLOCK, B(WASIG_SIGUSR1)) == 0);
  CHECK(wasig_next(p) == WASIG_SIGUSR1);
  CHECK(p->last_action == WASIG_ACT_TERM);
}

static void test_race_handler_back_dispatches(wasig_proc *p) {
  CHECK(handler(p, WASIG_SIGUSR2, 5, 0, 0) == 0);
  CHECK(send(p, WASIG_SIGUSR2, 0) == 0);
  CHECK(dfl(p, WASIG_SIGUSR2) == 0);
  CHECK(handler(p, WASIG_SIGUSR2, 6, 0, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGUSR2);
  CHECK(p->last_action == WASIG_ACT_HANDLER && p->last_handler == 6);
}

static void test_caught_cleared_by_ign_and_take(wasig_proc *p) {
  CHECK(handler(p, WASIG_SIGUSR1, 5, 0, 0) == 0);
  CHECK(send(p, WASIG_SIGUSR1, 0) == 0);
  CHECK(p->caught == B(WASIG_SIGUSR1));
  CHECK(ign(p, WASIG_SIGUSR1) == 0);
  CHECK(p->caught == 0 && p->pending == 0);
  CHECK(handler(p, WASIG_SIGUSR1, 5, 0, 0) == 0);
  CHECK(send(p, WASIG_SIGUSR1, 0) == 0);
  CHECK(take(p, B(WASIG_SIGUSR1)) == WASIG_SIGUSR1);
  CHECK(p->caught == 0);
  /* A later, blocked arrival with SIG_DFL is not a race. */
  CHECK(dfl(p, WASIG_SIGUSR1) == 0);
  CHECK(send(p, WASIG_SIGUSR1, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGUSR1 && p->last_action == WASIG_ACT_TERM);
}

/* ---- itimers ---------------------------------------------------------------- */

static void test_setitimer_getitimer_old_values(wasig_proc *p) {
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 1000, 5000, 0) == 0);
  CHECK(p->out_d[0] == 0 && p->out_d[1] == 0);
  CHECK(wasig_timer_due(p, WASIG_ITIMER_REAL) == 6000);
  CHECK(wasig_getitimer(p, WASIG_ITIMER_REAL, 2000) == 0);
  CHECK(p->out_d[0] == 4000 && p->out_d[1] == 0);
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 3000, 100, 50) == 0);
  CHECK(p->out_d[0] == 3000 && p->out_d[1] == 0);
  CHECK(wasig_getitimer(p, WASIG_ITIMER_REAL, 3000) == 0);
  CHECK(p->out_d[0] == 100 && p->out_d[1] == 50);
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 3040, 1e6, 2e6) == 0);
  CHECK(p->out_d[0] == 60 && p->out_d[1] == 50);
  /* The three timers are separate. */
  CHECK(wasig_getitimer(p, WASIG_ITIMER_VIRTUAL, 0) == 0);
  CHECK(p->out_d[0] == 0 && p->out_d[1] == 0);
  CHECK(wasig_timer_due(p, WASIG_ITIMER_PROF) == -1);
}

static void test_setitimer_rounds_up_to_us(wasig_proc *p) {
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 0, 1.2, 2.5) == 0);
  CHECK(wasig_getitimer(p, WASIG_ITIMER_REAL, 0) == 0);
  CHECK(p->out_d[0] == 2 && p->out_d[1] == 3);
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 0, 0.0001, 0.0001) == 0);
  CHECK(wasig_timer_due(p, WASIG_ITIMER_REAL) == 1);
  CHECK(wasig_getitimer(p, WASIG_ITIMER_REAL, 0) == 0);
  CHECK(p->out_d[0] == 1 && p->out_d[1] == 1);
  /* Whole values stay. */
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 0, 7, 9) == 0);
  CHECK(wasig_getitimer(p, WASIG_ITIMER_REAL, 0) == 0);
  CHECK(p->out_d[0] == 7 && p->out_d[1] == 9);
}

static void test_setitimer_1us_arms(wasig_proc *p) {
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 500, 1, 0) == 0);
  CHECK(wasig_timer_due(p, WASIG_ITIMER_REAL) == 501);
  CHECK(wasig_timer_expire(p, WASIG_ITIMER_REAL, 500) == 0);
  CHECK(wasig_timer_expire(p, WASIG_ITIMER_REAL, 501) == 1);
  CHECK(p->pending == B(WASIG_SIGALRM));
}

static void test_setitimer_einval(wasig_proc *p) {
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 0, 100, 10) == 0);
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 0, -1, 0) == -WASIG_EINVAL);
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 0, 1, -0.5) == -WASIG_EINVAL);
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 0, NAN, 0) == -WASIG_EINVAL);
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 0, 1, NAN) == -WASIG_EINVAL);
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, NAN, 1, 0) == -WASIG_EINVAL);
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 0, INFINITY, 0) == -WASIG_EINVAL);
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, -5, 1, 0) == -WASIG_EINVAL);
  CHECK(wasig_setitimer(p, 3, 0, 1, 0) == -WASIG_EINVAL);
  CHECK(wasig_setitimer(p, -1, 0, 1, 0) == -WASIG_EINVAL);
  CHECK(wasig_getitimer(p, 3, 0) == -WASIG_EINVAL);
  CHECK(wasig_getitimer(p, WASIG_ITIMER_REAL, NAN) == -WASIG_EINVAL);
  CHECK(wasig_timer_due(p, 5) == -1);
  CHECK(wasig_timer_expire(p, 5, 1e9) == 0);
  /* Unchanged by the failures. */
  CHECK(wasig_getitimer(p, WASIG_ITIMER_REAL, 0) == 0);
  CHECK(p->out_d[0] == 100 && p->out_d[1] == 10);
}

static void test_timer_expire_oneshot(wasig_proc *p) {
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 0, 100, 0) == 0);
  CHECK(wasig_timer_expire(p, WASIG_ITIMER_REAL, 99) == 0);
  CHECK(p->pending == 0);
  CHECK(wasig_timer_expire(p, WASIG_ITIMER_REAL, 250) == 1);
  CHECK(wasig_timer_due(p, WASIG_ITIMER_REAL) == -1);
  CHECK(wasig_getitimer(p, WASIG_ITIMER_REAL, 250) == 0);
  CHECK(p->out_d[0] == 0 && p->out_d[1] == 0);
  CHECK(wasig_timer_expire(p, WASIG_ITIMER_REAL, 1000) == 0);
  CHECK(wasig_next(p) == WASIG_SIGALRM);
  CHECK(p->out.signo == WASIG_SIGALRM && p->out.code == WASIG_SI_KERNEL);
  CHECK(p->last_action == WASIG_ACT_TERM);
}

static void test_timer_expire_interval_overrun(wasig_proc *p) {
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 0, 100, 10) == 0);
  /* Expirations at 100, 110, 120, 130 have passed at 135. */
  CHECK(wasig_timer_expire(p, WASIG_ITIMER_REAL, 135) == 4);
  CHECK(wasig_timer_due(p, WASIG_ITIMER_REAL) == 140);
  CHECK(wasig_queued(p, WASIG_SIGALRM) == 1);
  CHECK(wasig_timer_expire(p, WASIG_ITIMER_REAL, 139) == 0);
  /* Exactly on a boundary: 140 and 150 both count. */
  CHECK(wasig_timer_expire(p, WASIG_ITIMER_REAL, 150) == 2);
  CHECK(wasig_timer_due(p, WASIG_ITIMER_REAL) == 160);
  /* The signal coalesced. */
  CHECK(wasig_queued(p, WASIG_SIGALRM) == 1);
  CHECK(wasig_getitimer(p, WASIG_ITIMER_REAL, 155) == 0);
  CHECK(p->out_d[0] == 5 && p->out_d[1] == 10);
}

static void test_timer_signals_per_which(wasig_proc *p) {
  CHECK(wasig_setitimer(p, WASIG_ITIMER_VIRTUAL, 0, 10, 0) == 0);
  CHECK(wasig_setitimer(p, WASIG_ITIMER_PROF, 0, 20, 0) == 0);
  CHECK(wasig_timer_expire(p, WASIG_ITIMER_VIRTUAL, 10) == 1);
  CHECK(p->pending == B(WASIG_SIGVTALRM));
  CHECK(wasig_timer_expire(p, WASIG_ITIMER_PROF, 30) == 1);
  CHECK(p->pending == (B(WASIG_SIGVTALRM) | B(WASIG_SIGPROF)));
  CHECK(wasig_timer_due(p, WASIG_ITIMER_REAL) == -1);
}

static void test_timer_disarm(wasig_proc *p) {
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 0, 100, 10) == 0);
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 30, 0, 10) == 0);
  CHECK(p->out_d[0] == 70 && p->out_d[1] == 10);
  CHECK(wasig_timer_due(p, WASIG_ITIMER_REAL) == -1);
  CHECK(wasig_timer_expire(p, WASIG_ITIMER_REAL, 1e6) == 0);
  CHECK(p->pending == 0);
  CHECK(wasig_getitimer(p, WASIG_ITIMER_REAL, 40) == 0);
  CHECK(p->out_d[0] == 0);
}

static void test_getitimer_due_reports_1us(wasig_proc *p) {
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 0, 100, 0) == 0);
  CHECK(wasig_getitimer(p, WASIG_ITIMER_REAL, 100) == 0);
  CHECK(p->out_d[0] == 1);
  CHECK(wasig_getitimer(p, WASIG_ITIMER_REAL, 5000) == 0);
  CHECK(p->out_d[0] == 1);
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 6000, 0, 0) == 0);
  CHECK(p->out_d[0] == 1);
}

static void test_timer_never_fires_early_with_fractional_now(wasig_proc *p) {
  /* POSIX setitimer: the timer shall not expire before the requested time.
   * Armed at 10.5 us for 1 us, it may not fire at 11.0 us. */
  CHECK(wasig_setitimer(p, WASIG_ITIMER_REAL, 10.5, 1, 0) == 0);
  CHECK(wasig_timer_due(p, WASIG_ITIMER_REAL) >= 11.5);
  CHECK(wasig_timer_expire(p, WASIG_ITIMER_REAL, 11.0) == 0);
}

static void test_alarm_rounding(wasig_proc *p) {
  /* Linux alarm_setitimer(): nearest second, at least 1 while pending. */
  CHECK(wasig_alarm(p, 0, 10) == 0);
  CHECK(wasig_timer_due(p, WASIG_ITIMER_REAL) == 10e6);
  CHECK(wasig_alarm(p, 7.5e6, 10) == 3);       /* 2.5 s left: up */
  CHECK(wasig_alarm(p, 15000001, 10) == 2);    /* 2.499999 s left: down */
  CHECK(wasig_alarm(p, 20000001, 5) == 5);     /* exactly 5 s left */
  CHECK(wasig_alarm(p, 21300001, 5) == 4);     /* 3.7 s left */
  CHECK(wasig_alarm(p, 22600001, 5) == 4);     /* 3.7 s left again */
  CHECK(wasig_alarm(p, 27400001, 5) == 0 + 1); /* 0.2 s left: 1, never 0 */
  CHECK(wasig_alarm(p, 32400000, 0) == 1);     /* 1 us left */
  CHECK(wasig_timer_due(p, WASIG_ITIMER_REAL) == -1);
  CHECK(wasig_alarm(p, 40e6, 0) == 0);
}

static void test_alarm_due_and_cancel(wasig_proc *p) {
  CHECK(wasig_alarm(p, 0, 1) == 0);
  /* Due but not yet expired: 1 us left, reported as 1 second. */
  CHECK(wasig_alarm(p, 3e6, 2) == 1);
  CHECK(wasig_timer_expire(p, WASIG_ITIMER_REAL, 5e6) == 1);
  CHECK(wasig_next(p) == WASIG_SIGALRM);
  CHECK(wasig_alarm(p, 6e6, 0) == 0);
  CHECK(wasig_alarm(p, NAN, 1) == 0 && wasig_timer_due(p, WASIG_ITIMER_REAL) < 0);
  CHECK(wasig_alarm(p, 0, 4000000000u) == 0);
  CHECK((uint32_t)wasig_alarm(p, 0, 0) == 4000000000u);
}

/* ---- the mailbox ------------------------------------------------------------ */

static void test_mailbox_check_drains(wasig_proc *p) {
  post(p, WASIG_SIGUSR1, WASIG_SI_USER, 1);
  post(p, RT(0), WASIG_SI_QUEUE, 7);
  post(p, RT(0), WASIG_SI_QUEUE, 8);
  post(p, WASIG_SIGUSR1, WASIG_SI_USER, 2);
  CHECK(p->pending == 0);
  CHECK(wasig_check(p) == 1);
  CHECK(p->mb.tail == p->mb.head && p->mb.head == 4);
  CHECK(p->pending == (B(WASIG_SIGUSR1) | B(RT(0))));
  CHECK(wasig_queued(p, RT(0)) == 2);
  CHECK(wasig_next(p) == WASIG_SIGUSR1);
  CHECK(p->out.value == 1 && p->out.pid == 77 && p->out.uid == 1001 &&
        p->out.code == WASIG_SI_USER);
  CHECK(wasig_next(p) == RT(0) && p->out.value == 7);
  CHECK(wasig_next(p) == RT(0) && p->out.value == 8);
  CHECK(wasig_next(p) == 0);
}

static void test_mailbox_untripped_check_does_nothing(wasig_proc *p) {
  post(p, WASIG_SIGUSR1, WASIG_SI_USER, 1);
  p->mb.tripped = 0; /* producer has not flagged yet */
  CHECK(wasig_check(p) == 0);
  CHECK(p->mb.tail == 0 && p->pending == 0);
  /* wasig_drain moves it regardless. */
  wasig_drain(p);
  CHECK(p->mb.tail == 1 && p->pending == B(WASIG_SIGUSR1));
}

static void test_mailbox_rt_full_stays_in_ring(wasig_proc *p) {
  for (int32_t i = 0; i < WASIG_RTQ_MAX; i++) CHECK(send(p, RT(1), i) == 0);
  CHECK(wasig_check(p) == 1);
  post(p, RT(0), WASIG_SI_QUEUE, 99);
  post(p, RT(0), WASIG_SI_QUEUE, 100);
  CHECK(wasig_check(p) == 1);
  /* The records that do not fit stay in the ring, in order: the tail does
   * not pass them. The safe point is not told to come back while the queue
   * is full (a waiter would spin), only when it has room. */
  CHECK(p->mb.head == 2);
  CHECK(p->mb.head - p->mb.tail == 2);
  CHECK(p->mb.ring[p->mb.tail % WASIG_RING_MAX].signo == RT(0));
  CHECK(p->mb.ring[p->mb.tail % WASIG_RING_MAX].value == 99);
  CHECK(p->mb.ring[(p->mb.tail + 1) % WASIG_RING_MAX].value == 100);
  CHECK(tripped(p) == 0);
  CHECK(wasig_queued(p, RT(0)) == 0);
  CHECK(p->rtq_len == WASIG_RTQ_MAX);
  /* Still full: a safe point that comes back finds them still there. */
  wasig_rearm(p);
  CHECK(wasig_check(p) == 1);
  CHECK(p->mb.head - p->mb.tail == 2 && tripped(p) == 0);
  /* One slot frees (sigwait): that trips, the first moves, the second stays. */
  CHECK(take(p, B(RT(1))) == RT(1) && p->out.value == 0);
  CHECK(tripped(p) == 1);
  CHECK(wasig_check(p) == 1);
  CHECK(p->mb.head - p->mb.tail == 1);
  CHECK(p->mb.ring[p->mb.tail % WASIG_RING_MAX].value == 100);
  CHECK(wasig_queued(p, RT(0)) == 1);
  CHECK(take(p, B(RT(1))) == RT(1));
  CHECK(wasig_check(p) == 1);
  CHECK(p->mb.tail == p->mb.head);
  CHECK(wasig_next(p) == RT(0) && p->out.value == 99);
  CHECK(wasig_next(p) == RT(0) && p->out.value == 100);
}

static void test_mailbox_full_rt_queue_passes_standard_signals(wasig_proc *p) {
  /* Linux: a full realtime queue fails only realtime senders; standard
   * signals posted behind a held realtime record still arrive. */
  for (int32_t i = 0; i < WASIG_RTQ_MAX; i++) CHECK(send(p, RT(1), i) == 0);
  post(p, RT(0), WASIG_SI_QUEUE, 99);
  post(p, WASIG_SIGUSR1, WASIG_SI_USER, 5);
  CHECK(wasig_check(p) == 1);
  CHECK(p->pending & B(WASIG_SIGUSR1));
  CHECK(wasig_next(p) == WASIG_SIGUSR1 && p->out.value == 5);
  CHECK(wasig_queued(p, RT(0)) == 0);
  CHECK(p->mb.head - p->mb.tail == 1);
}

static void test_mailbox_full_rt_queue_does_not_hold_back_sigkill(wasig_proc *p) {
  /* Linux: a full realtime queue fails only the realtime sender (EAGAIN);
   * SIGKILL is never held back. Here the guest keeps its realtime signals
   * blocked and never takes them, so the stuck RT record would stay first in
   * the ring forever, and everything posted behind it -- SIGKILL included --
   * would never arrive (and, once the ring fills, be refused). */
  CHECK(mask(p, WASIG_SIG_BLOCK, (uint64_t)0xffffffffu << 32) == 0);
  for (int32_t i = 0; i < WASIG_RTQ_MAX; i++) CHECK(send(p, RT(6), i) == 0);
  post(p, RT(0), WASIG_SI_QUEUE, 1);
  post(p, WASIG_SIGKILL, WASIG_SI_USER, 0);
  CHECK(wasig_check(p) == 1);
  CHECK(wasig_next(p) == WASIG_SIGKILL);
  CHECK(p->last_action == WASIG_ACT_TERM);
}

static void test_mailbox_ring_wraparound(wasig_proc *p) {
  p->mb.head = p->mb.tail = UINT32_MAX - 1;
  for (int32_t i = 0; i < 4; i++) post(p, RT(3), WASIG_SI_QUEUE, 100 + i);
  CHECK(p->mb.head == 2);
  CHECK(wasig_check(p) == 1);
  CHECK(p->mb.tail == 2);
  for (int32_t i = 0; i < 4; i++) CHECK(wasig_next(p) == RT(3) && p->out.value == 100 + i);
}

static void test_mailbox_full_ring(wasig_proc *p) {
  for (int32_t i = 0; i < WASIG_RING_MAX; i++) post(p, RT(i % 8), WASIG_SI_QUEUE, i);
  CHECK(p->mb.head - p->mb.tail == WASIG_RING_MAX);
  CHECK(wasig_check(p) == 1);
  CHECK(p->mb.tail == p->mb.head);
  CHECK(p->rtq_len == WASIG_RING_MAX);
  for (int32_t s = 0; s < 8; s++) CHECK(wasig_queued(p, RT(s)) == WASIG_RING_MAX / 8);
}

static void test_mailbox_invalid_and_ignored_records(wasig_proc *p) {
  CHECK(ign(p, WASIG_SIGUSR2) == 0);
  post(p, 0, 0, 0);
  post(p, 200, 0, 0);
  post(p, -5, 0, 0);
  post(p, WASIG_SIGUSR2, 0, 0);
  post(p, WASIG_SIGTERM, 0, 3);
  CHECK(wasig_check(p) == 1);
  CHECK(p->mb.tail == 5);
  CHECK(p->pending == B(WASIG_SIGTERM));
  CHECK(p->rtq_len == 0);
}

static void test_mailbox_keeps_siginfo_fields(wasig_proc *p) {
  /* The ring holds whole siginfo records: a SIGCHLD's si_status (and si_errno,
   * si_band) must reach the handler as the producer wrote them. */
  CHECK(handler(p, WASIG_SIGCHLD, 1, WASIG_SA_SIGINFO, 0) == 0);
  wasig_info r;
  memset(&r, 0, sizeof r);
  r.signo = WASIG_SIGCHLD;
  r.code = 1; /* CLD_EXITED */
  r.err = 0;
  r.pid = 321;
  r.uid = 1000;
  r.status = 42;
  r.band = 0;
  post_full(p, &r);
  memset(&r, 0, sizeof r);
  r.signo = WASIG_SIGIO;
  r.code = 1; /* POLL_IN */
  r.band = 0x41;
  r.err = 5;
  post_full(p, &r);
  CHECK(handler(p, WASIG_SIGIO, 2, WASIG_SA_SIGINFO, 0) == 0);
  CHECK(wasig_check(p) == 1);
  CHECK(wasig_next(p) == WASIG_SIGCHLD);
  CHECK(p->out.pid == 321 && p->out.code == 1);
  CHECK(p->out.status == 42);
  CHECK(mask(p, WASIG_SIG_SETMASK, 0) == 0);
  CHECK(wasig_next(p) == WASIG_SIGIO);
  CHECK(p->out.band == 0x41 && p->out.err == 5);
}


static void test_drain_does_not_retrip(wasig_proc *p) {
  /* The safe point that drains the mailbox also takes what it drained: no
   * second pass is owed for the same records. */
  post(p, WASIG_SIGUSR1, 0, 0);
  CHECK(wasig_check(p) == 1);
  CHECK(wasig_check(p) == 0);
  CHECK(wasig_queued(p, WASIG_SIGUSR1) == 1);
  /* The exported drain, called on its own, does say there is work. */
  post(p, WASIG_SIGUSR2, 0, 0);
  p->mb.tripped = 0;
  wasig_drain(p);
  CHECK(p->mb.tripped == 1);
}

static void test_signals_32_33_queue_as_realtime(wasig_proc *p) {
  /* Linux's realtime range starts at 32 (glibc keeps 32 and 33). */
  CHECK(wasig_sigmask(p, WASIG_SIG_BLOCK, 0, 3) == 0); /* 33, 34 */
  CHECK(wasig_sigmask(p, WASIG_SIG_BLOCK, 0x80000000u, 0) == 0); /* 32 */
  for (int i = 0; i < 3; i++) {
    CHECK(wasig_send(p, 32, WASIG_SI_QUEUE, 1, 1, i) == 0);
    CHECK(wasig_send(p, 33, WASIG_SI_QUEUE, 1, 1, 10 + i) == 0);
  }
  CHECK(wasig_queued(p, 32) == 3 && wasig_queued(p, 33) == 3);
  CHECK(wasig_take(p, 0x80000000u, 1) == 32 && p->out.value == 0);
  CHECK(wasig_take(p, 0x80000000u, 1) == 32 && p->out.value == 1);
}

static void test_full_queue_discards_ignored_realtime_records(wasig_proc *p) {
  /* A full queue holds back realtime records that would queue, not those
   * an ignoring disposition discards anyway. */
  CHECK(wasig_sigmask(p, WASIG_SIG_BLOCK, 0, 2) == 0); /* 34 */
  for (int i = 0; i < WASIG_RTQ_MAX; i++) CHECK(wasig_send(p, 34, WASIG_SI_QUEUE, 1, 1, i) == 0);
  CHECK(wasig_set_action(p, 35, WASIG_DISP_IGN, 0, 0, 0, 0) == 0);
  post(p, 35, WASIG_SI_QUEUE, 7);
  CHECK(wasig_check(p) == 1);
  CHECK(p->mb.tail == p->mb.head);
  CHECK(wasig_check(p) == 0);
}

/* ---- the layout table ------------------------------------------------------- */

typedef struct {
  const char *name;
  int32_t value;
} layout_entry;

static const layout_entry *layout_find(const char *name) {
  const layout_entry *e = (const layout_entry *)(const void *)wasig_layout();
  for (int i = 0; i < 4096 && e[i].name; i++)
    if (strcmp(e[i].name, name) == 0) return &e[i];
  return 0;
}

static void test_layout_terminated_unique(wasig_proc *p) {
  (void)p;
  const layout_entry *e = (const layout_entry *)(const void *)wasig_layout();
  CHECK(e != 0);
  int n = 0;
  while (n < 4096 && e[n].name) n++;
  CHECK(n > 0 && n < 4096);
  CHECK(e[n].name == 0);
  for (int i = 0; i < n; i++) {
    CHECK(e[i].name[0] != 0);
    for (int j = i + 1; j < n; j++) CHECK(strcmp(e[i].name, e[j].name) != 0);
  }
}

static void test_layout_offsets_and_constants(wasig_proc *p) {
  (void)p;
#define WANT(n, v) {n, (int32_t)(v)}
#define OFS(n, f) WANT(n, offsetof(wasig_proc, f))
  static const layout_entry want[] = {
      WANT("proc.size", sizeof(wasig_proc)),
      WANT("info.size", sizeof(wasig_info)),
      WANT("ring.max", WASIG_RING_MAX),
      WANT("rtq.max", WASIG_RTQ_MAX),
      OFS("mb.tripped", mb.tripped),
      OFS("mb.wake", mb.wake),
      OFS("mb.head", mb.head),
      OFS("mb.tail", mb.tail),
      OFS("mb.ring", mb.ring),
      OFS("pid", pid),
      OFS("uid", uid),
      OFS("stopped", stopped),
      OFS("wakeup_fd", wakeup_fd),
      OFS("wakeup_flags", wakeup_flags),
      OFS("last_action", last_action),
      OFS("last_handler", last_handler),
      OFS("last_flags", last_flags),
      OFS("blocked", blocked),
      OFS("pending", pending),
      OFS("old_mask", old_mask),
      OFS("out", out),
      OFS("out_d", out_d),
      WANT("info.signo", offsetof(wasig_info, signo)),
      WANT("info.code", offsetof(wasig_info, code)),
      WANT("info.errno", offsetof(wasig_info, err)),
      WANT("info.pid", offsetof(wasig_info, pid)),
      WANT("info.uid", offsetof(wasig_info, uid)),
      WANT("info.status", offsetof(wasig_info, status)),
      WANT("info.band", offsetof(wasig_info, band)),
      WANT("info.value", offsetof(wasig_info, value)),
      WANT("NSIG", 65), WANT("SIGRTMIN", 34), WANT("SIGRTMAX", 64),
      WANT("EINTR", 4), WANT("ESRCH", 3), WANT("EAGAIN", 11), WANT("EINVAL", 22),
      WANT("SI_USER", 0), WANT("SI_KERNEL", 0x80), WANT("SI_QUEUE", -1),
      WANT("SI_TIMER", -2), WANT("SI_TKILL", -6),
      WANT("SA_SIGINFO", 4), WANT("SA_RESTART", 0x10000000), WANT("SA_NODEFER", 0x40000000),
      WANT("SA_RESETHAND", 0x80000000u),
      WANT("DISP_DFL", 0), WANT("DISP_IGN", 1), WANT("DISP_HANDLER", 2),
      WANT("ACT_NONE", 0), WANT("ACT_HANDLER", 1), WANT("ACT_TERM", 2), WANT("ACT_CORE", 3),
      WANT("ACT_STOP", 4), WANT("ACT_CONT", 5), WANT("ACT_IGN", 6), WANT("ACT_RACE", 7),
      WANT("SIG_BLOCK", 0), WANT("SIG_UNBLOCK", 1), WANT("SIG_SETMASK", 2),
      WANT("ITIMER_REAL", 0), WANT("ITIMER_VIRTUAL", 1), WANT("ITIMER_PROF", 2),
  };
#undef OFS
#undef WANT
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    const layout_entry *e = layout_find(want[i].name);
    CHECK_AT(e != 0, want[i].name);
    CHECK_AT(e->value == want[i].value, want[i].name);
  }
  /* The mailbox is first, so a producer knowing only the process address
   * finds it at offset 0. */
  CHECK(offsetof(wasig_proc, mb) == 0);
  CHECK(sizeof(wasig_info) == 32);
}

static void test_layout_lists_every_mailbox_field(wasig_proc *p) {
  (void)p;
  /* The host writes the mailbox in place and reads offsets only from the
   * table (DESIGN.md): every field it touches must be listed. */
  static const struct { const char *name; int32_t off; } mb[] = {
      {"mb.tripped", (int32_t)offsetof(wasig_proc, mb.tripped)},
      {"mb.wake", (int32_t)offsetof(wasig_proc, mb.wake)},
      {"mb.head", (int32_t)offsetof(wasig_proc, mb.head)},
      {"mb.tail", (int32_t)offsetof(wasig_proc, mb.tail)},
      {"mb.ring", (int32_t)offsetof(wasig_proc, mb.ring)},
  };
  for (size_t i = 0; i < sizeof mb / sizeof mb[0]; i++) {
    const layout_entry *e = layout_find(mb[i].name);
    CHECK_AT(e != 0, mb[i].name);
    CHECK_AT(e->value == mb[i].off, mb[i].name);
  }
}

/* ---- wakeup ------------------------------------------------------------------ */

static void test_set_wakeup(wasig_proc *p) {
  CHECK(wasig_set_wakeup(p, 5, 1) == -1);
  CHECK(p->wakeup_fd == 5 && p->wakeup_flags == 1);
  CHECK(wasig_set_wakeup(p, 7, 0) == 5);
  CHECK(wasig_set_wakeup(p, -1, 0) == 7);
  CHECK(p->wakeup_fd == -1);
  CHECK(wasig_set_wakeup(p, -9, 0) == -1);
  CHECK(p->wakeup_fd == -1);
}

/* ---- runner ------------------------------------------------------------------ */

#define T(f) {&(#f)[5], f}
static const struct {
  const char *name;
  void (*fn)(wasig_proc *);
} tests[] = {
    T(test_default_actions_all_64),
    T(test_default_action_einval),
    T(test_proc_init_state),
    T(test_set_get_action_roundtrip),
    T(test_set_action_mask_drops_kill_stop),
    T(test_set_action_einval),
    T(test_get_action_einval),
    T(test_send_einval),
    T(test_send_sets_pending_and_tripped),
    T(test_std_coalesce_keeps_first_info),
    T(test_rt_fifo_per_signal),
    T(test_rt_lowest_signal_first),
    T(test_next_ascending_mixed),
    T(test_rt_queue_bound_eagain),
    T(test_rt_full_new_signal_not_pending),
    T(test_queued_einval),
    T(test_next_handler_applies_mask_and_blocks_self),
    T(test_next_nodefer),
    T(test_next_resethand),
    T(test_next_handler_mask_never_blocks_kill_stop),
    T(test_next_default_actions),
    T(test_next_nothing_deliverable),
    T(test_ignored_discarded_at_generation),
    T(test_ignored_but_blocked_stays_pending),
    T(test_set_ign_discards_pending_blocked),
    T(test_set_ign_discards_rt_records),
    T(test_set_dfl_ignoring_default_discards),
    T(test_set_dfl_sigcont_discards_pending),
    T(test_sigmask_block_unblock_setmask),
    T(test_sigmask_einval),
    T(test_sigmask_never_blocks_kill_stop),
    T(test_unblock_pending_sets_tripped),
    T(test_check_exchanges_tripped),
    T(test_take_blocked_or_not),
    T(test_take_rt_fifo),
    T(test_take_never_kill_stop),
    T(test_sigcont_resumes_and_discards_stops),
    T(test_sigcont_resumes_even_blocked),
    T(test_stop_discards_pending_cont),
    T(test_stopped_delivers_only_kill),
    T(test_stopped_state_blocks_kill_path),
    T(test_stop_signal_with_handler_does_not_stop),
    T(test_sigkill_sigstop_cannot_be_ignored),
    T(test_race_caught_then_dfl),
    T(test_no_race_when_blocked_at_arrival),
    T(test_race_handler_back_dispatches),
    T(test_caught_cleared_by_ign_and_take),
    T(test_setitimer_getitimer_old_values),
    T(test_setitimer_rounds_up_to_us),
    T(test_setitimer_1us_arms),
    T(test_setitimer_einval),
    T(test_timer_expire_oneshot),
    T(test_timer_expire_interval_overrun),
    T(test_timer_signals_per_which),
    T(test_timer_disarm),
    T(test_getitimer_due_reports_1us),
    T(test_timer_never_fires_early_with_fractional_now),
    T(test_alarm_rounding),
    T(test_alarm_due_and_cancel),
    T(test_mailbox_check_drains),
    T(test_mailbox_untripped_check_does_nothing),
    T(test_mailbox_rt_full_stays_in_ring),
    T(test_mailbox_full_rt_queue_passes_standard_signals),
    T(test_mailbox_full_rt_queue_does_not_hold_back_sigkill),
    T(test_mailbox_ring_wraparound),
    T(test_mailbox_full_ring),
    T(test_mailbox_invalid_and_ignored_records),
    T(test_mailbox_keeps_siginfo_fields),
    T(test_drain_does_not_retrip),
    T(test_signals_32_33_queue_as_realtime),
    T(test_full_queue_discards_ignored_realtime_records),
    T(test_layout_terminated_unique),
    T(test_layout_offsets_and_constants),
    T(test_layout_lists_every_mailbox_field),
    T(test_set_wakeup),
    T(test_fatal_set),
};
#undef T

int main(void) {
  int passed = 0, failed = 0;
  for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
    wasig_proc *p = malloc(sizeof *p);
    if (!p) {
      printf("FAIL %s: %s:%d: malloc\n", tests[i].name, __FILE__, __LINE__);
      failed++;
      continue;
    }
    memset(p, 0xAB, sizeof *p); /* wasig_proc_init must clear everything */
    wasig_proc_init(p, 100, 1000);
    cur_name = tests[i].name;
    cur_failed = 0;
    tests[i].fn(p);
    free(p);
    if (cur_failed)
      failed++;
    else
      passed++;
  }
  printf("%d passed, %d failed\n", passed, failed);
  fflush(stdout);
  return failed > 0;
}
