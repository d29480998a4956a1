// The browser suites (test/browser/*.spec.mjs) on @playwright/test, in
// Debian's chromium (/usr/bin/chromium, or WASIG_CHROMIUM): one worker, as
// the tests measure wake-up times on a shared machine; no retries, so that
// a flaky test shows. Ends with the line "N passed, M failed"
// (summary-reporter.mjs) that tools/run-all-tests.mjs adds up.
import { defineConfig } from '@playwright/test';
import { ARGS, CHROMIUM } from './lib.mjs';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  outputDir: '../../build/results/playwright',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  forbidOnly: true,
  reporter: [
    ['list'],
    ['json', { outputFile: '../../build/results/browser.json' }],
    ['./summary-reporter.mjs'],
  ],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: CHROMIUM, args: ARGS },
  },
});
