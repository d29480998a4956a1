# signal.set_wakeup_fd on a pipe: refused while the fd blocks, then each
# signal whose handler runs writes its number before the handler is called;
# none for an ignored signal, a blocked one's when it is unblocked; a write
# that fails is reported to sys.unraisablehook. Run by python3 and by
# wasig+Pyodide; the outputs must be the same.
import errno
import os
import signal

r, w = os.pipe()
try:
    signal.set_wakeup_fd(w)
except ValueError as e:
    print("ValueError", str(e).replace(str(w), "W"))
os.set_blocking(w, False)
os.set_blocking(r, False)
print("set_wakeup_fd", signal.set_wakeup_fd(w))
got = []


def drain():
    try:
        return os.read(r, 10)
    except BlockingIOError:
        return b""


def handler(signum, frame):
    got.append((signal.Signals(signum).name, drain()))


signal.signal(signal.SIGUSR1, handler)
signal.signal(signal.SIGUSR2, handler)
signal.raise_signal(signal.SIGUSR1)
os.kill(os.getpid(), signal.SIGUSR2)
print("handlers saw", got)
signal.signal(signal.SIGHUP, signal.SIG_IGN)
signal.raise_signal(signal.SIGHUP)
print("SIG_IGN writes", drain())
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
signal.raise_signal(signal.SIGUSR1)
print("blocked writes", drain())
del got[:]
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])
print("unblocked", got)
print("set_wakeup_fd(-1) gives it back", signal.set_wakeup_fd(-1) == w)
del got[:]
signal.raise_signal(signal.SIGUSR2)
print("disabled writes", got)
for bad in (999, -5):
    try:
        signal.set_wakeup_fd(bad)
    except OSError as e:
        print("fd", bad, type(e).__name__, e.errno == errno.EBADF)
try:
    signal.set_wakeup_fd(1.5)
except TypeError as e:
    print("TypeError", e)

reports = []
# (the hook's err_msg is None in 3.11, which writes the message itself, and
# says "Exception ignored when trying to write to the signal wakeup fd" in 3.12)
os.sys.unraisablehook = lambda u: reports.append((u.exc_type.__name__, u.exc_value.errno == errno.EBADF))
r2, w2 = os.pipe()
os.set_blocking(w2, False)
signal.set_wakeup_fd(w2)
os.close(w2)
signal.raise_signal(signal.SIGUSR2)
for _ in range(100):
    pass
print("a failed write", reports)
signal.set_wakeup_fd(-1)
