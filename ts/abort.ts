// AbortSignal support for the async waits, in the form Node's own promise
// APIs take it: `{ signal }`, rejecting with an AbortError.

/** What wasig needs of an `AbortSignal` (so that Node projects without
 *  lib.dom type-check): the real one of Node or a browser fits. */
export interface AbortSignalLike {
  /** Whether it was aborted. */
  readonly aborted: boolean;
  /** Why (a DOMException AbortError or TimeoutError by default). */
  readonly reason?: unknown;
  /** Listens for the abort. */
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  /** Stops listening. */
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Options of the async waits. */
export interface WaitOptions {
  /** Aborting it rejects the wait with an AbortError (its `cause` is the
   *  signal's reason), and takes no signal from the pending set. */
  signal?: AbortSignalLike;
}

/** The AbortError a wait rejects with: the signal's reason when that is an
 *  AbortError already (as `controller.abort()` makes it), else a new one. */
export function abortError(signal: AbortSignalLike): Error {
  const r = signal.reason;
  if (r instanceof Error && r.name === 'AbortError') return r;
  const e = typeof DOMException === 'function'
    ? new DOMException('The operation was aborted', 'AbortError') as unknown as Error
    : Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
  if (r !== undefined) Object.defineProperty(e, 'cause', { value: r, configurable: true, writable: true });
  return e;
}

/** Checks the options of a wait; the signal, if any. */
export function waitSignal(options: unknown, what: string): AbortSignalLike | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object') throw new TypeError(`${what}: options must be an object such as { signal }`);
  for (const k of Object.keys(options)) {
    if (k !== 'signal') throw new TypeError(`${what}: unknown option ${JSON.stringify(k)}; the options are signal`);
  }
  const s = (options as WaitOptions).signal;
  if (s === undefined) return undefined;
  if (typeof s !== 'object' || s === null || typeof s.aborted !== 'boolean' || typeof s.addEventListener !== 'function') {
    throw new TypeError(`${what}: options.signal must be an AbortSignal`);
  }
  return s;
}
