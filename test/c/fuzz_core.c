/* libFuzzer harness for the wasig core.
 *
 * The input is a program: a sequence of core operations (send, set_action,
 * sigmask, next, take, check, drain, mailbox posts as a producer thread would
 * write them, itimers with arbitrary doubles, alarm, ...). Before each
 * operation the whole process struct is copied; after it, the result is
 * checked against that copy (what the operation may and must change) and the
 * global invariants are checked. Any violation prints what failed and aborts.
 *
 * Global invariants (check_invariants): a realtime signal is pending iff it
 * has at least one queued record, and every queued record is a realtime
 * signal; rtq_len <= WASIG_RTQ_MAX; SIGKILL/SIGSTOP are never blocked, never
 * in an sa_mask, never given an action; mb.tail never passes mb.head and the
 * ring never holds more than WASIG_RING_MAX; caught is a subset of pending;
 * SIGCONT and a stop signal are never pending together; timers are armed
 * (deadline >= 0) or exactly disarmed (-1); wasig_deliverable agrees with the
 * state.
 * Per operation (against the copy): next returns the lowest signal that was
 * pending, unblocked (only SIGKILL when stopped) before the call, with the
 * first queued record (realtime, FIFO) or the first siginfo (standard), and
 * the action, mask and SA_RESETHAND effects of the disposition it had; take
 * likewise for its set, never SIGKILL/SIGSTOP; send: EINVAL changes nothing,
 * EAGAIN only with a full queue and loses nothing, ignored signals are
 * discarded, SIGCONT/stop side effects; drain loses no record and leaves in
 * the ring, in order, only realtime records that found the queue full (with
 * tripped set), and whole siginfo records reach the queue; check exchanges
 * tripped; itimers round up and never arm
 * before now + value; alarm rounds as Linux alarm_setitimer(); invalid
 * arguments leave the struct byte for byte unchanged.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boundary.h"

#define B(s) ((uint64_t)1 << ((s) - 1))
#define KILLSTOP (B(WASIG_SIGKILL) | B(WASIG_SIGSTOP))
#define STOPS (B(WASIG_SIGSTOP) | B(WASIG_SIGTSTP) | B(WASIG_SIGTTIN) | B(WASIG_SIGTTOU))
#define MAX_OPS 4000

static wasig_proc *p;
static wasig_proc pre; /* the state before the current operation */
static int op_index, op_code;

#define REQUIRE(c)                                                                     \
  do {                                                                                 \
    if (!(c)) {                                                                        \
      fprintf(stderr, "wasig fuzz: invariant failed: %s (%s:%d), op #%d code %d\n", #c, \
              __FILE__, __LINE__, op_index, op_code);                                  \
      abort();                                                                         \
    }                                                                                  \
  } while (0)

/* ---- input ------------------------------------------------------------------ */

static const uint8_t *in_data;
static size_t in_len, in_pos;

static uint8_t u8(void) { return in_pos < in_len ? in_data[in_pos++] : 0; }
static uint32_t u32(void) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) v |= (uint32_t)u8() << (8 * i);
  return v;
}
static int32_t i32(void) { return (int32_t)u32(); }
static uint64_t u64(void) { return (uint64_t)u32() | ((uint64_t)u32() << 32); }

/* Mostly valid signal numbers, sometimes just outside, sometimes anything. */
static int32_t sig_arg(void) {
  /* A few signals often, so that operations meet on the same one. */
  static const int32_t hot[8] = {WASIG_SIGUSR1, WASIG_SIGCHLD, WASIG_SIGCONT, WASIG_SIGSTOP,
                                 WASIG_SIGTSTP, WASIG_SIGKILL, WASIG_SIGRTMIN,
                                 WASIG_SIGRTMIN + 1};
  uint8_t b = u8();
  if (b < 96) return hot[b % 8];
  if (b < 200) return 1 + b % 64;
  if (b < 250) return (int32_t)(b % 8) - 3 + (b & 1 ? 65 : 0); /* -3..4, 62..69 */
  return i32();
}

static uint64_t mask_arg(void) {
  uint8_t b = u8();
  switch (b % 8) {
    case 0: return B(1 + u8() % 64);
    case 1: return u64();
    case 2: return 0;
    case 3: return ~(uint64_t)0;
    case 4: return B(1 + u8() % 64) | B(1 + u8() % 64);
    case 5: return (uint64_t)u32(); /* standard signals */
    case 6: return (uint64_t)u32() << 32;
    default: return B(1 + (b >> 3) % 32); /* one standard signal, no extra byte */
  }
}

static double now_clock; /* a monotonic virtual clock, in us */

