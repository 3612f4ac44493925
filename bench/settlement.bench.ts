import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createAccumulators,
  QINGLONG_2024_POLICY,
  settleClaim,
  type TSettlementClaim,
} from '@healthaid/domain';
import { buildApp } from '../packages/server/src/app.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openMigratedDatabase } from '../packages/server/src/db/open-from-config.ts';
import { DEMO_ACCOUNTS } from '../packages/server/src/demo/demo-accounts.ts';
import { seedDemoIfEmpty } from '../packages/server/src/demo/seed-demo.ts';
import { type Figure, opsPerSecond, percentile, report } from './harness.ts';

/**
 * One-stop settlement: the pure engine (settleClaim on the 青龙 policy, with and without the Chinese
 * trace) in claims/s on one core, and POST /api/v1/settlements latency (in-process inject, PGlite unless
 * DATABASE_URL is set) for 200 claims of 200 persons: person lookup, categories, policy selection,
 * accumulator row lock, settlement, accumulators and audit in one transaction.
 * Run: npm run bench -- settlement
 */
const figures: Figure[] = [];

// ------------------------------------------------------------------ pure engine
const CLAIM: TSettlementClaim = {
  claimId: 'B-1',
  institutionLevel: 'county',
  visitType: 'inpatient',
  admissionDate: '2024-03-01',
  dischargeDate: '2024-03-15',
  diagnosisCodes: ['I63.9'],
  totalFen: 6_000_000,
  policyScopeFen: 5_600_000,
  outOfCatalogueFen: 400_000,
  hasOutOfCatalogueConsent: true,
  categoryBFirstSelfPayFen: 0,
  treatFirstPayLater: true,
  depositFen: 300_000,
};
const EMPTY = createAccumulators(2024);
const CATEGORIES = ['dibao', 'poor_registered'];
let sink = 0;
figures.push({
  name: 'settleClaim without trace',
  value: opsPerSecond(() => {
    sink += settleClaim(QINGLONG_2024_POLICY, CLAIM, EMPTY, CATEGORIES, { withTrace: false }).patientPaysFen;
  }, 2000),
  unit: 'claims/s',
  note: 'domain.md §5 worked example, 青龙 2024',
});
figures.push({
  name: 'settleClaim with trace',
  value: opsPerSecond(() => {
    sink += settleClaim(QINGLONG_2024_POLICY, CLAIM, EMPTY, CATEGORIES).patientPaysFen;
  }, 2000),
  unit: 'claims/s',
  note: 'with Chinese explanation lines',
});
if (sink === 0) {
  throw new Error('engine returned nothing');
}

// ------------------------------------------------------------------ API
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthaid-bench-settle-'));
const config = { ...loadConfig({ ...process.env, DATA_DIR: dataDir }), port: 0, logLevel: 'silent' };
const database = await openMigratedDatabase(config);
await seedDemoIfEmpty(database.db, () => {}, { population: false });
const app = await buildApp({ db: database.db, engine: database.engine, config }, { logger: false });
await app.ready();

function withCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'[sum % 11];
}
const N = 200;
const ids: string[] = [];
const runTag = String(Date.now() % 1000).padStart(3, '0');
for (let i = 0; i < N; i++) {
  const idNumber = withCheckDigit(`130321${1950 + (i % 50)}0${1 + (i % 9)}1${i % 10}${runTag}`.slice(0, 17));
  const row = await database.db
    .insertInto('person')
    .values({
      county_code: '130321',
      id_number: idNumber,
      name: `压测${i}`,
      sex: 'M',
      birth_date: `${1950 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
      village_code: '130321100201',
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) {
    continue;
  }
  await database.db
    .insertInto('person_id_index')
    .values({ id_number: idNumber, county_code: '130321', person_id: row.id })
    .execute();
  await database.db
    .insertInto('person_category')
    .values({ county_code: '130321', person_id: row.id, category: 'dibao', valid_from: '2016-01-01' })
    .execute();
  ids.push(idNumber);
}
const clerk = DEMO_ACCOUNTS.find((a) => a.username === 'clerk');
const login = await app.inject({
  method: 'POST',
  url: '/api/v1/auth/login',
  payload: { username: 'clerk', password: clerk?.password },
});
const cookie = login.cookies.find((c) => c.name === 'ha_session');
const headers = {
  cookie: `ha_session=${cookie?.value}`,
  'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
};

const latencies: number[] = [];
for (const [i, idNumber] of ids.entries()) {
  const start = process.hrtime.bigint();
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/settlements',
    headers,
    payload: { idNumber, claim: { ...CLAIM, claimId: `BENCH-${runTag}-${i}` } },
  });
  latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (res.statusCode !== 201) {
    throw new Error(`POST /settlements ${res.statusCode}: ${res.body}`);
  }
}
const round = (ms: number) => Math.round(ms * 10) / 10;
figures.push({
  name: `POST /settlements p50 (${ids.length} claims)`,
  value: round(percentile(latencies, 50)),
  unit: 'ms',
  note: database.engine,
});
figures.push({
  name: `POST /settlements p99 (${ids.length} claims)`,
  value: round(percentile(latencies, 99)),
  unit: 'ms',
  note: database.engine,
});
report('settlement', figures);
await app.close();
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });
