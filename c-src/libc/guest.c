/* The guest side of wasig: the program's one emulated process, the safe
 * point that runs handlers, blocking waits, and timers. */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

wasig_proc wasig__proc __attribute__((aligned(16)));
static int shared_mailbox;
static int set_up;
static unsigned poll_count;
/* Pulls of a non-shared mailbox happen every POLL_EVERY explicit safe points
 * (wasig_poll, sched_yield); signal calls and blocking calls always pull. */
#define POLL_EVERY 32
static double announced[3] = {-1, -1, -1};

static void setup_default(void) {
  if (!set_up) wasig_guest_setup(1, 0, 0);
}

wasig_proc *wasig_guest_setup(int32_t pid, int32_t uid, int32_t flags) {
  wasig_proc_init(P, pid, uid);
  shared_mailbox = (flags & WASIG_GUEST_SHARED) != 0;
  set_up = 1;
  wasig__publish();
  return P;
}

/* Runs inside the program's start, before its own constructors (101 is the
 * first priority not reserved to the implementation), so that a constructor
 * of the program may already use signals. See boundary.h for why the host
 * learns these functions here and not from the module's exports. */
__attribute__((constructor(101))) static void announce(void) {
  wasig_start_js((int32_t)(uintptr_t)&wasig_layout, (int32_t)(uintptr_t)&wasig_guest_setup,
                 (int32_t)(uintptr_t)&wasig_guest_interrupt);
}

wasig_proc *wasig_guest_proc(void) {
  setup_default();
  return P;
}

int32_t wasig__pid(void) { setup_default(); return P->pid; }
int32_t wasig__uid(void) { setup_default(); return P->uid; }

int wasig__errno(int e) {
  switch (e) {
    case WASIG_EINTR: return EINTR;
    case WASIG_ESRCH: return ESRCH;
    case WASIG_EAGAIN: return EAGAIN;
    case WASIG_EPERM: return EPERM;
    case WASIG_ENOTTY: return ENOTTY;
    case WASIG_ENOENT: return ENOENT;
    case WASIG_EIO: return EIO;
    case WASIG_EBADF: return EBADF;
    case WASIG_EACCES: return EACCES;
    case WASIG_EFAULT: return EFAULT;
    case WASIG_ENOTDIR: return ENOTDIR;
    case WASIG_ETXTBSY: return ETXTBSY;
    case WASIG_EROFS: return EROFS;
    case WASIG_ENAMETOOLONG: return ENAMETOOLONG;
    case WASIG_ENOSYS: return ENOSYS;
    case WASIG_ELOOP: return ELOOP;
    default: return EINVAL;
  }
}

void wasig__fill_info(siginfo_t *si, const wasig_info *in) {
  memset(si, 0, sizeof *si);
  si->si_signo = in->signo;
  si->si_code = in->code;
  si->si_errno = in->err;
  si->si_pid = in->pid;
  si->si_uid = (uid_t)in->uid;
  si->si_value.sival_int = in->value;
  if (in->signo == SIGCHLD) si->si_status = in->status;
  if (in->signo == SIGIO) si->si_band = in->band;
}

double wasig__now(int which) { return wasig_now_js(which); }

/* The earliest due time on clock w: the core's itimer or a POSIX timer
 * (timer.c), whichever comes first; -1 when neither is armed. *sig is the
 * signal that expiry sends, 0 when it sends none. */
static double due_on(int w, int *sig) {
  static const int itimer_signal[3] = {SIGALRM, SIGVTALRM, SIGPROF};
  int ps = 0;
  double a = wasig_timer_due(P, w), b = wasig__ptimers_due(w, &ps);
  int first = a >= 0 && (b < 0 || a <= b);
  *sig = first ? itimer_signal[w] : b >= 0 ? ps : 0;
  return first ? a : b;
}

void wasig__announce(int w) {
  int sig;
  double due = due_on(w, &sig);
  if (due < 0) {
    if (announced[w] >= 0) wasig_timer_js(P, w, -1, 0);
    announced[w] = -1;
    return;
  }
  double now = wasig__now(w);
  announced[w] = due;
  wasig_timer_js(P, w, due > now ? due - now : 0, sig);
}

