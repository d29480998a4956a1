// The JavaScript additions beside Python's names (README "Additions for
// JavaScript"): signal names, AbortSignal on every wait, dispose, exit
// statuses with names, and checked options. Both flavors.
import { describe, expect, test } from 'vitest';
import {
  createRuntime, Signals, SIGUSR1, SIGUSR2, SIGHUP, SIGTERM, SIG_BLOCK, SIGRTMIN, ValueError, VirtualClock,
  type SignalRuntime,
} from 'wasig';

describe.each(['wasi', 'emscripten'] as const)('%s', (flavor) => {
  const make = (o: object = {}) => createRuntime({ flavor, ...o });

  test('names and Signals members are accepted wherever a number is', async () => {
    const rt = await make();
    const got: number[] = [];
    rt.signal('SIGUSR1', (s) => got.push(s));
    rt.signal(Signals.SIGUSR2, (s) => got.push(s));
    expect(typeof rt.getsignal('SIGUSR1')).toBe('function');
    rt.raiseSignal('SIGUSR1');
    rt.raiseSignal('USR2');
    rt.pthreadKill(rt.threadId, 'SIGUSR1');
    rt.os.kill(rt.pid, 'SIGUSR2');
    rt.checkSignals();
    expect(got).toEqual([SIGUSR1, SIGUSR2, SIGUSR1, SIGUSR2]);
    expect(rt.strsignal('SIGHUP')).toBe('Hangup');
    expect(rt.pthreadSigmask(SIG_BLOCK, ['SIGHUP', SIGTERM])).toEqual(new Set());
    expect(rt.pthreadSigmask(SIG_BLOCK, [])).toEqual(new Set([SIGHUP, SIGTERM]));
    rt.raiseSignal('SIGHUP');
    expect(rt.sigpending()).toEqual(new Set([SIGHUP]));
    expect(await rt.sigwait(['SIGHUP'])).toBe(SIGHUP);
    rt.close();
  });

  test("an unknown name is Python's ValueError; a non-name string stays a TypeError", async () => {
    const rt = await make();
    expect(() => rt.signal('SIGFOO' as any, () => {})).toThrow(new ValueError("'SIGFOO' is not a valid Signals"));
    expect(() => rt.raiseSignal('SIGUSR3' as any)).toThrow(ValueError);
    expect(() => rt.os.kill(rt.pid, 'NOPE' as any)).toThrow("'NOPE' is not a valid Signals");
    expect(() => rt.pthreadSigmask(SIG_BLOCK, ['SIGFOO' as any])).toThrow(ValueError);
    expect(() => rt.signal('2' as any, () => {})).toThrow(TypeError);
    expect(() => rt.raiseSignal('sigusr1' as any)).toThrow(TypeError);
    rt.close();
  });

  test.each([
    ['sigwait', (rt: SignalRuntime, signal: AbortSignal) => rt.sigwait([SIGUSR1], { signal })],
    ['sigwaitinfo', (rt: SignalRuntime, signal: AbortSignal) => rt.sigwaitinfo([SIGUSR1], { signal })],
    ['sigtimedwait', (rt: SignalRuntime, signal: AbortSignal) => rt.sigtimedwait([SIGUSR1], 60, { signal })],
    ['pause', (rt: SignalRuntime, signal: AbortSignal) => rt.pause({ signal })],
    ['signalfd', (rt: SignalRuntime, signal: AbortSignal) => rt.signalfd([SIGUSR1], { signal }).next()],
  ])('%s rejects with an AbortError when aborted, before or while it waits, and takes nothing', async (_, wait) => {
    const rt = await make();
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR1]);
    const ac = new AbortController();
    const p = wait(rt, ac.signal);
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    await expect(wait(rt, ac.signal)).rejects.toMatchObject({ name: 'AbortError' });
    // A custom reason rides along as the cause.
    const ac2 = new AbortController();
    const q = wait(rt, ac2.signal);
    ac2.abort(new Error('enough'));
    const e = await q.catch((x) => x);
    expect(e.name).toBe('AbortError');
    expect(e.cause.message).toBe('enough');
    // Nothing was taken, and a later signal is still there for the next wait.
    rt.raiseSignal(SIGUSR1);
    expect(rt.sigpending()).toEqual(new Set([SIGUSR1]));
    expect(await rt.sigwait([SIGUSR1], { signal: new AbortController().signal })).toBe(SIGUSR1);
    rt.close();
  });

  test('an abort after the wait resolved changes nothing; a signal still ends a wait that has an AbortSignal', async () => {
    const rt = await make();
    rt.pthreadSigmask(SIG_BLOCK, [SIGUSR2]);
    const ac = new AbortController();
    const p = rt.sigwaitinfo([SIGUSR2], { signal: ac.signal });
    setTimeout(() => rt.raiseSignal(SIGUSR2), 5);
    expect((await p).si_signo).toBe(SIGUSR2);
    ac.abort();
    const fd = rt.signalfd([SIGUSR2], { signal: ac.signal });
    await expect(fd.next()).rejects.toMatchObject({ name: 'AbortError' });
    expect(await fd.next()).toEqual({ done: true, value: undefined });
    rt.close();
  });

  test('wait options are checked', async () => {
    const rt = await make();
    await expect(rt.sigwait([SIGUSR1], { timeout: 1 } as any)).rejects.toThrow('sigwaitinfo: unknown option "timeout"; the options are signal');
    await expect(rt.pause({ signal: 5 } as any)).rejects.toThrow('pause: options.signal must be an AbortSignal');
    rt.close();
  });

  test('Symbol.dispose and Symbol.asyncDispose close runtimes and signalfds', async () => {
    const rt = await make();
    const fd = rt.signalfd([SIGUSR1]);
    const pending = fd.next();
    fd[Symbol.dispose]();
    expect(await pending).toEqual({ done: true, value: undefined });
    rt[Symbol.dispose]();
    expect(() => rt.raiseSignal(SIGUSR1)).toThrow();
    const rt2 = await make();
    await rt2[Symbol.asyncDispose]();
    expect(() => rt2.getsignal(SIGUSR1)).toThrow();
  });

  test("a runtime's exit status names its signal", async () => {
    const rt = await make({ pythonDefaults: false });
    expect(() => rt.raiseSignal('SIGTERM')).toThrow();
    expect(rt.exitStatus).toEqual({ signal: SIGTERM });
    expect(rt.exitStatus!.signalName).toBe('SIGTERM');
    expect(JSON.stringify(rt.exitStatus)).toBe('{"signal":15}');
    const rt2 = await make({ pythonDefaults: false });
    expect(() => rt2.raiseSignal(SIGRTMIN + 3)).toThrow();
    expect((await rt2.exited).signalName).toBe('SIGRTMIN+3');
  });

  test('unknown createRuntime options are refused, naming the valid ones', async () => {
    await expect(make({ bindOSSignals: true })).rejects.toThrow(
      'createRuntime: unknown option "bindOSSignals"; the options are flavor, clock, bindOsSignals, pythonDefaults, wasm');
    await expect(make({ clock: new VirtualClock(), wasm: undefined })).resolves.toBeTruthy();
  });
});

