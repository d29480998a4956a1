// The dev server (tools/serve.mjs) answers what a client sends, however bad,
// and bounds what its relay holds.
import { afterAll, beforeAll, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs tool without types
import { startServer } from '../../tools/serve.mjs';

let s: { url: string; close(): Promise<void> | void };
beforeAll(async () => { s = await startServer(); });
afterAll(async () => { await s.close(); });

test('a path with a broken escape is a 400, and the server still answers', async () => {
  for (const p of ['%E0%A4%A', 'web/%ZZ', 'plain/%']) expect((await fetch(s.url + p)).status).toBe(400);
  expect((await fetch(s.url)).status).toBe(200);
});

test('relay bodies past 1 MiB are a 413; queues past their bound a 429', async () => {
  const big = `[${'1,'.repeat(600_000)}1]`;
  expect((await fetch(`${s.url}__wasig/relay/t1`, { method: 'POST', body: big })).status).toBe(413);
  const batch = JSON.stringify(Array.from({ length: 5000 }, () => ({ k: 'sig' })));
  expect((await fetch(`${s.url}__wasig/relay/t2`, { method: 'POST', body: batch })).status).toBe(200);
  expect((await fetch(`${s.url}__wasig/relay/t2`, { method: 'POST', body: batch })).status).toBe(200);
  expect((await fetch(`${s.url}__wasig/relay/t2`, { method: 'POST', body: batch })).status).toBe(429);
  const got = await (await fetch(`${s.url}__wasig/relay/t2`)).json();
  expect(got).toHaveLength(10_000);
});
