/* The signal state machine of one emulated process.
 *
 * Two halves, kept apart as CPython's signalmodule.c and libuv's signal.c
 * keep them: wasig_send() (the trip) only records and flags; wasig_check()
 * plus wasig_next() (the safe point) decide what runs. Nothing here calls a
 * handler: the caller of wasig_next() does, in JS or in the guest's libc.
 */
#include "boundary.h"

#define BIT(s) ((uint64_t)1 << ((s) - 1))
#define UNBLOCKABLE (BIT(WASIG_SIGKILL) | BIT(WASIG_SIGSTOP))
#define STOP_SIGNALS \
  (BIT(WASIG_SIGSTOP) | BIT(WASIG_SIGTSTP) | BIT(WASIG_SIGTTIN) | BIT(WASIG_SIGTTOU))
#define ALL_SIGNALS (~(uint64_t)0)

static int valid(int32_t sig) { return sig >= 1 && sig < WASIG_NSIG; }
/* The kernel's realtime range starts at 32: glibc keeps 32 and 33 for
 * itself (its SIGRTMIN is 34, as ours), but they queue as realtime. */
static int is_rt(int32_t sig) { return sig >= 32; }

static uint64_t join(uint32_t lo, uint32_t hi) { return (uint64_t)lo | ((uint64_t)hi << 32); }

static int lowest(uint64_t set) { return set ? __builtin_ctzll(set) + 1 : 0; }

static void info_zero(wasig_info *i) {
  i->signo = i->code = i->err = i->pid = i->uid = i->status = i->band = i->value = 0;
}

static void info_copy(wasig_info *dst, const wasig_info *src) {
  dst->signo = src->signo;
  dst->code = src->code;
  dst->err = src->err;
  dst->pid = src->pid;
  dst->uid = src->uid;
  dst->status = src->status;
  dst->band = src->band;
  dst->value = src->value;
}

int32_t wasig_default_action(int32_t sig) {
  if (!valid(sig)) return -WASIG_EINVAL;
  switch (sig) {
    case WASIG_SIGCHLD: case WASIG_SIGURG: case WASIG_SIGWINCH:
      return WASIG_ACT_IGN;
    case WASIG_SIGCONT:
      return WASIG_ACT_CONT;
    case WASIG_SIGSTOP: case WASIG_SIGTSTP: case WASIG_SIGTTIN: case WASIG_SIGTTOU:
      return WASIG_ACT_STOP;
    case WASIG_SIGQUIT: case WASIG_SIGILL: case WASIG_SIGTRAP: case WASIG_SIGABRT:
    case WASIG_SIGBUS: case WASIG_SIGFPE: case WASIG_SIGSEGV: case WASIG_SIGXCPU:
    case WASIG_SIGXFSZ: case WASIG_SIGSYS:
      return WASIG_ACT_CORE;
    default:
      return WASIG_ACT_TERM;
  }
}

void wasig_proc_init(wasig_proc *p, int32_t pid, int32_t uid) {
  unsigned char *b = (unsigned char *)p;
  for (unsigned long i = 0; i < sizeof *p; i++) b[i] = 0;
  p->pid = pid;
  p->uid = uid;
  p->wakeup_fd = -1;
  for (int w = 0; w < 3; w++) p->timers[w].deadline_us = -1;
}

/* Linux's sig_handler_ignored(): SIG_IGN, or SIG_DFL for a signal whose
 * default ignores it (SIGCONT included: its resuming happens at generation). */
static int handler_ignores(const wasig_action *a, int32_t sig) {
  if (a->kind == WASIG_DISP_IGN) return 1;
  int32_t d = wasig_default_action(sig);
  return a->kind == WASIG_DISP_DFL && (d == WASIG_ACT_IGN || d == WASIG_ACT_CONT);
}

/* Linux's sig_ignored(): a blocked signal is never ignored at generation,
 * since its disposition may change before it is unblocked. */
static int ignored_now(const wasig_proc *p, int32_t sig) {
  return !(p->blocked & BIT(sig)) && handler_ignores(&p->act[sig], sig);
}

