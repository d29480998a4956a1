// What the AssemblyScript test programs must print, checked alike in Node
// (asc.test.ts) and in Chromium (test/browser/asc-scenarios.spec.mjs). Each
// check returns null when the output is right, else what is wrong.

/** timers.ts: alarm, an interval timer, and sleeps a timer ends early. */
export function timersProblem(stdout) {
  const lines = stdout.trim().split('\n');
  const want = [
    /^alarm left 1$/,
    /^alarms 1$/,
    /^interval 50000 armed yes$/,
    /^ticks done, disarmed yes$/,
    // alarm(1) is armed just before the 5 s nanosleep starts, so the sleep
    // is cut after a little less or more than 1 s (4 or 3 whole seconds
    // left); a loaded machine delivers later, never earlier.
    /^nanosleep -1 EINTR rem [234]$/,
    /^sleep left [23]$/,
  ];
  if (lines.length !== want.length || lines.some((l, i) => !want[i].test(l))) {
    return `timers.ts printed:\n${stdout}\nwanted lines matching:\n${want.join('\n')}`;
  }
  return null;
}

/** masks.ts: each of its checks prints "ok …", then "done". */
export function masksProblem(stdout) {
  const lines = stdout.trim().split('\n');
  const bad = lines.filter((l) => !l.startsWith('ok '));
  if (bad.length !== 1 || bad[0] !== 'done' || lines.length !== 16) return `masks.ts printed:\n${stdout}\n(wanted 15 "ok" lines and "done")`;
  return null;
}
