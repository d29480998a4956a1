// Python's exception classes, as the signal and os modules raise them.

const STRERROR: Record<number, [code: string, text: string]> = {
  1: ['EPERM', 'Operation not permitted'],
  3: ['ESRCH', 'No such process'],
  4: ['EINTR', 'Interrupted system call'],
  9: ['EBADF', 'Bad file descriptor'],
  11: ['EAGAIN', 'Resource temporarily unavailable'],
  22: ['EINVAL', 'Invalid argument'],
  32: ['EPIPE', 'Broken pipe'],
};

export const errno = {
  EPERM: 1, ESRCH: 3, EINTR: 4, EBADF: 9, EAGAIN: 11, EINVAL: 22, EPIPE: 32,
} as const;

/** Python's ValueError: a value of the right type but out of range. */
export class ValueError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = 'ValueError';
  }
}

/** Python's OSError: `errno` is Linux's number, `code` its name. */
export class OSError extends Error {
  /** Linux's errno (22 for EINVAL); 0 for the one-argument form. */
  readonly errno: number;
  /** The errno's name ('EINVAL'), as Node's system errors have it. */
  readonly code: string;
  /** The text after "[Errno N] ". */
  readonly strerror: string;
  /** OSError(errno[, strerror]) as Python's two-argument form: "[Errno N] text".
   *  OSError(message: string) as its one-argument form: no errno (0). */
  constructor(errnoValue: number | string, strerror?: string) {
    if (typeof errnoValue === 'string') {
      super(errnoValue);
      this.name = 'OSError';
      this.errno = 0;
      this.code = '';
      this.strerror = errnoValue;
      return;
    }
    const [code, text] = STRERROR[errnoValue] ?? [`E${errnoValue}`, `Unknown error ${errnoValue}`];
    const why = strerror ?? text;
    super(`[Errno ${errnoValue}] ${why}`);
    this.name = 'OSError';
    this.errno = errnoValue;
    this.code = code;
    this.strerror = why;
  }
}

/** Python's InterruptedError: an OSError with EINTR. */
export class InterruptedError extends OSError {
  constructor(strerror?: string) {
    super(errno.EINTR, strerror);
    this.name = 'InterruptedError';
  }
}

/** Python's BlockingIOError: an OSError with EAGAIN (a full or empty
 *  non-blocking pipe, a full guest mailbox). */
export class BlockingIOError extends OSError {
  constructor(strerror?: string) {
    super(errno.EAGAIN, strerror);
    this.name = 'BlockingIOError';
  }
}

/** signal.ItimerError: raised by setitimer/getitimer, errno from the call. */
export class ItimerError extends OSError {
  constructor(errnoValue: number = errno.EINVAL, strerror?: string) {
    super(errnoValue, strerror);
    this.name = 'ItimerError';
  }
}

/** Python's OSError(errno) picks its subclass from the number. */
export function osError(errnoValue: number, strerror?: string): OSError {
  if (errnoValue === errno.EAGAIN) return new BlockingIOError(strerror);
  if (errnoValue === errno.EINTR) return new InterruptedError(strerror);
  return new OSError(errnoValue, strerror);
}

/** Python's OverflowError: an integer too large for the C type it goes to
 *  (a `how` or mask word past 32 bits, as signal.pthread_sigmask says). */
export class OverflowError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = 'OverflowError';
  }
}

/** Python's KeyboardInterrupt, thrown by `defaultIntHandler` (SIGINT). */
export class KeyboardInterrupt extends Error {
  constructor(message = '') {
    super(message);
    this.name = 'KeyboardInterrupt';
  }
}

/** The emulated process was ended by a signal whose action is Term or Core. */
export class ProcessTerminated extends Error {
  /** The signal that ended it. */
  readonly signal: number;
  constructor(signal: number, message?: string) {
    super(message ?? `process terminated by signal ${signal}`);
    this.name = 'ProcessTerminated';
    this.signal = signal;
  }
}

/** Python's default SIGINT handler. */
export function defaultIntHandler(_signum?: number, _frame?: unknown): never {
  throw new KeyboardInterrupt();
}
