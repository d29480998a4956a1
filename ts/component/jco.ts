// jco, loaded when a component is built or run. It is a devDependency of
// wasig (it is large, and only components need it): a program that uses
// components installs it next to wasig, and without it the error says so.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

export type Jco = typeof import('@bytecodealliance/jco');

export class JcoMissing extends Error {}

let loaded: Promise<Jco> | null = null;

/** jco's API, with wasm/wit readable by its WIT tools: they run as a
 *  component over preview2-shim, whose file system opens no directory by
 *  default (jco's CLI fails on `--wit DIR` the same way), so the WIT
 *  folder is opened, alone, as `/wit` in the copy of the shim that
 *  jco-transpile resolves. */
export function loadJco(witDir: string): Promise<Jco> {
  loaded ??= (async () => {
    let jco: Jco;
    const req = createRequire(import.meta.url);
    try {
      jco = await import('@bytecodealliance/jco');
    } catch (e) {
      throw new JcoMissing(`components need @bytecodealliance/jco (npm install @bytecodealliance/jco@1.35): ${(e as Error).message}`);
    }
    const fromTranspile = createRequire(req.resolve('@bytecodealliance/jco-transpile'));
    const fs = await import(pathToFileURL(fromTranspile.resolve('@bytecodealliance/preview2-shim/filesystem')).href);
    fs._setPreopens({ '/wit': witDir });
    return jco;
  })();
  loaded.catch(() => { loaded = null; });
  return loaded;
}

/** Where jco's package is (its preview1 adapters live inside it). */
export function jcoDir(): string {
  return dirname(createRequire(import.meta.url).resolve('@bytecodealliance/jco'));
}