static double time_arg(void) {
  uint8_t m = u8();
  switch (m % 8) {
    case 0: {
      uint64_t bits = u64();
      double d;
      memcpy(&d, &bits, sizeof d);
      return d;
    }
    case 1: return (double)u8();
    case 2: return (double)u32();
    case 3: return (double)u32() + (double)u8() / 256.0;
    case 4: {
      static const double special[] = {0.0, -0.0, -1.0, -1e-9, 1e-9, 0.5, 1.0, 1e6,
                                        8.99e15, 9e15, 1e300, NAN, INFINITY, -INFINITY,
                                        4294967296.0, 2147483647.0};
      return special[u8() % (sizeof special / sizeof special[0])];
    }
    default: return (double)(u32() % 2000000) + (m & 0x80 ? 0.25 : 0.0);
  }
}

static double now_arg(void) {
  uint8_t m = u8();
  if (m < 224) {
    now_clock += (double)(m % 32) * ((m & 0x20) ? 1000.0 : 1.0) + ((m & 0x40) ? 0.5 : 0.0);
    return now_clock;
  }
  return time_arg();
}

/* ---- model helpers ---------------------------------------------------------------- */

static int valid(int32_t s) { return s >= 1 && s < WASIG_NSIG; }
/* The kernel's realtime range: 32 and 33 queue too (glibc keeps them). */
static int is_rt(int32_t s) { return s >= 32 && s <= WASIG_SIGRTMAX; }
static int lowest(uint64_t set) { return set ? __builtin_ctzll(set) + 1 : 0; }
static int bad_time(double us) { return !(us >= 0 && us < 9.0e15); }

static int info_eq(const wasig_info *a, const wasig_info *b) { return memcmp(a, b, sizeof *a) == 0; }

static int count_rt(const wasig_proc *q, int32_t s) {
  int n = 0;
  for (uint32_t i = 0; i < q->rtq_len; i++) n += q->rtq[i].signo == s;
  return n;
}

static int first_rt(const wasig_proc *q, int32_t s) {
  for (uint32_t i = 0; i < q->rtq_len; i++)
    if (q->rtq[i].signo == s) return (int)i;
  return -1;
}

static int unchanged(void) { return memcmp(&pre, p, sizeof pre) == 0; }

/* Linux sig_kernel_ignore(): SIG_DFL ignores SIGCHLD, SIGURG, SIGWINCH and
 * SIGCONT (whose resuming happens at generation). */
static int ignoring_default(int32_t s) {
  return wasig_default_action(s) == WASIG_ACT_IGN || s == WASIG_SIGCONT;
}

/* ---- global invariants ------------------------------------------------------------ */

static void check_invariants(void) {
  REQUIRE(p->rtq_len <= WASIG_RTQ_MAX);
  for (uint32_t i = 0; i < p->rtq_len; i++) REQUIRE(is_rt(p->rtq[i].signo));

  uint32_t counts[WASIG_NSIG] = {0};
  for (uint32_t i = 0; i < p->rtq_len; i++) counts[p->rtq[i].signo]++;
  for (int32_t s = 32; s <= WASIG_SIGRTMAX; s++)
    REQUIRE(((p->pending & B(s)) != 0) == (counts[s] > 0));
  REQUIRE((p->blocked & KILLSTOP) == 0);
  REQUIRE((uint32_t)(p->mb.head - p->mb.tail) <= WASIG_RING_MAX);
  REQUIRE((p->caught & ~p->pending) == 0);
  REQUIRE(p->stopped == 0 || p->stopped == 1);
  /* SIGCONT and stop signals discard each other at generation. */
  REQUIRE(!((p->pending & B(WASIG_SIGCONT)) && (p->pending & STOPS)));
  for (int32_t s = 1; s < WASIG_NSIG; s++) {
    const wasig_action *a = &p->act[s];
    REQUIRE(a->kind >= WASIG_DISP_DFL && a->kind <= WASIG_DISP_HANDLER);
    REQUIRE((a->mask & KILLSTOP) == 0);
    if (a->kind != WASIG_DISP_HANDLER) REQUIRE(a->handler == 0);
  }
  REQUIRE(p->act[WASIG_SIGKILL].kind == WASIG_DISP_DFL);
  REQUIRE(p->act[WASIG_SIGSTOP].kind == WASIG_DISP_DFL);
  for (int w = 0; w < 3; w++) {
    REQUIRE(p->timers[w].deadline_us >= -1);
    REQUIRE(p->timers[w].interval_us >= 0);
    if (p->timers[w].deadline_us < 0) REQUIRE(wasig_timer_due(p, w) == -1);
  }
  REQUIRE(wasig_deliverable(p) ==
          ((p->pending & ~p->blocked & (p->stopped ? B(WASIG_SIGKILL) : ~(uint64_t)0)) != 0));
}

