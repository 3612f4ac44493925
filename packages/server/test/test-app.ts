import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import type { AppConfig } from '../src/config.ts';
import type { Database } from '../src/db/database.ts';
import { DEMO_ACCOUNTS } from '../src/demo/demo-accounts.ts';
import { seedDemoIfEmpty } from '../src/demo/seed-demo.ts';
import { createTestDatabase } from './test-database.ts';

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: path.join(os.tmpdir(), 'healthaid-unused'),
    databaseUrl: null,
    demo: true,
    sessionSecret: 'test-secret-test-secret-test-secret-0123',
    sessionIdleMinutes: 30,
    loginRateLimitPerMinute: 1000,
    comparisonListRetentionDays: 90,
    trustProxy: false,
    logLevel: 'silent',
    webDistDir: path.join(os.tmpdir(), 'healthaid-no-web'),
    version: 'test',
    ...overrides,
  };
}

export type Session = { cookie: string; csrfToken: string };

export type TestApp = {
  app: FastifyInstance;
  database: Database;
  /** Logs in (demo accounts by username) and returns the cookie and CSRF token. */
  login(username: string, password?: string): Promise<Session>;
  /** Injects a request as the given session (adds the cookie and, for writes, the CSRF token). */
  as(session: Session | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

/** The app on a fresh test database with the demo accounts loaded. */
export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  // Accounts only: the generated demo population (~6,000 persons) would slow every test file down.
  await seedDemoIfEmpty(database.db, () => {}, { population: false });
  const app = await buildApp({ db: database.db, engine: database.engine, config: testConfig(overrides) });
  await app.ready();
  const login = async (username: string, password?: string): Promise<Session> => {
    const pw = password ?? DEMO_ACCOUNTS.find((a) => a.username === username)?.password;
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: pw },
    });
    if (response.statusCode !== 200) {
      throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
    }
    const cookie = response.cookies.find((c) => c.name === 'ha_session');
    return {
      cookie: `ha_session=${cookie?.value}`,
      csrfToken: response.json<{ csrfToken: string }>().csrfToken,
    };
  };
  const as = (session: Session | null, options: InjectOptions) =>
    app.inject({
      ...options,
      headers: {
        ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
        ...options.headers,
      },
    });
  return {
    app,
    database,
    login,
    as,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
