// A core module built by `wasig cc --component` becomes a WASI Preview 2
// command component: the wasig:signals world is embedded (jco's
// componentEmbed), then wasm-tools' component encoder (jco's componentNew)
// wraps it with the wasi_snapshot_preview1 command adapter that ships in
// jco, so the program's wasi-libc calls become wasi:cli / wasi:io imports.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadJco } from './jco.js';

export const WIT_DIR = fileURLToPath(new URL('../../wasm/wit/', import.meta.url));
/** The world a C component of wasig targets (wasm/wit/signals.wit). */
export const COMMAND_WORLD = 'wasig:signals/command@0.1.0';

export async function componentize(core: Uint8Array): Promise<Uint8Array> {
  const jco = await loadJco(join(WIT_DIR));
  const embedded = await jco.componentEmbed({ binary: core, witPath: '/wit', world: COMMAND_WORLD } as never);
  const adapter = readFileSync(jco.preview1AdapterCommandPath());
  return jco.componentNew(embedded, [['wasi_snapshot_preview1', new Uint8Array(adapter)]]);
}
