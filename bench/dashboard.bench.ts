import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../packages/server/src/app.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { type Database, openDatabase } from '../packages/server/src/db/database.ts';
import { migrateToLatest } from '../packages/server/src/db/migrate.ts';
import { hashPassword } from '../packages/server/src/modules/auth/password.ts';
import { flushRegistryStats } from '../packages/server/src/modules/indicators/registry-stats.ts';
import { type Figure, percentile, report, timeMs } from './harness.ts';
import { generateRegistry } from './registry-data.ts';

/**
 * Live dashboard latency (GET /api/v1/dashboard, 11 months of trend) on generated registries:
 *   - a 70k-person county (青龙 130321: 406 villages × 58 households × 3) on the embedded PGlite;
 *   - a ~1M-person city (盐城 3209: 2,494 villages × 134 households × 3) on PostgreSQL
 *     (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; a scratch database is created).
 * Run: npm run bench -- dashboard   (CITY=0 skips the city)
 */
const RUNS = 10;
const figures: Figure[] = [];

async function measure(
  label: string,
  database: Database,
  regionCode: string,
  prefix: string,
  perVillage: number,
) {
  const generated = { persons: 0 };
  const generateMs = await timeMs(async () => {
    generated.persons = await generateRegistry(database.db, prefix, perVillage);
  });
  figures.push({ name: `${label}: persons generated`, value: generated.persons, unit: 'persons' });
  figures.push({ name: `${label}: generation`, value: Math.round(generateMs), unit: 'ms' });
  // The first read after a bulk load folds every household into the aggregates (what an import's commit pays).
  let households = 0;
  const flushMs = await timeMs(async () => {
    households = await flushRegistryStats(database.db);
  });
  figures.push({
    name: `${label}: aggregates built`,
    value: Math.round(flushMs),
    unit: 'ms',
    note: `${households} households`,
  });
  await database.db
    .insertInto('app_user')
    .values({
      username: `bench_${regionCode}`,
      display_name: 'bench',
      password_hash: await hashPassword('Bench@2026x'),
      role: 'viewer',
      region_code: regionCode,
      must_change_password: false,
    })
    .execute();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthaid-bench-cfg-'));
  const config = { ...loadConfig({ ...process.env, DATA_DIR: dataDir }), logLevel: 'silent' };
  const app = await buildApp({ db: database.db, engine: database.engine, config }, { logger: false });
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: `bench_${regionCode}`, password: 'Bench@2026x' },
  });
  const cookie = `ha_session=${login.cookies.find((c) => c.name === 'ha_session')?.value}`;
  const url = `/api/v1/dashboard?region=${regionCode}&from=2026-01-01&to=2026-11-23`;
  const times: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    let status = 0;
    const ms = await timeMs(async () => {
      status = (await app.inject({ method: 'GET', url, headers: { cookie } })).statusCode;
    });
    if (status !== 200) {
      throw new Error(`${label}: dashboard answered ${status}`);
    }
    if (i > 0) {
      times.push(ms);
    }
  }
  figures.push({ name: `${label}: dashboard p50`, value: Math.round(percentile(times, 50)), unit: 'ms' });
  figures.push({
    name: `${label}: dashboard max`,
    value: Math.round(Math.max(...times)),
    unit: 'ms',
    note: `${RUNS} runs after 1 warm-up`,
  });
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const county = await openDatabase({ engine: 'pglite', dataDir: null });
await migrateToLatest(county.db);
await measure('county 130321 (PGlite)', county, '130321000000', '130321', 58);
await county.close();

if (process.env.CITY !== '0') {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `healthaid_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const city = await openDatabase({ engine: 'postgres', databaseUrl: url.toString() });
  try {
    await migrateToLatest(city.db);
    await measure('city 3209 (PostgreSQL)', city, '320900000000', '3209', 134);
  } finally {
    await city.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

report('dashboard', figures, { runs: RUNS });
