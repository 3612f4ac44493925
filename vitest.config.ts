import { defineConfig } from 'vitest/config';

/**
 * Test projects:
 * - unit: pure tests (`*.test.ts`) in domain, server and web.
 * - int-pglite: database tests (`*.int.test.ts`) on an embedded PGlite per test file.
 * - int-postgres: the same database tests on PostgreSQL 15 when TEST_DATABASE_URL is set.
 *   Each test file gets a fresh database cloned from a template migrated once per run.
 */
const INT_INCLUDE = ['packages/*/src/**/*.int.test.ts'];
const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/src/**/*.test.tsx'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'int-pglite',
          include: INT_INCLUDE,
          env: { TEST_ENGINE: 'pglite' },
          globalSetup: ['packages/server/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      ...(hasPostgres
        ? [
            {
              test: {
                name: 'int-postgres',
                include: INT_INCLUDE,
                env: { TEST_ENGINE: 'postgres' },
                globalSetup: ['packages/server/test/global-setup.ts'],
                testTimeout: 60_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
    ],
  },
});
