# Receiver: native python3, a SIGUSR1 handler, and a busy loop while it waits.
# Protocol (bench/oslat.mjs): a line "go" on stdin -> prints "ready" and spins
# until the handler ran; the handler prints its CLOCK_MONOTONIC time in ns.
import os, signal, sys, time

got = False

def handler(signum, frame):
    global got
    t = time.monotonic_ns()
    got = True
    os.write(1, b"%d\n" % t)

signal.signal(signal.SIGUSR1, handler)
os.write(1, b"up\n")
for line in sys.stdin:
    got = False
    os.write(1, b"ready\n")
    while not got:
        pass
