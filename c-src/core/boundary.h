/* The whole C/JS boundary of wasig, in one place.
 *
 * Direction is in the name:
 *   wasig_*      exported by the module, called by the host (JS);
 *   wasig_*_js   imported from the host, called by C.
 *
 * Only ints, doubles and pointers cross. Times are microseconds carried in
 * doubles (exact to 2^53, and no BigInt at the boundary). Masks cross as two
 * 32-bit halves: lo holds signals 1..32, hi 33..64. Errors come back as
 * negated Linux errno values. Results that do not fit a return value are left
 * in the process struct's out fields, whose offsets the layout table gives.
 */
#ifndef WASIG_BOUNDARY_H
#define WASIG_BOUNDARY_H

#include "wasig_core.h"

#if defined(__EMSCRIPTEN__)
#define WASIG_EXPORT(name) __attribute__((used, visibility("default")))
#define WASIG_IMPORT(name) extern
#elif defined(__wasm__)
#define WASIG_EXPORT(name) __attribute__((export_name(#name), visibility("default")))
#define WASIG_IMPORT(name) __attribute__((import_module("env"), import_name(#name))) extern
#else
#define WASIG_EXPORT(name)
#define WASIG_IMPORT(name) extern
#endif

/* ---- exports: layout ---------------------------------------------------- */

/* A table of (const char *name, int32 value) pairs ending with a null name:
 * struct offsets, sizes, bounds and the Linux constants above. */
WASIG_EXPORT(wasig_layout) const int32_t *wasig_layout(void);

/* ---- exports: the shadow stack ------------------------------------------- */

/* The __stack_pointer global. No core call nests another or calls the host,
 * so at every call from the host it holds the same value; a JS exception
 * that unwinds a core call (a JS stack overflow inside it) skips the
 * epilogue that would put it back, and the host puts it back with these. */
WASIG_EXPORT(wasig_stack_get) int32_t wasig_stack_get(void);
WASIG_EXPORT(wasig_stack_set) void wasig_stack_set(int32_t sp);

/* ---- exports: process lifetime ------------------------------------------ */

WASIG_EXPORT(wasig_proc_init) void wasig_proc_init(wasig_proc *p, int32_t pid, int32_t uid);
/* A fresh process struct from the module's pool (0 when memory cannot grow);
 * wasm builds only. */
WASIG_EXPORT(wasig_proc_new) wasig_proc *wasig_proc_new(int32_t pid, int32_t uid);
WASIG_EXPORT(wasig_proc_free) void wasig_proc_free(wasig_proc *p);

/* ---- exports: dispositions ---------------------------------------------- */

/* 0, or -EINVAL for a bad number or kind, or for SIGKILL/SIGSTOP (Linux).
 * Setting an ignoring disposition discards the pending signal. */
WASIG_EXPORT(wasig_set_action)
int32_t wasig_set_action(wasig_proc *p, int32_t sig, int32_t kind, int32_t handler,
                         uint32_t flags, uint32_t mask_lo, uint32_t mask_hi);
/* field: 0 kind, 1 handler, 2 flags, 3 mask lo, 4 mask hi; -EINVAL if bad. */
WASIG_EXPORT(wasig_get_action) int32_t wasig_get_action(wasig_proc *p, int32_t sig, int32_t field);
/* signal(7) default action of sig as a WASIG_ACT_* value; -EINVAL if bad. */
WASIG_EXPORT(wasig_default_action) int32_t wasig_default_action(int32_t sig);

/* ---- exports: the trip (async half) -------------------------------------- */

/* Generate sig for p from this thread: record the siginfo, set pending, set
 * `tripped`. Never runs a handler. 0; 1 when the signal was discarded because
 * it is ignored; -EINVAL; -EAGAIN when the realtime queue is full. */
WASIG_EXPORT(wasig_send)
int32_t wasig_send(wasig_proc *p, int32_t sig, int32_t code, int32_t pid, int32_t uid,
                   int32_t value);
/* Move what other threads posted in the mailbox into the process state;
 * sets `tripped` when it moved something. (wasig_check drains too.) */
WASIG_EXPORT(wasig_drain) void wasig_drain(wasig_proc *p);

/* ---- exports: the safe point --------------------------------------------- */

/* Exchange `tripped` with 0 and drain the mailbox. Returns what `tripped`
 * held: when 0 there is nothing to dispatch. */
