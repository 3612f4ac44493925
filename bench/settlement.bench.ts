import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  applyRateBp,
  createAccumulators,
  QINGLONG_2024_POLICY,
  settleClaim,
  type TPolicySet,
  type TSettlementClaim,
} from '@healthaid/domain';
import { Engine } from 'json-rules-engine';
import { buildApp } from '../packages/server/src/app.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openMigratedDatabase } from '../packages/server/src/db/open-from-config.ts';
import { DEMO_ACCOUNTS } from '../packages/server/src/demo/demo-accounts.ts';
import { seedDemoIfEmpty } from '../packages/server/src/demo/seed-demo.ts';
import { type Figure, opsPerSecond, percentile, report } from './harness.ts';

/**
 * One-stop settlement: the pure engine (settleClaim on the 青龙 policy, with and without the Chinese
 * trace) in claims/s on one core, the same policy on json-rules-engine (ratio), and POST /api/v1/settlements latency (in-process inject, PGlite unless
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
const ENGINE_MS = Number(process.env.SETTLEMENT_ENGINE_MS ?? 3000);
let sink = 0;
const engineOps = opsPerSecond(() => {
  sink += settleClaim(QINGLONG_2024_POLICY, CLAIM, EMPTY, CATEGORIES, { withTrace: false }).patientPaysFen;
}, ENGINE_MS);
figures.push({
  name: 'settleClaim without trace',
  value: engineOps,
  unit: 'claims/s',
  note: 'domain.md §5 worked example, 青龙 2024, one core; target ≥ 1,000,000',
});
figures.push({
  name: 'settleClaim with trace',
  value: opsPerSecond(() => {
    sink += settleClaim(QINGLONG_2024_POLICY, CLAIM, EMPTY, CATEGORIES).patientPaysFen;
  }, ENGINE_MS),
  unit: 'claims/s',
  note: 'with Chinese explanation lines',
});
if (sink === 0) {
  throw new Error('engine returned nothing');
}

// ------------------------------------------------------------------ the same policy on json-rules-engine
/**
 * The 青龙 policy written for json-rules-engine (inside this benchmark only): one rule per parameter candidate
 * (basic rules × category adjustments, 大病 ordinary/preference, assistance rules, self-pay cap)
 * whose conditions test level, visit type and categories and whose event carries the parameters; the amounts
 * are then computed from the winning events with the same integer arithmetic. It must agree with settleClaim.
 */
const jre = buildRulesEngine(QINGLONG_2024_POLICY);
const jreClaims = [
  { claim: CLAIM, categories: CATEGORIES },
  {
    claim: {
      ...CLAIM,
      institutionLevel: 'township' as const,
      policyScopeFen: 800_000,
      outOfCatalogueFen: 0,
      totalFen: 800_000,
    },
    categories: ['tekun'],
  },
  { claim: { ...CLAIM, institutionLevel: 'city' as const }, categories: [] },
  { claim: { ...CLAIM, categoryBFirstSelfPayFen: 300_000 }, categories: ['monitored'] },
];
for (const { claim, categories } of jreClaims) {
  const ours = settleClaim(QINGLONG_2024_POLICY, claim, EMPTY, categories, { withTrace: false });
  const theirs = await jre.settle(claim, categories);
  if (theirs.patientPaysFen !== ours.patientPaysFen || theirs.borneFen !== ours.borneByFen) {
    throw new Error(
      `json-rules-engine disagrees: ${JSON.stringify(theirs)} vs ${ours.patientPaysFen}/${ours.borneByFen}`,
    );
  }
}
let jreCount = 0;
const jreStart = process.hrtime.bigint();
while (Number(process.hrtime.bigint() - jreStart) / 1e6 < ENGINE_MS) {
  for (let i = 0; i < 100; i += 1) {
    sink += (await jre.settle(CLAIM, CATEGORIES)).patientPaysFen;
  }
  jreCount += 100;
}
const jreOps = Math.round((jreCount * 1e9) / Number(process.hrtime.bigint() - jreStart));
figures.push({
  name: 'json-rules-engine, same policy',
  value: jreOps,
  unit: 'claims/s',
  note: 'json-rules-engine 7.3',
});
figures.push({
  name: 'settleClaim / json-rules-engine',
  value: Math.round((engineOps / jreOps) * 10) / 10,
  unit: '×',
  note: 'target ≥ 50×',
});

