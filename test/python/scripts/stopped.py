# Stop and continue from outside: a busy loop that prints a tick every
# 50 ms, SIGUSR1 and SIGCONT handlers, and SIGTSTP left to its default.
# With an argument (a pid), it first sends that process SIGUSR1 and reports
# how os.kill to a process that does not exist fails.
import os
import signal
import sys
import time

signal.signal(signal.SIGUSR1, lambda s, f: print("SIGUSR1", flush=True))
signal.signal(signal.SIGCONT, lambda s, f: print("SIGCONT", flush=True))
if len(sys.argv) > 1:
    os.kill(int(sys.argv[1]), signal.SIGUSR1)
    try:
        os.kill(999999, signal.SIGUSR1)
    except ProcessLookupError as e:
        print("ProcessLookupError", e.strerror, flush=True)
print("ready", flush=True)
last = time.monotonic()
while True:
    now = time.monotonic()
    if now - last > 0.05:
        print("tick", flush=True)
        last = now
