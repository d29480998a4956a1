// Emulated process ids, the table that kill(pid, sig) looks them up in, and
// who may signal whom.
//
// Permission is Linux's kill rule plus a host policy per guest:
// - uid (kill(2) "Permissions"): the sender's real or effective uid equals
//   the target's real or saved uid, or the sender's effective uid is 0,
//   else EPERM;
// - scope (guests only; see SpawnOptions.killScope): 'self' reaches only the
//   guest itself, 'group' the guests of its process group, 'all' every
//   guest, 'host' every guest and every runtime. A target out of scope is
//   invisible to the sender, as a process in another pid namespace: ESRCH.
// The host itself (guest.kill(), a runtime's os.kill) is not a guest and has
// no scope; it follows the uid rule.
// Process 1 is an init, as in every Linux pid namespace: visible to every
// scope, uid 0, left out of kill(-1), and ignoring every signal (it has no
// handlers), so only a uid-0 sender passes kill(1, 0).
import { NSIG } from './constants.js';
import { OSError, errno, osError } from './errors.js';

/** Whom a guest may signal: itself, its process group, every guest, or
 *  every guest and runtime (see `SpawnOptions.killScope`). */
export type KillScope = 'self' | 'group' | 'all' | 'host';
export const KILL_SCOPES: readonly KillScope[] = ['self', 'group', 'all', 'host'];

export interface Killable {
  readonly pid: number;
  /** Real uid (si_uid of what it sends). */
  readonly uid: number;
  /** Saved set-user-ID, when it differs from the real uid (a guest that
   *  called seteuid or setresuid). */
  readonly suid?: number;
  /** Process group id (a guest leads its own unless spawned into one). */
  readonly pgid: number;
  /** A runtime (host JavaScript, maybe bound to the real OS signals)
   *  rather than a guest. */
  readonly isRuntime?: boolean;
  /** Generate sig in this process on behalf of sender; handlers run at the
   *  target's next safe point. Throws OSError like kill(2). */
  receive(sig: number, code: number, senderPid: number, senderUid: number, value: number): void;
}

/** Who sends: a guest (with its scope) or a runtime (scope null). */
export interface Sender {
  readonly pid: number;
  readonly uid: number;
  /** Effective uid, when it differs from the real one. */
  readonly euid?: number;
  readonly pgid: number;
  readonly scope: KillScope | null;
}

export const INIT_PID = 1;
const init: Killable = {
  pid: INIT_PID, uid: 0, pgid: INIT_PID,
  receive(sig: number): void {
    if (!Number.isInteger(sig) || sig < 0 || sig >= NSIG) throw new OSError(errno.EINVAL);
  },
};
const table = new Map<number, Killable>([[INIT_PID, init]]);
let nextPid = 100;

export function allocatePid(): number {
  while (table.has(nextPid)) nextPid++;
  return nextPid++;
}

export function register(p: Killable): void {
  table.set(p.pid, p);
}

export function unregister(pid: number): void {
  if (pid !== INIT_PID) table.delete(pid);
}

export function lookup(pid: number): Killable | undefined {
  return table.get(pid);
}

function visible(s: Sender, t: Killable): boolean {
  if (t.pid === s.pid || t.pid === INIT_PID || s.scope === null) return true;
  switch (s.scope) {
    case 'self': return false;
    case 'group': return !t.isRuntime && t.pgid === s.pgid;
    case 'all': return !t.isRuntime;
    case 'host': return true;
    default: return false;
  }
}

function allowed(s: Sender, t: Killable): boolean {
  const euid = s.euid ?? s.uid, tsuid = t.suid ?? t.uid;
  return euid === 0 || s.uid === t.uid || s.uid === tsuid || euid === t.uid || euid === tsuid;
}

/** kill(2) from an emulated process: pid > 0 one process, 0 the sender's
 *  group, -1 every process it may see but itself, < -1 the group -pid.
 *  Returns 0 or a negated errno (ESRCH when none is visible, EPERM when all
 *  visible refused permission, else the first error). `si_code` is the
 *  caller's to check (it is the host's, never the guest's). */
export function killFrom(s: Sender, pid: number, sig: number, code: number, value: number): number {
  if (!Number.isSafeInteger(pid) || pid < -0x80000000 || pid > 0x7fffffff) return -errno.EINVAL;
  if (pid > 0) {
    const t = table.get(pid);
    if (!t || !visible(s, t)) return -errno.ESRCH;
    if (!allowed(s, t)) return -errno.EPERM;
    return deliver(t, s, sig, code, value);
  }
  const group = pid === 0 ? s.pgid : pid < -1 ? -pid : null;
  let count = 0, denied = 0, first = 0;
  for (const t of [...table.values()]) {
    if (group === null ? t.pid === s.pid || t.pid === INIT_PID : t.pgid !== group) continue;
    if (!visible(s, t)) continue;
    if (!allowed(s, t)) { denied++; continue; }
    const r = deliver(t, s, sig, code, value);
    if (r === 0) count++;
    else first ||= r;
  }
  if (count) return 0;
  if (first) return first;
  return denied ? -errno.EPERM : -errno.ESRCH;
}

function deliver(t: Killable, s: Sender, sig: number, code: number, value: number): number {
  try {
    t.receive(sig, code, s.pid, s.uid, value);
    return 0;
  } catch (e) {
    // kill(2)'s own errors become its result; anything else (a handler's
    // exception, when a runtime signals itself and runs it at once) is the
    // caller's, as Python raises it from os.kill.
    if (e instanceof OSError && e.errno > 0) return -e.errno;
    throw e;
  }
}

/** killFrom() for callers that throw OSError. */
export function killOrThrow(s: Sender, pid: number, sig: number, code: number, value: number): void {
  const r = killFrom(s, pid, sig, code, value);
  if (r < 0) throw osError(-r);
}
