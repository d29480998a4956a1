// A Python process's worker: loads Pyodide from the npm package's files,
// connects its interrupt buffer and output, runs the bootstrap and then the
// program, and reports how it ended.
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { writeFd } from '../write-fd.node.js';
import { BOOTSTRAP } from './bootstrap.js';
import type { FromPython, PythonStart, PythonStdio } from './protocol.js';

const d = workerData as PythonStart;
const post = (m: FromPython): void => parentPort!.postMessage(m);


function output(fd: 1 | 2, mode: PythonStdio): { write(buf: Uint8Array): number } {
  return {
    write(buf) {
      if (mode === 'inherit') writeFd(fd, buf);
      else post({ t: 'out', fd, data: buf.slice() }); // buf is a view into Pyodide's heap
      return buf.length;
    },
  };
}

async function main(): Promise<void> {
  const { loadPyodide } = await import(pathToFileURL(`${d.indexURL}pyodide.mjs`).href);
  const py = await loadPyodide({ indexURL: d.indexURL, env: d.env });
  py.setStdout(output(1, d.stdout));
  py.setStderr(output(2, d.stderr));
  py.setStdin({ stdin: () => null }); // not connected yet: end of file
  const interrupt = new Int32Array(d.interrupt);
  const dispositions = new Int32Array(d.dispositions);
  py.registerJsModule('_wasig', {
    ack: () => { Atomics.notify(interrupt, 0); },
    disposition: (sig: number, kind: number) => { Atomics.store(dispositions, sig, kind); },
    pid: d.pid,
  });
  if (d.filename !== '<string>') {
    py.FS.mkdirTree(dirname(d.filename));
    py.FS.writeFile(d.filename, d.source);
  }
  const ns = py.globals.get('dict')();
  py.runPython(BOOTSTRAP, { globals: ns, filename: '<wasig>' });
  // Pyodide takes a signal by reading [0] and then writing 0, not in one
  // atomic step: a signal the host stores between the two would be lost (so
  // plain Pyodide loses interrupts). It gets an object whose [0] takes the
  // number with Atomics.exchange instead, and whose writes do nothing.
  const takeOnce = Object.defineProperty({}, 0, { get: () => Atomics.exchange(interrupt, 0, 0), set: () => {} });
  py.setInterruptBuffer(takeOnce);
  post({ t: 'ready' });
  const status: number = ns.get('run')(d.filename, d.argv, d.source);
  post(status < 0 ? { t: 'signal', sig: -status } : { t: 'exit', code: status });
}

main().catch((e: unknown) => post({ t: 'error', message: `Python could not run: ${(e as Error)?.message ?? String(e)}` }));