function buildRulesEngine(policy: TPolicySet) {
  const engine = new Engine([], { allowUndefinedFacts: true });
  const anyCategory = (categories: readonly string[]) => ({
    any: categories.map((value) => ({ fact: 'categories', operator: 'contains', value })),
  });
  const scope = (levels: readonly string[], visitTypes: readonly string[]) => [
    { fact: 'level', operator: 'in', value: [...levels] },
    { fact: 'visitType', operator: 'in', value: [...visitTypes] },
  ];
  const basic = policy.basicInsurance;
  for (const rule of basic.rules) {
    const cap =
      basic.annualCaps.find((c) => c.visitTypes.includes(rule.visitType))?.capFen ?? Number.MAX_SAFE_INTEGER;
    engine.addRule({
      conditions: { all: scope([rule.level], [rule.visitType]) },
      event: {
        type: 'basic',
        params: { deductibleFen: rule.deductibleFen, rateBp: rule.rateBp, capFen: cap },
      },
    });
    for (const adj of basic.categoryAdjustments.filter(
      (a) => a.levels.includes(rule.level) && a.visitTypes.includes(rule.visitType),
    )) {
      engine.addRule({
        conditions: { all: [...scope([rule.level], [rule.visitType]), anyCategory(adj.categories)] },
        event: {
          type: 'basic',
          params: {
            deductibleFen: applyRateBp(rule.deductibleFen, adj.deductibleMultiplierBp),
            rateBp: Math.min(10_000, rule.rateBp + adj.rateIncreaseBp),
            capFen: cap + adj.capIncreaseFen,
          },
        },
      });
    }
  }
  const critical = policy.criticalIllness;
  if (critical) {
    const tiers = (increase: number) =>
      critical.tiers.map((t) => ({
        fromFen: t.fromFen,
        toFen: t.toFen ?? Number.MAX_SAFE_INTEGER,
        rateBp: Math.min(10_000, t.rateBp + increase),
      }));
    engine.addRule({
      conditions: { all: scope(['township', 'county', 'city', 'province'], critical.visitTypes) },
      event: {
        type: 'critical',
        params: {
          deductibleFen: critical.deductibleFen,
          tiers: tiers(0),
          capFen: critical.annualCapFen ?? Number.MAX_SAFE_INTEGER,
        },
      },
    });
    for (const pref of critical.preferences) {
      engine.addRule({
        conditions: {
          all: [
            ...scope(['township', 'county', 'city', 'province'], critical.visitTypes),
            anyCategory(pref.categories),
          ],
        },
        event: {
          type: 'critical',
          params: {
            deductibleFen: applyRateBp(critical.deductibleFen, pref.deductibleMultiplierBp),
            tiers: tiers(pref.tierRateIncreaseBp),
            capFen: pref.isCapRemoved
              ? Number.MAX_SAFE_INTEGER
              : (critical.annualCapFen ?? Number.MAX_SAFE_INTEGER),
          },
        },
      });
    }
  }
  for (const rule of policy.medicalAssistance.rules) {
    engine.addRule({
      conditions: {
        all: [
          ...scope(['township', 'county', 'city', 'province'], rule.visitTypes),
          anyCategory(rule.categories),
        ],
      },
      event: {
        type: 'assistance',
        params: {
          deductibleFen: rule.deductibleFen,
          rateBp: rule.rateBp,
          capFen: rule.annualCapFen ?? Number.MAX_SAFE_INTEGER,
        },
      },
    });
  }
  const cap = policy.selfPayCap;
  if (cap) {
    for (const level of cap.levels) {
      engine.addRule({
        conditions: { all: [...scope([level.level], cap.visitTypes), anyCategory(cap.eligibleCategories)] },
        event: { type: 'cap', params: { capRateBp: level.capRateBp } },
      });
    }
  }
  const ratio = (base: number, p: { deductibleFen: number; rateBp: number; capFen: number }) =>
    Math.min(applyRateBp(base - Math.min(base, p.deductibleFen), p.rateBp), p.capFen);
  return {
    async settle(claim: TSettlementClaim, categories: readonly string[]) {
      const { events } = await engine.run({
        level: claim.institutionLevel,
        visitType: claim.visitType,
        categories,
      });
      const of = (type: string) => events.filter((e) => e.type === type).map((e) => e.params as never);
      const best = (list: number[]) => list.reduce((m, v) => Math.max(m, v), 0);
      const basicPaid = best(
        of('basic').map((p) => ratio(claim.policyScopeFen - claim.categoryBFirstSelfPayFen, p)),
      );
      let policyLeft = claim.policyScopeFen - basicPaid;
      const criticalPaid = best(
        of('critical').map(
          (p: {
            deductibleFen: number;
            tiers: { fromFen: number; toFen: number; rateBp: number }[];
            capFen: number;
          }) => {
            const above = policyLeft - p.deductibleFen;
            let product = 0;
            for (const t of p.tiers) {
              if (above > t.fromFen) {
                product += (Math.min(above, t.toFen) - t.fromFen) * t.rateBp;
              }
            }
            return Math.min(applyRateBp(product, 1), p.capFen, policyLeft);
          },
        ),
      );
      policyLeft -= criticalPaid;
      const assistancePaid = best(of('assistance').map((p) => ratio(policyLeft, p)));
      policyLeft -= assistancePaid;
      let due = policyLeft + claim.outOfCatalogueFen;
      let borneFen = 0;
      for (const p of of('cap') as { capRateBp: number }[]) {
        const capFen = applyRateBp(claim.totalFen, p.capRateBp);
        if (due > capFen) {
          borneFen = due - capFen;
          due = capFen;
        }
      }
      return { patientPaysFen: due, borneFen };
    },
  };
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
