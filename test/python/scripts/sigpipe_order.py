# A SIGPIPE handler runs as in python3: the write raises BrokenPipeError,
# and the handler runs at the next bytecode check, so an exception it raises
# comes there, with BrokenPipeError as its context, and its frame is the
# code's at that point.
import os
import signal
import socket
import traceback

r, w = os.pipe()
os.close(r)


def note(s, f):
    print("handler", signal.Signals(s).name, "at line", f.f_lineno, f.f_code.co_name)


signal.signal(signal.SIGPIPE, note)
try:
    os.write(w, b"x")
except BrokenPipeError:
    print("BrokenPipeError")


def fail(s, f):
    print("handler raises at line", f.f_lineno)
    raise ValueError("from the handler")


def frames(e):
    return [(f.name, f.lineno) for f in traceback.extract_tb(e.__traceback__)]


signal.signal(signal.SIGPIPE, fail)
try:
    try:
        os.write(w, b"x")
    except BrokenPipeError as e:
        print("BrokenPipeError first")
except ValueError as e:
    print("then", repr(e), "context", type(e.__context__).__name__, frames(e), frames(e.__context__))

a, b = socket.socketpair()
b.close()


def writer():
    a.send(b"x")


try:
    try:
        writer()
    except BrokenPipeError as e:
        print("send: BrokenPipeError first")
except ValueError as e:
    print("send: then", repr(e), type(e.__context__).__name__, frames(e), frames(e.__context__))
signal.signal(signal.SIGPIPE, note)
n = 0
for i in range(3):
    try:
        os.write(w, b"x")
    except BrokenPipeError:
        n += 1
print("three writes", n)