/* ---- operations --------------------------------------------------------------------- */

static void op_send(int32_t sig, int32_t code, int32_t pid, int32_t uid, int32_t value) {
  int32_t r = wasig_send(p, sig, code, pid, uid, value);
  if (!valid(sig)) {
    REQUIRE(r == -WASIG_EINVAL);
    REQUIRE(unchanged());
    return;
  }
  uint64_t bit = B(sig);
  REQUIRE(r == 0 || r == 1 || r == -WASIG_EAGAIN);
  if (sig == WASIG_SIGCONT) {
    REQUIRE(p->stopped == 0);
    REQUIRE((p->pending & STOPS) == 0);
  }
  if (sig == WASIG_SIGKILL) REQUIRE(p->stopped == 0);
  if (bit & STOPS) REQUIRE((p->pending & B(WASIG_SIGCONT)) == 0);
  if (sig == WASIG_SIGKILL || sig == WASIG_SIGSTOP) REQUIRE(r == 0);

  const wasig_action *a = &pre.act[sig];
  int ignored = !(pre.blocked & bit) &&
                (a->kind == WASIG_DISP_IGN ||
                 (a->kind == WASIG_DISP_DFL && ignoring_default(sig)));
  if (ignored) {
    REQUIRE(r == 1);
    REQUIRE((p->pending & bit) == 0 || (pre.pending & bit));
    REQUIRE(p->rtq_len <= pre.rtq_len);
    return;
  }
  if (r == -WASIG_EAGAIN) {
    /* Nothing already queued is lost, nothing new was queued. */
    REQUIRE(is_rt(sig));
    REQUIRE(pre.rtq_len == WASIG_RTQ_MAX);
    REQUIRE(p->rtq_len == WASIG_RTQ_MAX);
    REQUIRE(memcmp(p->rtq, pre.rtq, sizeof pre.rtq) == 0);
    REQUIRE((p->pending & bit) == (pre.pending & bit));
    return;
  }
  REQUIRE(r == 0);
  REQUIRE(p->pending & bit);
  REQUIRE(p->mb.tripped == 1);
  if (is_rt(sig)) {
    REQUIRE(p->rtq_len == pre.rtq_len + 1);
    REQUIRE(memcmp(p->rtq, pre.rtq, pre.rtq_len * sizeof(wasig_info)) == 0);
    const wasig_info *last = &p->rtq[p->rtq_len - 1];
    REQUIRE(last->signo == sig && last->code == code && last->pid == pid && last->uid == uid &&
            last->value == value);
  } else {
    REQUIRE(p->rtq_len == pre.rtq_len);
    if (pre.pending & bit) {
      REQUIRE(info_eq(&p->std_info[sig], &pre.std_info[sig])); /* the first one stays */
    } else {
      const wasig_info *i = &p->std_info[sig];
      REQUIRE(i->signo == sig && i->code == code && i->pid == pid && i->uid == uid &&
              i->value == value);
    }
  }
  if (!(pre.blocked & bit) && a->kind == WASIG_DISP_HANDLER) REQUIRE(p->caught & bit);
}

static void set_action_checked(int32_t sig, int32_t kind, int32_t h, uint32_t flags, uint64_t m) {
  int32_t r = wasig_set_action(p, sig, kind, h, flags, (uint32_t)m, (uint32_t)(m >> 32));
  if (!valid(sig) || kind < 0 || kind > 2 || sig == WASIG_SIGKILL || sig == WASIG_SIGSTOP) {
    REQUIRE(r == -WASIG_EINVAL);
    REQUIRE(unchanged());
    return;
  }
  REQUIRE(r == 0);
  REQUIRE(wasig_get_action(p, sig, 0) == kind);
  REQUIRE(wasig_get_action(p, sig, 1) == (kind == WASIG_DISP_HANDLER ? h : 0));
  REQUIRE((uint32_t)wasig_get_action(p, sig, 2) == flags);
  REQUIRE((uint32_t)wasig_get_action(p, sig, 3) == (uint32_t)(m & ~KILLSTOP));
  REQUIRE((uint32_t)wasig_get_action(p, sig, 4) == (uint32_t)((m & ~KILLSTOP) >> 32));
  REQUIRE(p->blocked == pre.blocked);
  /* POSIX (and Linux do_sigaction): an ignoring action discards the pending
   * signal, blocked or not. */
  if (kind == WASIG_DISP_IGN || (kind == WASIG_DISP_DFL && ignoring_default(sig))) {
    REQUIRE((p->pending & B(sig)) == 0);
    REQUIRE(count_rt(p, sig) == 0);
    REQUIRE(p->rtq_len == pre.rtq_len - (uint32_t)count_rt(&pre, sig));
  } else {
    REQUIRE(p->pending == pre.pending);
    REQUIRE(p->rtq_len == pre.rtq_len);
  }
}

