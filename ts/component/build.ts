// A core module built by `wasig cc --component` becomes a WASI Preview 2
// component, a command or a reactor: the wasig:signals world is embedded
// (jco's componentEmbed), then wasm-tools' component encoder (jco's
// componentNew) wraps it with the wasi_snapshot_preview1 adapter of its kind
// that ships in jco, so the program's wasi-libc calls become wasi:cli /
// wasi:io imports.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadJco } from './jco.js';

export const WIT_DIR = fileURLToPath(new URL('../../wasm/wit/', import.meta.url));
/** The worlds a C component of wasig targets (wasm/wit/signals.wit): a
 *  command (main), or a reactor (-mexec-model=reactor) whose handlers the
 *  host calls. */
export const COMMAND_WORLD = 'wasig:signals/command@0.1.0';
export const REACTOR_WORLD = 'wasig:signals/reactor@0.1.0';

export async function componentize(core: Uint8Array, reactor = false): Promise<Uint8Array> {
  const jco = await loadJco(join(WIT_DIR));
  const embedded = await jco.componentEmbed({ binary: core, witPath: '/wit', world: reactor ? REACTOR_WORLD : COMMAND_WORLD } as never);
  const adapter = readFileSync(reactor ? jco.preview1AdapterReactorPath() : jco.preview1AdapterCommandPath());
  return jco.componentNew(embedded, [['wasi_snapshot_preview1', new Uint8Array(adapter)]]);
}
