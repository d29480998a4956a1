# inspect.stack() and inspect.getouterframes() from a handler show the
# program's frames, as python3's: the handler, then where the signal came
# (a busy loop, raise_signal, sleep, os.kill), with no frame of wasig's.
import inspect
import os
import signal
import time

seen = []


def handler(signum, frame):
    seen.append([f.function for f in inspect.stack()])
    seen.append([f.function for f in inspect.getouterframes(frame)])


signal.signal(signal.SIGALRM, handler)
signal.signal(signal.SIGUSR1, handler)


def busy():
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    while len(seen) < 2:
        pass


def raising():
    signal.raise_signal(signal.SIGUSR1)


def sleeping():
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    time.sleep(0.5)


def killing():
    os.kill(os.getpid(), signal.SIGUSR1)


for case in (busy, raising, sleeping, killing):
    seen.clear()
    case()
    print(case.__name__, seen)