static int32_t kind_arg(void) {
  uint8_t kb = u8();
  return kb < 240 ? kb % 3 : (int32_t)(kb % 8) - 4;
}

/* Handler word and flags: the interesting bits from one byte, or raw. */
static void handler_args(int32_t *h, uint32_t *flags) {
  uint8_t fb = u8();
  *h = fb & 0x80 ? i32() : 1 + (fb & 3);
  *flags = 0;
  if (fb & 0x04) *flags |= WASIG_SA_SIGINFO;
  if (fb & 0x08) *flags |= WASIG_SA_NODEFER;
  if (fb & 0x10) *flags |= WASIG_SA_RESETHAND;
  if (fb & 0x20) *flags |= WASIG_SA_RESTART;
  if (fb & 0x40) *flags = u32();
}

static void op_set_action(void) {
  int32_t sig = sig_arg();
  int32_t kind = kind_arg();
  int32_t h;
  uint32_t flags;
  handler_args(&h, &flags);
  set_action_checked(sig, kind, h, flags, mask_arg());
}

static void op_sigmask(void) {
  uint8_t hb = u8();
  int32_t how = hb < 240 ? hb % 3 : (int32_t)(hb % 8) - 4;
  uint64_t set = mask_arg();
  int32_t r = wasig_sigmask(p, how, (uint32_t)set, (uint32_t)(set >> 32));
  uint64_t want;
  switch (how) {
    case WASIG_SIG_BLOCK: want = pre.blocked | set; break;
    case WASIG_SIG_UNBLOCK: want = pre.blocked & ~set; break;
    case WASIG_SIG_SETMASK: want = set; break;
    default:
      REQUIRE(r == -WASIG_EINVAL);
      REQUIRE(unchanged());
      return;
  }
  REQUIRE(r == 0);
  REQUIRE(p->blocked == (want & ~KILLSTOP));
  REQUIRE(p->old_mask == pre.blocked);
  REQUIRE(p->pending == pre.pending);
  if (wasig_deliverable(p)) REQUIRE(p->mb.tripped == 1);
}

/* What one removal of sig from the pending state must look like. */
static void check_dequeued(int32_t sig) {
  uint64_t bit = B(sig);
  REQUIRE(p->out.signo == sig);
  if (is_rt(sig)) {
    int i = first_rt(&pre, sig);
    REQUIRE(i >= 0);
    REQUIRE(info_eq(&p->out, &pre.rtq[i]));
    REQUIRE(p->rtq_len == pre.rtq_len - 1);
    /* The rest keeps its order. */
    REQUIRE(memcmp(p->rtq, pre.rtq, (size_t)i * sizeof(wasig_info)) == 0);
    REQUIRE(memcmp(&p->rtq[i], &pre.rtq[i + 1], (pre.rtq_len - (uint32_t)i - 1) * sizeof(wasig_info)) == 0);
    REQUIRE(((p->pending & bit) != 0) == (count_rt(&pre, sig) > 1));
    /* Room in the queue: records held in the ring may move now. */
    if (p->mb.head != p->mb.tail) REQUIRE(p->mb.tripped == 1);
  } else {
    REQUIRE(info_eq(&p->out, &pre.std_info[sig]));
    REQUIRE((p->pending & bit) == 0);
    REQUIRE(p->rtq_len == pre.rtq_len);
  }
  REQUIRE((p->pending & ~bit) == (pre.pending & ~bit));
}

