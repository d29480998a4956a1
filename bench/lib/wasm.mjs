// Loads one build of bench/c/loop.c (see mk/bench.mk) with the host imports
// the benchmarks need.
import { readFileSync } from 'node:fs';

export const FLAVORS = ['wasi', 'emscripten', 'wasi-shared'];
const dir = new URL('../../build/bench/', import.meta.url);

export function loadLoop(flavor, { poll = () => 0, mark = () => {}, memory } = {}) {
  const bytes = readFileSync(new URL(`loop-${flavor}.wasm`, dir));
  const env = {
    bench_poll_js: poll,
    bench_mark_js: mark,
    wasig_wait_js: (p, seen, t) => (globalThis.benchWait ? globalThis.benchWait(p, seen, t) : 1),
  };
  if (flavor === 'wasi-shared') {
    memory ??= new WebAssembly.Memory({ initial: 64, maximum: 1024, shared: true });
    env.memory = memory;
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env });
  const x = instance.exports;
  if (x._initialize) x._initialize();
  return { x, env, memory: memory ?? x.memory };
}
