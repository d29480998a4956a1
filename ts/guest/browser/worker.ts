// Entry of a guest's Web Worker (a module worker): the first message is the
// GuestStart that Node passes as workerData; then the portable guest body of
// ../worker-main.ts runs with browser pieces (a small WASI, postMessage for
// output, performance.now() for clocks).
import type { WorkerPlatform } from '../guest-host.js';
import type { FromGuest, GuestStart } from '../protocol.js';
import { runGuest } from '../worker-main.js';
import { browserWasi } from './wasi.js';

declare const self: { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown): void };

export function workerPlatform(start: GuestStart, send: (m: FromGuest) => void): WorkerPlatform {
  return {
    start,
    send,
    // No CPU clocks in a browser: ITIMER_VIRTUAL and ITIMER_PROF count real time.
    now: () => performance.now() * 1000,
    // Output goes to the page, which shows it (stdio 'inherit' means the page).
    writeFd: (fd, bytes) => send({ t: 'out', fd: fd === 2 ? 2 : 1, data: bytes }),
    createWasi: browserWasi,
    // The loader is the app's file at run time, never part of the bundle: both
    // bundlers are told to leave this import alone.
    importModule: (url) => import(/* @vite-ignore */ /* webpackIgnore: true */ url),
  };
}

self.onmessage = (e: MessageEvent) => {
  self.onmessage = null;
  const start = e.data as GuestStart;
  void runGuest(workerPlatform(start, (m) => self.postMessage(m)));
};