static void op_next(void) {
  uint64_t dl = pre.pending & ~pre.blocked;
  if (pre.stopped) dl &= B(WASIG_SIGKILL);
  int32_t want = lowest(dl);
  int32_t sig = wasig_next(p);
  /* A signal returned was pending and unblocked before the call, and the
   * lowest such. */
  REQUIRE(sig == want);
  if (!sig) {
    REQUIRE(p->last_action == WASIG_ACT_NONE);
    pre.last_action = WASIG_ACT_NONE;
    REQUIRE(unchanged());
    return;
  }
  uint64_t bit = B(sig);
  REQUIRE(pre.pending & bit);
  REQUIRE(!(pre.blocked & bit));
  check_dequeued(sig);
  const wasig_action *a = &pre.act[sig];
  if (a->kind == WASIG_DISP_HANDLER) {
    REQUIRE(p->last_action == WASIG_ACT_HANDLER);
    REQUIRE(p->last_handler == a->handler);
    REQUIRE(p->last_flags == a->flags);
    REQUIRE(p->old_mask == pre.blocked);
    uint64_t nb = pre.blocked | a->mask | ((a->flags & WASIG_SA_NODEFER) ? 0 : bit);
    REQUIRE(p->blocked == (nb & ~KILLSTOP));
    if (a->flags & WASIG_SA_RESETHAND) {
      REQUIRE(p->act[sig].kind == WASIG_DISP_DFL);
      REQUIRE(p->act[sig].handler == 0);
      REQUIRE((p->act[sig].flags & WASIG_SA_SIGINFO) == 0);
    } else {
      REQUIRE(memcmp(&p->act[sig], a, sizeof *a) == 0);
    }
  } else {
    REQUIRE(p->blocked == pre.blocked);
    if (a->kind == WASIG_DISP_IGN)
      REQUIRE(p->last_action == WASIG_ACT_IGN);
    else if (pre.caught & bit)
      REQUIRE(p->last_action == WASIG_ACT_RACE);
    else
      REQUIRE(p->last_action == wasig_default_action(sig));
    if (p->last_action == WASIG_ACT_STOP) REQUIRE(p->stopped == 1);
  }
  if (!(p->pending & bit)) REQUIRE(!(p->caught & bit));
}

static void op_take(void) {
  uint64_t set = mask_arg();
  int32_t want = lowest(set & ~KILLSTOP & pre.pending);
  int32_t sig = wasig_take(p, (uint32_t)set, (uint32_t)(set >> 32));
  REQUIRE(sig == want);
  if (!sig) {
    REQUIRE(unchanged());
    return;
  }
  check_dequeued(sig);
  REQUIRE(p->blocked == pre.blocked);
  REQUIRE(memcmp(p->act, pre.act, sizeof pre.act) == 0);
  REQUIRE(p->stopped == pre.stopped);
}

static int ignored_rt(const wasig_proc *q, int32_t s) {
  return !(q->blocked & B(s)) && q->act[s].kind == WASIG_DISP_IGN;
}

static void check_drained(void) {
  uint32_t backlog = pre.mb.head - pre.mb.tail;
  uint32_t held = p->mb.head - p->mb.tail;
  REQUIRE(p->mb.head == pre.mb.head);
  REQUIRE(held <= backlog); /* the tail never moves back */
  /* Every record left in the ring is a realtime one that did not fit: the
   * last `held` realtime records of the backlog, in their order (the queue
   * cannot shrink while draining, so once full it stays full). They do not
   * trip the safe point by themselves (a waiter would spin on them): a
   * dequeue does, once the queue has room. */
  static wasig_info rts[WASIG_RING_MAX];
  uint32_t nrt = 0, want_queued = 0;
  for (uint32_t k = 0; k < backlog; k++) {
    const wasig_info *r = &pre.mb.ring[(pre.mb.tail + k) % WASIG_RING_MAX];
    if (is_rt(r->signo)) rts[nrt++] = *r;
  }
  REQUIRE(held <= nrt);
  for (uint32_t k = 0; k < held; k++) {
    const wasig_info *r = &p->mb.ring[(p->mb.tail + k) % WASIG_RING_MAX];
    REQUIRE(info_eq(r, &rts[nrt - held + k]));
  }
  if (held) REQUIRE(p->rtq_len == WASIG_RTQ_MAX);
  /* Nothing lost on the way in: every realtime record that went through is
   * queued now, unless its signal is ignored (masks and dispositions do not
   * change while draining). */
  for (uint32_t k = 0; k < nrt - held; k++)
    if (!ignored_rt(&pre, rts[k].signo)) want_queued++;
  REQUIRE(p->rtq_len == pre.rtq_len + want_queued);
  /* The queued records are the posted ones, whole. */
  for (uint32_t k = 0, q = pre.rtq_len; k < nrt - held; k++)
    if (!ignored_rt(&pre, rts[k].signo)) REQUIRE(info_eq(&p->rtq[q++], &rts[k]));
  /* A standard signal the drain made pending carries the first posted
   * record, whole (status, band and errno included). */
  uint64_t fresh = p->pending & ~pre.pending & ~(STOPS | B(WASIG_SIGCONT));
  for (int32_t sig = 1; sig < 32; sig++) {
    if (!(fresh & B(sig))) continue;
    uint32_t k = 0;
    while (k < backlog && pre.mb.ring[(pre.mb.tail + k) % WASIG_RING_MAX].signo != sig) k++;
    REQUIRE(k < backlog);
    REQUIRE(info_eq(&p->std_info[sig], &pre.mb.ring[(pre.mb.tail + k) % WASIG_RING_MAX]));
  }
}

