// wasig/relay, the middleware a server mounts for pages without cross-origin
// isolation, used by name as an app would: messages in order, a long poll
// that wakes when a message arrives, its bounds, and clear errors.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRelay, RELAY_PATH } from 'wasig/relay';

let server: Server;
let base = '';
const passedOn: string[] = [];
beforeAll(async () => {
  const relay = createRelay({ maxQueue: 5, maxGuests: 4, headers: { 'X-App': 'yes' } });
  server = createServer((req, res) => relay(req, res, () => { passedOn.push(req.url ?? ''); res.end('app'); }));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(async () => { server.closeAllConnections(); await new Promise((ok) => server.close(ok)); });

const at = (id: string, q = '') => `${base}${RELAY_PATH}${id}${q}`;
const post = (id: string, body: unknown) => fetch(at(id), { method: 'POST', body: JSON.stringify(body) });

describe('wasig/relay', () => {
  test('other requests go to next(); relay answers carry the given headers', async () => {
    expect(await (await fetch(`${base}/index.html`)).text()).toBe('app');
    expect(passedOn).toEqual(['/index.html']);
    const r = await fetch(at('g0'));
    expect(r.headers.get('x-app')).toBe('yes');
    expect(await r.json()).toEqual([]);
  });

  test('messages come out in the order they were posted, once', async () => {
    expect((await post('g1', [{ n: 1 }, { n: 2 }])).status).toBe(200);
    expect((await post('g1', { n: 3 })).status).toBe(200);
    expect(await (await fetch(at('g1'))).json()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(await (await fetch(at('g1'))).json()).toEqual([]);
  });

  test('a waiting GET answers as soon as a message arrives', async () => {
    const t0 = Date.now();
    const waiting = fetch(at('g2', '?wait=20000')).then((r) => r.json());
    await new Promise((r) => setTimeout(r, 100));
    await post('g2', { k: 'sig', signo: 10 });
    expect(await waiting).toEqual([{ k: 'sig', signo: 10 }]);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  test('bounds: a full queue is a 429, too many guests a 503, bad input a 400 or 405', async () => {
    expect((await post('g3', [1, 2, 3, 4, 5])).status).toBe(200);
    expect((await post('g3', [6])).status).toBe(429);
    expect(await (await fetch(at('g3'))).json()).toEqual([1, 2, 3, 4, 5]);
    // g0..g3 exist and the limit is 4 guests: a fifth is refused until one is deleted
    expect((await post('g4', [1])).status).toBe(503);
    expect((await fetch(at('g0'), { method: 'DELETE' })).status).toBe(200);
    expect((await post('g4', [1])).status).toBe(200);
    expect((await fetch(at('g4'), { method: 'POST', body: '{nope' })).status).toBe(400);
    expect((await fetch(at('bad/id'))).status).toBe(400);
    expect((await fetch(at('g4'), { method: 'PUT', body: '[]' })).status).toBe(405);
  });

  test('unknown options and bad limits are refused, naming the valid ones', () => {
    expect(() => createRelay({ maxQueues: 1 } as never)).toThrow(/unknown option 'maxQueues' \(valid: maxBody, maxQueue, maxGuests, idleMs, headers\)/);
    expect(() => createRelay({ maxBody: 0 })).toThrow(/maxBody must be a positive integer/);
  });
});
