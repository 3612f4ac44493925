import { type Database, openDatabase } from '../packages/server/src/db/database.ts';
import { migrateToLatest } from '../packages/server/src/db/migrate.ts';
import { refreshPlannerStatistics } from '../packages/server/src/db/planner-statistics.ts';
import { seedDemoActivityIfEmpty } from '../packages/server/src/demo/demo-activity.ts';
import {
  DEMO_POPULATION_DEFAULTS,
  seedDemoPopulationIfEmpty,
} from '../packages/server/src/demo/demo-population.ts';
import type { RegionScope } from '../packages/server/src/modules/chronic/chronic-scope.ts';
import { computeIndicators } from '../packages/server/src/modules/chronic/indicators.service.ts';
import { adminQuery, type Figure, percentile, report, timeMs } from './harness.ts';

/**
 * Chronic-disease indicators (慢病指标: 签约率, 规范管理率 and the other rates) of a whole county, as the 慢病指标 page
 * asks for them: the deterministic demo county (PERSONS, default 70,000, seed 1, as `npm start` loads it, with its
 * year of activity) is generated into PGlite and into a scratch PostgreSQL database, then `computeIndicators` runs
 * RUNS times for 2026-01-01 … 2026-11-30 on each. Prints the median and the slowest call per engine and checks
 * that both engines give the same figures.
 *
 * Run: npm run bench -- chronic-indicators
 * Env: PERSONS (70000), RUNS (5), PG=0 (PGlite only), BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres)
 */
const COUNTY = '130321';
const PERSONS = Number(process.env.PERSONS ?? DEMO_POPULATION_DEFAULTS.persons);
const RUNS = Number(process.env.RUNS ?? 5);
const FROM = '2026-01-01';
const TO = '2026-11-30';
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SCRATCH = 'healthaid_bench_chronic_indicators';

const scope = {
  regionCode: `${COUNTY}000000`,
  scope: { countyCode: COUNTY, villagePrefix: COUNTY, institutionCode: null, villageCodes: null },
} as RegionScope;

async function measure(label: string, database: Database, figures: Figure[]): Promise<string> {
  await migrateToLatest(database.db);
  const loadMs = await timeMs(async () => {
    await seedDemoPopulationIfEmpty(database, COUNTY, { ...DEMO_POPULATION_DEFAULTS, persons: PERSONS });
    await seedDemoActivityIfEmpty(database, COUNTY, {
      seed: DEMO_POPULATION_DEFAULTS.seed + 100,
      asOf: DEMO_POPULATION_DEFAULTS.asOf,
    });
    await refreshPlannerStatistics(database.db);
  });
  const times: number[] = [];
  let answer = '';
  for (let i = 0; i < RUNS; i++) {
    let result: Awaited<ReturnType<typeof computeIndicators>> | null = null;
    times.push(
      await timeMs(async () => {
        result = await computeIndicators(database.db, scope, FROM, TO);
      }),
    );
    answer = JSON.stringify(
      (result as Awaited<ReturnType<typeof computeIndicators>> | null)?.items.map((item) => [
        item.code,
        item.numerator,
        item.denominator,
      ]),
    );
  }
  figures.push({
    name: `${label}: demo load (population and activity)`,
    value: Math.round(loadMs),
    unit: 'ms',
  });
  figures.push({
    name: `${label}: indicators of the county, median`,
    value: Math.round(percentile(times, 50)),
    unit: 'ms',
    note: `${RUNS} calls, slowest ${Math.round(Math.max(...times))} ms`,
  });
  return answer;
}

const figures: Figure[] = [];
const answers = new Map<string, string>();
const pglite = await openDatabase({ engine: 'pglite', dataDir: null });
try {
  answers.set('PGlite', await measure('PGlite', pglite, figures));
} finally {
  await pglite.close();
}
if (process.env.PG !== '0') {
  await adminQuery(ADMIN_URL, `DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`);
  await adminQuery(ADMIN_URL, `CREATE DATABASE ${SCRATCH}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${SCRATCH}`;
  const postgres = await openDatabase({ engine: 'postgres', databaseUrl: url.toString() });
  try {
    answers.set('PostgreSQL', await measure('PostgreSQL', postgres, figures));
  } finally {
    await postgres.close();
    await adminQuery(ADMIN_URL, `DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`);
  }
}
const distinct = new Set(answers.values());
if (distinct.size > 1) {
  throw new Error(`the engines disagree: ${[...answers].map(([k, v]) => `${k} ${v}`).join(' / ')}`);
}
figures.push({
  name: 'figures (code numerator/denominator)',
  value: answers.size,
  unit: 'engines agree',
  note: [...distinct][0] ?? '',
});
report('chronic-indicators', figures, { persons: PERSONS, runs: RUNS, from: FROM, to: TO });