static void op_check(void) {
  int32_t r = wasig_check(p);
  REQUIRE(r == (pre.mb.tripped != 0));
  if (!r) {
    REQUIRE(unchanged());
    return;
  }
  check_drained();
  /* Exchanged to 0, and nothing the drain took or held sets it again. */
  REQUIRE(p->mb.tripped == 0);
}

static void op_drain(void) {
  wasig_drain(p);
  check_drained();
}

static void op_post(int n) {
  for (int k = 0; k < n; k++) {
    if ((uint32_t)(p->mb.head - p->mb.tail) >= WASIG_RING_MAX) return; /* producer: full */
    wasig_info *r = &p->mb.ring[p->mb.head % WASIG_RING_MAX];
    r->signo = sig_arg();
    r->code = (int32_t)(int8_t)u8();
    r->err = (int32_t)(int8_t)u8();
    r->pid = i32();
    r->uid = (int32_t)u8();
    r->status = (int32_t)(int8_t)u8();
    r->band = (int32_t)u8();
    r->value = i32();
    __atomic_store_n(&p->mb.head, p->mb.head + 1, __ATOMIC_RELEASE);
    __atomic_store_n(&p->mb.tripped, 1, __ATOMIC_SEQ_CST);
    p->mb.wake++;
  }
}

static int64_t ceil_us(double us) {
  int64_t n = (int64_t)us;
  return (double)n < us ? n + 1 : n;
}

static int64_t remaining_of(const wasig_itimer *t, int64_t now) {
  if (t->deadline_us < 0) return 0;
  int64_t rem = t->deadline_us - now;
  return rem > 0 ? rem : 1;
}

static void op_setitimer(void) {
  uint8_t wb = u8();
  int32_t which = wb < 240 ? wb % 3 : (int32_t)(wb % 8) - 4;
  double now = now_arg(), value = time_arg(), interval = time_arg();
  int32_t r = wasig_setitimer(p, which, now, value, interval);
  if (which < 0 || which > 2 || bad_time(now) || bad_time(value) || bad_time(interval)) {
    REQUIRE(r == -WASIG_EINVAL);
    REQUIRE(memcmp(p->timers, pre.timers, sizeof pre.timers) == 0);
    REQUIRE(p->pending == pre.pending);
    return;
  }
  REQUIRE(r == 0);
  const wasig_itimer *t = &p->timers[which];
  REQUIRE(p->out_d[0] == (double)remaining_of(&pre.timers[which], (int64_t)now));
  REQUIRE(p->out_d[1] == (pre.timers[which].deadline_us < 0 ? 0 : (double)pre.timers[which].interval_us));
  if (value == 0) {
    REQUIRE(t->deadline_us == -1);
  } else {
    /* Armed from the next whole microsecond, value rounded up: never
     * before now + value, and less than 1 us after the next whole one. */
    int64_t from = ceil_us(now);
    REQUIRE(t->deadline_us > (int64_t)now);
    REQUIRE((double)(t->deadline_us - from) >= value);
    REQUIRE((double)(t->deadline_us - from - 1) < value);
    REQUIRE((double)t->interval_us >= interval);
    REQUIRE(t->interval_us == 0 || (double)(t->interval_us - 1) < interval);
  }
  for (int w = 0; w < 3; w++)
    if (w != which) REQUIRE(memcmp(&p->timers[w], &pre.timers[w], sizeof pre.timers[w]) == 0);
}

static void op_getitimer(void) {
  uint8_t wb = u8();
  int32_t which = wb < 240 ? wb % 3 : (int32_t)(wb % 8) - 4;
  double now = now_arg();
  int32_t r = wasig_getitimer(p, which, now);
  if (which < 0 || which > 2 || bad_time(now)) {
    REQUIRE(r == -WASIG_EINVAL);
    REQUIRE(unchanged());
    return;
  }
  REQUIRE(r == 0);
  const wasig_itimer *t = &p->timers[which];
  REQUIRE(p->out_d[0] >= 0);
  if (t->deadline_us >= 0) REQUIRE(p->out_d[0] >= 1);
  else REQUIRE(p->out_d[0] == 0 && p->out_d[1] == 0);
  REQUIRE(memcmp(p->timers, pre.timers, sizeof pre.timers) == 0);
}

