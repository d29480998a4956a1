// jco's transpile of a component into a folder, in the layout both hosts
// read: component.js (instantiation 'sync'), its core modules, and
// manifest.json (the component's hash, the core files, whether it imports
// wasig:signals). Node keeps one per content in the per-user cache
// (prepare.node.ts); `wasig cc --component` writes one beside its output
// (prog.jco/) for browsers, which cannot run jco at load time.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WIT_DIR } from './build.js';
import { realModule, withoutExceptions } from './exceptions.js';
import { loadJco } from './jco.js';

export interface Manifest {
  /** sha256 of the component, hex: a folder that is not its transpile is refused. */
  sha256: string;
  cores: string[];
}

export const MANIFEST = 'manifest.json';

export function componentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function transpileInto(dir: string, bytes: Uint8Array): Promise<Manifest> {
  const jco = await loadJco(WIT_DIR);
  // setjmp/longjmp's wasm exceptions: jco transpiles stand-ins (exceptions.ts).
  const { component, standIns } = withoutExceptions(bytes);
  const out = await jco.transpile(component, { name: 'component', instantiation: 'sync', noTypescript: true, quiet: true });
  const swapped = Object.entries(out.files).filter(([name, data]) => name.endsWith('.wasm') && realModule(data, standIns) !== data).length;
  if (swapped !== standIns.length) throw new Error(`jco's output holds ${swapped} of the ${standIns.length} core modules that use wasm exceptions: this jco lays out its files in a way wasig does not know`);
  for (let [name, data] of Object.entries(out.files)) {
    if (name === 'component.js') data = readDebugFlagOnce(data);
    if (name.endsWith('.wasm')) data = realModule(data, standIns);
    const to = join(dir, name);
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(`${to}.${process.pid}.tmp`, data);
    renameSync(`${to}.${process.pid}.tmp`, to);
  }
  const manifest: Manifest = {
    sha256: componentHash(bytes),
    cores: Object.keys(out.files).filter((f) => f.endsWith('.wasm')),
  };
  // Written last: its presence says the rest is complete.
  const m = join(dir, MANIFEST);
  writeFileSync(`${m}.${process.pid}.tmp`, JSON.stringify(manifest));
  renameSync(`${m}.${process.pid}.tmp`, m);
  return manifest;
}

/** jco 1.35's generated code reads process.env.JCO_DEBUG in each of its
 *  debug-log calls, dozens per import call, and in a worker each read goes
 *  through Node's environment proxy: most of an import call's time. The
 *  copy reads it once (JCO_DEBUG still works, set before the run). */
function readDebugFlagOnce(js: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(js);
  const from = 'const _debugLog = (...args) => {\n    if (!globalThis?.process?.env?.JCO_DEBUG) { return; }';
  if (!text.includes(from)) return js;
  return new TextEncoder().encode(text.replace(from,
    'const _jcoDebug = !!globalThis?.process?.env?.JCO_DEBUG;\n  const _debugLog = (...args) => {\n    if (!_jcoDebug) { return; }'));
}
