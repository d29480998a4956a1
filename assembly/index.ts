// wasig for AssemblyScript: POSIX signals for AssemblyScript programs run by
// `wasig run` or spawn(), in Node and in browsers.
//
//   import { signal, SIGINT, sigaction, SigAction, SA_SIGINFO } from "wasig/assembly";
//
// Build with the transform (it exports the handler dispatcher, runs the
// program's top-level code as _start, and puts safe points in its loops):
//
//   asc prog.ts --transform wasig/transform -o prog.wasm
//
// Design: no signal semantics live here. Every call goes to the C guest
// library (the core and c-src/libc, built as wasm/aslib.wasm), which the host
// instantiates beside the program and links to its "wasig" imports; that
// library holds the dispositions, masks, pending set, realtime queue and
// timers, in a memory the host writes signals into, exactly as for a C
// guest (see c-src/aslib/aslib.c). Handlers come back through __wasig_call.
//
// Errors follow POSIX: a call that fails returns -1 (sigwait and friends: -1
// instead of a signal) and sets `errno` to a Linux errno value (EINTR,
// EINVAL, EAGAIN, ESRCH). Handlers are top-level functions, as
// AssemblyScript has no closures.

// ---- the C library's functions (c-src/core/boundary.h, wasig_as_*) ---------------

// @ts-ignore: decorator
@external("wasig", "wasig_as_out") declare function _out(index: i32): i64;
// @ts-ignore: decorator
@external("wasig", "wasig_as_siginfo") declare function _siginfo(si: i32, index: i32): i64;
// @ts-ignore: decorator
@external("wasig", "wasig_as_sigaction") declare function _sigaction(sig: i32, set: i32, handler: usize, flags: i32, mask: i64): i32;
// @ts-ignore: decorator
@external("wasig", "wasig_as_raise") declare function _raise(sig: i32): i32;
// @ts-ignore: decorator
@external("wasig", "wasig_as_kill") declare function _kill(pid: i32, sig: i32): i32;
// @ts-ignore: decorator
@external("wasig", "wasig_as_sigqueue") declare function _sigqueue(pid: i32, sig: i32, value: i32): i32;
// @ts-ignore: decorator
@external("wasig", "wasig_as_sigprocmask") declare function _sigprocmask(how: i32, set: i32, mask: i64): i32;
// @ts-ignore: decorator
@external("wasig", "wasig_as_sigpending") declare function _sigpending(): i64;
// @ts-ignore: decorator
@external("wasig", "wasig_as_sigsuspend") declare function _sigsuspend(mask: i64): i32;
// @ts-ignore: decorator
@external("wasig", "wasig_as_sigtimedwait") declare function _sigtimedwait(set: i64, timeoutNs: i64): i32;
// @ts-ignore: decorator
@external("wasig", "wasig_as_pause") declare function _pause(): i32;
// @ts-ignore: decorator
@external("wasig", "wasig_as_alarm") declare function _alarm(seconds: u32): u32;
// @ts-ignore: decorator
@external("wasig", "wasig_as_setitimer") declare function _setitimer(which: i32, valueUs: i64, intervalUs: i64): i32;
// @ts-ignore: decorator
@external("wasig", "wasig_as_getitimer") declare function _getitimer(which: i32): i32;
// @ts-ignore: decorator
@external("wasig", "wasig_as_nanosleep") declare function _nanosleep(ns: i64): i32;
// @ts-ignore: decorator
@external("wasig", "wasig_as_sleep") declare function _sleep(seconds: u32): u32;
// @ts-ignore: decorator
@external("wasig", "wasig_as_getpid") declare function _getpid(): i32;
// @ts-ignore: decorator
@external("wasig", "wasig_as_strsignal") declare function _strsignal(sig: i32, i: i32): i32;
// @ts-ignore: decorator
@external("wasig", "wasig_as_checkpoint") declare function _checkpoint(): void;
// The host's own (ts/guest/asc-guest.ts): output and exit.
// @ts-ignore: decorator
@external("wasig", "wasig_as_write_js") declare function _write(fd: i32, ptr: usize, len: i32): void;
// @ts-ignore: decorator
@external("wasig", "wasig_as_exit_js") declare function _exit(code: i32): void;
// @ts-ignore: decorator
@external("wasig", "wasig_as_argc_js") declare function _argc(): i32;
// @ts-ignore: decorator
@external("wasig", "wasig_as_arg_js") declare function _arg(i: i32, ptr: usize, cap: i32): i32;