static void timers_check(void) {
  for (int w = 0; w < 3; w++) {
    int sig;
    double due = due_on(w, &sig);
    if (due < 0) continue;
    double now = wasig__now(w);
    if (due <= now) wasig_timer_expire(P, w, now);
    /* Every time: a POSIX timer whose signal is pending wakes us less often
     * than it expires, and counts its overruns whenever we look. */
    wasig__ptimers_expire(w, now);
    /* Re-arm the host's trip: the next period, or this one again when the
     * host tripped early (CPU clocks run slower than its real one). */
    wasig__announce(w);
  }
}

static int timers_armed(void) {
  return announced[0] >= 0 || announced[1] >= 0 || announced[2] >= 0;
}

/* The safe point's first step without asking the host: clear `tripped`
 * (exchange) and move what the mailbox holds into the process state. */
static void check_local(void) {
  if (wasig_check(P) && timers_armed()) timers_check();
}

/* For the libc calls that must see the mailbox (masks, timers, pending
 * sets) but are no safe point: taking `tripped` here would leave what they
 * moved in undelivered until some later signal trips again (a loop of
 * nothing but getitimer() would never run its SIGALRM handler). So trip
 * again for whatever is now deliverable: the next safe point runs it. */
void wasig__drain(void) {
  setup_default();
  if (!shared_mailbox) wasig_pull_js(P);
  check_local();
  /* Not while stopped: there only SIGKILL is deliverable, the host ends us
   * for it, and park() would spin on the trip until it does. */
  if (!P->stopped && wasig_deliverable(P)) wasig_rearm(P);
}

/* ucontext for SA_SIGINFO handlers. */
static ucontext_t uc;

/* Handlers are called through the host, which passes the arguments the
 * handler's own type takes: wasm traps on an indirect call whose type does
 * not match, and C code still declares handlers `void h()` (no prototype),
 * which a direct call as void(int) would trap on. */
static void __attribute__((noinline)) call_handler(int32_t h, int sig, siginfo_t *si, void *u, int info) {
  if (info) wasig_call_js(h, sig, (int32_t)(uintptr_t)si, (int32_t)(uintptr_t)u);
  else wasig_call_js(h, sig, 0, 0);
}

struct handler_call { int32_t h; int sig; siginfo_t *si; void *u; int info; };
static void call_handler_at(void *a) {
  struct handler_call *c = a;
  call_handler(c->h, c->sig, c->si, c->u, c->info);
}

static int run_handler(int sig) {
  uint32_t flags = P->last_flags;
  int32_t h = P->last_handler;
  uint64_t old = P->old_mask;
  siginfo_t si;
  wasig__fill_info(&si, &P->out);
  int info = (flags & WASIG_SA_SIGINFO) != 0;
  ucontext_t *u = &uc;
  if (info) {
    memset(u, 0, sizeof *u);
    wasig__to_set(&u->uc_sigmask, old);
    sigaltstack(0, &u->uc_stack);
  }
  if (flags & WASIG_SA_ONSTACK) {
    struct handler_call c = {h, sig, &si, u, info};
    wasig__call_onstack(call_handler_at, &c);
  } else {
    call_handler(h, sig, &si, u, info);
  }
  /* sigreturn: the mask from before the handler. */
  wasig__setmask(old);
  return WASIG_RAN_HANDLER | ((flags & WASIG_SA_RESTART) ? 0 : WASIG_RAN_NORESTART);
}

static _Noreturn void die(int sig, int action) {
  wasig_default_js(P, sig, action);
  /* A host that does not end us: exit as a shell reports death by signal. */
  _Exit(128 + sig);
}

static void park(int sig) {
  P->stopped = 1;
  wasig_default_js(P, sig, WASIG_ACT_STOP);
  while (P->stopped) {
    int32_t seen = wasig__seen();
    wasig__drain();
    if (!P->stopped) break;
    if (__atomic_load_n(&P->mb.tripped, __ATOMIC_SEQ_CST)) continue;
    wasig_wait_js(P, seen, -1);
  }
  wasig_default_js(P, WASIG_SIGCONT, WASIG_ACT_CONT);
}

