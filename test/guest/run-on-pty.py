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

Options, before the command: --size=COLSxROWS; --stdin-pipe=LINE makes the
command's stdin a pipe holding LINE and a newline (its writer closed), the
pty staying its controlling terminal, stdout and stderr, as for
`echo LINE | command` typed at a shell; --modes prints "[modes before X]"
and "[modes after X]" on stderr, X the pty's termios (iflag:oflag:cflag:
lflag:cc in hex) before the command starts and after it ended.
"""
import fcntl, os, pty, select, struct, sys, termios

cols, rows = 80, 24
stdin_line = None
show_modes = False
argv = sys.argv[1:]
while argv and argv[0].startswith('--'):
    opt = argv.pop(0)
    if opt.startswith('--size='):
        cols, rows = map(int, opt[7:].split('x'))
    elif opt.startswith('--stdin-pipe='):
        stdin_line = opt[13:]
    elif opt == '--modes':
        show_modes = True
    else:
        sys.exit('run-on-pty.py: unknown option ' + opt)

def modes(fd):
    # On the master, TCGETS gives the slave's termios (Linux's pty driver).
    iflag, oflag, cflag, lflag, _, _, cc = termios.tcgetattr(fd)
    cc = [c if isinstance(c, int) else ord(c) for c in cc]
    return ':'.join('%x' % v for v in [iflag, oflag, cflag, lflag] + cc)

# The modes before are read by the child, before it runs the command (which
# may change them before this process is scheduled again). The child starts
# the command only once the pty has its size (the closing of `go`): a
# command that asked first was given 0x0 (3 times in 100 on a loaded
# machine), and a resize after it started would send it a SIGWINCH no
# terminal sends a command that has just started.
before_r, before_w = os.pipe()
go_r, go_w = os.pipe()
pid, master = pty.fork()
if pid == 0:
    os.close(before_r)
    os.close(go_w)
    os.read(go_r, 1)
    os.close(go_r)
    os.write(before_w, modes(0).encode())
    os.close(before_w)
    if stdin_line is not None:
        r, w = os.pipe()
        os.write(w, stdin_line.encode() + b'\n')
        os.close(w)
        os.dup2(r, 0)
        os.close(r)
    os.execvp(argv[0], argv)

def resize(c, r):
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack('HHHH', r, c, 0, 0))

os.close(go_r)
resize(cols, rows)
os.close(go_w)
os.close(before_w)
before = os.read(before_r, 4096).decode()
os.close(before_r)
if show_modes:
    sys.stderr.write('[modes before %s]\n' % before)
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
if show_modes:
    sys.stderr.write('[modes after %s]\n' % modes(master))
if os.WIFSIGNALED(status):
    sys.stderr.write('\n[signal %d]\n' % os.WTERMSIG(status))
    sys.exit(128 + os.WTERMSIG(status))
code = os.WEXITSTATUS(status)
sys.stderr.write('\n[exit %d]\n' % code)
sys.exit(code)