WASIG_EXPORT(wasig_check) int32_t wasig_check(wasig_proc *p);
/* Take the lowest pending unblocked signal: its siginfo goes to p->out, the
 * decision to p->last_action, and for a handler the mask before the handler
 * to p->old_mask (the handler's sa_mask, and the signal itself unless
 * SA_NODEFER, are now blocked; SA_RESETHAND has reset the disposition).
 * Returns the signal, or 0 when none is deliverable (or p is stopped). */
WASIG_EXPORT(wasig_next) int32_t wasig_next(wasig_proc *p);
/* Set `tripped` again (a handler failed and the rest must wait). */
WASIG_EXPORT(wasig_rearm) void wasig_rearm(wasig_proc *p);
/* 1 if a signal is pending and unblocked (the safe point has work). */
WASIG_EXPORT(wasig_deliverable) int32_t wasig_deliverable(wasig_proc *p);

/* ---- exports: masks and waits --------------------------------------------- */

/* how: SIG_BLOCK/UNBLOCK/SETMASK. Old mask to p->old_mask. SIGKILL and
 * SIGSTOP are never blocked. 0 or -EINVAL. */
WASIG_EXPORT(wasig_sigmask)
int32_t wasig_sigmask(wasig_proc *p, int32_t how, uint32_t lo, uint32_t hi);
/* sigwait's half: take the lowest pending signal of the set, whether
 * blocked or not, without running anything; siginfo to p->out. Signal or 0. */
WASIG_EXPORT(wasig_take)
int32_t wasig_take(wasig_proc *p, uint32_t set_lo, uint32_t set_hi);
/* Word `word` (0: signals 1-32, 1: 33-64, bit s-1 for signal s) of the
 * signals whose arrival now would end p at once: default action Term or
 * Core, disposition SIG_DFL, not blocked (SIGKILL always). 0 for another
 * word. */
WASIG_EXPORT(wasig_fatal) uint32_t wasig_fatal(wasig_proc *p, int32_t word);
/* Count of queued records for sig (realtime) or 0/1 (standard). */
WASIG_EXPORT(wasig_queued) int32_t wasig_queued(wasig_proc *p, int32_t sig);

/* ---- exports: timers (the host supplies the time) ------------------------ */

/* Old [value, interval] to p->out_d. 0 or -EINVAL (bad which, negative). */
WASIG_EXPORT(wasig_setitimer)
int32_t wasig_setitimer(wasig_proc *p, int32_t which, double now_us, double value_us,
                        double interval_us);
WASIG_EXPORT(wasig_getitimer) int32_t wasig_getitimer(wasig_proc *p, int32_t which, double now_us);
/* Due time of the timer in us, or -1 when disarmed. */
WASIG_EXPORT(wasig_timer_due) double wasig_timer_due(wasig_proc *p, int32_t which);
/* If the timer is due at now_us: send its signal once, re-arm by whole
 * intervals past now (or disarm) and return the number of expirations that
 * passed (Linux counts the overrun; the signal coalesces). Else 0. */
WASIG_EXPORT(wasig_timer_expire) int32_t wasig_timer_expire(wasig_proc *p, int32_t which, double now_us);
/* The host moved its time origin delta_us later (a virtual clock far ahead):
 * every armed deadline moves with it; one it passes is due at 0. */
WASIG_EXPORT(wasig_timers_shift) void wasig_timers_shift(wasig_proc *p, double delta_us);
/* alarm(2): seconds left of the previous alarm rounded as Linux does
 * (unsigned, as alarm's; 0 also for a bad now_us). */
WASIG_EXPORT(wasig_alarm) uint32_t wasig_alarm(wasig_proc *p, double now_us, uint32_t seconds);

/* ---- exports: wakeup channel ---------------------------------------------- */

/* Set the wakeup fd (-1 disables); returns the previous one. */
WASIG_EXPORT(wasig_set_wakeup) int32_t wasig_set_wakeup(wasig_proc *p, int32_t fd, int32_t flags);

/* ---- imports: used by guests (c-src/libc), never by the core itself ------ */

/* Block until the mailbox's wake word differs from `seen` or timeout_us
 * passes (<0: forever). 0 woken, 1 timed out. */
WASIG_IMPORT(wasig_wait_js) int32_t wasig_wait_js(wasig_proc *p, int32_t seen, double timeout_us);
/* Monotonic time in us of the given clock (ITIMER_* numbering). */
WASIG_IMPORT(wasig_now_js) double wasig_now_js(int32_t which);
/* When the guest's memory is not shared: copy what the host queued for this
 * process into its mailbox; returns the number of records copied. */
WASIG_IMPORT(wasig_pull_js) int32_t wasig_pull_js(wasig_proc *p);
/* Deliver sig to another emulated process through the host's process table.
 * 0 or -ESRCH / -EINVAL / -EAGAIN. */