/* ---- ending at once ------------------------------------------------------
 * A signal whose default action ends the process, sent while it is not
 * blocked and its disposition is SIG_DFL, ends a Linux process at once: the
 * kernel never waits for the process to look. Here the process looks only
 * at its safe points, which code without them (a long libc call, a loop
 * built without preemption) never reaches. So the host is told which
 * signals would end us now (wasig_fatal_js, into the parent's control
 * block), and it ends us itself when one of them is sent.
 *
 * The set is ours to tell: a program that lies only delays its own end,
 * as it could by installing a handler. What must hold is that no signal is
 * lost between the two sides. The host (GuestProcess.receive in
 * ts/guest/spawn.ts) reads the set; when the signal is in it the process
 * ends and nothing is posted, so no handler can run for it (a sigaction
 * racing with it comes after the end). Otherwise it posts the signal to the
 * mailbox and then reads the set again. We, after a change of state, tell
 * the set and then look at the mailbox. Both orders are store-then-load on
 * seq-cst atomics (the set in the control block, `tripped` and the ring),
 * so at least one side sees the other: either the host's second read finds
 * the new set (and ends us if the record is still not taken), or our look
 * finds the record -- which is why the look below is needed even where no
 * safe point follows (sigaction, the end of sigsuspend): without it a
 * signal that became fatal after the host looked would wait in the mailbox
 * of a loop that never looks again. */
static uint64_t published;
uint64_t wasig__waiting;

static int lowest_of(uint64_t set) { return set ? __builtin_ctzll(set) + 1 : 0; }

void wasig__publish(void) {
  uint64_t now = ((uint64_t)wasig_fatal(P, 1) << 32 | wasig_fatal(P, 0)) & ~wasig__waiting;
  if (now == published) return;
  uint64_t gained = now & ~published;
  published = now;
  wasig_fatal_js((uint32_t)now, (uint32_t)(now >> 32));
  if (!gained || !set_up) return;
  if (!shared_mailbox) wasig_pull_js(P);
  check_local();
  /* What arrived before the host could see the new set ends us here, as
   * the host would have: at once, before any other pending handler. */
  int sig = lowest_of(P->pending & gained & ~P->blocked);
  if (sig) die(sig, wasig_default_action(sig));
  if (wasig_deliverable(P)) wasig_rearm(P);
}

void wasig__setmask(uint64_t m) {
  wasig_sigmask(P, WASIG_SIG_SETMASK, (uint32_t)m, (uint32_t)(m >> 32));
  wasig__publish();
}

static void take_default(int sig) {
  int a = wasig_default_action(sig);
  if (a == WASIG_ACT_TERM || a == WASIG_ACT_CORE) die(sig, a);
  if (a == WASIG_ACT_STOP) park(sig);
}

/* check_local() inside the dispatch loop: timers are looked at once per
 * safe point, at its start. One that comes due while this safe point runs
 * handlers (an interval shorter than its handler) is owed a look at the next
 * safe point instead: otherwise each handler would expire it again and the
 * loop would never return to the program, which a Linux process with a
 * 1 us itimer still gets to run between its handlers. */
static void check_local_owing(int *timers_owed) {
  if (wasig_check(P) && timers_armed()) *timers_owed = 1;
}

