import {
  createAccumulators,
  QINGLONG_2024_POLICY,
  settleClaims,
  type TSettlementAccumulators,
  type TSettlementClaim,
} from '@healthaid/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import {
  accumulatorsOf,
  COUNTY,
  claimOf,
  type Detail,
  insertInstitutions,
  insertPerson,
  settleWith,
  VILLAGE,
  yuan,
} from './settlements.test-kit.ts';

/**
 * Re-settlement: a back-dated claim, a corrected claim and a reversal each re-settle the later claims of the
 * person-year in discharge-date order, with reversal entries and new revisions; the stored state always equals
 * settling the year's current claims as one batch.
 */

let t: TestApp;
let clerk: Session;
let settle: ReturnType<typeof settleWith>;

beforeAll(async () => {
  t = await createTestApp();
  settle = settleWith(t);
  await insertInstitutions(t.database.db);
  clerk = await t.login('clerk');
});
afterAll(async () => {
  await t.close();
});

/** The person-year's current settlements, in settlement order, with their claims. */
async function currentOf(personId: number, year: number) {
  return t.database.db
    .selectFrom('settlement')
    .select([
      'id',
      'claim_no',
      'claim',
      'self_pay_fen',
      'basic_fen',
      'critical_fen',
      'assistance_fen',
      'revision',
    ])
    .where('county_code', '=', COUNTY)
    .where('person_id', '=', personId)
    .where('year', '=', year)
    .where('status', '=', 'settled')
    .orderBy('discharge_date')
    .orderBy((eb) => eb.fn.coalesce('claim_seq', 'id'))
    .execute();
}

/** Stored figures must equal one batch over the current claims in discharge order. */
async function expectEqualToBatch(personId: number, categories: string[], policy = QINGLONG_2024_POLICY) {
  const rows = await currentOf(personId, 2024);
  const batch = settleClaims(
    policy,
    rows.map((r) => ({ claim: r.claim as TSettlementClaim, categories })),
    createAccumulators(2024),
    { withTrace: false },
  );
  expect(rows.map((r) => r.self_pay_fen)).toEqual(batch.results.map((r) => r.patientPaysFen));
  expect(rows.map((r) => r.basic_fen)).toEqual(
    batch.results.map((r) => r.layers.find((l) => l.code === 'basic_insurance')?.paidFen),
  );
  const stored: TSettlementAccumulators = await accumulatorsOf(t.database.db, personId, 2024);
  expect(stored).toEqual(batch.accumulators);
  return rows;
}

const reversalsOf = (settlementId: number) =>
  t.database.db
    .selectFrom('settlement_reversal')
    .selectAll()
    .where('settlement_id', '=', settlementId)
    .execute();

describe('back-dated claims', () => {
  it('settles a claim discharged before an already settled one and re-settles the later one', async () => {
    const person = await insertPerson(t.database.db, COUNTY, VILLAGE, ['dibao']);
    const may = await settle(
      clerk,
      person.idNumber,
      claimOf({ claimId: 'BD-MAY', admissionDate: '2024-05-01', dischargeDate: '2024-05-10' }),
    );
    expect(may.statusCode).toBe(201);
    const mayFirst = may.json<Detail>();
    // First admission of the year: full deductible (600 × 50 %).
    const feb = await settle(
      clerk,
      person.idNumber,
      claimOf({ claimId: 'BD-FEB', admissionDate: '2024-02-01', dischargeDate: '2024-02-10' }),
    );
    expect(feb.statusCode).toBe(201);
    expect(feb.json<Detail>().revision).toBe(1);
    const rows = await expectEqualToBatch(person.id, ['dibao']);
    expect(rows.map((r) => [r.claim_no, r.revision])).toEqual([
      ['BD-FEB', 1],
      ['BD-MAY', 2],
    ]);
    // May is now the repeat admission: lower deductible, more basic insurance.
    expect(rows[1]?.basic_fen).toBeGreaterThan(mayFirst.basicFen);
    const reversal = await reversalsOf(mayFirst.id);
    expect(reversal).toHaveLength(1);
    expect(reversal[0]?.total_fen).toBe(-mayFirst.totalFen);
    expect(reversal[0]?.self_pay_fen).toBe(-mayFirst.selfPayFen);
    const old = await t.as(clerk, { method: 'GET', url: `/api/v1/settlements/${mayFirst.id}` });
    expect(old.json<Detail>().status).toBe('reversed');
    expect(old.json<Detail>().replacedById).toBe(rows[1]?.id);
    expect(old.json<Detail>().history.revisions.map((r) => r.status)).toEqual(['reversed', 'settled']);
    const run = await t.database.db
      .selectFrom('settlement_run')
      .selectAll()
      .where('kind', '=', 'backdated_claim')
      .execute();
    expect(run.at(-1)).toMatchObject({ reversals: 1, new_settlements: 2 });
  });
});

