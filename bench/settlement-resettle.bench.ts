import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  createAccumulators,
  QINGLONG_2024_POLICY,
  type SettlementResult,
  settleClaims,
  type TPolicySet,
  type TSettlementClaim,
} from '@healthaid/domain';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openMigratedDatabase } from '../packages/server/src/db/open-from-config.ts';
import { resettleForPolicy } from '../packages/server/src/modules/settlements/settlement-batch-resettle.ts';
import { seedContext } from '../packages/server/src/modules/settlements/settlement-booking.ts';
import {
  compactResult,
  figuresOf,
} from '../packages/server/src/modules/settlements/settlement-stored-result.ts';
import { type Figure, report } from './harness.ts';

/**
 * Re-settling a county's year after a policy correction, through PostgreSQL: RESETTLE_CLAIMS claims (default
 * 1,000,000) of RESETTLE_PERSONS persons (default 300,000) in the villages of 130321 are generated, settled with
 * the engine under the seeded 青龙 policy (version 1) and loaded with COPY into a database `bench_settlement`
 * (created here, dropped afterwards). Then a corrected version 2 (basic-insurance ratios + 5 points) is published
 * and `resettleForPolicy` — the code path behind POST /policy-sets/:id/resettle — re-settles every person-year:
 * batched transactions, set-based reversal entries, new revisions and accumulators. Target: ≤ 120 s.
 *
 * Run: npm run bench -- settlement-resettle   (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 */
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CLAIMS = Number(process.env.RESETTLE_CLAIMS ?? 1_000_000);
const PERSONS = Number(process.env.RESETTLE_PERSONS ?? 300_000);
const BATCH = Number(process.env.RESETTLE_BATCH ?? 20_000);
const DB_NAME = 'bench_settlement';
const COUNTY = '130321';

const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME}`);
await admin.query(`CREATE DATABASE ${DB_NAME}`);
const url = new URL(ADMIN_URL);
url.pathname = `/${DB_NAME}`;
const database = await openMigratedDatabase({ databaseUrl: url.toString(), dataDir: '/tmp/unused' });
const { db } = database;
const copyClient = new pg.Client({ connectionString: url.toString() });
await copyClient.connect();

/** Quote one CSV field (NULL = empty unquoted field). */
function field(value: string | number | boolean | null): string {
  if (value === null) {
    return '';
  }
  if (typeof value === 'number') {
    return String(value);
  }
  if (typeof value === 'boolean') {
    return value ? 't' : 'f';
  }
  return `"${value.replaceAll('"', '""')}"`;
}

async function copyRows(
  table: string,
  columns: string[],
  rows: Iterable<(string | number | boolean | null)[]>,
) {
  let buffer: string[] = [];
  let size = 0;
  const flush = async () => {
    if (buffer.length === 0) {
      return;
    }
    const text = buffer.join('');
    buffer = [];
    size = 0;
    await pipeline(
      Readable.from([text]),
      copyClient.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`)),
    );
  };
  for (const row of rows) {
    const line = `${row.map(field).join(',')}\n`;
    buffer.push(line);
    size += line.length;
    if (size > 16 * 1024 * 1024) {
      await flush();
    }
  }
  await flush();
}

/** Deterministic pseudo-random numbers. */
let seed = 20_241_206;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

function withCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'[sum % 11];
}

const t0 = Date.now();
const villages = (
  await db
    .selectFrom('region')
    .select('code')
    .where('level', '=', 'village')
    .where('county_code', '=', COUNTY)
    .execute()
).map((r) => r.code);
const user = await db
  .insertInto('app_user')
  .values({
    username: 'bench',
    display_name: '压测',
    password_hash: 'x',
    role: 'county',
    region_code: `${COUNTY}000000`,
  } as never)
  .returning('id')
  .executeTakeFirstOrThrow();

// Persons and categories.
await copyRows(
  'person',
  ['county_code', 'id_number', 'name', 'sex', 'birth_date', 'village_code'],
  (function* () {
    for (let i = 0; i < PERSONS; i += 1) {
      const year = 1940 + (i % 60);
      const birth = `${year}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
      const serial = String(Math.floor(i / 420) % 1000).padStart(3, '0');
      yield [
        COUNTY,
        withCheckDigit(`${COUNTY}${birth}${serial}`),
        `压测${i}`,
        i % 2 ? 'M' : 'F',
        `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`,
        pick(villages),
      ];
    }
  })(),
);
const persons = (
  await db.selectFrom('person').select('id').where('county_code', '=', COUNTY).orderBy('id').execute()
).map((p) => p.id);
const CATEGORY_CHOICES: readonly string[][] = [
  [],
  [],
  [],
  ['dibao'],
  ['poor_registered'],
  ['dibao', 'poor_registered'],
  ['tekun'],
  ['monitored'],
];
const categoriesOf = new Map<number, string[]>();
for (const id of persons) {
  categoriesOf.set(id, pick(CATEGORY_CHOICES));
}
await copyRows(
  'person_category',
  ['county_code', 'person_id', 'category', 'valid_from'],
  (function* () {
    for (const [id, cats] of categoriesOf) {
      for (const c of cats) {
        yield [COUNTY, id, c, '2016-01-01'];
      }
    }
  })(),
);
const tPersons = Date.now();

