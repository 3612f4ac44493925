import {
  createAccumulators,
  QINGLONG_2024_POLICY,
  type TSettlementAccumulators,
  type TSettlementClaim,
} from '@healthaid/domain';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import type { DB } from '../../db/schema.ts';
import { SETTLEMENT_INDICATOR_SOURCES } from './settlement-indicator-sources.ts';

const COUNTY = '130321';
const VILLAGE = '130321100201';
const OTHER_COUNTY = '130302';
const yuan = (n: number) => n * 100;

/** GB 11643 check digit. */
function withCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'[sum % 11];
}

let serial = 0;
async function insertPerson(
  db: Kysely<DB>,
  countyCode: string,
  village: string,
  categories: string[],
): Promise<{ id: number; idNumber: string }> {
  serial += 1;
  const idNumber = withCheckDigit(`${countyCode}19650301${String(100 + serial).padStart(3, '0')}`);
  const row = await db
    .insertInto('person')
    .values({
      county_code: countyCode,
      id_number: idNumber,
      name: `患者${serial}`,
      sex: 'M',
      birth_date: '1965-03-01',
      village_code: village,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('person_id_index')
    .values({ id_number: idNumber, county_code: countyCode, person_id: row.id })
    .execute();
  for (const category of categories) {
    await db
      .insertInto('person_category')
      .values({
        county_code: countyCode,
        person_id: row.id,
        category: category as never,
        valid_from: '2016-01-01',
      })
      .execute();
  }
  return { id: row.id, idNumber };
}

function claimOf(overrides: Partial<TSettlementClaim> = {}): TSettlementClaim {
  const policyScopeFen = overrides.policyScopeFen ?? yuan(10_000);
  const outOfCatalogueFen = overrides.outOfCatalogueFen ?? 0;
  return {
    claimId: 'C-1',
    institutionLevel: 'county',
    visitType: 'inpatient',
    admissionDate: '2024-03-01',
    dischargeDate: '2024-03-10',
    diagnosisCodes: ['I63.9'],
    totalFen: policyScopeFen + outOfCatalogueFen,
    policyScopeFen,
    outOfCatalogueFen,
    hasOutOfCatalogueConsent: outOfCatalogueFen > 0,
    categoryBFirstSelfPayFen: 0,
    treatFirstPayLater: false,
    depositFen: 0,
    ...overrides,
  };
}

const WORKED = claimOf({
  claimId: 'QL-2024-0001',
  admissionDate: '2024-03-01',
  dischargeDate: '2024-03-15',
  policyScopeFen: yuan(56_000),
  outOfCatalogueFen: yuan(4_000),
  hasOutOfCatalogueConsent: true,
  treatFirstPayLater: true,
  depositFen: yuan(3_000),
});

let t: TestApp;
let clerk: Session;
let county: Session;
let township: Session;
let worked: { id: number; idNumber: string };
let repeat: { id: number; idNumber: string };
let otherCounty: { id: number; idNumber: string };

type Detail = {
  id: number;
  totalFen: number;
  selfPayFen: number;
  borneFen: number;
  status: string;
  layers: { code: string; paidFen: number }[];
  explanation: string[];
  depositWaivedFen: number;
};

const settle = (s: Session, idNumber: string, claim: TSettlementClaim, institutionCode?: string) =>
  t.as(s, {
    method: 'POST',
    url: '/api/v1/settlements',
    payload: { idNumber, claim, ...(institutionCode ? { institutionCode } : {}) },
  });

async function accumulators(personId: number, year: number): Promise<TSettlementAccumulators> {
  const row = await t.database.db
    .selectFrom('settlement_accumulator')
    .select('body')
    .where('county_code', '=', COUNTY)
    .where('person_id', '=', personId)
    .where('year', '=', year)
    .executeTakeFirstOrThrow();
  return row.body as TSettlementAccumulators;
}

beforeAll(async () => {
  t = await createTestApp();
  [clerk, county, township] = await Promise.all([t.login('clerk'), t.login('county'), t.login('township')]);
  worked = await insertPerson(t.database.db, COUNTY, VILLAGE, ['dibao', 'poor_registered']);
  repeat = await insertPerson(t.database.db, COUNTY, VILLAGE, ['dibao']);
  for (const [code, level, parent] of [
    ['130302000000', 'county', '130300000000'],
    ['130302001000', 'township', '130302000000'],
    ['130302001001', 'village', '130302001000'],
  ] as const) {
    await t.database.db
      .insertInto('region')
      .values({ code, name: `测试${level}`, level, parent_code: parent, county_code: OTHER_COUNTY })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  otherCounty = await insertPerson(t.database.db, OTHER_COUNTY, '130302001001', ['dibao']);
});
afterAll(async () => {
  await t.close();
});

describe('policy sets', () => {
  it('lists the seeded published policies visible from the county (own region and ancestors)', async () => {
    const res = await t.as(county, { method: 'GET', url: '/api/v1/policy-sets' });
    expect(res.statusCode).toBe(200);
    const list = res.json<{ code: string; status: string }[]>();
    expect(list.map((p) => p.code)).toContain('hebei-qinglong-130321');
    expect(list.map((p) => p.code)).not.toContain('jiangsu-yancheng-3209');
    expect(list.every((p) => p.status === 'published' || p.status === 'draft')).toBe(true);
  });

  it('validates a draft with Chinese issues naming the path, publishes it and refuses later edits', async () => {
    const bad = {
      ...QINGLONG_2024_POLICY,
      id: 'ql_draft',
      version: 2,
      basicInsurance: {
        ...QINGLONG_2024_POLICY.basicInsurance,
        rules: [{ ...QINGLONG_2024_POLICY.basicInsurance.rules[0], rateBp: 20_000 }],
      },
    };
    const invalid = await t.as(county, { method: 'POST', url: '/api/v1/policy-sets', payload: bad });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<{ error: { message: string } }>().error.message).toContain(
      'basicInsurance.rules[0].rateBp',
    );

    const draft = { ...QINGLONG_2024_POLICY, id: 'ql_draft', version: 2, effectiveFrom: '2025-01-01' };
    const created = await t.as(county, { method: 'POST', url: '/api/v1/policy-sets', payload: draft });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: number }>().id;
    const edited = await t.as(county, {
      method: 'PUT',
      url: `/api/v1/policy-sets/${id}`,
      payload: { ...draft, name: '青龙 2025 草案' },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json<{ name: string }>().name).toBe('青龙 2025 草案');
    const published = await t.as(county, { method: 'POST', url: `/api/v1/policy-sets/${id}/publish` });
    expect(published.statusCode).toBe(200);
    expect(published.json<{ status: string }>().status).toBe('published');
    const refused = await t.as(county, { method: 'PUT', url: `/api/v1/policy-sets/${id}`, payload: draft });
    expect(refused.statusCode).toBe(409);
    // The database refuses too.
    await expect(
      t.database.db.updateTable('policy_set').set({ name: 'x' }).where('id', '=', id).execute(),
    ).rejects.toThrow();
    // Clean up: effective 2025 only, so the 2024 claims below still use the seeded version.
    expect(
      await t.as(township, { method: 'POST', url: '/api/v1/policy-sets', payload: draft }),
    ).toMatchObject({
      statusCode: 403,
    });
  });
});

describe('POST /settlements', () => {
  let workedId = 0;

  it('settles the domain.md §5 worked example to the fen', async () => {
    const res = await settle(clerk, worked.idNumber, WORKED);
    expect(res.statusCode).toBe(201);
    const body = res.json<Detail>();
    workedId = body.id;
    expect(body.layers.slice(0, 3).map((l) => l.paidFen)).toEqual([yuan(47_345), 75_075, 553_298]);
    expect(body.selfPayFen).toBe(yuan(6_000));
    expect(body.borneFen).toBe(37_127);
    expect(body.depositWaivedFen).toBe(yuan(3_000));
    expect(body.explanation.at(-1)).toContain('出院时个人在窗口支付 6,000.00 元');
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'settlement.created')
      .where('entity_id', '=', String(body.id))
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('is idempotent: the same claim again returns the stored result without settling twice', async () => {
    const before = await accumulators(worked.id, 2024);
    const again = await settle(clerk, worked.idNumber, WORKED);
    expect(again.statusCode).toBe(200);
    expect(again.json<Detail>().id).toBe(workedId);
    expect(await accumulators(worked.id, 2024)).toEqual(before);
    const count = await t.database.db
      .selectFrom('settlement')
      .select('id')
      .where('claim_no', '=', 'QL-2024-0001')
      .execute();
    expect(count).toHaveLength(1);
  });

  it('refuses the same claim number with different content (409, Chinese)', async () => {
    const res = await settle(clerk, worked.idNumber, { ...WORKED, depositFen: yuan(2_000) });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('QL-2024-0001');
  });

  it('refuses a clerk settling for another institution', async () => {
    const res = await settle(clerk, worked.idNumber, claimOf({ claimId: 'X-1' }), 'H130321999');
    expect(res.statusCode).toBe(403);
  });

  it('refuses township staff (no permission) and persons of another county (not in scope)', async () => {
    expect((await settle(township, worked.idNumber, claimOf({ claimId: 'T-1' }))).statusCode).toBe(403);
    const other = await settle(clerk, otherCounty.idNumber, claimOf({ claimId: 'O-1' }));
    expect(other.statusCode).toBe(404);
    expect(
      await t.database.db.selectFrom('settlement').select('id').where('claim_no', '=', 'O-1').execute(),
    ).toHaveLength(0);
  });

  it('rejects an invalid claim with 400 naming the field, writing nothing', async () => {
    const res = await settle(clerk, repeat.idNumber, claimOf({ claimId: 'BAD-1', totalFen: yuan(9_000) }));
    expect(res.statusCode).toBe(400);
    const error = res.json<{ error: { message: string; details: { field: string } } }>().error;
    expect(error.details.field).toMatch(/^claim\./);
    expect(error.message).toMatch(/费用/);
    const neg = await settle(
      clerk,
      repeat.idNumber,
      claimOf({ claimId: 'BAD-2', outOfCatalogueFen: yuan(100), hasOutOfCatalogueConsent: false }),
    );
    expect(neg.statusCode).toBe(400);
    expect(neg.json<{ error: { details: { field: string } } }>().error.details.field).toBe(
      'claim.hasOutOfCatalogueConsent',
    );
    const outside = await settle(
      clerk,
      repeat.idNumber,
      claimOf({ claimId: 'BAD-3', admissionDate: '2019-01-01', dischargeDate: '2019-01-05' }),
    );
    expect(outside.statusCode).toBe(400);
    expect(
      await t.database.db.selectFrom('settlement').select('id').where('claim_no', 'like', 'BAD-%').execute(),
    ).toHaveLength(0);
  });

  it('carries accumulators across two claims of the same person-year; reversal restores them', async () => {
    const first = await settle(
      clerk,
      repeat.idNumber,
      claimOf({ claimId: 'R-1', dischargeDate: '2024-02-10', admissionDate: '2024-02-01' }),
    );
    expect(first.statusCode).toBe(201);
    const afterFirst = await accumulators(repeat.id, 2024);
    expect(afterFirst.basic.inpatient.admissionCount).toBe(1);
    const second = await settle(
      clerk,
      repeat.idNumber,
      claimOf({ claimId: 'R-2', dischargeDate: '2024-05-10', admissionDate: '2024-05-01' }),
    );
    expect(second.statusCode).toBe(201);
    const afterSecond = await accumulators(repeat.id, 2024);
    expect(afterSecond.basic.inpatient.admissionCount).toBe(2);
    expect(afterSecond.basic.inpatient.paidFen).toBe(
      afterFirst.basic.inpatient.paidFen + (second.json<Detail>().layers[0]?.paidFen ?? 0),
    );
    // The second admission has the lower repeat deductible (300 instead of 600 before the 低保 halving).
    expect(second.json<Detail>().layers[0]?.paidFen).toBeGreaterThan(
      first.json<Detail>().layers[0]?.paidFen ?? 0,
    );

    const reversed = await t.as(clerk, {
      method: 'POST',
      url: `/api/v1/settlements/${second.json<Detail>().id}/reverse`,
      payload: { reason: '费用录入错误' },
    });
    expect(reversed.statusCode).toBe(200);
    expect(reversed.json<Detail>().status).toBe('reversed');
    expect(await accumulators(repeat.id, 2024)).toEqual(afterFirst);
    const firstReversed = await t.as(clerk, {
      method: 'POST',
      url: `/api/v1/settlements/${first.json<Detail>().id}/reverse`,
      payload: { reason: '患者退费' },
    });
    expect(firstReversed.statusCode).toBe(200);
    expect(await accumulators(repeat.id, 2024)).toEqual(createAccumulators(2024));
    const twice = await t.as(clerk, {
      method: 'POST',
      url: `/api/v1/settlements/${first.json<Detail>().id}/reverse`,
      payload: { reason: '患者退费' },
    });
    expect(twice.statusCode).toBe(409);
  });
});

describe('reading settlements', () => {
  it('lists, shows, prints (escaped) and exports within scope', async () => {
    const list = await t.as(county, {
      method: 'GET',
      url: '/api/v1/settlements?from=2024-01-01&to=2024-12-31',
    });
    expect(list.statusCode).toBe(200);
    const page = list.json<{ total: number; items: { id: number; claimNo: string }[] }>();
    expect(page.total).toBe(3);
    const workedRow = page.items.find((i) => i.claimNo === 'QL-2024-0001');
    const detail = await t.as(clerk, { method: 'GET', url: `/api/v1/settlements/${workedRow?.id}` });
    expect(detail.statusCode).toBe(200);
    expect(detail.json<Detail>().explanation.length).toBeGreaterThan(3);
    const html = await t.as(clerk, {
      method: 'GET',
      url: `/api/v1/settlements/${workedRow?.id}/statement.html`,
    });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('个人窗口支付：6,000.00 元');
    const keyword = await t.as(county, { method: 'GET', url: `/api/v1/settlements?q=${worked.idNumber}` });
    expect(keyword.json<{ total: number }>().total).toBe(1);
    const xlsx = await t.as(county, { method: 'GET', url: '/api/v1/settlements/export.xlsx' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const viewer = await t.login('viewer');
    expect((await t.as(viewer, { method: 'GET', url: '/api/v1/settlements' })).statusCode).toBe(403);
  });

  it('what-if returns both results without writing', async () => {
    const policies = (await t.as(county, { method: 'GET', url: '/api/v1/policy-sets' })).json<
      { id: number; code: string }[]
    >();
    const seeded = policies.find((p) => p.code === 'hebei-qinglong-130321');
    const draft = policies.find((p) => p.code === 'ql_draft');
    const before = await t.database.db.selectFrom('settlement').select('id').execute();
    const res = await t.as(clerk, {
      method: 'POST',
      url: '/api/v1/settlements/what-if',
      payload: {
        claim: WORKED,
        categories: ['dibao', 'poor_registered'],
        policySetIds: [seeded?.id, draft?.id],
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      baseline: { patientPaysFen: number };
      alternative: { patientPaysFen: number };
      delta: { claimCount: number };
    }>();
    expect(body.baseline.patientPaysFen).toBe(yuan(6_000));
    expect(body.alternative.patientPaysFen).toBe(yuan(6_000));
    expect(body.delta.claimCount).toBe(0);
    expect(await t.database.db.selectFrom('settlement').select('id').execute()).toHaveLength(before.length);
  });

  it('computes the settlement indicators for the county', async () => {
    const q = {
      prefix: COUNTY,
      countyCode: COUNTY,
      from: '2024-01-01',
      to: '2024-12-31',
      groupLength: 6,
    } as const;
    const figure = async (code: string) => {
      const rows = await SETTLEMENT_INDICATOR_SOURCES.get(code)?.figures(t.database.db, q);
      return rows?.[0];
    };
    // Only the worked example remains settled (both R- claims were reversed).
    expect(await figure('one_stop_settlements')).toMatchObject({ numerator: 1, denominator: null });
    expect(await figure('one_stop_settlement_amount')).toMatchObject({
      numerator: yuan(47_345) + 75_075 + 553_298,
    });
    expect(await figure('treat_first_pay_later')).toMatchObject({ numerator: 1 });
    expect(await figure('deposit_waived_amount')).toMatchObject({ numerator: yuan(3_000) });
    // Policy-scope self-pay: 6,000 − 4,000 out-of-catalogue = 2,000 of 56,000.
    expect(await figure('compliant_self_pay_ratio')).toMatchObject({
      numerator: yuan(2_000),
      denominator: yuan(56_000),
    });
    expect(await figure('in_scope_reimbursement_ratio')).toMatchObject({
      numerator: yuan(54_000),
      denominator: yuan(56_000),
    });
    const members = await SETTLEMENT_INDICATOR_SOURCES.get('one_stop_settlements')?.members(
      t.database.db,
      q,
      'numerator',
      { limit: 10, offset: 0 },
    );
    expect(members?.total).toBe(1);
  });
});

describe('concurrency and escaping', () => {
  it('parallel settlements of one person never double-use the year totals', async () => {
    const person = await insertPerson(t.database.db, COUNTY, VILLAGE, ['dibao']);
    const claims = [1, 2, 3, 4].map((i) =>
      claimOf({ claimId: `P-${i}`, admissionDate: `2024-0${i}-01`, dischargeDate: `2024-0${i}-05` }),
    );
    const responses = await Promise.all(claims.map((c) => settle(clerk, person.idNumber, c)));
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
    const acc = await accumulators(person.id, 2024);
    expect(acc.basic.inpatient.admissionCount).toBe(4);
    const paid = responses.reduce((s, r) => s + (r.json<Detail>().layers[0]?.paidFen ?? 0), 0);
    expect(acc.basic.inpatient.paidFen).toBe(paid);
    // The same claim sent twice at once settles once.
    const same = claimOf({ claimId: 'P-9', admissionDate: '2024-06-01', dischargeDate: '2024-06-05' });
    const twice = await Promise.all([
      settle(clerk, person.idNumber, same),
      settle(clerk, person.idNumber, same),
    ]);
    expect(twice.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect((await accumulators(person.id, 2024)).basic.inpatient.admissionCount).toBe(5);
  });

  it('escapes user text in the printed statement', async () => {
    const person = await insertPerson(t.database.db, COUNTY, VILLAGE, []);
    const res = await settle(clerk, person.idNumber, claimOf({ claimId: '<script>alert(1)</script>' }));
    expect(res.statusCode).toBe(201);
    const html = await t.as(clerk, {
      method: 'GET',
      url: `/api/v1/settlements/${res.json<Detail>().id}/statement.html`,
    });
    expect(html.body).not.toContain('<script>');
    expect(html.body).toContain('&lt;script&gt;');
  });
});
