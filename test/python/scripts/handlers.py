# Handlers, dispositions and defaults, one signal at a time: the test sends
# each signal when the line before it appears, so that native python3 (where
# pending standard signals merge) and wasig see the same sequence.
import errno
import signal

got = []


def show(signum, frame):
    got.append(signum)
    print("handler", signal.Signals(signum).name, frame is not None, flush=True)


def wait_for(n):
    while len(got) < n:
        pass


print("SIGINT", signal.getsignal(signal.SIGINT) is signal.default_int_handler)
print("SIGTERM", signal.getsignal(signal.SIGTERM))
print("SIGUSR1", signal.getsignal(signal.SIGUSR1))
for s in (signal.SIGKILL, signal.SIGSTOP):
    try:
        signal.signal(s, show)
    except OSError as e:
        print(signal.Signals(s).name, type(e).__name__, e.errno == errno.EINVAL)
print(signal.signal(signal.SIGUSR1, show))
print(signal.signal(signal.SIGUSR1, show) is show, signal.getsignal(signal.SIGUSR1) is show)
print(signal.signal(signal.SIGUSR2, signal.SIG_IGN))
signal.signal(signal.SIGHUP, show)
signal.signal(signal.SIGTERM, show)

print("ready 1", flush=True)  # SIGUSR1
wait_for(1)
print("ready 2", flush=True)  # SIGUSR2 (ignored), then SIGHUP
wait_for(2)
try:
    # Inside the try: the KeyboardInterrupt may be raised as print returns.
    print("ready 3", flush=True)  # SIGINT
    while True:
        pass
except KeyboardInterrupt:
    print("KeyboardInterrupt caught", flush=True)
print("ready 4", flush=True)  # SIGTERM, to the handler
wait_for(3)
print(signal.signal(signal.SIGTERM, signal.SIG_DFL) is show)
print("ready 5", flush=True)  # SIGTERM again: the default ends the process
x = 0
while True:
    x += 1
