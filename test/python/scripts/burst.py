# Signals that wait together run their handlers one after another, never
# one inside another: each handler prints (a print flushes, and flushing
# checks for signals), and reports how deep the handlers went. SIGUSR2
# writes the count and the depth, with os.write: it is sent on seeing the
# last handler's line, when that handler may still be in its print's flush,
# and a signal that comes during a handler runs nested, as in CPython.
import os
import signal

depth = deepest = calls = 0


def printing(signum, frame):
    global depth, deepest, calls
    depth += 1
    deepest = max(deepest, depth)
    calls += 1
    print("handler", calls, flush=True)
    depth -= 1


signal.signal(signal.SIGUSR1, printing)
signal.signal(signal.SIGUSR2, lambda s, f: os.write(1, b"calls %d deepest %d\n" % (calls, deepest)))
print("ready", flush=True)
while True:
    pass
