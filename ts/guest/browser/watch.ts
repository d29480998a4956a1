// Wiring a guest's Web Worker to its handle (both the shared-memory and the
// fallback worker): messages in, and failures that name the worker's URL.
import type { FromGuest } from '../protocol.js';

/** Wires a guest's worker to the handle; failures name the worker's URL. */
export function watchWorker(w: Worker, url: string, option: string, data: unknown, onMessage: (m: FromGuest) => void, onError: (e: Error) => void): Worker {
  w.onmessage = (e) => onMessage(e.data as FromGuest);
  w.onerror = (e) => {
    e.preventDefault();
    onError(new Error(`the guest's worker failed: ${e.message || `it could not be loaded from ${url} (pass spawn(…, { ${option} }) with the URL where your bundler put wasig's worker)`}`));
  };
  w.onmessageerror = () => onError(new Error("a message from the guest's worker could not be read"));
  w.postMessage(data);
  return w;
}

