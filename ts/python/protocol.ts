// What the parent gives a Python process's worker, and the messages back.
/** Where a Python process's stdout or stderr goes: the host's fd, or events. */
export type PythonStdio = 'pipe' | 'inherit';

export interface PythonStart {
  /** The pyodide package's directory, ending in '/'. */
  indexURL: string;
  /** The program's text, and the name it is run under ('<string>' for code). */
  source: string;
  filename: string;
  argv: string[];
  env: Record<string, string>;
  pid: number;
  stdout: PythonStdio;
  stderr: PythonStdio;
  /** Pyodide's interrupt buffer: one Int32, the next signal number or 0. */
  interrupt: SharedArrayBuffer;
  /** Int32 per signal number: the Python program's disposition (DISPOSITION). */
  dispositions: SharedArrayBuffer;
  /** CONTROL: the stop word and the host's replies to 'call' messages. */
  control: SharedArrayBuffer;
}

/** Int32 indexes of PythonStart.control. While [STOP] is 1 the Python thread
 *  waits at its next bytecode check. A 'call' is answered by writing
 *  [REPLY_LEN] bytes of JSON at byte REPLY_DATA, then 1 into [REPLY]. */
export const CONTROL = { STOP: 0, REPLY: 1, REPLY_LEN: 2, REPLY_DATA: 16, BYTES: 4096 } as const;

/** The values of PythonStart.dispositions, as bootstrap.ts writes them. */
export const DISPOSITION = { DFL: 0, IGN: 1, HANDLER: 2 } as const;

export type FromPython =
  | { t: 'ready' }
  | { t: 'out'; fd: number; data: Uint8Array }
  | { t: 'exit'; code: number }
  | { t: 'signal'; sig: number }
  | { t: 'error'; message: string }
  /** A signal call the host answers (python-calls.ts), the Python thread
   *  waiting for the reply in CONTROL. */
  | { t: 'call'; op: string; args: unknown[] };
