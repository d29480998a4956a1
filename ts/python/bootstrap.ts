// The Python side of a wasig Python process, run once in the worker before
// the program. It wraps `_signal.signal`/`getsignal` (signal.py calls them by
// attribute, so signal.signal keeps its enums and errors) so that:
// - every handler tells the worker it has started (`ack`), so that the next
//   signal is taken from Pyodide's one-number interrupt buffer only once
//   CPython can no longer merge it with this one (worker.node.ts);
// - each disposition is mirrored into shared memory at once, so the host
//   applies SIG_DFL and SIG_IGN itself (Pyodide skips a buffered signal whose
//   handler is SIG_DFL or SIG_IGN, where Linux would end the process or drop it).
// Python's own checks run first, with their own errors; SIGKILL, SIGSTOP and
// glibc's reserved 32 and 33 are refused with EINVAL as on Linux (Emscripten's
// sigaction accepts them).
export const BOOTSTRAP = String.raw`
import _signal, builtins, errno, math, os, signal as _signal_py, sys, threading, time, traceback, types
from _wasig import ack as _ack, call as _wasig_call, disposition as _disposition, done as _done, nonblock as _nonblock, pid as _pid, poll_wait as _poll_wait, started as _started, stop_point as _stop_point, wait as _wait
from _wasig import is_pair as _is_pair, looking as _looking, msg as _msg, sock_shutdown as _sock_shutdown, sock_timeout as _sock_timeout, socketpair as _socketpair

_OURS = globals()


def _as_c(fn):
    # CPython's signal functions are C: a handler's exception that comes out
    # of one shows the caller's frame, then the handler's. These are Python,
    # so the exception is re-raised without their frames (a bare raise adds
    # none).
    def c_function(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BaseException as e:
            e.__traceback__ = _without_ours(e.__traceback__)
            raise
    for a in ('__name__', '__qualname__', '__doc__', '__module__'):
        setattr(c_function, a, getattr(fn, a))
    return c_function


_real_signal = _signal.signal
_real_getsignal = _signal.getsignal
_DFL, _IGN, _HANDLER = 0, 1, 2
# Emscripten's SIG_IGN is (void (*)(int))-2, so Pyodide's is 4294967294;
# Linux's, and python3's there, is 1. Python sees 1, and Emscripten's is
# given to Pyodide's own signal(); 4294967294 is then no handler, as on Linux.
_EMSCRIPTEN_IGN = _signal.SIG_IGN


def _to_emscripten(handler):
    if type(handler) is int:
        if handler == 1:
            return _EMSCRIPTEN_IGN
        if handler == _EMSCRIPTEN_IGN:
            return None  # CPython's TypeError, after its checks of the number
    return handler


def _from_emscripten(handler):
    return 1 if type(handler) is int and handler == _EMSCRIPTEN_IGN else handler


# set_wakeup_fd: CPython's own checks the fd with fstat, which Emscripten's
# pipes fail (ENOENT), so it is kept here. As CPython, each signal whose
# handler runs writes its number as one byte before the handler is called;
# a failed write is reported as "Exception ignored when trying to write to
# the signal wakeup fd", except a full buffer without warn_on_full_buffer.
_wakeup_fd = -1
_wakeup_warn = True


def _write_wakeup(signum):
    if _wakeup_fd < 0:
        return
    try:
        os.write(_wakeup_fd, bytes((signum & 0xff,)))
    except BlockingIOError as e:
        if _wakeup_warn:
            _report_wakeup(e)
    except OSError as e:
        _report_wakeup(e)


def _report_wakeup(e):
    sys.unraisablehook(types.SimpleNamespace(
        exc_type=type(e), exc_value=e, exc_traceback=None,
        err_msg='Exception ignored when trying to write to the signal wakeup fd', object=None))


def set_wakeup_fd(fd, /, *, warn_on_full_buffer=True):
    global _wakeup_fd, _wakeup_warn
    fd = _int(fd)
    if threading.current_thread() is not threading.main_thread():
        raise ValueError('set_wakeup_fd only works in main thread of the main interpreter')
    if fd != -1:
        if os.get_blocking(fd):  # OSError EBADF for an fd that is not open
            raise ValueError('the fd %i must be in non-blocking mode' % fd)
    old, _wakeup_fd, _wakeup_warn = _wakeup_fd, fd, bool(warn_on_full_buffer)
    return old


def _program_frame(frame):
    while frame is not None and frame.f_globals is _OURS:
        frame = frame.f_back
    return frame


def _wrap(handler):
    def wasig_handler(signum, frame):
        _ack(signum)
        raised = True
        try:
            _write_wakeup(signum)
            # The frame that ran when the signal came is the program's:
            # one of ours (a wrapper that checked) stands for the call.
            r = handler(signum, _program_frame(frame))
            raised = False
            return r
        except BaseException as e:
            # Re-raised as it is, so no frame of this one is added.
            e.__traceback__ = _without_ours(e.__traceback__)
            raise
        finally:
            _done(raised)
    wasig_handler.__wasig_original__ = handler
    return wasig_handler


def _unwrap(h):
    return getattr(h, '__wasig_original__', h)


def _kind(handler):
    # Of a handler as Pyodide's signal() takes it.
    if callable(handler):
        return _HANDLER
    return _IGN if type(handler) is int and handler == _EMSCRIPTEN_IGN else _DFL


def signal(signalnum, handler):
    if type(signalnum) is int and signalnum in (9, 19, 32, 33) and 1 <= signalnum < _signal.NSIG:
        if not callable(handler) and not (type(handler) is int and handler in (0, 1)):
            raise TypeError('signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object')
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
    handler = _wrap(handler) if callable(handler) else _to_emscripten(handler)
    old = _real_signal(signalnum, handler)
    _disposition(int(signalnum), _kind(handler))
    return _from_emscripten(_unwrap(old))


def getsignal(signalnum):
    return _from_emscripten(_unwrap(_real_getsignal(signalnum)))


signal.__doc__ = _real_signal.__doc__
getsignal.__doc__ = _real_getsignal.__doc__
_signal.signal = signal
_signal.getsignal = getsignal
_signal.SIG_IGN = _signal_py.SIG_IGN = 1
_signal_py.SIG_DFL = 0
_signal_py._IntEnum._convert_('Handlers', 'signal', lambda name: name in ('SIG_DFL', 'SIG_IGN'))

for _s in _signal.valid_signals():
    _h = _real_getsignal(_s)
    if callable(_h):
        _real_signal(_s, _wrap(_h))
    _disposition(int(_s), _kind(_h))

# The process's pid is its wasig pid (Pyodide's is a constant 42).
os.getpid = lambda: _pid

# What Emscripten's libc cannot serve is served by the host, where the
# signals wait (python-calls.ts): the mask, sigpending, sigwait*, the
# interval timer, kill. Each wrapper checks its arguments as CPython does,
# with CPython's errors, before it calls.
_real_pthread_sigmask = _signal.pthread_sigmask
_real_sleep = time.sleep


def _call(op, *args):
    r = _wasig_call(op, list(args))
    if hasattr(r, 'to_py'):
        r = r.to_py()
    if isinstance(r, dict):
        e = getattr(errno, r['errno'])
        raise OSError(e, os.strerror(e))
    return r


def _check():
    # CPython's pthread_sigmask runs PyErr_CheckSignals after it changes the
    # mask, which takes Pyodide's buffer and runs the handlers: an empty
    # SIG_BLOCK is "run the handlers of what came, now", with their
    # exceptions raised here. A stop sent meanwhile holds the program here
    # first (the check itself is C code's, where no stop lands: worker.ts).
    _stop_point()
    _real_pthread_sigmask(_signal.SIG_BLOCK, ())


def _sigset(mask):
    out = set()
    for x in mask:
        s = x.__index__() if hasattr(type(x), '__index__') else x
        if type(s) is not int:
            raise TypeError("'%s' object cannot be interpreted as an integer" % type(x).__name__)
        if s < 1 or s >= _signal.NSIG:
            raise ValueError('signal number %d out of range [1; %d]' % (s, _signal.NSIG - 1))
        out.add(s)
    return sorted(out)


# CPython holds a time as 64-bit nanoseconds: past that, OverflowError.
_NS_LIMIT = 2 ** 63


def _seconds(secs, what):
    if isinstance(secs, float):
        if math.isnan(secs):
            raise ValueError('Invalid value NaN (not a number)')
        if not abs(secs) * 1e9 < _NS_LIMIT:
            raise OverflowError('timestamp out of range for platform time_t')
        return secs
    if hasattr(type(secs), '__index__'):
        n = secs.__index__()
        if not abs(n) * 10 ** 9 < _NS_LIMIT:
            raise OverflowError('timestamp too large to convert to C _PyTime_t')
        return float(n)
    if hasattr(type(secs), '__float__'):
        return _seconds(float(secs), what)
    raise TypeError("'%s' object cannot be interpreted as an integer" % type(secs).__name__)


def pthread_sigmask(how, mask):
    sigs = _sigset(mask)
    old = _call('mask', int(how), sigs)
    _check()  # what was unblocked runs before this returns, as on Linux
    return set(old)


def sigpending():
    return set(_call('pending'))


def _sigwait(sigset, timeout):
    sigs = _sigset(sigset)
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        ms = None if deadline is None else max(0.0, (deadline - time.monotonic()) * 1000)
        r = _call('sigwait', sigs, ms)
        if r != 'EINTR':
            return r
        _check()  # a handler ran (PEP 475: then wait again, for what is left)


def sigwait(sigset):
    return _sigwait(sigset, None)[0]


def _siginfo(r):
    signo, code, pid, uid = r
    return _signal.struct_siginfo((signo, code, 0, pid, uid, 0, 0))


def sigwaitinfo(sigset):
    return _siginfo(_sigwait(sigset, None))


def sigtimedwait(sigset, timeout):
    t = _seconds(timeout, 'timeout')
    if t < 0:
        raise ValueError('timeout must be non-negative')
    r = _sigwait(sigset, t)
    return None if r is None else _siginfo(r)


def _itimer_which(which):
    w = _int(which)
    if w not in (_signal.ITIMER_REAL, _signal.ITIMER_VIRTUAL, _signal.ITIMER_PROF):
        raise _signal.ItimerError(errno.EINVAL, os.strerror(errno.EINVAL))
    return w


def setitimer(which, seconds, interval=0.0):
    w = _itimer_which(which)
    v, i = _seconds(seconds, 'seconds'), _seconds(interval, 'interval')
    if v < 0 or i < 0:
        raise _signal.ItimerError(errno.EINVAL, os.strerror(errno.EINVAL))
    old = _call('setitimer', w, v * 1000, i * 1000)
    return (old[0] / 1000, old[1] / 1000)


def getitimer(which):
    v, i = _call('getitimer', _itimer_which(which))
    return (v / 1000, i / 1000)


def alarm(seconds):
    s = seconds.__index__() if hasattr(type(seconds), '__index__') else seconds
    if type(s) is not int:
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(seconds).__name__)
    if s < 0:
        s &= 0xffffffff  # C's unsigned int, as CPython passes it
    v, _ = _call('setitimer', _signal.ITIMER_REAL, s * 1000.0, 0.0)
    # glibc's alarm: the seconds left, rounded to nearest, never 0 if armed.
    whole, frac = int(v // 1000), v % 1000
    return whole + 1 if frac >= 500 or (whole == 0 and frac > 0) else whole


def pause():
    # Until a handler ran: a signal in the buffer that must wait for the
    # running handler (worker.ts) does not end it.
    n = _started()
    while True:
        _wait(-1)
        _check()
        if _started() != n:
            return


def _kill(pid, sig, thread):
    _call('kill', pid, sig, thread)
    _check()  # a signal to itself runs its handler before kill returns


def _int(v):
    s = v.__index__() if hasattr(type(v), '__index__') else v
    if type(s) is not int:
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(v).__name__)
    return s


def _tkill(signalnum):
    # As glibc's raise and pthread_kill: no range check before the kernel's
    # EINVAL, and 32 and 33 are glibc's own.
    s = _int(signalnum)
    if s in (32, 33):
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
    _kill(_pid, s, True)


def raise_signal(signalnum):
    _tkill(signalnum)


def pthread_kill(thread_id, signalnum):
    if thread_id != threading.main_thread().ident:
        raise ProcessLookupError(errno.ESRCH, os.strerror(errno.ESRCH))
    _tkill(signalnum)


def kill(pid, sig):
    _kill(_int(pid), _int(sig), False)


def killpg(pgid, sig):
    pgid = _int(pgid)
    if pgid <= 1:
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))  # as glibc
    _kill(-pgid, _int(sig), False)


def sleep(secs):
    # PEP 475: a signal runs its handler (whose exception ends the sleep)
    # and the sleep goes on for what is left.
    t = _seconds(secs, 'secs')
    if t < 0:
        raise ValueError('sleep length must be non-negative')
    deadline = time.monotonic() + t
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        if _wait(left * 1000):
            _check()


for _name, _fn in (('pthread_sigmask', pthread_sigmask), ('sigpending', sigpending), ('sigwait', sigwait),
                   ('sigwaitinfo', sigwaitinfo), ('sigtimedwait', sigtimedwait), ('setitimer', setitimer),
                   ('getitimer', getitimer), ('alarm', alarm), ('pause', pause), ('raise_signal', raise_signal),
                   ('pthread_kill', pthread_kill), ('set_wakeup_fd', set_wakeup_fd)):
    _real = getattr(_signal, _name, None)
    if _real is not None:
        _fn.__doc__ = _real.__doc__
    _fn.__module__ = 'signal'
    _fn = _as_c(_fn)
    setattr(_signal, _name, _fn)
    # signal.py wraps some by calling _signal's at each call; the others it
    # copied when it was imported.
    if _name not in ('pthread_sigmask', 'sigpending', 'sigwait'):
        setattr(_signal_py, _name, _fn)
if not hasattr(_signal_py, 'pthread_kill'):
    # signal.py defines its enum-returning wrappers only for what _signal had.
    _signal_py.pthread_kill = _signal.pthread_kill
sleep.__doc__ = _real_sleep.__doc__
time.sleep = _as_c(sleep)
os.kill = _as_c(kill)
os.killpg = _as_c(killpg)


# socket.socketpair(): Emscripten's fails (its sockets are WebSockets), and
# Pyodide's socket module has no AF_UNIX. The pair is two of Emscripten's
# sockets connected in the worker (sockets.ts), so send, recv, fileno and
# close are CPython's own.
import _socket, select, selectors, socket
if not hasattr(socket, 'AF_UNIX'):
    socket.AF_UNIX = 1
    socket.AddressFamily = socket.IntEnum._convert_(
        'AddressFamily', 'socket', lambda C: C.isupper() and C.startswith('AF_'))


def socketpair(family=None, type=socket.SOCK_STREAM, proto=0):
    if family is None:
        family = socket.AF_UNIX
    family, kind, proto = _int(family), _int(type), _int(proto)
    flags = kind & (getattr(socket, 'SOCK_NONBLOCK', 0) | getattr(socket, 'SOCK_CLOEXEC', 0))
    if family != socket.AF_UNIX:
        raise OSError(errno.EOPNOTSUPP, os.strerror(errno.EOPNOTSUPP))  # as Linux
    if kind & ~flags != socket.SOCK_STREAM or proto != 0:
        raise OSError(errno.EOPNOTSUPP, 'wasig: socketpair() makes AF_UNIX SOCK_STREAM pairs only; use socket.SOCK_STREAM')
    a = _socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0)
    b = _socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0)
    _socketpair(a.fileno(), b.fileno())
    pair = tuple(socket.socket(family, kind & ~flags, proto, s.detach()) for s in (a, b))
    for s in pair:
        if flags & getattr(socket, 'SOCK_NONBLOCK', 0):
            s.setblocking(False)
        else:
            s.settimeout(s.gettimeout())  # socket.setdefaulttimeout's
    return pair


socketpair.__doc__ = socket.socketpair.__doc__
socket.socketpair = socketpair
_real_setblocking = _socket.socket.setblocking
_real_settimeout = _socket.socket.settimeout
_real_set_blocking = os.set_blocking


# Emscripten's F_SETFL only adds flags: O_NONBLOCK is cleared here. A pair's
# socket learns its timeout: with one, CPython polls before each call, and
# the pair's call waits (sockets.ts).
def _sync_timeout(sock):
    t = sock.gettimeout()
    _nonblock(sock.fileno(), t is not None)
    _sock_timeout(sock.fileno(), t)


def setblocking(self, flag):
    _real_setblocking(self, flag)
    _sync_timeout(self)


def settimeout(self, value):
    _real_settimeout(self, value)
    _sync_timeout(self)


def set_blocking(fd, blocking, /):
    _real_set_blocking(fd, blocking)
    _nonblock(fd, not blocking)


setblocking.__doc__ = _real_setblocking.__doc__
settimeout.__doc__ = _real_settimeout.__doc__
set_blocking.__doc__ = _real_set_blocking.__doc__
socket.socket.setblocking = setblocking
socket.socket.settimeout = settimeout
os.set_blocking = set_blocking


# Pyodide's socket has no shutdown (Emscripten has none), and its
# getsockname/getpeername fail on an AF_UNIX socket: on a pair's socket they
# are Linux's (an unnamed socketpair's addresses are '').
def shutdown(self, how, /):
    how = _int(how)
    fd = self.fileno()
    if not _is_pair(fd):
        os.fstat(fd)  # OSError EBADF once closed
        raise OSError(errno.EOPNOTSUPP, 'wasig: shutdown() works on socket.socketpair() sockets only')
    e = _sock_shutdown(fd, how)
    if e:
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))


def _unix_name(real):
    def name(self):
        if _is_pair(self.fileno()):
            return ''
        return real(self)
    name.__name__ = name.__qualname__ = real.__name__
    name.__doc__ = real.__doc__
    return name


shutdown.__doc__ = 'shutdown(flag)\n\nShut down the reading side of the socket (flag == SHUT_RD), the writing side\nof the socket (flag == SHUT_WR), or both ends (flag == SHUT_RDWR).'
socket.socket.shutdown = _as_c(shutdown)
for _v, _n in ((0, 'SHUT_RD'), (1, 'SHUT_WR'), (2, 'SHUT_RDWR')):
    if not hasattr(socket, _n):
        setattr(socket, _n, _v)
        setattr(_socket, _n, _v)
socket.socket.getsockname = _unix_name(_socket.socket.getsockname)
socket.socket.getpeername = _unix_name(_socket.socket.getpeername)


# MSG_PEEK, MSG_DONTWAIT and MSG_NOSIGNAL: Emscripten passes no flags to the
# pair, so the call tells it the flags first (by setting attributes: no
# call, so the eval loop makes no signal check there). An exception leaves
# without this function's frame and, as from CPython's C method, with no
# check on the way: a signal that came during the call (SIGPIPE) runs its
# handler in the caller, as in python3. at is the flags' position among the
# arguments after self.
_MSG_SEEN = socket.MSG_PEEK | socket.MSG_DONTWAIT | getattr(socket, 'MSG_NOSIGNAL', 0)


def _with_flags(real, at):
    def call(self, *args, **kwargs):
        f = args[at] if len(args) > at else kwargs.get('flags', 0)
        if not isinstance(f, int) or not f & _MSG_SEEN:
            try:
                return real(self, *args, **kwargs)
            except BaseException as e:
                e.__traceback__ = e.__traceback__.tb_next
                raise
        _msg.fd = self.fileno()
        _msg.flags = int(f)
        try:
            return real(self, *args, **kwargs)
        except BaseException as e:
            e.__traceback__ = e.__traceback__.tb_next
            raise
        finally:
            _msg.flags = 0
    call.__name__ = call.__qualname__ = real.__name__
    call.__doc__ = real.__doc__
    return call


for _name, _at in (('recv', 1), ('recv_into', 2), ('recvfrom', 1), ('recvfrom_into', 2), ('send', 1), ('sendall', 1)):
    setattr(socket.socket, _name, _with_flags(getattr(_socket.socket, _name), _at))

# select and poll: Emscripten's return at once whatever the timeout. These
# wait as Linux's do: only a signal handler (or stdin) can make an fd ready
# meanwhile, so they wait for a signal (its handlers run, PEP 475) or the
# timeout, and look again.
_real_select = select.select
_real_poll = select.poll


def _until_ready(check, deadline):
    while True:
        r = check()
        if any(r) or (deadline is not None and time.monotonic() >= deadline):
            return r
        left = -1 if deadline is None else max(0.0, deadline - time.monotonic()) * 1000
        if _poll_wait(left):
            _check()


def _look(fn, *args):
    # The pair's sockets say what they are (not what CPython's own poll
    # before a call with a timeout is told).
    _looking(True)
    try:
        return fn(*args)
    finally:
        _looking(False)


def select_(rlist, wlist, xlist, timeout=None, /):
    r = _look(_real_select, rlist, wlist, xlist, timeout)  # CPython's checks, and a first look
    if any(r) or timeout == 0:
        return r
    deadline = None if timeout is None else time.monotonic() + timeout
    return _until_ready(lambda: _look(_real_select, rlist, wlist, xlist, 0), deadline)


class poll:
    """Returns a polling object, as select.poll()."""

    def __init__(self):
        self._poll = _real_poll()

    def register(self, *args):
        return self._poll.register(*args)

    def modify(self, *args):
        return self._poll.modify(*args)

    def unregister(self, *args):
        return self._poll.unregister(*args)

    def poll(self, timeout=None, /):
        r = _look(self._poll.poll, timeout)  # CPython's checks, and a first look
        if r or timeout is None or timeout < 0:
            if r:
                return r
            return _until_ready(lambda: _look(self._poll.poll, 0), None)
        ms = math.ceil(timeout) if isinstance(timeout, float) else _int(timeout)
        if ms == 0:
            return r
        return _until_ready(lambda: _look(self._poll.poll, 0), time.monotonic() + ms / 1000)


select_.__doc__ = _real_select.__doc__
select_.__name__ = select_.__qualname__ = 'select'
select_.__module__ = poll.__module__ = 'select'
select.select = _as_c(select_)
poll.poll = _as_c(poll.poll)
select.poll = poll
# selectors copied them when it was imported (asyncio's loop uses it).
selectors.SelectSelector._select = staticmethod(select.select)
selectors.PollSelector._selector_cls = poll

# asyncio: Pyodide's WebLoop runs only when the JavaScript event loop does,
# which a program here blocks; its own loop (selectors on the socketpair
# above, add_signal_handler on set_wakeup_fd) is CPython's Unix loop.
import asyncio
asyncio.set_event_loop_policy(asyncio.unix_events.DefaultEventLoopPolicy())
asyncio.run = asyncio.runners.run
asyncio.events._set_running_loop(None)  # Pyodide's WebLoop counts as running


def _exit_code(e):
    code = e.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xff
    try:
        print(code, file=sys.stderr)
    except Exception:
        pass
    return 1


def _flush():
    for f in (sys.stdout, sys.stderr):
        try:
            f.flush()
        except Exception:
            pass


def _without_ours(tb):
    # The handler wrappers' frames are ours, not the program's: a traceback
    # shows what python3 would.
    first = prev = None
    while tb is not None:
        nxt = tb.tb_next
        if tb.tb_frame.f_globals is not _OURS:
            if prev is None:
                first = tb
            else:
                prev.tb_next = tb
            prev = tb
        tb = nxt
    if prev is not None:
        prev.tb_next = None
    return first


def _hide_ours(walk):
    # Tracebacks that the traceback module formats (the interactive console's,
    # traceback.print_exc, logging) leave out the handler wrapper's frame.
    def walk_without_ours(tb, *args, **kwargs):
        for item in walk(tb, *args, **kwargs):
            if item[0].f_globals is not _OURS:
                yield item
    return walk_without_ours


for _name in ('walk_tb', '_walk_tb_with_full_positions', 'walk_stack'):
    if hasattr(traceback, _name):
        setattr(traceback, _name, _hide_ours(getattr(traceback, _name)))

# inspect.stack() and getouterframes() (asyncio imported inspect) leave out
# the handler wrapper, the signal functions' and the frame that runs the
# program, as traceback.extract_stack does. A frame's f_back still leads
# through them.
import inspect
_real_getouterframes = inspect.getouterframes


def getouterframes(frame, context=1):
    return [f for f in _real_getouterframes(frame, context) if f.frame.f_globals is not _OURS]


getouterframes.__doc__ = _real_getouterframes.__doc__
getouterframes.__module__ = 'inspect'
inspect.getouterframes = getouterframes


def run(filename, argv, source):
    # As python3 runs a script: a fresh __main__, sys.argv, and an uncaught
    # exception's traceback printed without this function's frame. An
    # uncaught KeyboardInterrupt ends the process by SIGINT (as CPython
    # does since 3.8), reported as -2.
    sys.argv = list(argv)
    main = types.ModuleType('__main__')
    main.__builtins__ = builtins
    if filename != '<string>':
        main.__file__ = filename
    sys.modules['__main__'] = main
    try:
        exec(compile(source, filename, 'exec'), main.__dict__)
    except SystemExit as e:
        _flush()
        return _exit_code(e)
    except BaseException as e:
        try:
            sys.excepthook(type(e), e, _without_ours(e.__traceback__))
        except BaseException:
            pass
        _flush()
        return -2 if isinstance(e, KeyboardInterrupt) else 1
    _flush()
    return 0
`;
