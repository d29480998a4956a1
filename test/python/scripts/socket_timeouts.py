# socket.socketpair() sockets as Linux's: settimeout(t) waits up to t for
# data or room (a signal's handler runs meanwhile and the wait goes on for
# what is left, PEP 475), shutdown, the unnamed addresses, MSG_PEEK,
# MSG_DONTWAIT and MSG_NOSIGNAL, a send larger than the room left taken in
# part, and ECONNRESET when the peer closed with data unread.
import errno
import select
import signal
import socket
import time


def name(e):
    return type(e).__name__ + " " + errno.errorcode.get(e.errno, str(e.errno) if e.errno is not None else str(e))


a, b = socket.socketpair()
print("names", repr(a.getsockname()), repr(a.getpeername()), repr(b.getsockname()), repr(b.getpeername()))

# A timeout: TimeoutError only once it has passed.
b.settimeout(0.5)
t = time.monotonic()
try:
    b.recv(10)
except TimeoutError as e:
    print("recv timed out", e, time.monotonic() - t >= 0.45)
signal.signal(signal.SIGALRM, lambda s, f: a.send(b"from the handler"))
signal.setitimer(signal.ITIMER_REAL, 0.2)
print("recv waits for the handler", b.recv(100), b.gettimeout())

# A handler that sends nothing: the wait goes on for what is left.
ticks = []
signal.signal(signal.SIGALRM, lambda s, f: ticks.append(s))
signal.setitimer(signal.ITIMER_REAL, 0.1, 0.1)
b.settimeout(1.0)
t = time.monotonic()
try:
    b.recv(10)
except TimeoutError as e:
    took = time.monotonic() - t
    print("timed out after the handlers", e, 0.95 <= took < 5, len(ticks) >= 3)
signal.setitimer(signal.ITIMER_REAL, 0)


# A handler's exception ends the wait.
def stop(s, f):
    raise RuntimeError("stop")


signal.signal(signal.SIGALRM, stop)
signal.setitimer(signal.ITIMER_REAL, 0.1)
try:
    b.recv(10)
except RuntimeError as e:
    print("the handler's exception", e)

# A send with a timeout: takes what fits at once, then waits for room.
a.settimeout(0.4)
n = a.send(b"x" * 1000000)
print("send with a timeout takes what fits", n)
t = time.monotonic()
try:
    a.send(b"y")
except TimeoutError as e:
    print("send timed out", e, time.monotonic() - t >= 0.35)
got = 0
while got < n:
    got += len(b.recv(1 << 20))
print("read back", got)
b.settimeout(None)

# Blocking sendall of more than the buffer: a handler reads as it goes.
a.settimeout(None)
received = []
signal.signal(signal.SIGALRM, lambda s, f: received.append(len(b.recv(1 << 20))))
signal.setitimer(signal.ITIMER_REAL, 0.05, 0.05)
a.sendall(b"z" * 600000)
signal.setitimer(signal.ITIMER_REAL, 0)
b.setblocking(False)
try:
    while True:
        received.append(len(b.recv(1 << 20)))
except BlockingIOError:
    pass
print("sendall of 600000", sum(received))

# Non-blocking: a send larger than the room left is taken in part.
a.setblocking(False)
print("non-blocking send takes part", a.send(b"x" * 200000), a.send(b"x" * 100000))
try:
    a.send(b"x")
except BlockingIOError as e:
    print("then", name(e))
got = 0
while True:
    try:
        got += len(b.recv(1 << 20))
    except BlockingIOError:
        break
print("read back", got)

# MSG_PEEK and MSG_DONTWAIT.
a.setblocking(True)
b.setblocking(True)
a.send(b"peek at me")
print("peek", b.recv(4, socket.MSG_PEEK), b.recv(100, socket.MSG_PEEK), b.recv(100))
try:
    b.recv(10, socket.MSG_DONTWAIT)
except BlockingIOError as e:
    print("MSG_DONTWAIT on a blocking socket", name(e))
buf = bytearray(5)
a.send(b"into")
print("recv_into peek", b.recv_into(buf, 5, socket.MSG_PEEK), bytes(buf), b.recv(10))
print("still blocking", b.gettimeout())

# poll's writable: a quarter of the buffer or less held.
a.setblocking(False)
sent = 0
while select.select([], [a], [], 0)[1]:
    sent += a.send(b"w" * 1000)
print("writable until", sent, "| send still takes", a.send(b"w" * 1000))
b.setblocking(False)
while True:
    try:
        b.recv(1 << 20)
    except BlockingIOError:
        break
a.setblocking(True)
b.setblocking(True)

# shutdown.
a.send(b"before")
a.shutdown(socket.SHUT_WR)
print("after SHUT_WR the peer reads", b.recv(100), b.recv(100))
print("peer readable at EOF", select.select([b], [], [], 0)[0] == [b])
try:
    a.send(b"x")
except BrokenPipeError as e:
    print("send after SHUT_WR", name(e))
b.send(b"other way")
print("the other way still works", a.recv(100))
b.shutdown(socket.SHUT_RD)
try:
    a.send(b"x", socket.MSG_NOSIGNAL)
except BrokenPipeError as e:
    print("send to SHUT_RD (MSG_NOSIGNAL)", name(e))
for how in (3, -1):
    try:
        a.shutdown(how)
    except OSError as e:
        print("shutdown", how, name(e))
try:
    a.shutdown("x")
except TypeError as e:
    print("shutdown('x')", type(e).__name__)
p = select.poll()
p.register(a, select.POLLIN | select.POLLOUT)
print("poll after both shut", [(hex(ev & (select.POLLIN | select.POLLOUT | select.POLLHUP))) for fd, ev in p.poll(0)])
a.close()
b.close()
try:
    a.shutdown(socket.SHUT_RDWR)
except OSError as e:
    print("shutdown closed", name(e))

# The peer closed with data unread: ECONNRESET once, then end of file.
a, b = socket.socketpair()
a.send(b"unread")
b.send(b"for a")
b.close()
print("peer name after close", repr(a.getpeername()))
print("data first", a.recv(100))
try:
    a.recv(100)
except ConnectionResetError as e:
    print("then", name(e))
print("then end of file", a.recv(100))
try:
    a.send(b"x", socket.MSG_NOSIGNAL)
except BrokenPipeError as e:
    print("send", name(e))
a.close()

socket.setdefaulttimeout(0.3)
a, b = socket.socketpair()
print("default timeout", a.gettimeout())
try:
    a.recv(1)
except TimeoutError as e:
    print("recv", e)
a.close()
b.close()

# A dup shares O_NONBLOCK (one open file description).
socket.setdefaulttimeout(None)
a, b = socket.socketpair()
c = b.dup()
c.setblocking(False)
try:
    b.recv(1)
except BlockingIOError as e:
    print("dup", name(e), b.gettimeout(), c.gettimeout())
b.close()
a.send(b"still open")
print("the dup reads", c.recv(100))