describe('createRuntime({ wasm }): every form of the core a bundled app may hand over', async () => {
  // The loader itself (the shared core of a flavor is loaded once per realm,
  // so createRuntime would only show the first form).
  const { loadCore } = await import('../../dist/core/load.node.js');
  const { readFileSync } = await import('node:fs');
  const root = new URL('../../', import.meta.url);
  const forms = (name: string) => {
    const file = new URL(`wasm/${name}`, root);
    const bytes = readFileSync(file);
    return [
      ['a file URL', file],
      ['a path', file.pathname],
      ['a Response', new Response(bytes)],
      ['a promise of a Response', Promise.resolve(new Response(bytes))],
      ['an ArrayBuffer', bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)],
      ['a Uint8Array', new Uint8Array(bytes)],
      ['a WebAssembly.Module', new WebAssembly.Module(bytes)],
    ] as const;
  };
  for (const [flavor, file] of [['wasi', 'core-wasi.wasm'], ['emscripten', 'core-emscripten.wasm']] as const) {
    test.each(forms(file).map(([what, src]) => [what, src]))(`${flavor}: %s`, async (_, src) => {
      const x = await loadCore(flavor, src);
      expect(typeof x.wasig_layout()).toBe('number');
      expect(x.memory).toBeInstanceOf(WebAssembly.Memory);
    });
  }
  test('a failed Response and a wrong type say what to pass', async () => {
    await expect(loadCore('wasi', new Response('nope', { status: 404 }))).rejects.toThrow(/could not be fetched .*404/);
    await expect(loadCore('wasi', 42 as any)).rejects.toThrow('wasm must be a URL, a string, a Response, an ArrayBuffer, a typed array or a WebAssembly.Module');
  });
});
