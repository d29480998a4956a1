// The real-programs suite (mk/programs.mk, `make test-programs`): its own
// config, since it builds Debian packages first and runs them for minutes.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/programs/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 1_800_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
