import { defineConfig } from 'vitest/config';

/**
 * Browser tests: one real server (demo data, fresh data directory) for the whole run, Chromium driven
 * through playwright-core. Run with `npm run e2e` from the repository root (builds the web app first).
 * Files run one after another; each test gets its own browser context.
 */
export default defineConfig({
  test: {
    name: 'e2e',
    root: import.meta.dirname,
    include: ['tests/**/*.e2e.test.ts'],
    globalSetup: ['support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
  },
});
