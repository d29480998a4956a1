// python3's signal.raise_signal to its own handler, the peer of the
// throughput rows (bench/throughput.mjs, bench/assemblyscript.mjs): `warm`
// batches first, then `batches` timed batches of `batch` calls, as ns/call.
import { execFileSync } from 'node:child_process';

const script = (batches, batch, warm) => `
import signal, time, json
n = 0
def h(s, f):
    global n
    n += 1
signal.signal(signal.SIGUSR1, h)
r = signal.raise_signal
out = []
for b in range(${batches + warm}):
    t = time.perf_counter_ns()
    for i in range(${batch}):
        r(signal.SIGUSR1)
    out.append((time.perf_counter_ns() - t) / ${batch})
assert n == ${(batches + warm) * batch}
print(json.dumps(out[${warm}:]))
`;

/** One python3 process's ns/call figures, one per timed batch. */
export function pythonRaise(batches, batch, warm) {
  return JSON.parse(execFileSync('python3', ['-c', script(batches, batch, warm)]).toString());
}

export function pythonVersion() {
  return execFileSync('python3', ['--version']).toString().trim();
}