// Indexes of _out (WASIG_AS_OUT_* in boundary.h).
const OUT_HANDLER = 0, OUT_FLAGS = 1, OUT_MASK = 2, OUT_VALUE = 3, OUT_INTERVAL = 4, OUT_LEFT = 5,
  OUT_SIGNO = 6, OUT_CODE = 7, OUT_ERRNO = 8, OUT_PID = 9, OUT_UID = 10, OUT_STATUS = 11, OUT_BAND = 12,
  OUT_SIVAL = 13;

// ---- constants (Linux's numbers, as wasig uses on every flavor) --------------------

export const SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGIOT = 6,
  SIGBUS = 7, SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13,
  SIGALRM = 14, SIGTERM = 15, SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20,
  SIGTTIN = 21, SIGTTOU = 22, SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27,
  SIGWINCH = 28, SIGIO = 29, SIGPOLL = 29, SIGPWR = 30, SIGSYS = 31, SIGRTMIN = 34, SIGRTMAX = 64,
  NSIG = 65;

export const SA_NOCLDSTOP = 1, SA_NOCLDWAIT = 2, SA_SIGINFO = 4, SA_ONSTACK = 0x08000000,
  SA_RESTART = 0x10000000, SA_NODEFER = 0x40000000, SA_RESETHAND = <i32>0x80000000;

export const SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
export const ITIMER_REAL = 0, ITIMER_VIRTUAL = 1, ITIMER_PROF = 2;
export const SI_USER = 0, SI_KERNEL = 0x80, SI_QUEUE = -1, SI_TIMER = -2, SI_TKILL = -6;
export const EPERM = 1, ESRCH = 3, EINTR = 4, EAGAIN = 11, EINVAL = 22, ENOSYS = 38;

/** The Linux errno value of the last call that failed. */
export let errno: i32 = 0;

function fail(r: i32): i32 {
  if (r < 0) { errno = -r; return -1; }
  return r;
}

// ---- types -------------------------------------------------------------------------

export type Handler = (sig: i32) => void;
export type InfoHandler = (sig: i32, info: SigInfo) => void;

// Real functions, never called: a function value must point at a function
// object, since the garbage collector follows it. The C library knows
// SIG_DFL as 0 and SIG_IGN as 1 (function objects are never there).
export function SIG_DFL(sig: i32): void {}
export function SIG_IGN(sig: i32): void {}
export function SIG_ERR(sig: i32): void {}

function toLibrary(fn: usize): usize {
  if (fn == changetype<usize>(SIG_DFL)) return 0;
  if (fn == changetype<usize>(SIG_IGN)) return 1;
  return fn;
}

function fromLibrary(h: usize): Handler {
  return h == 0 ? SIG_DFL : h == 1 ? SIG_IGN : changetype<Handler>(h);
}

/** A set of signals (sigset_t): bit s-1 stands for signal s. */
export class SigSet {
  bits: u64 = 0;
}

export function sigemptyset(s: SigSet): i32 { s.bits = 0; return 0; }
export function sigfillset(s: SigSet): i32 { s.bits = <u64>-1; return 0; }
export function sigaddset(s: SigSet, sig: i32): i32 {
  if (sig < 1 || sig >= NSIG) return fail(-EINVAL);
  s.bits |= <u64>1 << <u64>(sig - 1);
  return 0;
}
export function sigdelset(s: SigSet, sig: i32): i32 {
  if (sig < 1 || sig >= NSIG) return fail(-EINVAL);
  s.bits &= ~(<u64>1 << <u64>(sig - 1));
  return 0;
}
export function sigismember(s: SigSet, sig: i32): i32 {
  if (sig < 1 || sig >= NSIG) return fail(-EINVAL);
  return <i32>((s.bits >> <u64>(sig - 1)) & 1);
}

/** What an SA_SIGINFO handler and sigwaitinfo receive. */
export class SigInfo {
  si_signo: i32 = 0;
  si_code: i32 = 0;
  si_errno: i32 = 0;
  si_pid: i32 = 0;
  si_uid: u32 = 0;
  si_status: i32 = 0;
  si_band: i32 = 0;
  /** sigval.sival_int: the value sigqueue sent. */
  si_value: i32 = 0;
}

function infoFromOut(info: SigInfo): void {
  info.si_signo = <i32>_out(OUT_SIGNO);
  info.si_code = <i32>_out(OUT_CODE);
  info.si_errno = <i32>_out(OUT_ERRNO);
  info.si_pid = <i32>_out(OUT_PID);
  info.si_uid = <u32>_out(OUT_UID);
  info.si_status = <i32>_out(OUT_STATUS);
  info.si_band = <i32>_out(OUT_BAND);
  info.si_value = <i32>_out(OUT_SIVAL);
}

