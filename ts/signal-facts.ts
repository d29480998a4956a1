// What is known about each signal number: glibc's descriptions, the numbers
// glibc reserves, names, and which defaults end a process. Internal: the
// package exports the numbers (constants.ts), not these helpers.
import { NSIG, SIGCHLD, SIGCONT, SIGRTMAX, SIGRTMIN, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGWINCH, Signals } from './constants.js';

/** glibc's strsignal() texts, which Python's signal.strsignal returns on Linux. */
const DESCRIPTIONS: Record<number, string> = {
  1: 'Hangup', 2: 'Interrupt', 3: 'Quit', 4: 'Illegal instruction', 5: 'Trace/breakpoint trap',
  6: 'Aborted', 7: 'Bus error', 8: 'Floating point exception', 9: 'Killed',
  10: 'User defined signal 1', 11: 'Segmentation fault', 12: 'User defined signal 2',
  13: 'Broken pipe', 14: 'Alarm clock', 15: 'Terminated', 16: 'Stack fault',
  17: 'Child exited', 18: 'Continued', 19: 'Stopped (signal)', 20: 'Stopped',
  21: 'Stopped (tty input)', 22: 'Stopped (tty output)', 23: 'Urgent I/O condition',
  24: 'CPU time limit exceeded', 25: 'File size limit exceeded', 26: 'Virtual timer expired',
  27: 'Profiling timer expired', 28: 'Window changed', 29: 'I/O possible', 30: 'Power failure',
  31: 'Bad system call',
};

export function describeSignal(sig: number): string | null {
  if (DESCRIPTIONS[sig]) return DESCRIPTIONS[sig];
  if (sig >= SIGRTMIN && sig <= SIGRTMAX) return `Real-time signal ${sig - SIGRTMIN}`;
  return null; // 32 and 33: glibc keeps them for itself ("Unknown signal")
}

/** glibc reserves 32 and 33 for its threads; Python's valid_signals() on
 *  Linux leaves them out, and so do we. */
export function isReservedSignal(sig: number): boolean {
  return sig === 32 || sig === 33;
}

/** Signals whose signal(7) default action ends the process (Term or Core).
 *  The core decides default actions itself (wasig_default_action); this is
 *  for hosts that must act without it, such as a guest program built without
 *  wasig's libc. test/runtime/defaults.test.ts checks that the two agree. */
export function endsByDefault(sig: number): boolean {
  switch (sig) {
    case SIGCHLD: case SIGCONT: case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
    case SIGURG: case SIGWINCH:
      return false;
    default:
      return sig >= 1 && sig < NSIG;
  }
}

export function signalName(sig: number): string {
  return Signals[sig] ?? `signal ${sig}`;
}
