// Shared pieces of the browser suites: the project's own server on a free
// port of 127.0.0.1, Debian's chromium through playwright-core with a fresh
// profile, and pages that record console errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../tools/serve.mjs';

export const CHROMIUM = process.env.WASIG_CHROMIUM ?? '/usr/bin/chromium';
export const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync'];

export async function startBrowser() {
  const server = await startServer({ port: 0, host: '127.0.0.1' });
  const profile = mkdtempSync(join(tmpdir(), 'wasig-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 800 },
  });
  return {
    server,
    context,
    async close() {
      await context.close().catch(() => {});
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Records a page's console errors and uncaught exceptions in page.errors
 *  (and its console in page.logs; both echoed when WASIG_DEBUG is set). */
export function watch(page) {
  page.errors = [];
  page.logs = [];
  page.on('console', (m) => {
    const text = `${m.type()}: ${m.text()}`;
    page.logs.push(text);
    if (m.type() === 'error') page.errors.push(m.text());
    if (process.env.WASIG_DEBUG) console.log(`  [page] ${text}`);
  });
  page.on('pageerror', (e) => {
    page.errors.push(`uncaught: ${e.message}`);
    if (process.env.WASIG_DEBUG) console.log(`  [page] uncaught ${e.stack}`);
  });
  return page;
}

/** A new page of `context`, watched. */
export async function newPage(context) {
  return watch(await context.newPage());
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}
export function assertEq(a, b, what) {
  const x = JSON.stringify(a), y = JSON.stringify(b);
  if (x !== y) throw new Error(`${what}: expected ${y}, got ${x}`);
}
