// Exit statuses with the signal's name beside its number. The name is a
// getter on the prototype, so a status still compares, clones and prints as
// the plain `{ code, signal }` record that Node's child_process gives.
import { SIGRTMAX, SIGRTMIN, Signals } from './constants.js';

/** A signal's name as Linux's kill -l prints it: 'SIGTERM', 'SIGRTMIN+3'. */
export function nameOfSignal(sig: number): string {
  if (sig > SIGRTMIN && sig < SIGRTMAX) return `SIGRTMIN+${sig - SIGRTMIN}`;
  return Signals[sig] ?? `signal ${sig}`;
}

const withName = {
  get signalName(): string | undefined {
    const s = (this as { signal?: number | null }).signal;
    return typeof s === 'number' ? nameOfSignal(s) : undefined;
  },
};

/** `fields` as a status record that also answers `signalName`. */
export function exitRecord<T extends { signal: number | null }>(fields: T): T {
  return Object.assign(Object.create(withName) as T, fields);
}
