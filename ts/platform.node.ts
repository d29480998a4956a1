// The Node side of the platform: file-backed wasm, high-resolution and CPU
// clocks, stderr, and real OS signals.
import { isMainThread, threadId } from 'node:worker_threads';
import { loadCore } from './core/load.node.js';
import { nodeOsSignals } from './delivery/node-signals.js';
import type { Platform } from './platform.js';

export const nodePlatform: Platform = {
  name: 'node',
  loadCore,
  now(which) {
    if (which === 0) return performance.now() * 1000;
    const u = process.cpuUsage();
    return which === 1 ? u.user : u.user + u.system;
  },
  stderr: (text) => { process.stderr.write(text); },
  hostThread: () => threadId,
  uid: () => process.getuid?.() ?? 0,
  keepAlive() {
    const h = setInterval(() => {}, 1 << 30);
    return () => clearInterval(h);
  },
  // Node emits signal events on its main thread only: a listener in a
  // worker never fires.
  osSignals: isMainThread ? nodeOsSignals() : undefined,
  noOsSignals: isMainThread ? undefined
    : 'bindOsSignals only works on Node\'s main thread (signal listeners never fire in worker_threads): bind there and pass signals on with os.kill() or a guest\'s kill()',
};
