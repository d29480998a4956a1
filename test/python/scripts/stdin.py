# stdin from the process's stdin: input() and sys.stdin block until a line
# comes; a signal's handler runs during the read, which goes on (PEP 475);
# SIGINT's KeyboardInterrupt comes out of input(); the rest until end of
# file, then EOFError. The test writes each line (or sends each signal)
# when the line before it is out, to python3 and to wasig+Pyodide alike.
import signal
import sys

signal.signal(signal.SIGUSR1, lambda s, f: print("handler SIGUSR1", flush=True))
print("ready 1", flush=True)  # a line
print("input", repr(input()), flush=True)
print("ready 2", flush=True)  # SIGUSR1, then a line
print("readline", repr(sys.stdin.readline()), flush=True)
try:
    print("ready 3", flush=True)  # SIGINT
    input()
except KeyboardInterrupt:
    print("KeyboardInterrupt", flush=True)
print("ready 4", flush=True)  # two lines, then the end
print("read", repr(sys.stdin.read()), flush=True)
try:
    input()
except EOFError:
    print("EOFError", flush=True)
