// Browsers: jco does not run at load time here, so a component is run from
// the transpiled folder `wasig cc --component` writes beside it (prog.wasm:
// prog.jco/), checked against the component's hash.
import { GuestError } from '../guest/wasm-info.js';
import type { ComponentStart } from '../guest/protocol.js';

let signalCore: Promise<WebAssembly.Module> | null = null;

async function hex(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function prepareComponentFrom(url: string, bytes: Uint8Array): Promise<ComponentStart> {
  const dir = new URL(url.replace(/\.wasm$/, '') + '.jco/', url);
  const fetchOk = async (u: URL) => {
    const r = await fetch(u);
    if (!r.ok) throw new GuestError(`${url} is a component; browsers run it from its transpiled folder, and ${u.href} answered HTTP ${r.status}: build it with 'wasig cc --component', which writes ${dir.pathname.split('/').slice(-2).join('/')} beside it`);
    return r;
  };
  const manifest = await (await fetchOk(new URL('manifest.json', dir))).json() as { sha256: string; cores: string[] };
  if (manifest.sha256 !== await hex(bytes)) {
    throw new GuestError(`${dir.href} was transpiled from another build of ${url}: build it again with 'wasig cc --component'`);
  }
  const cores: Record<string, WebAssembly.Module> = {};
  for (const f of manifest.cores) cores[f] = await WebAssembly.compileStreaming(fetchOk(new URL(f, dir)));
  signalCore ??= fetch(new URL('../../wasm/component-host.wasm', import.meta.url)).then((r) => {
    if (!r.ok) throw new GuestError(`wasig's component host module (wasm/component-host.wasm) answered HTTP ${r.status}: serve the package's wasm/ folder`);
    return WebAssembly.compileStreaming(r);
  });
  signalCore.catch(() => { signalCore = null; });
  return { url: new URL('component.js', dir).href, cores, signalCore: await signalCore };
}
