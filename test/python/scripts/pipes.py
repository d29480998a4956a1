# os.pipe() as on Linux: it fills (non-blocking writes then fail with
# EAGAIN, a large one writes what fits), a blocking read waits until a
# signal handler writes, a read with every write end closed is end of file,
# a write with no read end is BrokenPipeError, and set_wakeup_fd on a full
# pipe reports the write it could not do.
import errno
import os
import signal
import sys

r, w = os.pipe()
os.set_blocking(w, False)
n = 0
try:
    while True:
        n += os.write(w, b"x" * 4096)
except BlockingIOError as e:
    print("full after", n, errno.errorcode[e.errno])
print("read", len(os.read(r, 10000)))
print("large write writes what fits", os.write(w, b"y" * 20000))
try:
    os.write(w, b"z")
except BlockingIOError:
    print("still full")

r2, w2 = os.pipe()
signal.signal(signal.SIGALRM, lambda s, f: os.write(w2, b"from the handler"))
signal.setitimer(signal.ITIMER_REAL, 0.2)
print("blocking read", os.read(r2, 100))

d = os.dup(w2)
os.close(w2)
os.write(d, b"through a dup")
print("after the dup's twin closed", os.read(r2, 100))
os.close(d)
print("no writer left", os.read(r2, 100))
os.set_blocking(r2, False)

r3, w3 = os.pipe()
os.close(r3)
try:
    os.write(w3, b"x")
except BrokenPipeError as e:
    print("BrokenPipeError", errno.errorcode[e.errno])

seen = []
sys.unraisablehook = lambda u: seen.append((u.err_msg, type(u.exc_value).__name__))
signal.signal(signal.SIGUSR1, lambda s, f: None)
signal.set_wakeup_fd(w, warn_on_full_buffer=True)
signal.raise_signal(signal.SIGUSR1)
print("full wakeup fd", [t for _, t in seen])
signal.set_wakeup_fd(w, warn_on_full_buffer=False)
signal.raise_signal(signal.SIGUSR1)
print("without the warning", len(seen))
