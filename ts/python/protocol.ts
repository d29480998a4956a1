// What the parent gives a Python process's worker, and the messages back.
/** Where a Python process's stdout or stderr goes: the host's fd, or events. */
export type PythonStdio = 'pipe' | 'inherit';
/** Where its stdin comes from: the host's fd 0, `proc.stdin`, or nothing
 *  (end of file). */
export type PythonStdin = 'pipe' | 'inherit' | 'ignore';

export interface PythonStart {
  /** The pyodide package's directory, ending in '/'. */
  indexURL: string;
  /** The program's text, and the name it is run under ('<string>' for code). */
  source: string;
  filename: string;
  argv: string[];
  env: Record<string, string>;
  pid: number;
  stdin: PythonStdin;
  stdout: PythonStdio;
  stderr: PythonStdio;
  /** The stdin ring (guest/protocol.ts), written by the host. */
  stdinBuf: SharedArrayBuffer;
  /** Pyodide's interrupt buffer: one Int32, the next signal number or 0. */
  interrupt: SharedArrayBuffer;
  /** Int32 per signal number: the Python program's disposition (DISPOSITION). */
  dispositions: SharedArrayBuffer;
  /** CONTROL: the stop word and the host's replies to 'call' messages. */
  control: SharedArrayBuffer;
  /** BigInt64 per RUN_CLOCK index: how long the Python thread was blocked,
   *  written by the worker, read by the host for ITIMER_VIRTUAL/ITIMER_PROF. */
  runClock: SharedArrayBuffer;
}

/** Int32 indexes of PythonStart.control. [STOP] counts stops and
 *  continues: while it is odd the Python thread waits at its next stop
 *  point (worker.ts), and a change since the last one tells that a stop came
 *  and maybe went. A 'call' is answered by writing
 *  [REPLY_LEN] bytes of JSON at byte REPLY_DATA, then 1 into [REPLY]. The
 *  host adds 1 to [WAKE] (and notifies it) after each move of stdin and each
 *  signal it writes into the interrupt buffer: a read of stdin waits on it.
 *  Each signal is numbered when it arrives (or is unblocked): [ARRIVALS] is
 *  the last number given, [ARRIVED] the number of the signal in the
 *  interrupt buffer (written before it). A signal that arrived before the
 *  running handler began waits until that handler returns, as signals
 *  pending together run one after another in CPython; one that arrived
 *  during it runs nested, at the next check, as there. */
export const CONTROL = { STOP: 0, REPLY: 1, REPLY_LEN: 2, WAKE: 3, ARRIVALS: 4, ARRIVED: 5, REPLY_DATA: 32, BYTES: 4096 } as const;

/** BigInt64 indexes of PythonStart.runClock, in microseconds of the epoch
 *  clock (performance.timeOrigin + now()): the total time the Python thread
 *  spent blocked in waits that ended, and when the one under way began (0:
 *  none). Its running time is the wall time less those. The worker writes
 *  [BLOCKED] before it clears [SINCE], so a reader between the two sees too
 *  little running time, never too much. */
export const RUN_CLOCK = { BLOCKED: 0, SINCE: 1, WORDS: 2 } as const;

/** The values of PythonStart.dispositions, as bootstrap.ts writes them. */
export const DISPOSITION = { DFL: 0, IGN: 1, HANDLER: 2 } as const;

export type FromPython =
  | { t: 'ready' }
  /** The program reads stdin 'inherit': the host starts reading its fd 0. */
  | { t: 'stdin' }
  | { t: 'out'; fd: number; data: Uint8Array }
  | { t: 'exit'; code: number }
  | { t: 'signal'; sig: number }
  | { t: 'error'; message: string }
  /** A signal call the host answers (python-calls.ts), the Python thread
   *  waiting for the reply in CONTROL. */
  | { t: 'call'; op: string; args: unknown[] };
