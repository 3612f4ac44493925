import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../packages/server/src/db/database.ts';
import { migrateToLatest } from '../packages/server/src/db/migrate.ts';
import { seedDemoActivityIfEmpty } from '../packages/server/src/demo/demo-activity.ts';
import { seedDemoPopulationIfEmpty } from '../packages/server/src/demo/demo-population.ts';
import { seedDemoIfEmpty } from '../packages/server/src/demo/seed-demo.ts';
import { flushRegistryStats } from '../packages/server/src/modules/indicators/registry-stats.ts';
import { type Figure, report, timeMs } from './harness.ts';

/**
 * The demo generator (issue 3 §7):
 * 1. First start on PGlite (file data directory, as `npm start`): migrations, then the whole demo seed
 *    (accounts, institutions, 70,000 persons, their activity, other modules' demo data) — DEMO_PERSONS to change.
 * 2. The generator at scale on PostgreSQL (when BENCH_PG_URL or DATABASE_URL is set): DEMO_BIG_PERSONS
 *    (default 1,000,000) persons with COPY into a scratch database created and dropped here, then their activity
 *    (DEMO_BIG_ACTIVITY=false to skip it).
 * DEMO_SKIP_FIRST_START=true skips part 1.
 * Run: npm run bench -- demo-generate
 */
const figures: Figure[] = [];
const persons = Number(process.env.DEMO_PERSONS ?? 70_000);

// --- 1. First start on PGlite.
if (process.env.DEMO_SKIP_FIRST_START !== 'true') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthaid-bench-demo-'));
  let database!: Database;
  const migrateMs = await timeMs(async () => {
    database = await openDatabase({ engine: 'pglite', dataDir });
    await migrateToLatest(database.db);
  });
  figures.push({ name: 'PGlite first start: migrations', value: Math.round(migrateMs), unit: 'ms' });
  const steps: string[] = [];
  const cpuBefore = process.cpuUsage();
  const seedMs = await timeMs(() => seedDemoIfEmpty(database, (line) => steps.push(line), { persons }));
  const cpu = process.cpuUsage(cpuBefore);
  figures.push({
    name: `PGlite first start: demo seed (${persons.toLocaleString('en')} persons, activity, other modules)`,
    value: Math.round(seedMs),
    unit: 'ms',
  });
  figures.push({ name: 'PGlite first start: total', value: Math.round(migrateMs + seedMs), unit: 'ms' });
  // On a shared machine the wall time depends on the neighbours; the process's CPU time much less.
  figures.push({
    name: 'PGlite first start: demo seed CPU time (user + system)',
    value: Math.round((cpu.user + cpu.system) / 1000),
    unit: 'ms',
  });
  for (const line of steps) {
    console.log(`  ${line}`);
  }
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

// --- 2. At scale on PostgreSQL.
const url = process.env.BENCH_PG_URL ?? process.env.DATABASE_URL;
if (url) {
  const big = Number(process.env.DEMO_BIG_PERSONS ?? 1_000_000);
  const name = `healthaid_bench_demo_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const pgDb = await openDatabase({ engine: 'postgres', databaseUrl: target.toString() });
  try {
    await migrateToLatest(pgDb.db);
    let loaded: Awaited<ReturnType<typeof seedDemoPopulationIfEmpty>> = null;
    const populationMs = await timeMs(async () => {
      loaded = await seedDemoPopulationIfEmpty(pgDb, '130321', { persons: big });
    });
    const count = loaded as { persons: number; households: number; categories: number } | null;
    figures.push({
      name: `PostgreSQL: population of ${big.toLocaleString('en')} persons (COPY)`,
      value: Math.round(populationMs / 100) / 10,
      unit: 's',
      note: `${count?.households} households, ${count?.categories} categories; ${Math.round((big * 1000) / populationMs)} persons/s`,
    });
    if (process.env.DEMO_BIG_ACTIVITY !== 'false') {
      let counts: Awaited<ReturnType<typeof seedDemoActivityIfEmpty>> = null;
      const activityMs = await timeMs(async () => {
        counts = await seedDemoActivityIfEmpty(pgDb, '130321');
      });
      const c = counts as {
        diagnoses: number;
        contracts: number;
        visits: number;
        settlements: number;
      } | null;
      figures.push({
        name: `PostgreSQL: activity of ${big.toLocaleString('en')} persons (COPY)`,
        value: Math.round(activityMs / 100) / 10,
        unit: 's',
        note: `${c?.diagnoses} diagnoses, ${c?.contracts} contracts, ${c?.visits} visits, ${c?.settlements} settlements`,
      });
    }
    const flushMs = await timeMs(() => flushRegistryStats(pgDb.db));
    figures.push({
      name: 'PostgreSQL: registry aggregates flush afterwards',
      value: Math.round(flushMs),
      unit: 'ms',
    });
  } finally {
    await pgDb.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
}

report('demo-generate', figures, { persons, machineShared: process.env.BENCH_SHARED === 'true' });
