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
import _signal, builtins, errno, os, sys, traceback, types
from _wasig import ack as _ack, disposition as _disposition, pid as _pid

_real_signal = _signal.signal
_real_getsignal = _signal.getsignal
_DFL, _IGN, _HANDLER = 0, 1, 2


def _wrap(handler):
    def wasig_handler(signum, frame):
        _ack(signum)
        return handler(signum, frame)
    wasig_handler.__wasig_original__ = handler
    return wasig_handler


def _unwrap(h):
    return getattr(h, '__wasig_original__', h)


def _kind(handler):
    if callable(handler):
        return _HANDLER
    return _IGN if handler == _signal.SIG_IGN else _DFL


def signal(signalnum, handler):
    if type(signalnum) is int and signalnum in (9, 19, 32, 33) and 1 <= signalnum < _signal.NSIG:
        if not callable(handler) and handler not in (_signal.SIG_IGN, _signal.SIG_DFL):
            raise TypeError('signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object')
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
    old = _real_signal(signalnum, _wrap(handler) if callable(handler) else handler)
    _disposition(int(signalnum), _kind(handler))
    return _unwrap(old)


def getsignal(signalnum):
    return _unwrap(_real_getsignal(signalnum))


signal.__doc__ = _real_signal.__doc__
getsignal.__doc__ = _real_getsignal.__doc__
_signal.signal = signal
_signal.getsignal = getsignal

for _s in _signal.valid_signals():
    _h = _real_getsignal(_s)
    if callable(_h):
        _real_signal(_s, _wrap(_h))
    _disposition(int(_s), _kind(_h))

# The process's pid is its wasig pid (Pyodide's is a constant 42).
os.getpid = lambda: _pid


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
        if tb.tb_frame.f_globals is not globals():
            if prev is None:
                first = tb
            else:
                prev.tb_next = tb
            prev = tb
        tb = nxt
    if prev is not None:
        prev.tb_next = None
    return first


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