static void rtq_remove_all(wasig_proc *p, int32_t sig) {
  uint32_t w = 0;
  for (uint32_t r = 0; r < p->rtq_len; r++)
    if (p->rtq[r].signo != sig) {
      if (w != r) info_copy(&p->rtq[w], &p->rtq[r]);
      w++;
    }
  p->rtq_len = w;
}

/* The queue has room again (or a signal became ignored): records the drain
 * held in the ring for want of room may move now, at the next safe point. */
static void held_may_move(wasig_proc *p) {
  if (__atomic_load_n(&p->mb.head, __ATOMIC_ACQUIRE) != p->mb.tail)
    __atomic_store_n(&p->mb.tripped, 1, __ATOMIC_SEQ_CST);
}

static void discard(wasig_proc *p, uint64_t set) {
  for (uint64_t s = set & p->pending; s; s &= s - 1) {
    int32_t sig = lowest(s);
    if (is_rt(sig)) rtq_remove_all(p, sig);
  }
  p->pending &= ~set;
  p->caught &= ~set;
}

int32_t wasig_set_action(wasig_proc *p, int32_t sig, int32_t kind, int32_t handler,
                         uint32_t flags, uint32_t mask_lo, uint32_t mask_hi) {
  if (!valid(sig) || kind < WASIG_DISP_DFL || kind > WASIG_DISP_HANDLER) return -WASIG_EINVAL;
  /* Linux refuses any action for SIGKILL and SIGSTOP, even SIG_DFL. */
  if (BIT(sig) & UNBLOCKABLE) return -WASIG_EINVAL;
  wasig_action *a = &p->act[sig];
  a->kind = kind;
  a->handler = kind == WASIG_DISP_HANDLER ? handler : 0;
  a->flags = flags;
  a->mask = join(mask_lo, mask_hi) & ~UNBLOCKABLE;
  /* POSIX: setting an ignoring action discards the pending signal, blocked
   * or not. */
  if (handler_ignores(a, sig)) {
    discard(p, BIT(sig));
    held_may_move(p);
  }
  return 0;
}

int32_t wasig_get_action(wasig_proc *p, int32_t sig, int32_t field) {
  if (!valid(sig)) return -WASIG_EINVAL;
  const wasig_action *a = &p->act[sig];
  switch (field) {
    case 0: return a->kind;
    case 1: return a->handler;
    case 2: return (int32_t)a->flags;
    case 3: return (int32_t)(uint32_t)a->mask;
    case 4: return (int32_t)(uint32_t)(a->mask >> 32);
    default: return -WASIG_EINVAL;
  }
}

/* The trip for a whole record: wasig_send() for the host on this thread,
 * wasig_drain() for records other threads posted (they may carry status,
 * band and errno, as SIGCHLD and SIGIO do). */
static int32_t send_record(wasig_proc *p, const wasig_info *rec, int trip) {
  int32_t sig = rec->signo;
  if (!valid(sig)) return -WASIG_EINVAL;
  uint64_t bit = BIT(sig);
  /* Side effects at generation, as POSIX puts them: SIGCONT resumes and
   * discards pending stops; a stop signal discards a pending SIGCONT; SIGKILL
   * wakes a stopped process so that it can die. */
  if (sig == WASIG_SIGCONT || sig == WASIG_SIGKILL) p->stopped = 0;
  if (sig == WASIG_SIGCONT) discard(p, STOP_SIGNALS);
  if (bit & STOP_SIGNALS) discard(p, BIT(WASIG_SIGCONT));
  if (ignored_now(p, sig)) return 1;

  if (is_rt(sig)) {
    if (p->rtq_len >= WASIG_RTQ_MAX) return -WASIG_EAGAIN;
    info_copy(&p->rtq[p->rtq_len++], rec);
  } else if (!(p->pending & bit)) {
    /* A standard signal already pending coalesces: the first siginfo stays. */
    info_copy(&p->std_info[sig], rec);
  }
  p->pending |= bit;
  if (!(p->blocked & bit) && p->act[sig].kind == WASIG_DISP_HANDLER) p->caught |= bit;
  /* Flag last: a safe point that sees `tripped` must also see the record. */
  if (trip) __atomic_store_n(&p->mb.tripped, 1, __ATOMIC_SEQ_CST);
  return 0;
}