static void op_expire(void) {
  uint8_t wb = u8();
  int32_t which = wb < 240 ? wb % 3 : (int32_t)(wb % 8) - 4;
  double now = now_arg();
  int32_t r = wasig_timer_expire(p, which, now);
  REQUIRE(r >= 0);
  if (which < 0 || which > 2 || bad_time(now)) {
    REQUIRE(r == 0);
    REQUIRE(unchanged());
    return;
  }
  const wasig_itimer *t0 = &pre.timers[which], *t = &p->timers[which];
  int64_t n = (int64_t)now;
  if (t0->deadline_us < 0 || t0->deadline_us > n) {
    REQUIRE(r == 0);
    REQUIRE(unchanged());
    return;
  }
  REQUIRE(r >= 1);
  if (t0->interval_us > 0) {
    REQUIRE(t->deadline_us > n);
    REQUIRE(t->deadline_us <= n + t0->interval_us);
    REQUIRE((t->deadline_us - t0->deadline_us) % t0->interval_us == 0);
    int64_t want = (t->deadline_us - t0->deadline_us) / t0->interval_us;
    REQUIRE(r == (want > 0x7fffffff ? 0x7fffffff : want));
  } else {
    REQUIRE(r == 1);
    REQUIRE(t->deadline_us == -1);
  }
  static const int32_t tsig[3] = {WASIG_SIGALRM, WASIG_SIGVTALRM, WASIG_SIGPROF};
  int32_t s = tsig[which];
  const wasig_action *a = &pre.act[s];
  int ignored = !(pre.blocked & B(s)) && a->kind == WASIG_DISP_IGN;
  if (!ignored) REQUIRE(p->pending & B(s));
  if (!(pre.pending & B(s)) && !ignored) REQUIRE(p->std_info[s].code == WASIG_SI_KERNEL);
}

static void op_alarm(void) {
  double now = now_arg();
  uint8_t sb = u8();
  uint32_t seconds = sb < 200 ? sb % 8 : u32();
  uint32_t r = wasig_alarm(p, now, seconds);
  if (bad_time(now)) {
    REQUIRE(r == 0); /* alarm() has no error return */
    REQUIRE(unchanged());
    return;
  }
  int64_t rem = remaining_of(&pre.timers[WASIG_ITIMER_REAL], (int64_t)now);
  int64_t sec = rem / 1000000, usec = rem % 1000000;
  if ((!sec && usec) || usec >= 500000) sec++;
  REQUIRE((uint32_t)r == (uint32_t)sec);
  /* alarm() returns an unsigned int: an old value past 2^32 s (possible
   * only through setitimer) wraps, as it does on Linux. */
  if (rem && sec <= 0xffffffffLL) REQUIRE(r != 0);
  if (seconds == 0) REQUIRE(p->timers[WASIG_ITIMER_REAL].deadline_us == -1);
  else REQUIRE(p->timers[WASIG_ITIMER_REAL].deadline_us == ceil_us(now) + (int64_t)seconds * 1000000);
  REQUIRE(p->timers[WASIG_ITIMER_REAL].interval_us == 0);
}

static void op_query(void) {
  int32_t sig = sig_arg();
  int32_t q = wasig_queued(p, sig);
  int32_t d = wasig_default_action(sig);
  int32_t f = (int32_t)(u8() % 7) - 1;
  int32_t g = wasig_get_action(p, sig, f);
  if (!valid(sig)) {
    REQUIRE(q == -WASIG_EINVAL && d == -WASIG_EINVAL && g == -WASIG_EINVAL);
  } else {
    REQUIRE(q == (is_rt(sig) ? count_rt(p, sig) : (p->pending & B(sig)) != 0));
    /* signal(7) */
    static const char want[65] = "-TTCCCCCCTTCTTTTTIKSSSSICCTTITTCTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT";
    int32_t w = want[sig] == 'T'   ? WASIG_ACT_TERM
                : want[sig] == 'C' ? WASIG_ACT_CORE
                : want[sig] == 'I' ? WASIG_ACT_IGN
                : want[sig] == 'S' ? WASIG_ACT_STOP
                                   : WASIG_ACT_CONT;
    REQUIRE(d == w);
    if (f < 0 || f > 4) REQUIRE(g == -WASIG_EINVAL);
  }
  REQUIRE(unchanged());
}

