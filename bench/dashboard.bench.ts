import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../packages/server/src/app.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { type Database, openDatabase } from '../packages/server/src/db/database.ts';
import { migrateToLatest } from '../packages/server/src/db/migrate.ts';
import { refreshPlannerStatistics } from '../packages/server/src/db/planner-statistics.ts';
import { seedDemoActivityIfEmpty } from '../packages/server/src/demo/demo-activity.ts';
import {
  DEMO_POPULATION_DEFAULTS,
  seedDemoPopulationIfEmpty,
} from '../packages/server/src/demo/demo-population.ts';
import { hashPassword } from '../packages/server/src/modules/auth/password.ts';
import { computeIndicatorParts } from '../packages/server/src/modules/chronic/indicators.service.ts';
import { flushRegistryStats } from '../packages/server/src/modules/indicators/registry-stats.ts';
import { adminQuery, type Figure, percentile, report, timeMs } from './harness.ts';
import { generateRegistry } from './registry-data.ts';

/**
 * Live dashboard latency (GET /api/v1/dashboard, 11 months of trend, and GET /api/v1/dashboard/family-doctor, the
 * 家庭医生签约 card) on generated registries:
 *   - a 70k-person county (青龙 130321: 406 villages × 58 households × 3) on the embedded PGlite;
 *   - a ~1M-person city (盐城 3209: 2,494 villages × 134 households × 3) on PostgreSQL
 *     (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; a scratch database is created).
 * The generated registries hold no chronic data (their key persons are the 建档立卡/监测 persons, none signed), so the
 * family-doctor card is also timed on the deterministic 70k demo county with its year of activity (enrolments,
 * contracts: as `npm start` loads it) on PGlite and on PostgreSQL, where its figures are checked against the chronic
 * module's in-memory `signing` part; there the 首页 工作台 (GET /api/v1/workbench/todos) of a county user is timed too.
 * Run: npm run bench -- dashboard   (CITY=0 skips the city, DEMO=0 the demo county)
 */
const RUNS = 10;
const figures: Figure[] = [];
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PERIOD = 'from=2026-01-01&to=2026-11-23';

