// A Python process's worker, the same in Node and browsers (worker.node.ts,
// worker.browser.ts start it): loads Pyodide, connects its interrupt buffer
// and output, runs the bootstrap and then the program, and reports how it
// ended.
import { stdinRead } from '../guest/protocol.js';
import { BOOTSTRAP } from './bootstrap.js';
import { O_NONBLOCK, linuxPipes } from './pipes.js';
import { socketPairs } from './sockets.js';
import { SIGPIPE } from '../constants.js';
import { CONTROL, DISPOSITION, RUN_CLOCK, type FromPython, type PythonStart, type PythonStdio } from './protocol.js';

const nowUs = (): bigint => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));

/** Runs the program of `d` on the Pyodide that `load` gives, posting the
 *  messages of FromPython; `write` takes what a stdio 'inherit' fd gets. */
export async function runPython(d: PythonStart, post: (m: FromPython) => void, pyodideModule: string,
  write: (fd: 1 | 2, buf: Uint8Array) => void): Promise<void> {
  const output = (fd: 1 | 2, mode: PythonStdio): { write(buf: Uint8Array): number } => ({
    write(buf) {
      if (mode === 'inherit') write(fd, buf);
      else post({ t: 'out', fd, data: buf.slice() }); // buf is a view into Pyodide's heap
      return buf.length;
    },
  });
  const { loadPyodide } = await import(/* @vite-ignore */ pyodideModule);
  const py = await loadPyodide({ indexURL: d.indexURL, env: d.env });
  py.setStdout(output(1, d.stdout));
  py.setStderr(output(2, d.stderr));
  const interrupt = new Int32Array(d.interrupt);
  const dispositions = new Int32Array(d.dispositions);
  const control = new Int32Array(d.control);
  // Every wait of the Python thread is timed (RUN_CLOCK): the host counts
  // the rest as its running time, for ITIMER_VIRTUAL and ITIMER_PROF.
  const runClock = new BigInt64Array(d.runClock);
  const blocking = <T>(wait: () => T): T => {
    const since = nowUs();
    Atomics.store(runClock, RUN_CLOCK.SINCE, since);
    try {
      return wait();
    } finally {
      Atomics.add(runClock, RUN_CLOCK.BLOCKED, nowUs() - since);
      Atomics.store(runClock, RUN_CLOCK.SINCE, 0n);
    }
  };
  // A stop signal's default: the Python thread waits until SIGCONT (or its
  // end). CONTROL.STOP counts stops and continues (odd: stopped);
  // `honoured` is its count when the thread last passed a stop point.
  let honoured = 0;
  const stopHere = (): void => {
    for (let s = Atomics.load(control, CONTROL.STOP); ; s = Atomics.load(control, CONTROL.STOP)) {
      if ((s & 1) === 0) { honoured = s; return; }
      blocking(() => Atomics.wait(control, CONTROL.STOP, s));
    }
  };
  // stdin: the ring the host fills. A read with nothing there blocks until
  // bytes, the end, or a signal for a handler come; a signal makes it fail
  // with EINTR, so CPython runs the handler and reads again (PEP 475) or
  // raises what the handler raised (KeyboardInterrupt).
  let askedForStdin = false;
  py.setStdin({
    isatty: false,
    read: (buf: Uint8Array): number => {
      if (d.stdin === 'ignore') return 0;
      if (d.stdin === 'inherit' && !askedForStdin) { askedForStdin = true; post({ t: 'stdin' }); }
      for (;;) {
        stopHere();
        const seq = Atomics.load(control, CONTROL.WAKE);
        const n = stdinRead(d.stdinBuf, buf);
        if (n >= 0) return n;
        if (Atomics.load(interrupt, 0) !== 0) throw Object.assign(new Error('interrupted by a signal'), { code: 'EINTR' });
        blocking(() => Atomics.wait(control, CONTROL.WAKE, seq));
      }
    },
  });
  // The signal Pyodide took last whose handler has not started yet. CPython
  // keeps one "tripped" flag per signal number and reads the buffer again
  // before it clears that flag (at the top of _PyErr_CheckSignalsTstate): a
  // second copy taken in that window merges with the first and a handler
  // call is lost. So nothing more is taken until the handler's wrapper says
  // it runs (ack), which is after CPython cleared the flag.
  let inflight = 0;
  // The arrival number (CONTROL.ARRIVALS) at the start of each handler
  // running now, innermost last; and the signals taken from the buffer that
  // arrived before the innermost began, with their numbers: they run when it
  // returns, one after another, as CPython runs signals pending together.
  // Run nested, each one's print inside the one before's would meet
  // "reentrant call inside <_io.BufferedWriter>": flushing checks signals.
  const running: number[] = [];
  const later: { sig: number; arrived: number }[] = [];
  let started = 0;
  const after = (arrived: number): boolean => !running.length || ((arrived - running[running.length - 1]) | 0) > 0;
  const replyBytes = new Uint8Array(d.control, CONTROL.REPLY_DATA);
  // A signal call the host answers (python-calls.ts): JSON both ways.
  const call = (op: string, args: unknown[]): unknown => {
    Atomics.store(control, CONTROL.REPLY, 0);
    post({ t: 'call', op, args });
    blocking(() => { while (Atomics.load(control, CONTROL.REPLY) === 0) Atomics.wait(control, CONTROL.REPLY, 0); });
    return JSON.parse(new TextDecoder().decode(replyBytes.slice(0, Atomics.load(control, CONTROL.REPLY_LEN))));
  };
  const signalWaits = (): boolean => Atomics.load(interrupt, 0) !== 0 || (later.length > 0 && after(later[0].arrived));
  // Waits of os.pipe() and socketpair() (as Linux's) last until a signal
  // for a handler, or until ms pass (ms < 0: no limit; then true if a
  // signal waits). Whatever moves stdin wakes them too (select on fd 0).
  const awaitSignal = (ms = -1): boolean => {
    const end = ms < 0 ? Infinity : performance.now() + ms;
    for (;;) {
      stopHere();
      const seq = Atomics.load(control, CONTROL.WAKE);
      if (signalWaits()) return true;
      const left = end - performance.now();
      if (left <= 0) return false;
      blocking(() => Atomics.wait(control, CONTROL.WAKE, seq, left));
      if (ms >= 0) return signalWaits();
    }
  };
  // A write with no reader sends SIGPIPE to the process (SI_USER, from
  // itself), as Linux does before the write fails with EPIPE: at SIG_DFL it
  // ends the process there. A handler runs as in python3, whose C handler
  // only notes the signal: the write raises BrokenPipeError, and the Python
  // handler runs at the eval loop's next check, which is told to look.
  const signalReceived = evalBreaker(py);
  const brokenPipe = (): void => {
    call('kill', [d.pid, SIGPIPE, false]);
    if (signalWaits()) signalReceived();
  };
  linuxPipes(py._module, awaitSignal, brokenPipe);
  const pairs = socketPairs(py._module, { awaitSignal, brokenPipe, depth: () => running.length });
  py.registerJsModule('_wasig', {
    ack: (sig: number) => {
      if (sig === inflight) inflight = 0;
      running.push(Atomics.load(control, CONTROL.ARRIVALS));
      started++;
    },
    // The handler returned (or raised: then a write it interrupted is not
    // tried again).
    done: (raised: boolean) => { running.pop(); pairs.handlerDone(raised); },
    // How many handlers have started: pause() returns after one did.
    started: () => started,
    disposition: (sig: number, kind: number) => { Atomics.store(dispositions, sig, kind); },
    pid: d.pid,
    // The arguments come as a list and the reply goes back as it is (no
    // Python code of the standard library between: a handler that runs
    // meanwhile shows only the program's frames and ours).
    call: (op: string, args: { toJs(): unknown[] }) => call(op, args.toJs().map((v) => (v === undefined ? null : v))),
    // socket.socketpair()'s sockets (sockets.ts).
    socketpair: pairs.connect,
    is_pair: pairs.isPair,
    sock_timeout: pairs.timeout,
    sock_shutdown: pairs.shutdown,
    // The MSG_* flags of the call about to be made on msg.fd (0 after it).
    msg: { fd: -1, set flags(f: number) { pairs.msgFlags(this.fd, f); } },
    looking: pairs.looking,
    // O_NONBLOCK on or off: Emscripten's F_SETFL can only add flags.
    // A socket's dups share it (one open file description, as on Linux).
    nonblock: (fd: number, on: boolean) => {
      const f = py._module.FS.streams[fd];
      const s = f?.node?.sock?.stream ?? f;
      if (s) s.flags = on ? s.flags | O_NONBLOCK : s.flags & ~O_NONBLOCK;
    },
    // select and poll with a timeout: see awaitSignal.
    poll_wait: awaitSignal,
    // A stop point outside C code (take): bootstrap's _check passes one
    // before its check, so a stop sent meanwhile holds there.
    stop_point: stopHere,
    // Blocks the Python thread until a signal for a handler is in the buffer
    // (true) or ms pass (false; ms < 0: no limit): pause() and sleep(). A
    // stop point first.
    wait: (ms: number): boolean => {
      stopHere();
      if (later.length && after(later[0].arrived)) return true;
      blocking(() => Atomics.wait(interrupt, 0, 0, ms < 0 ? Infinity : ms));
      return Atomics.load(interrupt, 0) !== 0;
    },
  });
  if (d.filename !== '<string>') {
    py.FS.mkdirTree(d.filename.slice(0, d.filename.lastIndexOf('/')) || '/');
    py.FS.writeFile(d.filename, d.source);
  }
  const ns = py.globals.get('dict')();
  py.runPython(BOOTSTRAP, { globals: ns, filename: '<wasig>' });
  // Pyodide takes a signal by reading [0] and then writing 0, not in one
  // atomic step: a signal the host stores between the two would be lost (so
  // plain Pyodide loses interrupts). It gets an object whose [0] takes the
  // number with Atomics.exchange instead (and wakes the host, which then
  // writes the next one), and whose writes do nothing.
  //
  // A stop takes effect at a check that the eval loop makes between
  // bytecodes (or at a stop point of ours: a wait, a read), never at one that
  // C code makes (PyErr_CheckSignals): a print's flush checks after its write
  // with the buffer locked, and the handlers of what came during a stop, run
  // there, would fail with "reentrant call inside <_io.BufferedWriter>". The
  // host sees a print's bytes before that check, so a stop sent on seeing
  // them, and the signals sent while stopped, would meet the program there
  // whenever the worker is slow to reach it (even after SIGCONT, if the
  // whole stop fell inside the write). So after a stop or continue the
  // program has not passed, C checks take nothing; the next bytecode check
  // stops, or runs what came. A number taken while a stop comes is put back.
  const byC = madeByC(py);
  const take = (): number => {
    if (Atomics.load(control, CONTROL.STOP) !== honoured) {
      if (byC()) return 0;
      stopHere();
    }
    const stops = honoured;
    if (inflight !== 0) {
      // Its handler will run: wait for it. A handler gone meanwhile (the
      // disposition changed before it ran) will not: look no longer.
      if (Atomics.load(dispositions, inflight) === DISPOSITION.HANDLER) return 0;
      inflight = 0;
    }
    let next: { sig: number; arrived: number };
    if (later.length && after(later[0].arrived)) next = later.shift()!;
    else {
      if (Atomics.load(interrupt, 0) === 0) return 0;
      // The host wrote ARRIVED before the number, and writes neither again
      // until the number is taken.
      const arrived = Atomics.load(control, CONTROL.ARRIVED);
      next = { sig: Atomics.exchange(interrupt, 0, 0), arrived };
      Atomics.notify(interrupt, 0);
      if (!after(arrived)) { later.push(next); return 0; }
    }
    if (Atomics.load(control, CONTROL.STOP) !== stops) { later.unshift(next); return 0; }
    if (Atomics.load(dispositions, next.sig) === DISPOSITION.HANDLER) inflight = next.sig;
    return next.sig;
  };
  const takeOnce = Object.defineProperty({}, 0, { get: take, set: () => {} });
  py.setInterruptBuffer(takeOnce);
  post({ t: 'ready' });
  const status: number = ns.get('run')(d.filename, d.argv, d.source);
  post(status < 0 ? { t: 'signal', sig: -status } : { t: 'exit', code: status });
}

