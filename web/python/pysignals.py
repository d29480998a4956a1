# The terminal page's Python program: counts in a busy loop while its
# handlers answer the page's keys and panel. SIGUSR1 reports the count,
# a resize (SIGWINCH) is noticed, Ctrl+Z (SIGTSTP) says so and then stops
# it by the default action (fg resumes it), Ctrl+C (SIGINT) and SIGTERM end
# it after a last report. Runs the same under python3.
import os
import signal
import sys

n = 0


def report(signum, frame):
    print(f"pysignals: {signal.Signals(signum).name}: counted to {n}", flush=True)


def resized(signum, frame):
    print("pysignals: SIGWINCH: the terminal was resized", flush=True)


def suspend(signum, frame):
    print("pysignals: SIGTSTP: stopping (fg resumes me)", flush=True)
    signal.signal(signal.SIGTSTP, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTSTP)  # stops here until SIGCONT
    signal.signal(signal.SIGTSTP, suspend)
    print(f"pysignals: resumed at {n}", flush=True)


def leave(signum, frame):
    print(f"pysignals: {signal.Signals(signum).name}: stopping after {n}, bye", flush=True)
    sys.exit(128 + signum)


signal.signal(signal.SIGUSR1, report)
signal.signal(signal.SIGWINCH, resized)
signal.signal(signal.SIGTSTP, suspend)
signal.signal(signal.SIGINT, leave)
signal.signal(signal.SIGTERM, leave)
print(f"pysignals: pid {os.getpid()}, counting in a busy loop (Ctrl+C, Ctrl+Z, kill -USR1 {os.getpid()})", flush=True)
while True:
    n += 1