/* ---- entry ------------------------------------------------------------------------ */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!p) {
    p = malloc(sizeof *p);
    if (!p) abort();
  }
  in_data = data;
  in_len = size;
  in_pos = 0;
  now_clock = 0;
  /* wasig_proc_init clears the struct byte by byte, which coverage
   * instrumentation makes slow: run it once and start every input from a copy
   * of its result. */
  static wasig_proc fresh;
  static int have_fresh;
  if (!have_fresh) {
    memset(p, 0x5A, sizeof *p);
    wasig_proc_init(p, 1, 1000);
    memcpy(&fresh, p, sizeof fresh);
    have_fresh = 1;
  }
  memcpy(p, &fresh, sizeof *p);
  /* Start the ring anywhere, so its indexes wrap within a run. */
  uint32_t start = u8() & 1 ? 0xFFFFFF00u + u8() : u8();
  p->mb.head = p->mb.tail = start;
  check_invariants();

  for (op_index = 0; in_pos < in_len && op_index < MAX_OPS; op_index++) {
    memcpy(&pre, p, sizeof pre);
    op_code = u8() % 21;
    switch (op_code) {
      case 0:
      case 1: {
        /* One detail byte says which siginfo fields follow, so that short
         * inputs can still send many signals. */
        int32_t sig = sig_arg();
        uint8_t d = u8();
        int32_t code = d & 1 ? (int32_t)(int8_t)u8() : WASIG_SI_USER;
        int32_t pid = d & 2 ? i32() : 1;
        int32_t uid = d & 4 ? (int32_t)u8() : 1000;
        int32_t value = d & 8 ? i32() : (int32_t)(d >> 4);
        op_send(sig, code, pid, uid, value);
        break;
      }
      case 2: { /* a burst of realtime signals, to reach the queue bound */
        int32_t sig = WASIG_SIGRTMIN + u8() % 31;
        int n = 1 + u8() * 5;
        /* The full check on the first and last sends only; the ones between
         * are checked by their effect on the queue length. */
        op_send(sig, WASIG_SI_QUEUE, 7, 7, 0);
        for (int k = 1; k < n - 1; k++) {
          uint32_t len = p->rtq_len;
          int32_t r = wasig_send(p, sig, WASIG_SI_QUEUE, 7, 7, k);
          if (r == 0) REQUIRE(p->rtq_len == len + 1 && p->rtq[len].value == k);
          else if (r == -WASIG_EAGAIN) REQUIRE(len == WASIG_RTQ_MAX && p->rtq_len == len);
          else REQUIRE(r == 1 && p->rtq_len == len);
        }
        if (n > 1) {
          memcpy(&pre, p, sizeof pre);
          op_send(sig, WASIG_SI_QUEUE, 7, 7, n - 1);
        }
        break;
      }
      case 3: op_set_action(); break;
      case 4: op_sigmask(); break;
      case 5:
      case 6: op_next(); break;
      case 7: op_take(); break;
      case 8: op_check(); break;
      case 9: op_drain(); break;
      case 10: op_post(1); break;
      case 11: op_post(1 + u8() % 64); break;
      case 12: op_setitimer(); break;
      case 13: op_getitimer(); break;
      case 14: op_expire(); break;
      case 15: op_alarm(); break;
      case 16: op_query(); break;
      case 17:
        wasig_rearm(p);
        REQUIRE(p->mb.tripped == 1);
        break;
      case 18: {
        int32_t fd = i32(), fl = i32();
        int32_t old = wasig_set_wakeup(p, fd, fl);
        REQUIRE(old == pre.wakeup_fd);
        REQUIRE(p->wakeup_fd == (fd < 0 ? -1 : fd));
        break;
      }
      case 19: { /* one signal through a handler change: the "caught" race */
        int32_t sig = sig_arg();
        int32_t h;
        uint32_t flags;
        handler_args(&h, &flags);
        memcpy(&pre, p, sizeof pre);
        set_action_checked(sig, WASIG_DISP_HANDLER, h, flags, mask_arg());
        check_invariants();
        uint8_t d = u8();
        memcpy(&pre, p, sizeof pre);
        op_send(sig, WASIG_SI_USER, 1, 1000, d);
        check_invariants();
        if (d & 1) {
          memcpy(&pre, p, sizeof pre);
          set_action_checked(sig, kind_arg(), h, flags, 0);
          check_invariants();
        }
        for (int k = 0; k < 1 + (d >> 6); k++) {
          memcpy(&pre, p, sizeof pre);
          op_next();
          check_invariants();
        }
        break;
      }
      default: { /* a whole safe point: check, then dispatch until nothing is left */
        int32_t r = wasig_check(p);
        REQUIRE(r == (pre.mb.tripped != 0));
        if (r) check_drained();
        check_invariants();
        for (int k = 0; k < 200; k++) {
          memcpy(&pre, p, sizeof pre);
          op_next();
          check_invariants();
          if (!pre.pending || p->last_action == WASIG_ACT_NONE) break;
        }
        break;
      }
    }
    check_invariants();
  }
  return 0;
}
