// Signal numbers, handler and mask enums: Linux's numbering on every flavor.
// The C core is int-only; the enums live here, as CPython's Lib/signal.py
// wraps the int-only _signal module.

export enum Signals {
  SIGHUP = 1,
  SIGINT = 2,
  SIGQUIT = 3,
  SIGILL = 4,
  SIGTRAP = 5,
  SIGABRT = 6,
  SIGBUS = 7,
  SIGFPE = 8,
  SIGKILL = 9,
  SIGUSR1 = 10,
  SIGSEGV = 11,
  SIGUSR2 = 12,
  SIGPIPE = 13,
  SIGALRM = 14,
  SIGTERM = 15,
  SIGSTKFLT = 16,
  SIGCHLD = 17,
  SIGCONT = 18,
  SIGSTOP = 19,
  SIGTSTP = 20,
  SIGTTIN = 21,
  SIGTTOU = 22,
  SIGURG = 23,
  SIGXCPU = 24,
  SIGXFSZ = 25,
  SIGVTALRM = 26,
  SIGPROF = 27,
  SIGWINCH = 28,
  SIGIO = 29,
  SIGPWR = 30,
  SIGSYS = 31,
  SIGRTMIN = 34,
  SIGRTMAX = 64,
}

// Aliases: added after the enum body so that the reverse map keeps the main
// name (Signals[6] === 'SIGABRT'), as Python's IntEnum aliases do.
export declare namespace Signals {
  const SIGIOT: Signals.SIGABRT;
  const SIGCLD: Signals.SIGCHLD;
  const SIGPOLL: Signals.SIGIO;
}
Object.defineProperties(Signals, {
  SIGIOT: { value: Signals.SIGABRT, enumerable: true },
  SIGCLD: { value: Signals.SIGCHLD, enumerable: true },
  SIGPOLL: { value: Signals.SIGIO, enumerable: true },
});

export enum Handlers {
  SIG_DFL = 0,
  SIG_IGN = 1,
}

export enum Sigmasks {
  SIG_BLOCK = 0,
  SIG_UNBLOCK = 1,
  SIG_SETMASK = 2,
}

export const {
  SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGKILL, SIGUSR1,
  SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGSTKFLT, SIGCHLD, SIGCONT, SIGSTOP, SIGTSTP,
  SIGTTIN, SIGTTOU, SIGURG, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGWINCH, SIGIO, SIGPWR,
  SIGSYS, SIGRTMIN, SIGRTMAX,
} = Signals;
export const SIGIOT = Signals.SIGABRT;
export const SIGCLD = Signals.SIGCHLD;
export const SIGPOLL = Signals.SIGIO;

export const { SIG_DFL, SIG_IGN } = Handlers;
export const { SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK } = Sigmasks;

export const NSIG = 65;

export const SI_USER = 0;
export const SI_KERNEL = 0x80;
export const SI_QUEUE = -1;
export const SI_TIMER = -2;
export const SI_TKILL = -6;

export const ITIMER_REAL = 0;
export const ITIMER_VIRTUAL = 1;
export const ITIMER_PROF = 2;
