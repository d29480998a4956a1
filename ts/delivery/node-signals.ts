// Real OS signals of the Node process: a process.on listener exists only
// while the runtime has a handler or SIG_IGN for the signal, so that at
// SIG_DFL Node's own default applies again.
import { constants } from 'node:os';
import { OSError, errno } from '../errors.js';
import type { OsSignals } from '../platform.js';

const nameOf = new Map<number, NodeJS.Signals>(
  Object.entries(constants.signals).map(([name, n]) => [n as number, name as NodeJS.Signals]),
);

export function nodeOsSignals(): OsSignals {
  const listeners = new Map<number, () => void>();
  return {
    checkListenable(sig) {
      if (!nameOf.has(sig)) {
        throw new OSError(errno.EINVAL, `Node cannot listen for OS signal ${sig} (it names no real-time signals): deliver it with raiseSignal() or os.kill(), or create the runtime with bindOsSignals: false`);
      }
    },
    listen(sig, onSignal) {
      const name = nameOf.get(sig)!;
      const l = () => onSignal();
      listeners.set(sig, l);
      process.on(name, l);
    },
    unlisten(sig) {
      const l = listeners.get(sig);
      if (!l) return;
      listeners.delete(sig);
      process.removeListener(nameOf.get(sig)!, l);
    },
    killSelf(sig) {
      const l = listeners.get(sig);
      if (l) this.unlisten(sig);
      process.kill(process.pid, nameOf.get(sig) ?? sig);
    },
  };
}
