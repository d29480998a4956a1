# socket.socketpair() (AF_UNIX, SOCK_STREAM): two connected sockets with
# send/recv/setblocking/fileno/close, select and poll on them (waiting for a
# signal handler to make one ready), a send buffer that fills as Linux's,
# end of file after close, and set_wakeup_fd on one end.
import errno
import os
import select
import signal
import socket

a, b = socket.socketpair()
print("socketpair", a.family, a.type, b.family, b.type)
print("send", a.send(b"hello"), "recv", b.recv(100))
b.sendall(b"back")
print("the other way", a.recv(100))
a.setblocking(False)
b.setblocking(False)
print("timeouts", a.gettimeout(), os.get_blocking(a.fileno()))
try:
    b.recv(10)
except BlockingIOError as e:
    print("empty", errno.errorcode[e.errno])
print("nothing to read", select.select([a, b], [a], [], 0) == ([], [a], []))
a.sendall(b"x" * 10)
print("readable", select.select([a, b], [], [], 5.0) == ([b], [], []))
print("a stream", b.recv(3), b.recv(100))

for size in (1, 700, 4096, 16384):
    n = k = 0
    try:
        while True:
            n += a.send(b"z" * size)
            k += 1
    except BlockingIOError:
        pass
    print("full after", k, "sends of", size, "bytes:", n, "| writable", select.select([], [a], [], 0)[1] == [a])
    got = 0
    while got < n:
        got += len(b.recv(100000))
    print("read back", got)

b.setblocking(True)
print("blocking again", b.gettimeout(), os.get_blocking(b.fileno()))
signal.signal(signal.SIGALRM, lambda s, f: a.send(b"from the handler"))
signal.setitimer(signal.ITIMER_REAL, 0.2)
print("blocking recv", b.recv(100))
signal.setitimer(signal.ITIMER_REAL, 0.2)
print("select waits for the handler", select.select([b], [], [], 30) == ([b], [], []), b.recv(100))
p = select.poll()
p.register(b.fileno(), select.POLLIN)
signal.signal(signal.SIGALRM, lambda s, f: print("alarm"))
signal.setitimer(signal.ITIMER_REAL, 0.2)
print("poll times out", p.poll(600))
a.setblocking(True)
signal.signal(signal.SIGALRM, lambda s, f: b.recv(100000))
signal.setitimer(signal.ITIMER_REAL, 0.1, 0.1)
n = 0
try:
    while True:
        n += a.send(b"w" * 4096)
        if n > 400000:
            break
except BlockingIOError:
    print("unexpected EAGAIN")
signal.setitimer(signal.ITIMER_REAL, 0)
print("a blocking send waits for the handler to read", n > 212992)
while True:
    try:
        b.setblocking(False)
        b.recv(100000)
    except BlockingIOError:
        break
a.close()
b.setblocking(True)
print("end of file", b.recv(10), select.select([b], [], [], 0)[0] == [b])
print("poll after close", [(fd == b.fileno(), bool(ev & select.POLLIN)) for fd, ev in p.poll(0)])
b.close()

r, w = socket.socketpair()
r.setblocking(False)
w.setblocking(False)
signal.set_wakeup_fd(w.fileno())
seen = []
signal.signal(signal.SIGUSR1, lambda s, f: seen.append(r.recv(10)))
signal.raise_signal(signal.SIGUSR1)
os.kill(os.getpid(), signal.SIGUSR1)
print("wakeup bytes before the handler", seen)
while True:
    try:
        w.send(b"f" * 4096)
    except BlockingIOError:
        break
reports = []
os.sys.unraisablehook = lambda u: reports.append(type(u.exc_value).__name__)
signal.signal(signal.SIGUSR1, lambda s, f: None)
signal.raise_signal(signal.SIGUSR1)
print("full wakeup socket", reports)
signal.set_wakeup_fd(w.fileno(), warn_on_full_buffer=False)
signal.raise_signal(signal.SIGUSR1)
print("without the warning", reports)
signal.set_wakeup_fd(-1)
for family, kind in ((socket.AF_INET, socket.SOCK_STREAM),):
    try:
        socket.socketpair(family, kind)
    except OSError as e:
        print("AF_INET", errno.errorcode[e.errno])
