import { defineConfig } from 'vitest/config';

/** The crash tests: a real service process killed with SIGKILL many times; run alone, one file at a time. */
export default defineConfig({
  test: {
    include: ['test/**/*.crash.test.ts'],
    // Twenty restarts of the whole service: minutes on a quiet machine, more on a shared one.
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['test/global-setup.ts'],
  },
});