async function benchApp(database: Database, regionCode: string, role: 'viewer' | 'county' = 'viewer') {
  const username = `bench_${role}_${regionCode}`;
  await database.db
    .insertInto('app_user')
    .values({
      username,
      display_name: 'bench',
      password_hash: await hashPassword('Bench@2026x'),
      role,
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
    payload: { username, password: 'Bench@2026x' },
  });
  const cookie = `ha_session=${login.cookies.find((c) => c.name === 'ha_session')?.value}`;
  return {
    app,
    cookie,
    async close() {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Times RUNS calls of a GET after one warm-up; pushes the median and the slowest; returns the last body. */
async function timeGet(label: string, bench: Awaited<ReturnType<typeof benchApp>>, url: string) {
  const times: number[] = [];
  let body = '';
  for (let i = 0; i < RUNS + 1; i++) {
    let status = 0;
    const ms = await timeMs(async () => {
      const response = await bench.app.inject({ method: 'GET', url, headers: { cookie: bench.cookie } });
      status = response.statusCode;
      body = response.body;
    });
    if (status !== 200) {
      throw new Error(`${label}: ${url} answered ${status}`);
    }
    if (i > 0) {
      times.push(ms);
    }
  }
  figures.push({ name: `${label} p50`, value: Math.round(percentile(times, 50)), unit: 'ms' });
  figures.push({
    name: `${label} max`,
    value: Math.round(Math.max(...times)),
    unit: 'ms',
    note: `${RUNS} runs after 1 warm-up`,
  });
  return body;
}

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
  const bench = await benchApp(database, regionCode);
  await timeGet(`${label}: dashboard`, bench, `/api/v1/dashboard?region=${regionCode}&${PERIOD}`);
  const body = await timeGet(
    `${label}: family-doctor card`,
    bench,
    `/api/v1/dashboard/family-doctor?region=${regionCode}&${PERIOD}`,
  );
  const answer = JSON.parse(body) as { keyPersons: number; contractRate: { numerator: number } };
  figures.push({
    name: `${label}: family-doctor key persons`,
    value: answer.keyPersons,
    unit: 'persons',
    note: `${answer.contractRate.numerator} signed`,
  });
  await bench.close();
}

/** The family-doctor card of the 70k demo county (with its activity), checked against the in-memory figures. */
async function measureDemo(label: string, database: Database) {
  await migrateToLatest(database.db);
  const loadMs = await timeMs(async () => {
    await seedDemoPopulationIfEmpty(database, '130321', DEMO_POPULATION_DEFAULTS);
    await seedDemoActivityIfEmpty(database, '130321', {
      seed: DEMO_POPULATION_DEFAULTS.seed + 100,
      asOf: DEMO_POPULATION_DEFAULTS.asOf,
    });
    await refreshPlannerStatistics(database.db);
  });
  figures.push({
    name: `${label}: demo load (population and activity)`,
    value: Math.round(loadMs),
    unit: 'ms',
  });
  const bench = await benchApp(database, '130321000000');
  const body = await timeGet(
    `${label}: family-doctor card`,
    bench,
    `/api/v1/dashboard/family-doctor?region=130321000000&${PERIOD}`,
  );
  await bench.close();
  const answer = JSON.parse(body) as { keyPersons: number; contractRate: { numerator: number } };
  const { signing } = await computeIndicatorParts(
    database.db,
    {
      regionCode: '130321000000',
      scope: { villagePrefix: '130321', countyCode: '130321', institutionCode: null, villageCodes: null },
    },
    '2026-01-01',
    '2026-11-23',
  );
  const inMemory = [signing.numerator.length, signing.denominator?.length ?? 0];
  if (answer.contractRate.numerator !== inMemory[0] || answer.keyPersons !== inMemory[1]) {
    throw new Error(
      `${label}: SQL ${answer.contractRate.numerator}/${answer.keyPersons} ≠ in memory ${inMemory.join('/')}`,
    );
  }
  figures.push({
    name: `${label}: family-doctor signed / key persons`,
    value: answer.contractRate.numerator,
    unit: 'persons',
    note: `of ${answer.keyPersons} key persons; the same as the chronic module's in-memory signing part`,
  });
  // The 首页 工作台 of a county user: one COUNT per to-do item, run concurrently.
  const county = await benchApp(database, '130321000000', 'county');
  const todos = JSON.parse(
    await timeGet(`${label}: workbench to-dos (county user)`, county, '/api/v1/workbench/todos'),
  ) as { items: { key: string; count: number }[] };
  await county.close();
  figures.push({
    name: `${label}: workbench to-do items`,
    value: todos.items.length,
    unit: 'items',
    note: todos.items.map((i) => `${i.key} ${i.count}`).join(', '),
  });
}

const county = await openDatabase({ engine: 'pglite', dataDir: null });
await migrateToLatest(county.db);
await measure('county 130321 (PGlite)', county, '130321000000', '130321', 58);
await county.close();

if (process.env.CITY !== '0') {
  const adminUrl = ADMIN_URL;
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

if (process.env.DEMO !== '0') {
  const demo = await openDatabase({ engine: 'pglite', dataDir: null });
  try {
    await measureDemo('demo county 130321 (PGlite)', demo);
  } finally {
    await demo.close();
  }
  const name = `healthaid_bench_demo_${process.pid}`;
  await adminQuery(ADMIN_URL, `CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const demoPg = await openDatabase({ engine: 'postgres', databaseUrl: url.toString() });
  try {
    await measureDemo('demo county 130321 (PostgreSQL)', demoPg);
  } finally {
    await demoPg.close();
    await adminQuery(ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

report('dashboard', figures, { runs: RUNS });