WASIG_IMPORT(wasig_kill_js)
int32_t wasig_kill_js(int32_t pid, int32_t sig, int32_t code, int32_t value);
/* setresuid (gid 0) or setresgid (gid 1) of the guest: the host keeps the
 * ids its kill() permission checks read, and refuses with -EPERM a change
 * an unprivileged process may not make (-1 keeps an id). 0 or -errno. */
WASIG_IMPORT(wasig_setid_js)
int32_t wasig_setid_js(int32_t gid, int32_t r, int32_t e, int32_t s);
/* The guest took a default action that ends or stops it (WASIG_ACT_*). */
WASIG_IMPORT(wasig_default_js) void wasig_default_js(wasig_proc *p, int32_t sig, int32_t action);
/* The guest's process would now end at once by any signal of the set
 * (lo: signals 1-32, hi: 33-64; see wasig_fatal): the host ends it when one
 * is sent, without waiting for a safe point it may never reach. Told after
 * every change of the set, before the guest next looks at its mailbox
 * (c-src/libc/guest.c, wasig__publish, says why that order). */
WASIG_IMPORT(wasig_fatal_js) void wasig_fatal_js(uint32_t lo, uint32_t hi);
/* Call the guest's handler `fn` (a function table index) with the
 * arguments its own type takes of (sig, siginfo, ucontext). */
WASIG_IMPORT(wasig_call_js) void wasig_call_js(int32_t fn, int32_t sig, int32_t si, int32_t uc);
/* The guest armed (delay_us >= 0, from now) or disarmed (< 0) its itimer
 * `which`: the host trips the mailbox (tripped = 1, wake bumped, no record)
 * when the delay has passed, and the guest's next safe point expires it.
 * `sig` is the signal that expiry sends (0: none, or not the guest's to say
 * at once): on the real clock, when wasig_fatal_js says it would end the
 * guest, the host ends it then, as Linux does, safe point or not. A host
 * that predates `sig` ignores it, and one that has it reads a guest that
 * predates it as 0. */
WASIG_IMPORT(wasig_timer_js) void wasig_timer_js(wasig_proc *p, int32_t which, double delay_us, int32_t sig);

/* The wake word's value now, wherever producers bump it (the mailbox in
 * guest memory when shared, the host's buffer when not). A wait for anything
 * besides a signal (input) reads it before looking at its condition and then
 * passes it to wasig_wait_js, so that what arrives in between wakes it. */
WASIG_IMPORT(wasig_seen_js) int32_t wasig_seen_js(wasig_proc *p);
/* Readiness of fd when the host serves it (stdio): WASIG_FD_* bits, with
 * the bytes waiting to be read from bit 8 up, or -1 when the fd is not the
 * host's (the libc's own files). Data that arrives later bumps the wake
 * word. */
#define WASIG_FD_IN 1
#define WASIG_FD_OUT 2
#define WASIG_FD_HUP 4
WASIG_IMPORT(wasig_fd_poll_js) int32_t wasig_fd_poll_js(int32_t fd);
/* The guest's controlling terminal (its /dev/tty), which the host serves
 * under this descriptor number whatever its stdio is: fd_read of it reads
 * what is typed on the terminal (stdin's input when stdin is the terminal),
 * fd_write writes to the screen, and wasig_fd_poll_js and wasig_tty_js take
 * it as any terminal descriptor (wasig_tty_js: -ENOTTY when the guest has
 * no controlling terminal). Above any number a runtime gives its files. */
#define WASIG_TTY_FD 0x40000000
/* The terminal behind fd, as WASIG_TTY_WORDS int32 words (Linux's termios
 * fields, the window size, the foreground process group):
 *   WASIG_TTY_GET     fills `words`;
 *   WASIG_TTY_SET_*   applies their termios part (tcsetattr's TCSANOW,
 *                     TCSADRAIN, TCSAFLUSH) before returning;
 *   WASIG_TTY_WINSZ   sets the window size (SIGWINCH to the foreground group
 *                     when it changed), WASIG_TTY_PGRP the foreground group;
 *   WASIG_TTY_FLUSH   discards input not yet read.
 * 0, or -ENOTTY when fd is no terminal, -EPERM / -EINVAL. */
