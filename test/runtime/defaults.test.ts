// The default action of every signal, as an emulated process takes it, on
// both flavors; and the host-side table (for guests built without wasig's
// libc) agrees with the core's.
import { describe, expect, it } from 'vitest';
import { NSIG, ProcessTerminated, SIGCONT, SIGKILL, createRuntime, type Flavor } from 'wasig';
// Internal helper, not exported by the package: checked against the core here.
import { endsByDefault } from '../../dist/signal-facts.js';

const STOPS = new Set([19, 20, 21, 22]);
const IGNORED = new Set([17, 18, 23, 28]);

describe.each(['wasi', 'emscripten'] as Flavor[])('default actions on %s', (flavor) => {
  it('every signal: Term/Core end the process, Stop stops it, Ign/Cont do nothing', async () => {
    for (let sig = 1; sig < NSIG; sig++) {
      const rt = await createRuntime({ flavor, pythonDefaults: false });
      let ended = false;
      try {
        rt.raiseSignal(sig);
      } catch (e) {
        expect(e).toBeInstanceOf(ProcessTerminated);
        expect((e as ProcessTerminated).signal).toBe(sig);
        ended = true;
      }
      expect(ended, `signal ${sig}`).toBe(endsByDefault(sig));
      expect(ended, `signal ${sig}`).toBe(!STOPS.has(sig) && !IGNORED.has(sig));
      expect(rt.stopped, `signal ${sig}`).toBe(STOPS.has(sig));
      if (rt.stopped) {
        rt.raiseSignal(SIGCONT);
        expect(rt.stopped).toBe(false);
      }
      rt.close();
    }
    expect(endsByDefault(SIGKILL)).toBe(true);
    expect(endsByDefault(0)).toBe(false);
    expect(endsByDefault(NSIG)).toBe(false);
  });
});