// Claims, settled under version 1 in discharge order per person, loaded with COPY.
const policyV1 = await db
  .selectFrom('policy_set')
  .select(['id', 'body'])
  .where('code', '=', QINGLONG_2024_POLICY.id)
  .where('version', '=', 1)
  .executeTakeFirstOrThrow();
const claimsPer = new Map<number, number>();
for (let i = 0; i < CLAIMS; i += 1) {
  const id = persons[i < persons.length ? i : Math.floor(random() * persons.length)] as number;
  claimsPer.set(id, (claimsPer.get(id) ?? 0) + 1);
}
const SETTLEMENT_COLUMNS = [
  'county_code',
  'person_id',
  'institution_code',
  'claim_no',
  'request_hash',
  'policy_set_id',
  'visit_type',
  'institution_level',
  'admission_date',
  'discharge_date',
  'year',
  'categories',
  'claim',
  'result',
  'accumulators_before',
  'total_fen',
  'basic_fen',
  'critical_fen',
  'assistance_fen',
  'other_fen',
  'self_pay_fen',
  'borne_fen',
  'in_scope_fen',
  'in_scope_self_pay_fen',
  'deposit_waived_fen',
  'is_treat_first_pay_later',
  'source',
];
const accumulatorRows: (string | number)[][] = [];
let claimSerial = 0;
await copyRows(
  'settlement',
  SETTLEMENT_COLUMNS,
  (function* () {
    for (const [personId, count] of claimsPer) {
      const categories = categoriesOf.get(personId) ?? [];
      const days = Array.from({ length: count }, () => 1 + Math.floor(random() * 350)).sort((a, b) => a - b);
      const claims: TSettlementClaim[] = days.map((day) => {
        claimSerial += 1;
        const discharge = new Date(Date.UTC(2024, 0, day)).toISOString().slice(0, 10);
        const admission = new Date(Date.UTC(2024, 0, Math.max(1, day - 1 - Math.floor(random() * 12))))
          .toISOString()
          .slice(0, 10);
        const isInpatient = random() < 0.7;
        const policyScopeFen = isInpatient
          ? 100 * (1_500 + Math.floor(random() * 40_000))
          : 100 * (50 + Math.floor(random() * 600));
        const outOfCatalogueFen = random() < 0.3 ? Math.floor(policyScopeFen / 20) : 0;
        return {
          claimId: `ZY${String(claimSerial).padStart(8, '0')}`,
          institutionLevel: random() < 0.8 ? 'county' : 'township',
          visitType: isInpatient ? 'inpatient' : 'outpatient',
          admissionDate: admission,
          dischargeDate: discharge,
          diagnosisCodes: [pick(['I63.9', 'J18.9', 'E11.9', 'C34.9', 'N18.5'])],
          totalFen: policyScopeFen + outOfCatalogueFen,
          policyScopeFen,
          outOfCatalogueFen,
          hasOutOfCatalogueConsent: outOfCatalogueFen > 0,
          categoryBFirstSelfPayFen: Math.floor(policyScopeFen / 25),
          treatFirstPayLater: isInpatient && random() < 0.5,
          depositFen: isInpatient ? 200_000 : 0,
        };
      });
      const { results, accumulators } = settleClaims(
        policyV1.body as TPolicySet,
        claims.map((claim) => ({ claim, categories })),
        createAccumulators(2024),
        { withTrace: false },
      );
      accumulatorRows.push([COUNTY, personId, 2024, JSON.stringify(accumulators)]);
      for (const [i, claim] of claims.entries()) {
        const result = results[i] as SettlementResult;
        const before =
          i === 0 ? createAccumulators(2024) : (results[i - 1] as SettlementResult).nextAccumulators;
        const f = figuresOf(result, claim);
        yield [
          COUNTY,
          personId,
          'H130321001',
          claim.claimId,
          `bench-${claim.claimId}`,
          policyV1.id,
          claim.visitType,
          claim.institutionLevel,
          claim.admissionDate,
          claim.dischargeDate,
          2024,
          JSON.stringify(categories),
          JSON.stringify(claim),
          JSON.stringify(compactResult(result)),
          JSON.stringify(before),
          f.total_fen,
          f.basic_fen,
          f.critical_fen,
          f.assistance_fen,
          f.other_fen,
          f.self_pay_fen,
          f.borne_fen,
          f.in_scope_fen,
          f.in_scope_self_pay_fen,
          f.deposit_waived_fen,
          f.is_treat_first_pay_later,
          'import',
        ];
      }
    }
  })(),
);
await copyRows('settlement_accumulator', ['county_code', 'person_id', 'year', 'body'], accumulatorRows);
await sql`ANALYZE`.execute(db);
const tLoaded = Date.now();
console.log(`loaded ${PERSONS} persons and ${CLAIMS} settlements in ${((tLoaded - t0) / 1000).toFixed(1)} s`);

