import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildApp } from '../packages/server/src/app.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openMigratedDatabase } from '../packages/server/src/db/open-from-config.ts';
import { seedDemoIfEmpty } from '../packages/server/src/demo/seed-demo.ts';
import { type Figure, report, timeMs } from './harness.ts';

/**
 * HTTP throughput and latency of authenticated, scoped reads on the embedded database (PGlite) or on
 * PostgreSQL when DATABASE_URL is set. Measures first-start cost (migrations + 47k regions + demo seed)
 * and then 10 connections for 10 s against two endpoints.
 * Run: npm run bench -- api-platform
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthaid-bench-'));
const config = { ...loadConfig({ ...process.env, DATA_DIR: dataDir }), port: 0, logLevel: 'silent' };
const figures: Figure[] = [];

let database!: Awaited<ReturnType<typeof openMigratedDatabase>>;
figures.push({
  name: 'first start: migrate (regions)',
  value: Math.round(
    await timeMs(async () => {
      database = await openMigratedDatabase(config);
    }),
  ),
  unit: 'ms',
  note: database?.engine ?? '',
});
figures.push({
  name: 'first start: demo seed',
  value: Math.round(await timeMs(() => seedDemoIfEmpty(database))),
  unit: 'ms',
});
const app = await buildApp({ db: database.db, engine: database.engine, config }, { logger: false });
const address = await app.listen({ port: 0, host: '127.0.0.1' });

const login = await fetch(`${address}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'county', password: 'County@2026' }),
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

async function load(name: string, url: string): Promise<void> {
  const result = await autocannon({
    url: `${address}${url}`,
    connections: 10,
    duration: 10,
    headers: { cookie },
  });
  if (result.non2xx > 0) {
    throw new Error(`${name}: ${result.non2xx} non-2xx responses`);
  }
  figures.push({ name: `${name} throughput`, value: Math.round(result.requests.average), unit: 'req/s' });
  figures.push({ name: `${name} latency p50`, value: result.latency.p50, unit: 'ms' });
  figures.push({ name: `${name} latency p99`, value: result.latency.p99, unit: 'ms' });
}

await load('GET /regions/130321/children', '/api/v1/regions/130321000000/children');
await load('GET /auth/me', '/api/v1/auth/me');

report('api-platform', figures, { engine: database.engine, connections: 10, durationSeconds: 10 });
await app.close();
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });
