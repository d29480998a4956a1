# Signals that wait together run their handlers one after another, never
# one inside another: each handler prints (a print flushes, and flushing
# checks for signals), and reports how deep the handlers went. SIGUSR2
# prints the count and the depth.
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
signal.signal(signal.SIGUSR2, lambda s, f: print("calls", calls, "deepest", deepest, flush=True))
print("ready", flush=True)
while True:
    pass