int32_t wasig_send(wasig_proc *p, int32_t sig, int32_t code, int32_t pid, int32_t uid,
                   int32_t value) {
  wasig_info rec;
  info_zero(&rec);
  rec.signo = sig;
  rec.code = code;
  rec.pid = pid;
  rec.uid = uid;
  rec.value = value;
  return send_record(p, &rec, 1);
}

/* Moves the mailbox's records into the process state without setting
 * `tripped` for them: the safe point that drains also takes them. Returns
 * how many were moved. */
static uint32_t drain(wasig_proc *p) {
  uint32_t head = __atomic_load_n(&p->mb.head, __ATOMIC_ACQUIRE);
  uint32_t tail = p->mb.tail;
  uint32_t moved = 0;
  /* Realtime records that do not fit the full queue stay in the ring, in
   * their order, so that producers see it fill and report EAGAIN to their
   * senders: nothing is dropped on the way in. Everything else goes on, so
   * that a held realtime record never holds back SIGKILL or SIGCONT. */
  wasig_info held[WASIG_RING_MAX];
  uint32_t nheld = 0;
  for (; tail != head; tail++) {
    const wasig_info *r = &p->mb.ring[tail % WASIG_RING_MAX];
    if (valid(r->signo) && is_rt(r->signo) && p->rtq_len >= WASIG_RTQ_MAX && !ignored_now(p, r->signo)) {
      info_copy(&held[nheld++], r);
    } else {
      send_record(p, r, 0);
      moved++;
    }
  }
  /* Only the owner writes below head, so the held records can go back at
   * the end of the drained stretch. They do not trip the safe point again:
   * nothing would change until the queue has room (dequeue trips then), and
   * a waiter that found `tripped` set at every turn would spin (a stopped
   * guest with a full queue burned a core). */
  tail = head - nheld;
  for (uint32_t i = 0; i < nheld; i++) info_copy(&p->mb.ring[(tail + i) % WASIG_RING_MAX], &held[i]);
  __atomic_store_n(&p->mb.tail, tail, __ATOMIC_RELEASE);
  return moved;
}

void wasig_drain(wasig_proc *p) {
  if (drain(p)) __atomic_store_n(&p->mb.tripped, 1, __ATOMIC_SEQ_CST);
}

int32_t wasig_check(wasig_proc *p) {
  /* The common case is one plain load: an atomic exchange on shared memory
   * costs several times the loop it guards. When set, exchange, never
   * read-then-clear: a trip between a load and a store of 0 would be lost
   * (CPython gh-157548). */
  if (!__atomic_load_n(&p->mb.tripped, __ATOMIC_RELAXED)) return 0;
  if (!__atomic_exchange_n(&p->mb.tripped, 0, __ATOMIC_SEQ_CST)) return 0;
  drain(p);
  return 1;
}

void wasig_rearm(wasig_proc *p) { __atomic_store_n(&p->mb.tripped, 1, __ATOMIC_SEQ_CST); }

static uint64_t deliverable_set(const wasig_proc *p) {
  uint64_t set = p->pending & ~p->blocked;
  return p->stopped ? set & BIT(WASIG_SIGKILL) : set;
}

int32_t wasig_deliverable(wasig_proc *p) { return deliverable_set(p) != 0; }

/* Remove one occurrence of sig from the pending state into p->out. */
static void dequeue(wasig_proc *p, int32_t sig) {
  uint64_t bit = BIT(sig);
  if (is_rt(sig)) {
    uint32_t i = 0;
    while (i < p->rtq_len && p->rtq[i].signo != sig) i++;
    if (i < p->rtq_len) {
      info_copy(&p->out, &p->rtq[i]);
      for (uint32_t j = i + 1; j < p->rtq_len; j++) info_copy(&p->rtq[j - 1], &p->rtq[j]);
      p->rtq_len--;
    } else {
      info_zero(&p->out);
      p->out.signo = sig;
    }
    int more = 0;
    for (uint32_t j = i; j < p->rtq_len && !more; j++) more = p->rtq[j].signo == sig;
    if (!more) p->pending &= ~bit;
    held_may_move(p);
  } else {
    info_copy(&p->out, &p->std_info[sig]);
    p->pending &= ~bit;
  }
}