/** struct sigaction: with SA_SIGINFO in sa_flags, sa_sigaction is the handler. */
export class SigAction {
  sa_handler: Handler = SIG_DFL;
  sa_sigaction: InfoHandler | null = null;
  sa_mask: SigSet = new SigSet();
  sa_flags: i32 = 0;
}

export class Timespec {
  constructor(public tv_sec: i64 = 0, public tv_nsec: i64 = 0) {}
}

export class Timeval {
  constructor(public tv_sec: i64 = 0, public tv_usec: i64 = 0) {}
}

export class Itimerval {
  it_interval: Timeval = new Timeval();
  it_value: Timeval = new Timeval();
}

// ---- handlers ----------------------------------------------------------------------

/** Called by the C library (through the host) to run a handler: `fn` is the
 *  function value sigaction stored, `si` the C siginfo_t of an SA_SIGINFO
 *  handler (0 for a plain one). The transform exports it. */
export function __wasig_call(fn: usize, sig: i32, si: i32): void {
  if (si) {
    const info = new SigInfo();
    _siginfo(si, OUT_SIGNO);
    infoFromOut(info);
    changetype<InfoHandler>(fn)(sig, info);
  } else {
    changetype<Handler>(fn)(sig);
  }
}

// Referencing the dispatcher keeps it in the module for the transform to export.
let dispatcher: usize = 0;

export function sigaction(sig: i32, act: SigAction | null, old: SigAction | null = null): i32 {
  if (!dispatcher) dispatcher = changetype<usize>(__wasig_call);
  let r: i32;
  if (act) {
    const fn = toLibrary(act.sa_flags & SA_SIGINFO ? changetype<usize>(act.sa_sigaction) : changetype<usize>(act.sa_handler));
    if (fn == changetype<usize>(SIG_ERR)) return fail(-EINVAL);
    r = _sigaction(sig, 1, fn, act.sa_flags, <i64>act.sa_mask.bits);
  } else {
    r = _sigaction(sig, 0, 0, 0, 0);
  }
  if (r < 0) return fail(r);
  if (old) {
    const h = <usize>_out(OUT_HANDLER);
    old.sa_flags = <i32>_out(OUT_FLAGS);
    old.sa_mask.bits = <u64>_out(OUT_MASK);
    // The C union: both names read the one stored value.
    old.sa_handler = fromLibrary(h);
    old.sa_sigaction = h > 1 ? changetype<InfoHandler>(h) : null;
  }
  return 0;
}

/** signal(2) with glibc's semantics (SA_RESTART). Returns the previous
 *  handler, or SIG_ERR with errno set. */
export function signal(sig: i32, handler: Handler): Handler {
  const act = new SigAction();
  act.sa_handler = handler;
  act.sa_flags = SA_RESTART;
  const old = new SigAction();
  if (sigaction(sig, act, old) < 0) return SIG_ERR;
  return old.sa_handler;
}

/** Whether a blocking call that sig's handler interrupts fails with EINTR
 *  (flag 1) or restarts (0). */
export function siginterrupt(sig: i32, flag: i32): i32 {
  const act = new SigAction();
  if (sigaction(sig, null, act) < 0) return -1;
  if (flag) act.sa_flags &= ~SA_RESTART;
  else act.sa_flags |= SA_RESTART;
  if (act.sa_flags & SA_SIGINFO) act.sa_handler = changetype<Handler>(changetype<usize>(act.sa_sigaction));
  return sigaction(sig, act);
}

// ---- sending ------------------------------------------------------------------------

export function raise(sig: i32): i32 { return fail(_raise(sig)); }
export function kill(pid: i32, sig: i32): i32 { return fail(_kill(pid, sig)); }
export function sigqueue(pid: i32, sig: i32, value: i32): i32 { return fail(_sigqueue(pid, sig, value)); }
export function getpid(): i32 { return _getpid(); }

// ---- masks and waits ----------------------------------------------------------------

export function sigprocmask(how: i32, set: SigSet | null, old: SigSet | null = null): i32 {
  const r = set ? _sigprocmask(how, 1, <i64>set.bits) : _sigprocmask(how, 0, 0);
  if (r < 0) return fail(r);
  if (old) old.bits = <u64>_out(OUT_MASK);
  return 0;
}

export function sigpending(set: SigSet): i32 {
  set.bits = <u64>_sigpending();
  return 0;
}

