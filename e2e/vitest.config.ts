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
    // A page refreshes its figures after a write with another request; on a busy machine that can take seconds,
    // so polled assertions wait up to 15 s (Vitest's default is 1 s).
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
