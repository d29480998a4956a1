// Pyodide in a module Web Worker running `while True: pass`, interrupted
// through its interrupt buffer; the except clause takes the receive time on
// performance.timeOrigin + performance.now() (the page's clock).
let py = null, code = null;
onmessage = async (e) => {
  if (!py) {
    const t = performance.now();
    const { loadPyodide } = await import(new URL('pyodide.mjs', e.data.indexURL).href);
    py = await loadPyodide({ indexURL: e.data.indexURL });
    py.setInterruptBuffer(new Int32Array(e.data.sab, 0, 1));
    py.registerJsModule('benchmark', {
      ready: () => postMessage({ ready: true }),
      mark: () => postMessage({ t1: performance.timeOrigin + performance.now() }),
    });
    py.runPython('import benchmark');
    code = 'try:\n    benchmark.ready()\n    while True: pass\nexcept KeyboardInterrupt:\n    benchmark.mark()\n';
    postMessage({ loaded: true, loadMs: performance.now() - t, version: py.version });
    return;
  }
  try { py.runPython(code); } catch (err) { postMessage({ error: String(err).split('\n').filter(Boolean).slice(-4).join(' / ') }); }
};