/** Waits with `mask` as the mask until a handler has run: always -1, EINTR. */
export function sigsuspend(mask: SigSet): i32 { return fail(_sigsuspend(<i64>mask.bits)); }

/** Waits until a handler has run: always -1, EINTR. */
export function pause(): i32 { return fail(_pause()); }

/** Takes a signal of `set` from the pending ones, waiting for one: the
 *  signal (POSIX's sigwait stores it through a pointer), or -1 and errno. */
export function sigwait(set: SigSet): i32 {
  for (;;) {
    const r = _sigtimedwait(<i64>set.bits, -1);
    if (r != -EINTR) return fail(r);
  }
}

export function sigwaitinfo(set: SigSet, info: SigInfo | null = null): i32 {
  const r = _sigtimedwait(<i64>set.bits, -1);
  if (r > 0 && info) infoFromOut(info);
  return fail(r);
}

/** As sigwaitinfo, for at most `timeout`: -1 and EAGAIN when it passed. */
export function sigtimedwait(set: SigSet, info: SigInfo | null, timeout: Timespec): i32 {
  if (timeout.tv_sec < 0 || timeout.tv_nsec < 0 || timeout.tv_nsec >= 1000000000) return fail(-EINVAL);
  const r = _sigtimedwait(<i64>set.bits, timeout.tv_sec * 1000000000 + timeout.tv_nsec);
  if (r > 0 && info) infoFromOut(info);
  return fail(r);
}

// ---- timers and sleeps ---------------------------------------------------------------

/** Seconds left of the previous alarm; 0 cancels. */
export function alarm(seconds: u32): u32 { return _alarm(seconds); }

function fromUs(tv: Timeval, us: i64): void {
  tv.tv_sec = us / 1000000;
  tv.tv_usec = us % 1000000;
}

export function setitimer(which: i32, value: Itimerval, old: Itimerval | null = null): i32 {
  const v = value.it_value, i = value.it_interval;
  if (v.tv_usec < 0 || v.tv_usec >= 1000000 || i.tv_usec < 0 || i.tv_usec >= 1000000) return fail(-EINVAL);
  const r = _setitimer(which, v.tv_sec * 1000000 + v.tv_usec, i.tv_sec * 1000000 + i.tv_usec);
  if (r < 0) return fail(r);
  if (old) {
    fromUs(old.it_value, _out(OUT_VALUE));
    fromUs(old.it_interval, _out(OUT_INTERVAL));
  }
  return 0;
}

export function getitimer(which: i32, value: Itimerval): i32 {
  const r = _getitimer(which);
  if (r < 0) return fail(r);
  fromUs(value.it_value, _out(OUT_VALUE));
  fromUs(value.it_interval, _out(OUT_INTERVAL));
  return 0;
}

/** Sleeps; a handler that runs ends it early: -1, EINTR and the time left in `rem`. */
export function nanosleep(req: Timespec, rem: Timespec | null = null): i32 {
  if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= 1000000000) return fail(-EINVAL);
  const r = _nanosleep(req.tv_sec * 1000000000 + req.tv_nsec);
  if (r < 0 && rem) {
    const left = _out(OUT_LEFT);
    rem.tv_sec = left / 1000000000;
    rem.tv_nsec = left % 1000000000;
  }
  return fail(r);
}

/** Sleeps; returns the seconds left (rounded) when a handler ended it early. */
export function sleep(seconds: u32): u32 { return _sleep(seconds); }

// ---- the rest ------------------------------------------------------------------------

export function strsignal(sig: i32): string {
  let s = "";
  for (let i = 0; ; i++) {
    const c = _strsignal(sig, i);
    if (c < 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

/** A safe point: runs the handlers of signals that arrived. The transform
 *  calls it at loop headers; call it where a long computation has none. */
export function checkpoint(): void { _checkpoint(); }

/** Writes `s` (UTF-8) to a file descriptor of the host (1 stdout, 2 stderr). */
export function write(fd: i32, s: string): void {
  const b = String.UTF8.encode(s);
  _write(fd, changetype<usize>(b), b.byteLength);
}

/** Writes a line to stdout. */
export function print(s: string): void { write(1, s + "\n"); }

/** The program's arguments; args()[0] is its name. */
export function args(): string[] {
  const n = _argc();
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const buf = new ArrayBuffer(_arg(i, 0, 0));
    _arg(i, changetype<usize>(buf), buf.byteLength);
    out[i] = String.UTF8.decode(buf);
  }
  return out;
}

/** Ends the program with `code` as its exit status. */
export function exit(code: i32): void { _exit(code); }
