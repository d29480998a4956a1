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
}

/** The values of PythonStart.dispositions, as bootstrap.ts writes them. */
export const DISPOSITION = { DFL: 0, IGN: 1, HANDLER: 2 } as const;

export type FromPython =
  | { t: 'ready' }
  | { t: 'out'; fd: number; data: Uint8Array }
  | { t: 'exit'; code: number }
  | { t: 'signal'; sig: number }
  | { t: 'error'; message: string };
