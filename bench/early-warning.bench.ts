import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../packages/server/src/app.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { type Database, openDatabase } from '../packages/server/src/db/database.ts';
import { migrateToLatest } from '../packages/server/src/db/migrate.ts';
import { refreshPlannerStatistics } from '../packages/server/src/db/planner-statistics.ts';
import { DEMO_ACCOUNTS, DEMO_COUNTY_CODE } from '../packages/server/src/demo/demo-accounts.ts';
import { seedDemoActivityIfEmpty } from '../packages/server/src/demo/demo-activity.ts';
import { seedDemoOversightIfEmpty } from '../packages/server/src/demo/demo-oversight.ts';
import { seedDemoPopulationIfEmpty } from '../packages/server/src/demo/demo-population.ts';
import { seedDemoIfEmpty } from '../packages/server/src/demo/seed-demo.ts';
import {
  runWarningRules,
  SYSTEM_RUN_ACTOR,
} from '../packages/server/src/modules/early-warning/warning-runs.ts';
import { type Figure, percentile, report, timeMs } from './harness.ts';

/**
 * Supervision and early warning on the demo county (青龙 130321, PERSONS persons with the demo's year of
 * activity): the demo's replay of the year (supervision rounds, 11 monthly rule runs with handling), a full
 * run of the warning rules for the county (25 township steps; every condition already warned, so it
 * refreshes), and the pages' requests as the county user (warning list, problem list, 预警数/处置率/整改率
 * with children, handling summary), RUNS times each, in-process (app.inject).
 *
 * ENGINE=postgres (default; a scratch database on BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres, dropped at the end unless KEEP_DB=1) or ENGINE=pglite.
 * Run: npm run bench -- early-warning   (PERSONS=70000, RUNS=20)
 */
const PERSONS = Number(process.env.PERSONS ?? 70_000);
const RUNS = Number(process.env.RUNS ?? 20);
const ENGINE = process.env.ENGINE === 'pglite' ? 'pglite' : 'postgres';
const AS_OF = '2026-11-01';
const figures: Figure[] = [];

async function bench(database: Database) {
  await migrateToLatest(database.db);
  await seedDemoIfEmpty(database, () => {}, { population: false });
  const seedMs = await timeMs(async () => {
    await seedDemoPopulationIfEmpty(database, DEMO_COUNTY_CODE, { persons: PERSONS });
    await seedDemoActivityIfEmpty(database, DEMO_COUNTY_CODE);
    await refreshPlannerStatistics(database.db);
  });
  figures.push({
    name: 'population and activity seeded',
    value: Math.round(seedMs),
    unit: 'ms',
    note: `${PERSONS} persons`,
  });

  const started = process.hrtime.bigint();
  const c = await seedDemoOversightIfEmpty(database.db, DEMO_COUNTY_CODE);
  const oversightMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (!c) {
    throw new Error('the demo oversight data was not seeded');
  }
  figures.push({
    name: 'demo year replayed (rounds, 11 rule runs, handling)',
    value: Math.round(oversightMs),
    unit: 'ms',
    note: `${c.problems} problems, ${c.warnings} warnings, ${c.disposedWarnings} disposed`,
  });
  await refreshPlannerStatistics(database.db);

  const runMs = await timeMs(() =>
    runWarningRules(database.db, {
      regionCode: '130321000000',
      asOf: AS_OF,
      trigger: 'schedule',
      actor: SYSTEM_RUN_ACTOR,
    }),
  );
  const run = await database.db
    .selectFrom('ew_run')
    .select(['total_steps', 'counts'])
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const runCounts = run.counts as { raised: number; refreshed: number };
  figures.push({
    name: 'county rules run (all townships)',
    value: Math.round(runMs),
    unit: 'ms',
    note: `${run.total_steps} steps; raised ${runCounts.raised}, refreshed ${runCounts.refreshed}`,
  });

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthaid-bench-ew-'));
  const config = { ...loadConfig({ ...process.env, DATA_DIR: dataDir }), logLevel: 'silent' as const };
  const app = await buildApp({ db: database.db, engine: database.engine, config });
  await app.ready();
  try {
    const password = DEMO_ACCOUNTS.find((a) => a.username === 'county')?.password;
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'county', password },
    });
    const cookie = login.cookies.find((k) => k.name === 'ha_session');
    const headers = { cookie: `ha_session=${cookie?.value}` };
    const period = `region=130321&from=2026-01-01&to=${AS_OF}`;
    const requests: [string, string][] = [
      ['GET warnings (open, first page)', '/api/v1/early-warning/warnings?open=true&page=1&pageSize=20'],
      ['GET problems (first page)', '/api/v1/supervision/problems?page=1&pageSize=20'],
      ['GET 预警数 with townships', `/api/v1/indicators/relapse_warnings?${period}&children=true`],
      ['GET 预警处置率', `/api/v1/indicators/warning_handling_rate?${period}`],
      ['GET 问题整改率 with townships', `/api/v1/indicators/rectification_rate?${period}&children=true`],
      ['GET handling summary', `/api/v1/early-warning/handling?${period}`],
      ['GET rectification summary', `/api/v1/supervision/rectification?${period}`],
    ];
    for (const [name, url] of requests) {
      const times: number[] = [];
      for (let i = 0; i < RUNS + 1; i += 1) {
        let status = 0;
        const ms = await timeMs(async () => {
          status = (await app.inject({ method: 'GET', url, headers })).statusCode;
        });
        if (status !== 200) {
          throw new Error(`${url} → ${status}`);
        }
        if (i > 0) {
          times.push(ms);
        }
      }
      figures.push({ name: `${name} p50`, value: Math.round(percentile(times, 50) * 10) / 10, unit: 'ms' });
      figures.push({ name: `${name} p95`, value: Math.round(percentile(times, 95) * 10) / 10, unit: 'ms' });
    }
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (ENGINE === 'pglite') {
  const database = await openDatabase({ engine: 'pglite', dataDir: null });
  try {
    await bench(database);
  } finally {
    await database.close();
  }
} else {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `bench_early_warning_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ engine: 'postgres', databaseUrl: url.toString() });
  try {
    await bench(database);
  } finally {
    await database.close();
    if (process.env.KEEP_DB !== '1') {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    await admin.end();
  }
}

report('early-warning', figures, { engine: ENGINE, persons: PERSONS, runs: RUNS, asOf: AS_OF });
