// The types of signal arguments: a number or a `Signals` member, or a name.
import type { ITIMER_PROF, ITIMER_REAL, ITIMER_VIRTUAL, Signals } from './constants.js';

/** A signal's name as `Signals` spells it ('SIGINT', and the aliases
 *  'SIGIOT', 'SIGCLD', 'SIGPOLL'). */
export type SignalName = Exclude<keyof typeof Signals, number>;

/** A signal by number (`SIGINT`, `Signals.SIGINT`, `2`, `SIGRTMIN + 1`) or
 *  by name (`'SIGINT'`). An unknown name is a ValueError, as Python's
 *  `Signals('SIGFOO')`; a number out of range a ValueError too. */
export type SignalLike = number | Signals | SignalName;

/** The `which` of `setitimer`/`getitimer`: `ITIMER_REAL`, `ITIMER_VIRTUAL`
 *  or `ITIMER_PROF`. */
export type ItimerWhich = typeof ITIMER_REAL | typeof ITIMER_VIRTUAL | typeof ITIMER_PROF;
