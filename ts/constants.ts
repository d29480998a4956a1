// Signal numbers, handler and mask enums: Linux's numbering on every flavor.
// The C core is int-only; the enums live here, as CPython's Lib/signal.py
// wraps the int-only _signal module.

/** Linux's signal numbers (Python's `signal.Signals`). Reverse-mapped:
 *  `Signals[2] === 'SIGINT'`. Each member's default action is in parentheses. */
export enum Signals {
  /** Hangup: the terminal or controlling process went away (Term). */
  SIGHUP = 1,
  /** Interrupt from the keyboard, Ctrl+C (Term). */
  SIGINT = 2,
  /** Quit from the keyboard, Ctrl+\ (Core). */
  SIGQUIT = 3,
  /** Illegal instruction; a wasm trap of that kind (Core). */
  SIGILL = 4,
  /** Trace/breakpoint trap (Core). */
  SIGTRAP = 5,
  /** Abort, as abort(3) raises it (Core). */
  SIGABRT = 6,
  /** Bus error (Core). */
  SIGBUS = 7,
  /** Arithmetic error, such as an integer division by zero (Core). */
  SIGFPE = 8,
  /** Kill: cannot be caught, blocked or ignored (Term). */
  SIGKILL = 9,
  /** User-defined signal 1 (Term). */
  SIGUSR1 = 10,
  /** Invalid memory reference; an out-of-bounds wasm access (Core). */
  SIGSEGV = 11,
  /** User-defined signal 2 (Term). */
  SIGUSR2 = 12,
  /** Write to a pipe with no reader (Term; Python starts with it ignored). */
  SIGPIPE = 13,
  /** Timer signal from alarm() and ITIMER_REAL (Term). */
  SIGALRM = 14,
  /** Termination request, kill's default (Term). */
  SIGTERM = 15,
  /** Stack fault on a coprocessor, unused (Term). */
  SIGSTKFLT = 16,
  /** A child stopped or ended (Ign). */
  SIGCHLD = 17,
  /** Continue if stopped (Cont). */
  SIGCONT = 18,
  /** Stop: cannot be caught, blocked or ignored (Stop). */
  SIGSTOP = 19,
  /** Stop typed at the terminal, Ctrl+Z (Stop). */
  SIGTSTP = 20,
  /** Terminal input for a background process (Stop). */
  SIGTTIN = 21,
  /** Terminal output for a background process (Stop). */
  SIGTTOU = 22,
  /** Urgent condition on a socket (Ign). */
  SIGURG = 23,
  /** CPU time limit exceeded (Core). */
  SIGXCPU = 24,
  /** File size limit exceeded (Core; Python starts with it ignored). */
  SIGXFSZ = 25,
  /** Virtual timer expired: ITIMER_VIRTUAL (Term). */
  SIGVTALRM = 26,
  /** Profiling timer expired: ITIMER_PROF (Term). */
  SIGPROF = 27,
  /** The terminal's window size changed (Ign). */
  SIGWINCH = 28,
  /** I/O is possible (Term). */
  SIGIO = 29,
  /** Power failure (Term). */
  SIGPWR = 30,
  /** Bad system call (Core). */
  SIGSYS = 31,
  /** The first realtime signal, as glibc numbers it (32 and 33 are glibc's own); queued with their siginfo (Term). */
  SIGRTMIN = 34,
  /** The last realtime signal (Term). */
  SIGRTMAX = 64,
}

// Aliases: added after the enum body so that the reverse map keeps the main
// name (Signals[6] === 'SIGABRT'), as Python's IntEnum aliases do.
export declare namespace Signals {
  /** Another name of SIGABRT. */
  const SIGIOT: Signals.SIGABRT;
  /** Another name of SIGCHLD. */
  const SIGCLD: Signals.SIGCHLD;
  /** Another name of SIGIO. */
  const SIGPOLL: Signals.SIGIO;
}
Object.defineProperties(Signals, {
  SIGIOT: { value: Signals.SIGABRT, enumerable: true },
  SIGCLD: { value: Signals.SIGCHLD, enumerable: true },
  SIGPOLL: { value: Signals.SIGIO, enumerable: true },
});

/** The two handlers that are not functions (Python's `signal.Handlers`). */
export enum Handlers {
  /** The signal's default action. */
  SIG_DFL = 0,
  /** Ignore the signal. */
  SIG_IGN = 1,
}

/** The `how` of `pthreadSigmask` (Python's `signal.Sigmasks`). */
export enum Sigmasks {
  /** Add the given signals to the blocked set. */
  SIG_BLOCK = 0,
  /** Remove them from it. */
  SIG_UNBLOCK = 1,
  /** Make them the blocked set. */
  SIG_SETMASK = 2,
}

