// The Node side of the platform: file-backed wasm, high-resolution and CPU
// clocks, stderr, and real OS signals.
import { threadId } from 'node:worker_threads';
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
  osSignals: nodeOsSignals(),
};
