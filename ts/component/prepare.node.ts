// Node: a component's bytes become what its worker runs. jco transpiles it
// once per content into the per-user cache (cacheDir('component-HASH'),
// as `wasig cc` caches its library), then the core modules are compiled
// here and sent to the worker with the URL of the JavaScript.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cacheDir, CacheError } from '../cli/cache.js';
import { GuestError } from '../guest/wasm-info.js';
import type { ComponentStart } from '../guest/protocol.js';
import { WIT_DIR } from './build.js';
import { JcoMissing, loadJco } from './jco.js';

const SIGNALS = /^wasig:signals\//;
let signalCore: Promise<WebAssembly.Module> | null = null;

export async function prepareComponent(bytes: Uint8Array): Promise<ComponentStart> {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 24);
  let dir: string;
  try {
    dir = cacheDir(`component-${hash}`);
  } catch (e) {
    if (e instanceof CacheError) throw new GuestError(e.message);
    throw e;
  }
  const done = join(dir, 'imports.json');
  if (!existsSync(done)) {
    let jco;
    try {
      jco = await loadJco(WIT_DIR);
    } catch (e) {
      if (e instanceof JcoMissing) throw new GuestError(`running a component: ${e.message}`);
      throw e;
    }
    let out;
    try {
      out = await jco.transpile(bytes, { name: 'component', instantiation: 'sync', noTypescript: true, quiet: true });
    } catch (e) {
      throw new GuestError(`jco could not transpile the component: ${(e as Error).message}`);
    }
    for (let [name, data] of Object.entries(out.files)) {
      if (name === 'component.js') data = readDebugFlagOnce(data);
      const to = join(dir, name);
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(`${to}.${process.pid}.tmp`, data);
      renameSync(`${to}.${process.pid}.tmp`, to);
    }
    // Written last: its presence says the rest is complete.
    writeFileSync(`${done}.${process.pid}.tmp`, JSON.stringify(out.imports));
    renameSync(`${done}.${process.pid}.tmp`, done);
  }
  const imports = JSON.parse(readFileSync(done, 'utf8')) as string[];
  const cores: Record<string, WebAssembly.Module> = {};
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.wasm'))) {
    cores[f] = await WebAssembly.compile(readFileSync(join(dir, f)));
  }
  signalCore ??= WebAssembly.compile(readFileSync(fileURLToPath(new URL('../../wasm/core-wasi.wasm', import.meta.url))));
  return {
    url: pathToFileURL(join(dir, 'component.js')).href,
    cores,
    signalCore: await signalCore,
    usesSignals: imports.some((i) => SIGNALS.test(i)),
  };
}

/** jco 1.35's generated code reads process.env.JCO_DEBUG in each of its
 *  debug-log calls, dozens per import call, and in a worker each read goes
 *  through Node's environment proxy: most of an import call's time. The
 *  cached copy reads it once (JCO_DEBUG still works, set before the run). */
function readDebugFlagOnce(js: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(js);
  const from = 'const _debugLog = (...args) => {\n    if (!globalThis?.process?.env?.JCO_DEBUG) { return; }';
  if (!text.includes(from)) return js;
  return new TextEncoder().encode(text.replace(from,
    'const _jcoDebug = !!globalThis?.process?.env?.JCO_DEBUG;\n  const _debugLog = (...args) => {\n    if (!_jcoDebug) { return; }'));
}