/** Hangup: the terminal or controlling process went away (Term). */
export const SIGHUP = Signals.SIGHUP;
/** Interrupt from the keyboard, Ctrl+C (Term). */
export const SIGINT = Signals.SIGINT;
/** Quit from the keyboard, Ctrl+\ (Core). */
export const SIGQUIT = Signals.SIGQUIT;
/** Illegal instruction; a wasm trap of that kind (Core). */
export const SIGILL = Signals.SIGILL;
/** Trace/breakpoint trap (Core). */
export const SIGTRAP = Signals.SIGTRAP;
/** Abort, as abort(3) raises it (Core). */
export const SIGABRT = Signals.SIGABRT;
/** Bus error (Core). */
export const SIGBUS = Signals.SIGBUS;
/** Arithmetic error, such as an integer division by zero (Core). */
export const SIGFPE = Signals.SIGFPE;
/** Kill: cannot be caught, blocked or ignored (Term). */
export const SIGKILL = Signals.SIGKILL;
/** User-defined signal 1 (Term). */
export const SIGUSR1 = Signals.SIGUSR1;
/** Invalid memory reference; an out-of-bounds wasm access (Core). */
export const SIGSEGV = Signals.SIGSEGV;
/** User-defined signal 2 (Term). */
export const SIGUSR2 = Signals.SIGUSR2;
/** Write to a pipe with no reader (Term; Python starts with it ignored). */
export const SIGPIPE = Signals.SIGPIPE;
/** Timer signal from alarm() and ITIMER_REAL (Term). */
export const SIGALRM = Signals.SIGALRM;
/** Termination request, kill's default (Term). */
export const SIGTERM = Signals.SIGTERM;
/** Stack fault on a coprocessor, unused (Term). */
export const SIGSTKFLT = Signals.SIGSTKFLT;
/** A child stopped or ended (Ign). */
export const SIGCHLD = Signals.SIGCHLD;
/** Continue if stopped (Cont). */
export const SIGCONT = Signals.SIGCONT;
/** Stop: cannot be caught, blocked or ignored (Stop). */
export const SIGSTOP = Signals.SIGSTOP;
/** Stop typed at the terminal, Ctrl+Z (Stop). */
export const SIGTSTP = Signals.SIGTSTP;
/** Terminal input for a background process (Stop). */
export const SIGTTIN = Signals.SIGTTIN;
/** Terminal output for a background process (Stop). */
export const SIGTTOU = Signals.SIGTTOU;
/** Urgent condition on a socket (Ign). */
export const SIGURG = Signals.SIGURG;
/** CPU time limit exceeded (Core). */
export const SIGXCPU = Signals.SIGXCPU;
/** File size limit exceeded (Core; Python starts with it ignored). */
export const SIGXFSZ = Signals.SIGXFSZ;
/** Virtual timer expired: ITIMER_VIRTUAL (Term). */
export const SIGVTALRM = Signals.SIGVTALRM;
/** Profiling timer expired: ITIMER_PROF (Term). */
export const SIGPROF = Signals.SIGPROF;
/** The terminal's window size changed (Ign). */
export const SIGWINCH = Signals.SIGWINCH;
/** I/O is possible (Term). */
export const SIGIO = Signals.SIGIO;
/** Power failure (Term). */
export const SIGPWR = Signals.SIGPWR;
/** Bad system call (Core). */
export const SIGSYS = Signals.SIGSYS;
/** The first realtime signal, as glibc numbers it (32 and 33 are glibc's own); queued with their siginfo (Term). */
export const SIGRTMIN = Signals.SIGRTMIN;
/** The last realtime signal (Term). */
export const SIGRTMAX = Signals.SIGRTMAX;
/** Another name of SIGABRT. */
export const SIGIOT = Signals.SIGABRT;
/** Another name of SIGCHLD. */
export const SIGCLD = Signals.SIGCHLD;
/** Another name of SIGIO. */
export const SIGPOLL = Signals.SIGIO;

/** The signal's default action, as a handler. */
export const SIG_DFL = Handlers.SIG_DFL;
/** Ignore the signal, as a handler. */
export const SIG_IGN = Handlers.SIG_IGN;
/** `pthreadSigmask` how: add to the blocked set. */
export const SIG_BLOCK = Sigmasks.SIG_BLOCK;
/** `pthreadSigmask` how: remove from the blocked set. */
export const SIG_UNBLOCK = Sigmasks.SIG_UNBLOCK;
/** `pthreadSigmask` how: replace the blocked set. */
export const SIG_SETMASK = Sigmasks.SIG_SETMASK;

/** One more than the largest signal number (65). */
export const NSIG = 65;

/** si_code: sent by kill() (os.kill, a guest's kill). */
export const SI_USER = 0;
/** si_code: sent by the kernel (here: by the host, such as a real OS signal). */
export const SI_KERNEL = 0x80;
/** si_code: sent by sigqueue(). */
export const SI_QUEUE = -1;
/** si_code: sent by a timer. */
export const SI_TIMER = -2;
/** si_code: sent by tkill() (raiseSignal, pthreadKill). */
export const SI_TKILL = -6;

/** setitimer which: real time, delivering SIGALRM. */
export const ITIMER_REAL = 0;
/** setitimer which: the process's user CPU time, delivering SIGVTALRM. */
export const ITIMER_VIRTUAL = 1;
/** setitimer which: user and system CPU time, delivering SIGPROF. */
export const ITIMER_PROF = 2;
