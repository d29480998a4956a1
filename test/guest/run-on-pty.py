#!/usr/bin/env python3
"""Runs a command on a real pseudo-terminal for the terminal tests
(test/guest/tty.test.ts): the command's stdin, stdout and stderr are the pty's
slave, its session leader, with the pty as its controlling terminal.

Our stdin goes to the pty's master as typed bytes (the kernel's line
discipline sees them as keys), what the command writes comes out on our
stdout. A line "\\x00size COLSxROWS\\n" on our stdin resizes the pty instead
(TIOCSWINSZ on the master: the kernel sends SIGWINCH to the foreground
group). At the end: "\\n[exit N]" or "\\n[signal N]" on stderr, and our
status is the command's.
"""
import fcntl, os, pty, select, struct, sys, termios

cols, rows = 80, 24
argv = sys.argv[1:]
if argv and argv[0].startswith('--size='):
    cols, rows = map(int, argv[0][7:].split('x'))
    argv = argv[1:]

pid, master = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)

def resize(c, r):
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack('HHHH', r, c, 0, 0))

resize(cols, rows)
pending = b''
stdin_open = True
while True:
    fds = [master] + ([0] if stdin_open else [])
    try:
        r, _, _ = select.select(fds, [], [], 0.05)
    except InterruptedError:
        continue
    if master in r:
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b''
        if not data:
            break
        os.write(1, data)
    if 0 in r:
        data = os.read(0, 65536)
        if not data:
            stdin_open = False
        pending += data
        while pending:
            i = pending.find(b'\x00')
            if i < 0:
                os.write(master, pending)
                pending = b''
            elif i > 0:
                os.write(master, pending[:i])
                pending = pending[i:]
            else:
                end = pending.find(b'\n')
                if end < 0:
                    break
                cmd = pending[1:end].decode().split()
                pending = pending[end + 1:]
                if cmd[0] == 'size':
                    c, rr = map(int, cmd[1].split('x'))
                    resize(c, rr)

_, status = os.waitpid(pid, 0)
if os.WIFSIGNALED(status):
    sys.stderr.write('\n[signal %d]\n' % os.WTERMSIG(status))
    sys.exit(128 + os.WTERMSIG(status))
code = os.WEXITSTATUS(status)
sys.stderr.write('\n[exit %d]\n' % code)
sys.exit(code)
