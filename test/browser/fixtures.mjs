// The browser suites' fixtures for @playwright/test: the project's own server
// (tools/serve.mjs, COOP/COEP) on a free port of 127.0.0.1, once per worker,
// and pages that record their console errors and uncaught exceptions in
// page.errors (echoed when WASIG_DEBUG is set). The browser is Debian's
// chromium (playwright.config.mjs).
import { test as base } from '@playwright/test';
import { startServer } from '../../tools/serve.mjs';
import { watch } from './lib.mjs';

export const test = base.extend({
  server: [async ({}, use) => {
    const server = await startServer({ port: 0, host: '127.0.0.1' });
    await use(server);
    await server.close();
  }, { scope: 'worker' }],
  page: async ({ page }, use) => {
    await use(watch(page));
  },
});

export { assert, assertEq, watch } from './lib.mjs';