#define WASIG_TTY_IFLAG 0
#define WASIG_TTY_OFLAG 1
#define WASIG_TTY_CFLAG 2
#define WASIG_TTY_LFLAG 3
#define WASIG_TTY_ISPEED 4
#define WASIG_TTY_OSPEED 5
#define WASIG_TTY_LINE 6
#define WASIG_TTY_ROWS 7
#define WASIG_TTY_COLS 8
#define WASIG_TTY_XPIXEL 9
#define WASIG_TTY_YPIXEL 10
#define WASIG_TTY_PGRP 11
#define WASIG_TTY_CC 12
#define WASIG_TTY_NCCS 32
#define WASIG_TTY_WORDS (WASIG_TTY_CC + WASIG_TTY_NCCS)
#define WASIG_TTY_GET 0
#define WASIG_TTY_SET_NOW 1
#define WASIG_TTY_SET_DRAIN 2
#define WASIG_TTY_SET_FLUSH 3
#define WASIG_TTY_WINSZ 4
#define WASIG_TTY_PGRP_SET 5
#define WASIG_TTY_FLUSH 6
WASIG_IMPORT(wasig_tty_js) int32_t wasig_tty_js(int32_t fd, int32_t op, int32_t *words);
/* A host file's status where WASI's has none (its filestat has no mode,
 * owner or group), of the file at `path` (`len` bytes, no NUL) in the WASI
 * directory descriptor fd, or of fd itself when path is null:
 *   WASIG_FILE_STAT, _LSTAT  fill `words` (WASIG_FILE_WORDS uint32s): the
 *                            st_mode, st_uid and st_gid the host's stat (or
 *                            lstat) gives, and its inode, low half first,
 *                            which the guest checks against WASI's;
 *   WASIG_FILE_CHMOD         sets the mode to `mode` (chmod follows links),
 *                            of the file whose inode `words` holds (its
 *                            INO words; -EPERM when it is another now);
 *   WASIG_FILE_ACCESS        access(2) for `mode` (R_OK 4, W_OK 2, X_OK 1),
 *                            as the host's process, which does the guest's
 *                            file calls, would get it.
 * 0, or a negated Linux errno (-ENOSYS: the host has no such files, as in
 * a browser). A path out of the host directory given to the guest is
 * -EACCES. */
#define WASIG_FILE_STAT 0
#define WASIG_FILE_LSTAT 1
#define WASIG_FILE_CHMOD 2
#define WASIG_FILE_ACCESS 3
#define WASIG_FILE_MODE 0
#define WASIG_FILE_UID 1
#define WASIG_FILE_GID 2
#define WASIG_FILE_INO 3
#define WASIG_FILE_WORDS 5
WASIG_IMPORT(wasig_file_js)
int32_t wasig_file_js(int32_t fd, const char *path, int32_t len, int32_t op, int32_t mode, uint32_t *words);

/* ---- guest programs only (c-src/libc), not the core module ---------------
 * These are NOT exports. wasm-ld wraps every export of a wasi command module
 * in __wasm_call_ctors ... __wasm_call_dtors, so a host that called one from
 * outside _start (or from an import while _start runs) would run the
 * program's constructors again and its atexit handlers and stdio teardown
 * early, and libc calls made before _start (preopens, environ) would fail.
 * Instead the library announces itself from inside _start, in a constructor
 * that runs before the program's own, through wasig_start_js with the
 * function-table indices of these three; the host calls them through the
 * table, as it calls handlers. A function reached through the table is the
 * plain function, never the wrapped export. Emscripten guests use the same
 * path (one mechanism; emcc runs constructors when the module is created). */

/* Called once, before main: the guest's one process gets its pid and uid.
 * flags: WASIG_GUEST_SHARED when the host writes the mailbox in place (shared
 * memory); otherwise the guest pulls it (wasig_pull_js). Returns the process
 * (its mailbox at offset 0). */
#define WASIG_GUEST_SHARED 1
wasig_proc *wasig_guest_setup(int32_t pid, int32_t uid, int32_t flags);
wasig_proc *wasig_guest_proc(void);
/* A safe point for the host's blocking calls (a read of stdin): runs the
 * handlers of pending signals. Returns 0 when none ran, 1 when all that ran
 * had SA_RESTART (restart the call), 3 when one had not (fail with EINTR). */
int32_t wasig_guest_interrupt(void);

/* The announcement: table indices of wasig_layout, wasig_guest_setup and
 * wasig_guest_interrupt. The host reads the layout, calls setup (pid, uid,
 * flags) through the table and tells its parent where the mailbox is. */
WASIG_IMPORT(wasig_start_js) void wasig_start_js(int32_t layout_fn, int32_t setup_fn, int32_t interrupt_fn);

