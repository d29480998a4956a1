# SIGPIPE: a write with no reader (a pipe, a socketpair) sends it to the
# process before failing with EPIPE. Python ignores it by default; a handler
# runs before BrokenPipeError; blocked, it is pending; at SIG_DFL it ends the
# process.
import errno
import os
import signal
import socket

print("default SIG_IGN", signal.getsignal(signal.SIGPIPE) is signal.SIG_IGN)
r, w = os.pipe()
os.close(r)
try:
    os.write(w, b"x")
except BrokenPipeError as e:
    print("ignored: BrokenPipeError", errno.errorcode[e.errno])
signal.signal(signal.SIGPIPE, lambda s, f: print("handler", signal.Signals(s).name))
try:
    os.write(w, b"x")
except BrokenPipeError:
    print("BrokenPipeError after the handler")
a, b = socket.socketpair()
b.close()
try:
    a.send(b"x")
except BrokenPipeError:
    print("send: BrokenPipeError after the handler")

signal.signal(signal.SIGPIPE, lambda s, f: print("handler"))
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGPIPE])
try:
    os.write(w, b"x")
except BrokenPipeError:
    print("blocked: BrokenPipeError")
print("pending", signal.sigpending())
info = signal.sigwaitinfo([signal.SIGPIPE])
print("sigwaitinfo", info.si_signo, "SI_USER" if info.si_code == 0 else info.si_code, info.si_pid == os.getpid())
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGPIPE])
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
print("SIG_DFL", flush=True)
os.write(w, b"x")
print("not reached")
