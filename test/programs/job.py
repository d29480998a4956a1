#!/usr/bin/env python3
"""What a job-control shell does for one command, as the session leader on a
pty (test/guest/run-on-pty.py starts it there): the command runs in a
process group of its own, given the terminal (the foreground job). Prints
"[job PID]" first. When the command stops, the shell takes the terminal back
and prints "[stopped SIG icanon=. echo=. isig=.]": the signal and the modes
the command left the terminal in; then a line "fg" typed on the terminal
gives it back and continues the job with SIGCONT, as `fg` does. At the end
"[exit N ...]" or "[signal SIG ...]" with the modes, and our status is 0.
"""
import os, signal, sys, termios


def modes():
    lflag = termios.tcgetattr(0)[3]
    return ' '.join('%s=%d' % (n, 1 if lflag & getattr(termios, n.upper()) else 0) for n in ('icanon', 'echo', 'isig'))


def say(s):
    os.write(1, ('\n[%s]\n' % s).encode())


# A shell ignores SIGTTOU so that it can take the terminal back from a job.
signal.signal(signal.SIGTTOU, signal.SIG_IGN)
# The command starts only once "[job PID]" is out: a fast one (a native
# build) wrote its first bytes before that line on a loaded machine, and
# the transcripts of two runs differed in their order alone.
said_r, said_w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(said_w)
    os.setpgid(0, 0)
    os.tcsetpgrp(0, os.getpid())
    signal.signal(signal.SIGTTOU, signal.SIG_DFL)
    os.read(said_r, 1)
    os.close(said_r)
    os.execvp(sys.argv[1], sys.argv[1:])
os.close(said_r)
try:
    os.setpgid(pid, pid)
except OSError:
    pass  # the child did it first
os.tcsetpgrp(0, pid)
say('job %d' % pid)
os.write(said_w, b'.')
os.close(said_w)
while True:
    _, status = os.waitpid(pid, os.WUNTRACED)
    if os.WIFSTOPPED(status):
        os.tcsetpgrp(0, os.getpgrp())
        say('stopped %s %s' % (signal.Signals(os.WSTOPSIG(status)).name, modes()))
        while sys.stdin.readline().strip() != 'fg':
            pass
        os.tcsetpgrp(0, pid)
        os.killpg(pid, signal.SIGCONT)
        continue
    os.tcsetpgrp(0, os.getpgrp())
    if os.WIFSIGNALED(status):
        say('signal %s %s' % (signal.Signals(os.WTERMSIG(status)).name, modes()))
    else:
        say('exit %d %s' % (os.WEXITSTATUS(status), modes()))
    break
