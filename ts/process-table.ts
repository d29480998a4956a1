// Emulated process ids, and the table that kill(pid, sig) looks them up in.

export interface Killable {
  readonly pid: number;
  /** Generate sig in this process on behalf of sender; handlers run at the
   *  target's next safe point. Throws OSError like kill(2). */
  receive(sig: number, code: number, senderPid: number, senderUid: number, value: number): void;
}

const table = new Map<number, Killable>();
let nextPid = 100;

export function allocatePid(): number {
  while (table.has(nextPid)) nextPid++;
  return nextPid++;
}

export function register(p: Killable): void {
  table.set(p.pid, p);
}

export function unregister(pid: number): void {
  table.delete(pid);
}

export function lookup(pid: number): Killable | undefined {
  return table.get(pid);
}

/** kill(-1, sig): every process but the sender (Linux skips init and the
 *  caller). Returns how many were signalled, and the first error of those
 *  that refused. */
export function broadcast(senderPid: number, send: (p: Killable) => void): { count: number; error: unknown } {
  let count = 0, error: unknown = null;
  for (const p of [...table.values()]) {
    if (p.pid === senderPid) continue;
    try {
      send(p);
      count++;
    } catch (e) {
      error ??= e;
    }
  }
  return { count, error };
}