// The correction: version 2 with basic-insurance ratios 5 points higher, published.
const corrected: TPolicySet = {
  ...(policyV1.body as TPolicySet),
  version: 2,
  basicInsurance: {
    ...(policyV1.body as TPolicySet).basicInsurance,
    rules: (policyV1.body as TPolicySet).basicInsurance.rules.map((r) => ({
      ...r,
      rateBp: Math.min(10_000, r.rateBp + 500),
    })),
  },
};
const v2 = await db
  .insertInto('policy_set')
  .values({
    code: corrected.id,
    name: corrected.name,
    region_code: corrected.regionCode,
    version: 2,
    effective_from: corrected.effectiveFrom,
    effective_to: corrected.effectiveTo,
    status: 'published',
    body: JSON.stringify(corrected),
    published_at: new Date(),
  })
  .returning('id')
  .executeTakeFirstOrThrow();

const ctx = seedContext({
  userId: user.id,
  username: 'bench',
  displayName: '压测',
  role: 'county',
  regionCode: `${COUNTY}000000`,
  institutionCode: null,
  sessionId: null,
  mustChangePassword: false,
});
let lastLog = Date.now();
const start = process.hrtime.bigint();
const summary = await resettleForPolicy(db, ctx, {
  policySetId: v2.id,
  countyCode: COUNTY,
  reason: '压测：基本医保比例更正',
  batchClaims: BATCH,
  onProgress: (done, total) => {
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      console.log(`  ${done} / ${total} person-years`);
    }
  },
});
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const check = await sql<{
  n: number;
}>`SELECT count(*)::int AS n FROM settlement WHERE status = 'settled' AND policy_set_id <> ${v2.id}`.execute(
  db,
);
if ((check.rows[0]?.n ?? -1) !== 0 || summary.claims !== CLAIMS) {
  throw new Error(
    `re-settlement incomplete: ${JSON.stringify(summary)}, ${check.rows[0]?.n} left on version 1`,
  );
}
const figures: Figure[] = [
  {
    name: `re-settle ${CLAIMS.toLocaleString('en')} claims of ${summary.personYears.toLocaleString('en')} person-years`,
    value: Math.round(seconds * 10) / 10,
    unit: 's',
    note: 'PostgreSQL, target ≤ 120 s',
  },
  { name: 'claims re-settled per second', value: Math.round(CLAIMS / seconds), unit: 'claims/s' },
  { name: 'reversal entries + new revisions written', value: summary.reversals, unit: 'each' },
  {
    name: 'load (persons, categories, settle v1, COPY)',
    value: Math.round((tLoaded - t0) / 100) / 10,
    unit: 's',
    note: `persons ${((tPersons - t0) / 1000).toFixed(1)} s`,
  },
];
report('settlement-resettle', figures, { claims: CLAIMS, persons: PERSONS, batch: BATCH, summary });
await copyClient.end();
await database.close();
await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME}`);
await admin.end();
