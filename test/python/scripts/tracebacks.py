# Tracebacks of exceptions raised in signal handlers show the program's
# frames only, as python3's do: the caller of the signal function, then the
# handler's frames. Walked by hand (tb_next), printed by the traceback
# module, by print_stack from a handler, and by sys.excepthook at the end.
import signal
import sys
import time
import traceback


def inner():
    raise ValueError("boom")


def handler(signum, frame):
    print("handler called in", frame.f_code.co_name)
    traceback.print_stack(file=sys.stdout)
    inner()


def names(e):
    out = []
    tb = e.__traceback__
    while tb is not None:
        out.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
        tb = tb.tb_next
    return out


def work(call):
    call()


signal.signal(signal.SIGUSR1, handler)
signal.signal(signal.SIGALRM, handler)
for name, call in (("raise_signal", lambda: signal.raise_signal(signal.SIGUSR1)),
                   ("sleep", lambda: time.sleep(30)),
                   ("pause", signal.pause)):
    print("--", name)
    if name in ("sleep", "pause"):
        signal.setitimer(signal.ITIMER_REAL, 0.2)
    try:
        work(call)
    except ValueError as e:
        print(names(e))
        traceback.print_exc(file=sys.stdout)



def spin():
    while True:
        pass


print("-- a busy loop")
signal.setitimer(signal.ITIMER_REAL, 0.2)
try:
    spin()
except ValueError as e:
    print(names(e))
print("-- uncaught", flush=True)
work(lambda: signal.raise_signal(signal.SIGUSR1))
