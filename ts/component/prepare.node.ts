// Node: a component's bytes become what its worker runs. jco transpiles it
// once per content into the per-user cache (cacheDir('component-HASH'), as
// `wasig cc` caches its library); the core modules are compiled here and
// sent to the worker with the URL of the JavaScript.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cacheDir, CacheError } from '../cli/cache.js';
import { GuestError } from '../guest/wasm-info.js';
import type { ComponentStart } from '../guest/protocol.js';
import { JcoMissing } from './jco.js';
import { MANIFEST, componentHash, transpileInto, type Manifest } from './transpile.node.js';

let signalCore: Promise<WebAssembly.Module> | null = null;

export async function prepareComponent(bytes: Uint8Array): Promise<ComponentStart> {
  let dir: string;
  try {
    dir = cacheDir(`component-${componentHash(bytes).slice(0, 24)}`);
  } catch (e) {
    if (e instanceof CacheError) throw new GuestError(e.message);
    throw e;
  }
  let manifest: Manifest;
  if (existsSync(join(dir, MANIFEST))) {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
  } else {
    try {
      manifest = await transpileInto(dir, bytes);
    } catch (e) {
      if (e instanceof JcoMissing) throw new GuestError(`running a component: ${e.message}`);
      throw new GuestError(`jco could not transpile the component: ${(e as Error).message}`);
    }
  }
  const cores: Record<string, WebAssembly.Module> = {};
  for (const f of manifest.cores) cores[f] = await WebAssembly.compile(readFileSync(join(dir, f)));
  signalCore ??= WebAssembly.compile(readFileSync(fileURLToPath(new URL('../../wasm/component-host.wasm', import.meta.url))));
  return { url: pathToFileURL(join(dir, 'component.js')).href, cores, signalCore: await signalCore };
}
