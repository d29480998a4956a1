# signal.SIG_IGN is Linux's 1 (SIG_DFL 0), in the Handlers enum, in
# getsignal's and signal's results, and as a plain int given to _signal;
# another int is no handler.
import _signal
import pickle
import signal

print(repr(signal.SIG_IGN), int(signal.SIG_IGN), repr(signal.SIG_DFL), int(signal.SIG_DFL))
print(_signal.SIG_IGN, _signal.SIG_DFL, type(_signal.SIG_IGN).__name__, signal.SIG_IGN == 1)
print(list(signal.Handlers), signal.Handlers(1), signal.Handlers.SIG_IGN.value)
print("at start", signal.getsignal(signal.SIGPIPE), signal.getsignal(signal.SIGXFSZ), signal.getsignal(signal.SIGUSR1))
print(signal.signal(signal.SIGUSR1, signal.SIG_IGN), signal.getsignal(signal.SIGUSR1))
print(signal.signal(signal.SIGUSR1, 1), signal.signal(signal.SIGUSR1, 0), signal.getsignal(signal.SIGUSR1))
print(_signal.signal(signal.SIGUSR1, 1), repr(_signal.getsignal(signal.SIGUSR1)), type(_signal.getsignal(signal.SIGUSR1)).__name__)
print(repr(_signal.signal(signal.SIGUSR1, 0)), repr(_signal.getsignal(signal.SIGUSR1)))
for h in (4294967294, 2, -1, True, 1.0, signal.SIG_IGN):
    try:
        _signal.signal(signal.SIGUSR1, h)
        print(repr(h), "taken:", repr(_signal.getsignal(signal.SIGUSR1)))
    except TypeError as e:
        print(repr(h), "TypeError", e)
for h in (1, 4294967294):
    try:
        signal.signal(signal.SIGKILL, h)
    except (OSError, TypeError) as e:
        print("SIGKILL", h, type(e).__name__)
handler = signal.signal(signal.SIGUSR2, lambda s, f: None)
print("old", handler, "handler returned as is", callable(signal.signal(signal.SIGUSR2, signal.SIG_IGN)))
signal.signal(signal.SIGTERM, 1)
signal.raise_signal(signal.SIGTERM)
print("SIGTERM ignored", signal.getsignal(signal.SIGTERM) is signal.SIG_IGN)
print(pickle.loads(pickle.dumps(signal.SIG_IGN)) is signal.SIG_IGN)