int32_t wasig_next(wasig_proc *p) {
  int32_t sig = lowest(deliverable_set(p));
  p->last_action = WASIG_ACT_NONE;
  if (!sig) return 0;
  uint64_t bit = BIT(sig);
  int was_caught = (p->caught & bit) != 0;
  dequeue(p, sig);
  if (!(p->pending & bit)) p->caught &= ~bit;

  wasig_action *a = &p->act[sig];
  if (a->kind == WASIG_DISP_HANDLER) {
    p->last_action = WASIG_ACT_HANDLER;
    p->last_handler = a->handler;
    p->last_flags = a->flags;
    p->old_mask = p->blocked;
    p->blocked |= a->mask;
    if (!(a->flags & WASIG_SA_NODEFER)) p->blocked |= bit;
    p->blocked &= ~UNBLOCKABLE;
    if (a->flags & WASIG_SA_RESETHAND) {
      a->kind = WASIG_DISP_DFL;
      a->handler = 0;
      a->flags &= ~(uint32_t)WASIG_SA_SIGINFO;
    }
  } else if (a->kind == WASIG_DISP_IGN) {
    p->last_action = WASIG_ACT_IGN;
  } else if (was_caught) {
    p->last_action = WASIG_ACT_RACE;
  } else {
    p->last_action = wasig_default_action(sig);
    if (p->last_action == WASIG_ACT_STOP) p->stopped = 1;
  }
  return sig;
}

int32_t wasig_sigmask(wasig_proc *p, int32_t how, uint32_t lo, uint32_t hi) {
  uint64_t set = join(lo, hi);
  uint64_t next;
  switch (how) {
    case WASIG_SIG_BLOCK: next = p->blocked | set; break;
    case WASIG_SIG_UNBLOCK: next = p->blocked & ~set; break;
    case WASIG_SIG_SETMASK: next = set; break;
    default: return -WASIG_EINVAL;
  }
  p->old_mask = p->blocked;
  p->blocked = next & ~UNBLOCKABLE;
  /* Unblocking delivers what was held to the handler installed now: from
   * here on those signals count as caught, as if they had just arrived. */
  for (uint64_t s = p->pending & p->old_mask & ~p->blocked; s; s &= s - 1) {
    int32_t sig = lowest(s);
    if (p->act[sig].kind == WASIG_DISP_HANDLER) p->caught |= BIT(sig);
  }
  if (deliverable_set(p)) __atomic_store_n(&p->mb.tripped, 1, __ATOMIC_SEQ_CST);
  return 0;
}

uint32_t wasig_fatal(wasig_proc *p, int32_t word) {
  if (word != 0 && word != 1) return 0;
  uint32_t set = 0;
  for (int32_t i = 0; i < 32; i++) {
    int32_t sig = word * 32 + i + 1;
    if (sig >= WASIG_NSIG) break;
    int32_t d = wasig_default_action(sig);
    if ((d == WASIG_ACT_TERM || d == WASIG_ACT_CORE) && p->act[sig].kind == WASIG_DISP_DFL &&
        !(p->blocked & BIT(sig)))
      set |= (uint32_t)1 << i;
  }
  return set;
}

int32_t wasig_take(wasig_proc *p, uint32_t set_lo, uint32_t set_hi) {
  uint64_t set = join(set_lo, set_hi) & ~UNBLOCKABLE & p->pending;
  int32_t sig = lowest(set);
  if (!sig) return 0;
  dequeue(p, sig);
  if (!(p->pending & BIT(sig))) p->caught &= ~BIT(sig);
  return sig;
}

int32_t wasig_queued(wasig_proc *p, int32_t sig) {
  if (!valid(sig)) return -WASIG_EINVAL;
  if (!is_rt(sig)) return (p->pending & BIT(sig)) != 0;
  int32_t n = 0;
  for (uint32_t i = 0; i < p->rtq_len; i++) n += p->rtq[i].signo == sig;
  return n;
}

/* ---- itimers ------------------------------------------------------------- */

static const int32_t timer_signal[3] = {WASIG_SIGALRM, WASIG_SIGVTALRM, WASIG_SIGPROF};

static int64_t remaining(const wasig_itimer *t, int64_t now) {
  if (t->deadline_us < 0) return 0;
  int64_t rem = t->deadline_us - now;
  /* Armed but already due: Linux reports one microsecond, not zero, so that
   * "still armed" stays visible. */
  return rem > 0 ? rem : 1;
}