int wasig__run_pending(void) {
  /* Clear `tripped` first (wasig_check's exchange, inside the drain): the
   * safe points inside a handler (preemption, libc calls) then nest only
   * for signals that arrive during it, and what is pending already runs
   * after it returns, in ascending order. */
  setup_default();
  check_local();
  int ran = 0, timers_owed = 0;
  for (;;) {
    int sig = wasig_next(P);
    /* An unshared mailbox may hold more than the ring took at the last
     * pull (realtime records wait there while the queue is full): pull
     * until it is empty, so that what was pending is all delivered here. */
    if (!sig && !shared_mailbox && wasig_pull_js(P)) { check_local_owing(&timers_owed); continue; }
    if (!sig) break;
    switch (P->last_action) {
      case WASIG_ACT_HANDLER:
        /* The handler's mask, and SA_RESETHAND's SIG_DFL. */
        wasig__publish();
        ran |= run_handler(sig);
        /* Restoring the mask re-trips for what it unblocks, which this loop
         * takes next anyway: clear it again, so the next handler does not
         * nest the rest inside itself. */
        check_local_owing(&timers_owed);
        break;
      case WASIG_ACT_TERM: case WASIG_ACT_CORE: die(sig, P->last_action);
      case WASIG_ACT_STOP: park(sig); break;
      case WASIG_ACT_RACE: take_default(sig); break;
      default: break; /* IGN, CONT */
    }
  }
  /* Set `tripped` again last, so the next safe point expires the timers. */
  if (timers_owed) wasig_rearm(P);
  return ran;
}

int wasig__safepoint(void) {
  setup_default();
  if (!shared_mailbox) wasig_pull_js(P);
  return wasig__run_pending();
}

int32_t wasig_guest_interrupt(void) {
  int r = wasig__safepoint();
  return r & WASIG_RAN_NORESTART ? 3 : r ? 1 : 0;
}

void wasig_poll(void) {
  setup_default();
  if (!shared_mailbox && ++poll_count >= POLL_EVERY) {
    poll_count = 0;
    wasig_pull_js(P);
  }
  if (__atomic_load_n(&P->mb.tripped, __ATOMIC_RELAXED)) wasig__safepoint();
}

/* Preemption: `wasig cc` compiles the program (not this library) with
 * -fsanitize-coverage=trace-pc and then rewrites it (ts/cli/preempt.ts) so
 * that every loop of the program's own code calls this once per 1024
 * iterations. A busy loop that never calls into libc then still reaches a
 * safe point, as a Linux process is interrupted anywhere in user code.
 * Handlers run only in the program's own code, never inside libc (which is
 * not instrumented), so malloc or stdio are never re-entered by a handler.
 * Shared memory: one load. Otherwise the mailbox is pulled through the host
 * every PREEMPT_PULL_EVERY calls (a call into JS costs far more). */
#define PREEMPT_PULL_EVERY 8
static unsigned preempt_count;

void __sanitizer_cov_trace_pc(void) {
  if (!shared_mailbox) {
    if (++preempt_count < PREEMPT_PULL_EVERY) return;
    preempt_count = 0;
    if (!set_up) return;
    wasig_pull_js(P);
  }
  if (__atomic_load_n(&P->mb.tripped, __ATOMIC_RELAXED)) wasig__safepoint();
}

int sched_yield(void) {
  setup_default();
  if (!shared_mailbox) wasig_pull_js(P);
  if (__atomic_load_n(&P->mb.tripped, __ATOMIC_RELAXED)) wasig__safepoint();
  return 0;
}

int32_t wasig__seen(void) {
  setup_default();
  return shared_mailbox ? __atomic_load_n(&P->mb.wake, __ATOMIC_SEQ_CST) : wasig_seen_js(P);
}

int wasig__block(double deadline) { return wasig__block_since(wasig__seen(), deadline); }

int wasig__block_since(int32_t seen, double deadline) {
  setup_default();
  if (__atomic_load_n(&P->mb.tripped, __ATOMIC_SEQ_CST) || wasig_deliverable(P)) return 1;
  double now = wasig__now(WASIG_ITIMER_REAL);
  /* Wake for the real-time timer too, even before the host trips us. */
  int sig;
  double t = due_on(WASIG_ITIMER_REAL, &sig);
  if (t >= 0 && (deadline < 0 || t < deadline)) deadline = t;
  if (deadline >= 0 && deadline <= now) return deadline == t ? (wasig_rearm(P), 1) : 0;
  int r = wasig_wait_js(P, seen, deadline < 0 ? -1 : deadline - now);
  if (t >= 0 && deadline == t) wasig_rearm(P);
  return r == 0;
}