type Exports = Record<string, unknown>;
interface PyodideModule { _module?: { LDSO?: { loadedLibsByName?: Record<string, { exports?: Exports }> } } }
const mainExports = (py: PyodideModule): Exports => py._module?.LDSO?.loadedLibsByName?.__main__?.exports ?? {};

/** Tells CPython's eval loop that a signal came (what its C signal handler
 *  does), so that it looks at Pyodide's buffer at its next check between
 *  bytecodes, not at the next periodic one. */
function evalBreaker(py: PyodideModule): () => void {
  const exports = mainExports(py);
  const received = exports._PyEval_SignalReceived, main = exports.PyInterpreterState_Main;
  if (typeof received !== 'function' || typeof main !== 'function') {
    throw new Error('wasig: this Pyodide does not export _PyEval_SignalReceived: SIGPIPE could not run its handler as python3 does; use the pinned pyodide version');
  }
  return () => { received(main()); };
}

/** Whether the signal check under way was made by C code (a call of
 *  PyErr_CheckSignals: a flush, a read that met EINTR) rather than by the
 *  eval loop. Pyodide keeps no names in its wasm, but an exported
 *  function's name is its index, and the stack shows frames by index:
 *  PyErr_CheckSignals is the caller of the function that read the buffer.
 *  The stack is looked at only after a stop or continue. Where the main
 *  module's exports cannot be found, every check counts as the eval loop's
 *  (a stop may then land in a flush). */
function madeByC(py: PyodideModule): () => boolean {
  const exports = mainExports(py);
  const frames = ['PyErr_CheckSignals', '_PyErr_CheckSignals']
    .map((n) => (exports[n] as { name?: string } | undefined)?.name)
    .filter((i): i is string => /^\d+$/.test(i ?? ''))
    .map((i) => `wasm-function[${i}]`);
  if (!frames.length) return () => false;
  return () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 12;
    const stack = new Error().stack ?? '';
    Error.stackTraceLimit = limit;
    const wasm = stack.split('\n').filter((l) => l.includes('wasm-function['));
    return frames.some((f) => wasm[1]?.includes(f));
  };
}
