// Guest handles in the manner of Node's: on/off/once with typed events,
// exit statuses that name their signal, dispose, and checked options.
import { beforeAll, describe, expect, test } from 'vitest';
import { spawn, SIGTERM, SIGKILL, type GuestExit } from 'wasig';
import { build, flavors, until, type Flavor } from './helpers.js';

describe.each(flavors)('%s guest handle', (flavor: Flavor) => {
  let sc: string;
  beforeAll(() => { sc = build('test/guest/c/scenarios.c', flavor); }, 120_000);
  const spin = () => spawn(sc, { args: ['spin'], stdio: ['pipe', 'pipe', 'pipe'] });

  test('on/off/once: once runs one time, off removes, listeners get typed arguments', async () => {
    const g = spin();
    const chunks: Uint8Array[] = [];
    const onceCalls: Uint8Array[] = [];
    const removed = () => { throw new Error('removed listener ran'); };
    g.on('stdout', (d) => chunks.push(d));
    g.once('stdout', (d) => onceCalls.push(d));
    g.on('stdout', removed);
    g.off('stdout', removed);
    const onceExit = (s: GuestExit) => { throw new Error(`removed once listener ran: ${JSON.stringify(s)}`); };
    g.once('exit', onceExit);
    g.off('exit', onceExit);
    const exits: GuestExit[] = [];
    g.on('exit', (s) => exits.push(s));
    await until(() => g.stdout.includes('ready'), 10_000, 'ready');
    g.kill('SIGTERM');
    const st = await g.exited;
    expect(onceCalls.length).toBe(1);
    expect(onceCalls[0]).toBeInstanceOf(Uint8Array);
    expect(chunks.length).toBeGreaterThanOrEqual(1);
    expect(exits).toEqual([{ code: null, signal: SIGTERM }]);
    expect(st.signal === null ? null : st.signalName).toBe('SIGTERM');
    expect(() => g.on('exit', 5 as any)).toThrow(TypeError);
  });

  test('a guest that exits has { code, signal: null } and no signalName', async () => {
    const g = spawn(sc, { args: ['exit', '3'], stdio: ['pipe', 'pipe', 'pipe'] });
    const st = await g.exited;
    expect(st).toEqual({ code: 3, signal: null });
    expect((st as { signalName?: string }).signalName).toBeUndefined();
  });

  test('Symbol.asyncDispose kills a running guest and waits for its end; disposing an ended one does nothing', async () => {
    const g = spin();
    await until(() => g.stdout.includes('ready'), 10_000, 'ready');
    await g[Symbol.asyncDispose]();
    expect(g.exitStatus).toEqual({ code: null, signal: SIGKILL });
    expect(g.exitStatus!.signal === null ? '' : (g.exitStatus as { signalName: string }).signalName).toBe('SIGKILL');
    g[Symbol.dispose]();
    await g[Symbol.asyncDispose]();
  });

  test('unknown spawn options are refused, naming the valid ones', () => {
    expect(() => spawn(sc, { arg: ['x'] } as any)).toThrow(/^spawn: unknown option "arg"; the options are args, argv0, env, stdio, preopens, flavor/);
    expect(() => spawn(sc, { workerUrl: 'x.js' } as any)).toThrow(/unknown option "workerUrl"/);
  });
});
