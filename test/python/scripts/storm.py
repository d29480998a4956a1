# Counts every SIGUSR1 and SIGRTMIN that reaches a busy loop; SIGUSR2 ends
# the count. The process then spins until it is killed.
import signal

usr1 = rt = 0
done = False


def on_usr1(signum, frame):
    global usr1
    usr1 += 1


def on_rt(signum, frame):
    global rt
    rt += 1


def on_usr2(signum, frame):
    global done
    done = True


signal.signal(signal.SIGUSR1, on_usr1)
signal.signal(signal.SIGRTMIN, on_rt)
signal.signal(signal.SIGUSR2, on_usr2)
# Pyodide's SIGRTMIN is musl's 35 (glibc's is 34): the test sends this number.
print("ready", int(signal.SIGRTMIN), flush=True)
while not done:
    pass
print("SIGUSR1", usr1, "SIGRTMIN", rt, flush=True)
x = 0
while True:
    x += 1