/* ---- exports: the signal library of AssemblyScript guests (c-src/aslib) --
 * wasm/aslib.wasm is this libc layer built as its own module. An
 * AssemblyScript program imports these from the module "wasig" (the host
 * links them to that instance's exports) and so shares the C guests' one
 * implementation of signal semantics. Only scalars cross: masks are i64
 * (bit s-1 for signal s), times are i64 (ns or us as named), errors are
 * negated Linux errno values; a handler is an opaque i32 the library gives
 * back through wasig_call_js (0 is SIG_DFL, 1 SIG_IGN). What does not fit a
 * return value is read back with wasig_as_out(). */
#define WASIG_AS_EXPORT(name) WASIG_EXPORT(name)
/* Indexes of wasig_as_out(). */
enum {
  WASIG_AS_OUT_HANDLER, WASIG_AS_OUT_FLAGS, WASIG_AS_OUT_MASK, WASIG_AS_OUT_VALUE,
  WASIG_AS_OUT_INTERVAL, WASIG_AS_OUT_LEFT, WASIG_AS_OUT_SIGNO, WASIG_AS_OUT_CODE,
  WASIG_AS_OUT_ERRNO, WASIG_AS_OUT_PID, WASIG_AS_OUT_UID, WASIG_AS_OUT_STATUS,
  WASIG_AS_OUT_BAND, WASIG_AS_OUT_SIVAL, WASIG_AS_OUT_COUNT
};
WASIG_AS_EXPORT(wasig_as_out) int64_t wasig_as_out(int32_t index);
/* Copies field `index` (WASIG_AS_OUT_SIGNO..SIVAL) of the siginfo_t a
 * handler was called with into the out fields and returns it. */
WASIG_AS_EXPORT(wasig_as_siginfo) int64_t wasig_as_siginfo(int32_t si, int32_t index);
/* set 0 only reads the old action (out: HANDLER, FLAGS, MASK). */
WASIG_AS_EXPORT(wasig_as_sigaction)
int32_t wasig_as_sigaction(int32_t sig, int32_t set, int32_t handler, int32_t flags, int64_t mask);
WASIG_AS_EXPORT(wasig_as_raise) int32_t wasig_as_raise(int32_t sig);
WASIG_AS_EXPORT(wasig_as_kill) int32_t wasig_as_kill(int32_t pid, int32_t sig);
WASIG_AS_EXPORT(wasig_as_sigqueue) int32_t wasig_as_sigqueue(int32_t pid, int32_t sig, int32_t value);
/* Old mask to out MASK; set 0 only reads it. */
WASIG_AS_EXPORT(wasig_as_sigprocmask) int32_t wasig_as_sigprocmask(int32_t how, int32_t set, int64_t mask);
WASIG_AS_EXPORT(wasig_as_sigpending) int64_t wasig_as_sigpending(void);
WASIG_AS_EXPORT(wasig_as_sigsuspend) int32_t wasig_as_sigsuspend(int64_t mask);
/* timeout_ns < 0 waits forever. The signal, its siginfo to out SIGNO..SIVAL. */
WASIG_AS_EXPORT(wasig_as_sigtimedwait) int32_t wasig_as_sigtimedwait(int64_t set, int64_t timeout_ns);
WASIG_AS_EXPORT(wasig_as_pause) int32_t wasig_as_pause(void);
WASIG_AS_EXPORT(wasig_as_alarm) int32_t wasig_as_alarm(int32_t seconds);
/* Old value and interval (us) to out VALUE and INTERVAL. */
WASIG_AS_EXPORT(wasig_as_setitimer)
int32_t wasig_as_setitimer(int32_t which, int64_t value_us, int64_t interval_us);
WASIG_AS_EXPORT(wasig_as_getitimer) int32_t wasig_as_getitimer(int32_t which);
/* 0, or -EINTR with the ns left in out LEFT. */
WASIG_AS_EXPORT(wasig_as_nanosleep) int32_t wasig_as_nanosleep(int64_t ns);
WASIG_AS_EXPORT(wasig_as_sleep) int32_t wasig_as_sleep(int32_t seconds);
WASIG_AS_EXPORT(wasig_as_getpid) int32_t wasig_as_getpid(void);
/* strsignal's text, one character a call: the code at i, -1 past its end. */
WASIG_AS_EXPORT(wasig_as_strsignal) int32_t wasig_as_strsignal(int32_t sig, int32_t i);
/* The explicit safe point (checkpoint()) and the one the asc transform
 * calls at loop headers. */
WASIG_AS_EXPORT(wasig_as_checkpoint) void wasig_as_checkpoint(void);

#endif
