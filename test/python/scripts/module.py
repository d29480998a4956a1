# The signal module driven from inside: alarm and setitimer firing in a busy
# loop, pause, time.sleep cut by signals (PEP 475), masks and sigpending,
# raise_signal and os.kill to itself, sigwait*, and a Term default at the end.
# Run by python3 and by wasig+Pyodide; the outputs must be the same. Times are
# short, and only lower bounds are printed (a loaded machine is slow, never
# early).
import errno
import os
import signal
import time

got = []


def show(signum, frame):
    got.append(signum)
    print("handler", signal.Signals(signum).name, flush=True)


signal.signal(signal.SIGALRM, show)
signal.signal(signal.SIGUSR1, show)

print("alarm", signal.alarm(5), signal.alarm(1) in (4, 5))
n = 0
while not got:
    n += 1  # an alarm fires while Python computes
print("alarm in a busy loop", got, n > 0)
print("getitimer disarmed", signal.getitimer(signal.ITIMER_REAL))
signal.setitimer(signal.ITIMER_REAL, 10, 2)
v, i = signal.getitimer(signal.ITIMER_REAL)
print("getitimer armed", 9 < v <= 10, i)
print("alarm left", signal.alarm(0))

# The interval's handler only counts: a handler that prints can be cut by
# the next expiry inside its print on a slow machine, which CPython reports
# as a reentrant call to the buffered writer (natively too), and more than
# three may fire before the timer is disarmed.
del got[:]
signal.signal(signal.SIGALRM, lambda signum, frame: got.append(signum))
signal.setitimer(signal.ITIMER_REAL, 0.05, 0.05)
while len(got) < 3:
    pass
signal.setitimer(signal.ITIMER_REAL, 0)
signal.signal(signal.SIGALRM, show)
print("interval timer", got[:3])

del got[:]
t0 = time.monotonic()
signal.setitimer(signal.ITIMER_REAL, 0.1)
time.sleep(0.4)
print("sleep resumed after its handler", got, time.monotonic() - t0 >= 0.4)

t0 = time.monotonic()
signal.setitimer(signal.ITIMER_REAL, 0.1)
print("pause", signal.pause(), got)


def fail(signum, frame):
    raise RuntimeError("from the handler")


signal.signal(signal.SIGALRM, fail)
signal.setitimer(signal.ITIMER_REAL, 0.1)
t0 = time.monotonic()
try:
    time.sleep(30)
except RuntimeError as e:
    print("sleep raised", e, time.monotonic() - t0 < 30)
signal.signal(signal.SIGALRM, show)

del got[:]
print("block", signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1, signal.SIGUSR2}))
signal.raise_signal(signal.SIGUSR1)
os.kill(os.getpid(), signal.SIGUSR1)
os.kill(os.getpid(), signal.SIGUSR2)  # blocked: its default does not end us
print("pending", sorted(signal.sigpending()), got)
print("unblock", sorted(signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])), got)
print("sigwait", signal.sigwait({signal.SIGUSR2}))
print("pending after sigwait", signal.sigpending())

signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
os.kill(os.getpid(), signal.SIGUSR1)
info = signal.sigwaitinfo({signal.SIGUSR1})
print("sigwaitinfo", info.si_signo, info.si_code, info.si_pid == os.getpid(), info.si_uid == os.getuid())
print("sigtimedwait timeout", signal.sigtimedwait({signal.SIGUSR1}, 0.05))
signal.setitimer(signal.ITIMER_REAL, 0.05)  # its handler runs, the wait goes on
print("sigtimedwait through a handler", signal.sigtimedwait({signal.SIGUSR1}, 0.3), got)
print("setmask", sorted(signal.pthread_sigmask(signal.SIG_SETMASK, [])))

for bad in ((signal.SIG_BLOCK, [0]), (signal.SIG_BLOCK, [signal.NSIG]), (signal.SIG_BLOCK, ["x"])):
    try:
        signal.pthread_sigmask(*bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
signal.raise_signal(0)
for bad in (-1, 32, signal.NSIG):
    try:
        signal.raise_signal(bad)
    except OSError as e:
        print("raise_signal", bad, e.errno == errno.EINVAL, e.strerror)
try:
    signal.sigtimedwait([signal.SIGUSR1], -1)
except ValueError as e:
    print(e)
try:
    time.sleep(-1)
except ValueError as e:
    print(e)
# Times past CPython's 64-bit nanoseconds, as its converters say.
for call in (lambda: signal.setitimer(signal.ITIMER_REAL, 1e300), lambda: signal.setitimer(signal.ITIMER_REAL, 1, 2 ** 40),
             lambda: signal.sigtimedwait([signal.SIGUSR1], float('inf')), lambda: time.sleep(float('-inf'))):
    try:
        call()
    except OverflowError as e:
        print('OverflowError', e)

print("SIGTERM by default", flush=True)
signal.raise_signal(signal.SIGTERM)
print("not reached")
