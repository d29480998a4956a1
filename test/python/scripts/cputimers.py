# ITIMER_VIRTUAL and ITIMER_PROF count the time the program runs, not the
# time it waits: armed, they do not fire while it sleeps, and fire once it
# computes; an interval repeats; a bad timer is ItimerError. Run by python3
# and by wasig+Pyodide; the outputs must be the same. Only bounds that a
# loaded machine cannot break are printed.
import errno
import signal
import time

got = []


def show(signum, frame):
    got.append(signal.Signals(signum).name)


signal.signal(signal.SIGVTALRM, show)
signal.signal(signal.SIGPROF, show)
for which in ("ITIMER_VIRTUAL", "ITIMER_PROF"):
    w = getattr(signal, which)
    print(which, "disarmed", signal.getitimer(w))
    signal.setitimer(w, 0.3)
    v, i = signal.getitimer(w)
    print(which, "armed", 0 < v <= 0.31, i)  # Linux adds a scheduler tick
    time.sleep(0.6)
    v, i = signal.getitimer(w)
    print(which, "after sleeping 0.6 s", got, v > 0)
    n = 0
    while not got:
        n += 1
    print(which, "while computing", got, n > 0)
    print(which, "fired", signal.getitimer(w))
    del got[:]

signal.setitimer(signal.ITIMER_PROF, 0.05, 0.05)
v, i = signal.getitimer(signal.ITIMER_PROF)
print("interval", i)
while len(got) < 3:
    pass
signal.setitimer(signal.ITIMER_PROF, 0)
print("interval timer", got)
print("old value", signal.setitimer(signal.ITIMER_VIRTUAL, 0))
for bad in (3, -1):
    try:
        signal.setitimer(bad, 1)
    except signal.ItimerError as e:
        print("setitimer", bad, type(e).__name__, e.errno == errno.EINVAL)
    try:
        signal.getitimer(bad)
    except signal.ItimerError as e:
        print("getitimer", bad, type(e).__name__, e.errno == errno.EINVAL)