describe('corrections and reversals', () => {
  let person: { id: number; idNumber: string };
  let ids: number[] = [];

  beforeAll(async () => {
    person = await insertPerson(t.database.db, COUNTY, VILLAGE, ['dibao', 'poor_registered']);
    ids = [];
    for (const [i, month] of ['02', '04', '07'].entries()) {
      const res = await settle(
        clerk,
        person.idNumber,
        claimOf({
          claimId: `CR-${i}`,
          admissionDate: `2024-${month}-01`,
          dischargeDate: `2024-${month}-12`,
          policyScopeFen: yuan(30_000),
        }),
      );
      expect(res.statusCode).toBe(201);
      ids.push(res.json<Detail>().id);
    }
    await expectEqualToBatch(person.id, ['dibao', 'poor_registered']);
  });

  it('a corrected claim gets a reversal entry and a new revision; later claims are re-settled in order', async () => {
    const res = await t.as(clerk, {
      method: 'POST',
      url: `/api/v1/settlements/${ids[0]}/correct`,
      payload: {
        claim: claimOf({
          claimId: 'ignored',
          admissionDate: '2024-02-01',
          dischargeDate: '2024-02-12',
          policyScopeFen: yuan(50_000),
        }),
        reason: '费用录入少录 2 万元',
      },
    });
    expect(res.statusCode).toBe(200);
    const corrected = res.json<Detail>();
    expect(corrected.claimNo).toBe('CR-0');
    expect(corrected.revision).toBe(2);
    expect(corrected.totalFen).toBe(yuan(50_000));
    expect(corrected.history.reversals.map((r) => r.settlementId)).toContain(ids[0]);
    const rows = await expectEqualToBatch(person.id, ['dibao', 'poor_registered']);
    // The higher first claim used up more of the yearly 大病 deductible: the second claim changed; the third
    // (the deductible was used up before it either way) keeps its settlement.
    expect(rows.map((r) => r.revision)).toEqual([2, 2, 1]);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'settlement.resettled')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('a corrected claim may not move to another year', async () => {
    const rows = await currentOf(person.id, 2024);
    const res = await t.as(clerk, {
      method: 'POST',
      url: `/api/v1/settlements/${rows[0]?.id}/correct`,
      payload: {
        claim: claimOf({ claimId: 'x', admissionDate: '2025-01-01', dischargeDate: '2025-01-05' }),
        reason: '日期',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('跨年度');
  });

  it('a reversal re-settles the later claims without the reversed one; the ledger of every claim sums to its current figures', async () => {
    const rows = await currentOf(person.id, 2024);
    const res = await t.as(clerk, {
      method: 'POST',
      url: `/api/v1/settlements/${rows[0]?.id}/reverse`,
      payload: { reason: '患者退院，费用全部退还' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<Detail>().status).toBe('reversed');
    const after = await expectEqualToBatch(person.id, ['dibao', 'poor_registered']);
    expect(after.map((r) => r.claim_no)).toEqual(['CR-1', 'CR-2']);
    // Ledger: Σ settlements + Σ reversals per claim = the current settlement (0 for the reversed claim).
    const { rows: ledger } = await t.database.db
      .selectFrom('settlement as s')
      .leftJoin('settlement_reversal as r', (j) =>
        j.onRef('r.county_code', '=', 's.county_code').onRef('r.settlement_id', '=', 's.id'),
      )
      .select(['s.claim_no'])
      .select((eb) => [
        eb.fn.sum<number>('s.self_pay_fen').as('settled'),
        eb.fn.sum<number>(eb.fn.coalesce('r.self_pay_fen', eb.lit(0))).as('reversed'),
      ])
      .where('s.person_id', '=', person.id)
      .groupBy('s.claim_no')
      .orderBy('s.claim_no')
      .execute()
      .then((r) => ({ rows: r }));
    const net = Object.fromEntries(ledger.map((l) => [l.claim_no, Number(l.settled) + Number(l.reversed)]));
    expect(net['CR-0']).toBe(0);
    expect(net['CR-1']).toBe(after[0]?.self_pay_fen);
    expect(net['CR-2']).toBe(after[1]?.self_pay_fen);
    const twice = await t.as(clerk, {
      method: 'POST',
      url: `/api/v1/settlements/${rows[0]?.id}/reverse`,
      payload: { reason: '重复' },
    });
    expect(twice.statusCode).toBe(409);
  });
});

describe('policy correction', () => {
  it('re-settles every person-year of the corrected version in batches, with reversal entries and new revisions', async () => {
    const county = await t.login('county');
    const person = await insertPerson(t.database.db, COUNTY, VILLAGE, ['dibao']);
    for (const month of ['03', '08']) {
      const res = await settle(
        clerk,
        person.idNumber,
        claimOf({
          claimId: `PC-${month}`,
          admissionDate: `2024-${month}-01`,
          dischargeDate: `2024-${month}-09`,
        }),
      );
      expect(res.statusCode).toBe(201);
    }
    const corrected = {
      ...QINGLONG_2024_POLICY,
      version: 2,
      basicInsurance: {
        ...QINGLONG_2024_POLICY.basicInsurance,
        rules: QINGLONG_2024_POLICY.basicInsurance.rules.map((r) => ({
          ...r,
          rateBp: Math.min(10_000, r.rateBp + 500),
        })),
      },
    };
    const created = await t.as(county, { method: 'POST', url: '/api/v1/policy-sets', payload: corrected });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: number }>().id;
    // A draft cannot drive a re-settlement.
    const early = await t.as(county, {
      method: 'POST',
      url: `/api/v1/policy-sets/${id}/resettle`,
      payload: { reason: '比例更正' },
    });
    expect(early.statusCode).toBe(409);
    expect(
      (await t.as(county, { method: 'POST', url: `/api/v1/policy-sets/${id}/publish` })).statusCode,
    ).toBe(200);
    const before = await t.database.db
      .selectFrom('settlement')
      .select('id')
      .where('status', '=', 'settled')
      .execute();
    const res = await t.as(county, {
      method: 'POST',
      url: `/api/v1/policy-sets/${id}/resettle`,
      payload: { reason: '基本医保比例更正' },
    });
    expect(res.statusCode).toBe(200);
    const summary = res.json<{
      personYears: number;
      claims: number;
      reversals: number;
      newSettlements: number;
    }>();
    // Every current settlement of 2024 in the county moves to version 2.
    expect(summary.claims).toBe(before.length);
    expect(summary.reversals).toBe(before.length);
    const stillOld = await t.database.db
      .selectFrom('settlement')
      .select('id')
      .where('status', '=', 'settled')
      .where('policy_set_id', '<>', id)
      .execute();
    expect(stillOld).toHaveLength(0);
    const rows = await expectEqualToBatch(person.id, ['dibao'], corrected);
    expect(rows.map((r) => r.revision)).toEqual([2, 2]);
    const reversals = await t.database.db
      .selectFrom('settlement_reversal')
      .select(['settlement_id', 'run_id'])
      .execute();
    expect(reversals.filter((r) => r.run_id !== null).length).toBeGreaterThanOrEqual(before.length);
    const detail = await t.as(clerk, { method: 'GET', url: `/api/v1/settlements/${rows[0]?.id}` });
    expect(detail.json<Detail>().explanation.length).toBeGreaterThan(3);
    // Running it again changes nothing.
    const again = await t.as(county, {
      method: 'POST',
      url: `/api/v1/policy-sets/${id}/resettle`,
      payload: { reason: '重复执行' },
    });
    expect(again.json<{ personYears: number }>().personYears).toBe(0);
  });
});