/* NaN, negative and absurdly large values are all invalid. */
static int bad_time(double us) { return !(us >= 0 && us < 9.0e15); }

int32_t wasig_setitimer(wasig_proc *p, int32_t which, double now_us, double value_us,
                        double interval_us) {
  if (which < 0 || which > 2 || bad_time(value_us) || bad_time(interval_us) || bad_time(now_us))
    return -WASIG_EINVAL;
  wasig_itimer *t = &p->timers[which];
  int64_t now = (int64_t)now_us;
  p->out_d[0] = (double)remaining(t, now);
  p->out_d[1] = t->deadline_us < 0 ? 0 : (double)t->interval_us;
  /* Arm from the next whole microsecond, so that a fractional `now` never
   * makes the timer fire early. */
  if ((double)now < now_us) now++;
  int64_t value = (int64_t)value_us, interval = (int64_t)interval_us;
  if ((double)value < value_us) value++; /* round up to a whole microsecond */
  if ((double)interval < interval_us) interval++;
  if (value == 0) {
    t->deadline_us = -1;
    t->interval_us = 0;
  } else {
    t->deadline_us = now + value;
    t->interval_us = interval;
  }
  return 0;
}

int32_t wasig_getitimer(wasig_proc *p, int32_t which, double now_us) {
  if (which < 0 || which > 2 || bad_time(now_us)) return -WASIG_EINVAL;
  wasig_itimer *t = &p->timers[which];
  p->out_d[0] = (double)remaining(t, (int64_t)now_us);
  p->out_d[1] = t->deadline_us < 0 ? 0 : (double)t->interval_us;
  return 0;
}

double wasig_timer_due(wasig_proc *p, int32_t which) {
  if (which < 0 || which > 2) return -1;
  return p->timers[which].deadline_us < 0 ? -1 : (double)p->timers[which].deadline_us;
}

int32_t wasig_timer_expire(wasig_proc *p, int32_t which, double now_us) {
  if (which < 0 || which > 2 || bad_time(now_us)) return 0;
  wasig_itimer *t = &p->timers[which];
  int64_t now = (int64_t)now_us;
  if (t->deadline_us < 0 || t->deadline_us > now) return 0;
  int64_t count = 1;
  if (t->interval_us > 0) {
    int64_t late = now - t->deadline_us;
    int64_t skipped = late / t->interval_us;
    count += skipped;
    t->deadline_us += (skipped + 1) * t->interval_us;
  } else {
    t->deadline_us = -1;
  }
  wasig_send(p, timer_signal[which], WASIG_SI_KERNEL, 0, 0, 0);
  return count > 0x7fffffff ? 0x7fffffff : (int32_t)count;
}

void wasig_timers_shift(wasig_proc *p, double delta_us) {
  if (!(delta_us > 0)) return;
  /* Past any deadline (they are below 2e16): every armed timer is due. */
  int64_t d = delta_us < 4.0e18 ? (int64_t)delta_us : (int64_t)4000000000000000000;
  for (int i = 0; i < 3; i++) {
    wasig_itimer *t = &p->timers[i];
    if (t->deadline_us >= 0) t->deadline_us = t->deadline_us > d ? t->deadline_us - d : 0;
  }
}

uint32_t wasig_alarm(wasig_proc *p, double now_us, uint32_t seconds) {
  if (bad_time(now_us)) return 0;
  wasig_setitimer(p, WASIG_ITIMER_REAL, now_us, (double)seconds * 1e6, 0);
  int64_t old = (int64_t)p->out_d[0];
  int64_t sec = old / 1000000, usec = old % 1000000;
  /* Linux alarm_setitimer(): never report 0 while one was pending, and
   * round to the nearest second. */
  if ((!sec && usec) || usec >= 500000) sec++;
  return (uint32_t)sec; /* unsigned int, as alarm(2)'s: wraps past 2^32 s */
}

int32_t wasig_set_wakeup(wasig_proc *p, int32_t fd, int32_t flags) {
  int32_t old = p->wakeup_fd;
  p->wakeup_fd = fd < 0 ? -1 : fd;
  p->wakeup_flags = flags;
  return old;
}
