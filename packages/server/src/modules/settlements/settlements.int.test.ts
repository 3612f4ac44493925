import { QINGLONG_2024_POLICY } from '@healthaid/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import { resolveInstitution } from './settlement-booking.ts';
import { SETTLEMENT_INDICATOR_SOURCES } from './settlement-indicator-sources.ts';
import {
  accumulatorsOf,
  CLOSED_HOSPITAL,
  COUNTY,
  COUNTY_HOSPITAL,
  claimOf,
  type Detail,
  freshIdNumber,
  insertInstitutions,
  insertPerson,
  OTHER_COUNTY,
  settleWith,
  VILLAGE,
  writeCounts,
  yuan,
} from './settlements.test-kit.ts';

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
let settle: ReturnType<typeof settleWith>;
let worked: { id: number; idNumber: string };
let repeat: { id: number; idNumber: string };
let otherCounty: { id: number; idNumber: string };

type ErrorBody = { error: { code: string; message: string; details?: { field?: string } } };

beforeAll(async () => {
  t = await createTestApp();
  settle = settleWith(t);
  await insertInstitutions(t.database.db);
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
    expect(invalid.json<ErrorBody>().error.message).toContain('basicInsurance.rules[0].rateBp');

    const draft = { ...QINGLONG_2024_POLICY, id: 'ql_draft', version: 2, effectiveFrom: '2025-01-01' };
    const created = await t.as(county, { method: 'POST', url: '/api/v1/policy-sets', payload: draft });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: number }>().id;
    const edited = await t.as(county, {
      method: 'PUT',
      url: `/api/v1/policy-sets/${id}`,
      payload: { ...draft, name: '青龙 2025 草案' },
    });
    expect(edited.json<{ name: string }>().name).toBe('青龙 2025 草案');
    const published = await t.as(county, { method: 'POST', url: `/api/v1/policy-sets/${id}/publish` });
    expect(published.json<{ status: string }>().status).toBe('published');
    const refused = await t.as(county, { method: 'PUT', url: `/api/v1/policy-sets/${id}`, payload: draft });
    expect(refused.statusCode).toBe(409);
    await expect(
      t.database.db.updateTable('policy_set').set({ name: 'x' }).where('id', '=', id).execute(),
    ).rejects.toThrow();
    expect(
      (await t.as(township, { method: 'POST', url: '/api/v1/policy-sets', payload: draft })).statusCode,
    ).toBe(403);
  });
});

describe('POST /settlements', () => {
  let workedId = 0;

  it('settles the domain.md §5 worked example to the fen, the level taken from the institution registry', async () => {
    const { institutionLevel: _omitted, ...withoutLevel } = WORKED;
    const res = await settle(clerk, worked.idNumber, withoutLevel, { key: 'key-worked-1' });
    expect(res.statusCode).toBe(201);
    const body = res.json<Detail>();
    workedId = body.id;
    expect(body.institutionLevel).toBe('county');
    expect(body.layers.slice(0, 3).map((l) => l.paidFen)).toEqual([yuan(47_345), 75_075, 553_298]);
    expect(body.selfPayFen).toBe(yuan(6_000));
    expect(body.borneFen).toBe(37_127);
    expect(body.depositWaivedFen).toBe(yuan(3_000));
    expect(body.isInRegistry).toBe(true);
    expect(body.explanation.at(-1)).toContain('出院时个人在窗口支付 6,000.00 元');
    expect(body.trace.map((x) => x.layer)).toContain('self_pay_cap');
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'settlement.created')
      .where('entity_id', '=', String(body.id))
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('Idempotency-Key: the same key and body return the same settlement and write nothing', async () => {
    const before = await writeCounts(t.database.db);
    const accBefore = await accumulatorsOf(t.database.db, worked.id, 2024);
    const { institutionLevel: _omitted, ...withoutLevel } = WORKED;
    const again = await settle(clerk, worked.idNumber, withoutLevel, { key: 'key-worked-1' });
    expect(again.statusCode).toBe(200);
    expect(again.json<Detail>().id).toBe(workedId);
    expect(await writeCounts(t.database.db)).toEqual(before);
    expect(await accumulatorsOf(t.database.db, worked.id, 2024)).toEqual(accBefore);
  });

  it('Idempotency-Key: the same key with a different body is refused (409, Chinese), nothing written', async () => {
    const before = await writeCounts(t.database.db);
    const res = await settle(clerk, repeat.idNumber, claimOf({ claimId: 'OTHER-1' }), {
      key: 'key-worked-1',
    });
    expect(res.statusCode).toBe(409);
    const error = res.json<ErrorBody>().error;
    expect(error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(error.message).toContain('Idempotency-Key“key-worked-1”已用于另一笔内容不同的结算请求');
    expect(await writeCounts(t.database.db)).toEqual(before);
  });

  it('refuses a malformed Idempotency-Key', async () => {
    const res = await settle(clerk, repeat.idNumber, claimOf({ claimId: 'K-1' }), { key: '钥匙' });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().error.message).toContain('Idempotency-Key');
  });

  it('is idempotent by claim number too: same content → same settlement; other content → 409', async () => {
    const again = await settle(clerk, worked.idNumber, WORKED);
    expect(again.statusCode).toBe(200);
    expect(again.json<Detail>().id).toBe(workedId);
    const before = await writeCounts(t.database.db);
    const res = await settle(clerk, worked.idNumber, { ...WORKED, depositFen: yuan(2_000) });
    expect(res.statusCode).toBe(409);
    expect(res.json<ErrorBody>().error.message).toContain('QL-2024-0001');
    expect(await writeCounts(t.database.db)).toEqual(before);
  });

  it('refuses a clerk settling for another institution, and township staff (no permission)', async () => {
    expect(
      (await settle(clerk, worked.idNumber, claimOf({ claimId: 'X-1' }), { institutionCode: 'H130321002' }))
        .statusCode,
    ).toBe(403);
    expect((await settle(township, worked.idNumber, claimOf({ claimId: 'T-1' }))).statusCode).toBe(403);
  });

  it('takes the hospital level from the institution registry (a township centre settles at township level)', async () => {
    const setLevel = (level: string) =>
      t.database.db
        .updateTable('medical_institution')
        .set({ level })
        .where('code', '=', COUNTY_HOSPITAL)
        .execute();
    await setLevel('township_health_centre');
    try {
      const { institutionLevel: _omitted, ...claim } = claimOf({ claimId: 'TW-1' });
      const res = await settle(clerk, repeat.idNumber, claim);
      expect(res.statusCode).toBe(201);
      expect(res.json<Detail>().institutionLevel).toBe('township');
      expect(res.json<Detail>().trace[0]?.ruleCode).toMatch(/^basic\.township\.inpatient/);
      const reversed = await t.as(clerk, {
        method: 'POST',
        url: `/api/v1/settlements/${res.json<Detail>().id}/reverse`,
        payload: { reason: '测试完毕' },
      });
      expect(reversed.statusCode).toBe(200);
    } finally {
      await setLevel('county');
    }
  });

  it('settles a person not in the registry as an ordinary insured person, clearly labelled', async () => {
    const outsiderId = freshIdNumber('110101', '19800101');
    const res = await settle(clerk, outsiderId, claimOf({ claimId: 'OUT-1' }), { patientName: '李四' });
    expect(res.statusCode).toBe(201);
    const body = res.json<Detail>();
    expect(body.isInRegistry).toBe(false);
    expect(body.insuredLabel).toContain('普通参保人员');
    expect(body.insuredLabel).toContain('未在本辖区健康扶贫人员库中');
    // Ordinary parameters only: no 低保 preference, no self-pay cap.
    expect(body.trace[0]?.ruleCode).toBe('basic.county.inpatient');
    expect(body.borneFen).toBe(0);
    const html = await t.as(clerk, { method: 'GET', url: `/api/v1/settlements/${body.id}/statement.html` });
    expect(html.body).toContain('普通参保人员');
    expect(html.body).toContain('李四');
    // A person of another county's registry is not visible here: settled the same way.
    const other = await settle(clerk, otherCounty.idNumber, claimOf({ claimId: 'O-1' }));
    expect(other.statusCode).toBe(201);
    expect(other.json<Detail>().isInRegistry).toBe(false);
    // The outsider's second claim of the year uses the same yearly accumulators (repeat-admission deductible).
    const second = await settle(
      clerk,
      outsiderId,
      claimOf({ claimId: 'OUT-2', admissionDate: '2024-05-01', dischargeDate: '2024-05-09' }),
    );
    expect(second.json<Detail>().basicFen).toBeGreaterThan(body.basicFen);
  });
});

describe('bad input: a clear Chinese message naming the field, nothing written', () => {
  const cases: { name: string; claim: Record<string, unknown>; field: string; text: string }[] = [
    {
      name: 'negative amount',
      claim: { policyScopeFen: -100, totalFen: -100 },
      field: 'claim.totalFen',
      text: '不小于 0 的整数',
    },
    {
      name: 'non-integer amount',
      claim: { policyScopeFen: 100.5, totalFen: 100.5 },
      field: 'claim.totalFen',
      text: '整数',
    },
    {
      name: 'in-scope + out-of-catalogue ≠ total',
      claim: { totalFen: yuan(9_000) },
      field: 'claim.totalFen',
      text: '必须等于政策范围内费用与目录外费用之和',
    },
    {
      name: 'discharge before admission',
      claim: { admissionDate: '2024-03-10', dischargeDate: '2024-03-01' },
      field: 'claim.dischargeDate',
      text: '早于入院日期',
    },
    {
      name: 'service date outside every policy version',
      claim: { admissionDate: '2019-01-01', dischargeDate: '2019-01-05' },
      field: 'claim.dischargeDate',
      text: '不在参保地任何已发布政策版本的有效期内',
    },
    {
      name: 'level contradicting the institution registry',
      claim: { institutionLevel: 'province' },
      field: 'claim.institutionLevel',
      text: '与医疗机构库不一致',
    },
    {
      name: 'out-of-catalogue cost without consent',
      claim: { outOfCatalogueFen: yuan(100), totalFen: yuan(10_100), hasOutOfCatalogueConsent: false },
      field: 'claim.hasOutOfCatalogueConsent',
      text: '须签署知情同意书',
    },
  ];
  it.each(cases)('$name', async ({ claim, field, text }) => {
    const before = await writeCounts(t.database.db);
    const res = await settle(
      clerk,
      freshIdNumber('110101', '19800101'),
      { ...claimOf({ claimId: `BAD-${field}` }), ...claim } as never,
      { key: `bad-${field}` },
    );
    expect(res.statusCode).toBe(400);
    const error = res.json<ErrorBody>().error;
    expect(error.details?.field).toBe(field);
    expect(error.message).toContain(text);
    expect(await writeCounts(t.database.db)).toEqual(before);
  });

  it('an institution missing from the registry, or closed, is refused', async () => {
    const db = t.database.db;
    const before = await writeCounts(db);
    await db
      .updateTable('medical_institution')
      .set({ active: false })
      .where('code', '=', COUNTY_HOSPITAL)
      .execute();
    try {
      const closed = await settle(clerk, repeat.idNumber, claimOf({ claimId: 'BAD-CLOSED' }));
      expect(closed.statusCode).toBe(400);
      expect(closed.json<ErrorBody>().error.message).toContain('已停用');
    } finally {
      await db
        .updateTable('medical_institution')
        .set({ active: true })
        .where('code', '=', COUNTY_HOSPITAL)
        .execute();
    }
    // A code missing from the registry (e.g. an account or a HIS set up with a wrong code).
    const clerkActor = {
      userId: 1,
      username: 'x',
      displayName: 'x',
      role: 'hospital_clerk',
      regionCode: '130321000000',
      sessionId: null,
      mustChangePassword: false,
    } as const;
    await expect(
      resolveInstitution(db, { ...clerkActor, institutionCode: 'H130321998' }, undefined),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('医疗机构编码（institutionCode）“H130321998”不在医疗机构库中'),
    });
    expect(await writeCounts(db)).toEqual(before);
    const other = await settle(clerk, repeat.idNumber, claimOf({ claimId: 'BAD-OTHER' }), {
      institutionCode: CLOSED_HOSPITAL,
    });
    expect(other.statusCode).toBe(403);
  });

  it('an invalid ID number names the field', async () => {
    const res = await settle(clerk, '130321196503011234', claimOf({ claimId: 'BAD-ID' }));
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().error.message).toContain('身份证号');
  });
});

describe('simulate', () => {
  it('settles claims under a JSON policy in discharge order without writing anything', async () => {
    const before = await writeCounts(t.database.db);
    const res = await t.as(clerk, {
      method: 'POST',
      url: '/api/v1/settlements/simulate',
      payload: {
        policy: QINGLONG_2024_POLICY,
        person: { categories: ['dibao', 'poor_registered'], birthDate: '1965-03-01' },
        claims: [
          claimOf({ claimId: 'S-2', admissionDate: '2024-06-01', dischargeDate: '2024-06-10' }),
          { ...WORKED, claimId: 'S-1' },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      isWritten: boolean;
      settlements: { claimId: string; order: number; patientPaysFen: number; explanation: string[] }[];
      totals: { totalFen: number };
    }>();
    expect(body.isWritten).toBe(false);
    expect(body.settlements.map((s) => [s.claimId, s.order])).toEqual([
      ['S-2', 2],
      ['S-1', 1],
    ]);
    expect(body.settlements[1]?.patientPaysFen).toBe(yuan(6_000));
    expect(body.settlements[1]?.explanation.length).toBeGreaterThan(3);
    expect(body.totals.totalFen).toBe(yuan(60_000) + yuan(10_000));
    expect(await writeCounts(t.database.db)).toEqual(before);
  });

  it('names the policy field of an invalid policy and the claim of an invalid claim', async () => {
    const badPolicy = await t.as(clerk, {
      method: 'POST',
      url: '/api/v1/settlements/simulate',
      payload: {
        policy: { ...QINGLONG_2024_POLICY, effectiveFrom: '2024-02-30' },
        person: { categories: [], birthDate: '1965-03-01' },
        claims: [WORKED],
      },
    });
    expect(badPolicy.statusCode).toBe(400);
    expect(badPolicy.json<ErrorBody>().error.message).toContain('effectiveFrom');
    const badClaim = await t.as(clerk, {
      method: 'POST',
      url: '/api/v1/settlements/simulate',
      payload: {
        policy: QINGLONG_2024_POLICY,
        person: { categories: ['dibao'], birthDate: '1965-03-01' },
        claims: [WORKED, { ...WORKED, claimId: 'S-9', totalFen: 1 }],
      },
    });
    expect(badClaim.statusCode).toBe(400);
    expect(badClaim.json<ErrorBody>().error.details?.field).toBe('claims[1].totalFen');
  });

  it('is documented in the OpenAPI description', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    const doc = res.json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/settlements/simulate']));
  });
});

describe('reading settlements', () => {
  it('lists, shows, prints (A4 and A5, escaped) and exports within scope', async () => {
    const list = await t.as(county, {
      method: 'GET',
      url: '/api/v1/settlements?from=2024-01-01&to=2024-12-31',
    });
    expect(list.statusCode).toBe(200);
    const page = list.json<{ total: number; items: { id: number; claimNo: string }[] }>();
    const workedRow = page.items.find((i) => i.claimNo === 'QL-2024-0001');
    const detail = await t.as(clerk, { method: 'GET', url: `/api/v1/settlements/${workedRow?.id}` });
    expect(detail.json<Detail>().explanation.length).toBeGreaterThan(3);
    for (const size of ['A4', 'A5']) {
      const html = await t.as(clerk, {
        method: 'GET',
        url: `/api/v1/settlements/${workedRow?.id}/statement.html?size=${size}`,
      });
      expect(html.statusCode).toBe(200);
      expect(html.body).toContain(`size:${size}`);
      expect(html.body).toContain('个人窗口支付：6,000.00 元');
      expect(html.body).toContain('大病保险');
    }
    const pdf = await t.as(clerk, {
      method: 'GET',
      url: `/api/v1/settlements/${workedRow?.id}/statement.pdf?size=A5`,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(encodeURIComponent('一站式结算单-QL-2024-0001.pdf'));
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const views = await t.database.db
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'settlement.statement_viewed')
      .where('entity_id', '=', String(workedRow?.id))
      .execute();
    expect(views.length).toBeGreaterThanOrEqual(3);
    const keyword = await t.as(county, { method: 'GET', url: `/api/v1/settlements?q=${worked.idNumber}` });
    expect(keyword.json<{ total: number }>().total).toBe(1);
    const xlsx = await t.as(county, { method: 'GET', url: '/api/v1/settlements/export.xlsx' });
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const viewer = await t.login('viewer');
    expect((await t.as(viewer, { method: 'GET', url: '/api/v1/settlements' })).statusCode).toBe(403);
  });

  it('escapes user text in the printed statement', async () => {
    const person = await insertPerson(t.database.db, COUNTY, VILLAGE, []);
    const res = await settle(clerk, person.idNumber, claimOf({ claimId: '<script>alert(1)</script>' }));
    expect(res.statusCode).toBe(201);
    const html = await t.as(clerk, {
      method: 'GET',
      url: `/api/v1/settlements/${res.json<Detail>().id}/statement.html`,
    });
    expect(html.body).not.toContain('<script>alert');
    expect(html.body).toContain('&lt;script&gt;');
  });

  it('computes the settlement indicators for the county (registry persons only)', async () => {
    const q = {
      prefix: COUNTY,
      countyCode: COUNTY,
      from: '2024-03-15',
      to: '2024-03-15',
      groupLength: 6,
    } as const;
    const figure = async (code: string) =>
      (await SETTLEMENT_INDICATOR_SOURCES.get(code)?.figures(t.database.db, q))?.[0];
    expect(await figure('one_stop_settlements')).toMatchObject({ numerator: 1, denominator: null });
    expect(await figure('one_stop_settlement_amount')).toMatchObject({
      numerator: yuan(47_345) + 75_075 + 553_298,
    });
    expect(await figure('treat_first_pay_later')).toMatchObject({ numerator: 1 });
    expect(await figure('deposit_waived_amount')).toMatchObject({ numerator: yuan(3_000) });
    expect(await figure('compliant_self_pay_ratio')).toMatchObject({
      numerator: yuan(2_000),
      denominator: yuan(56_000),
    });
  });
});

describe('ledgers and what-if by category', () => {
  type LedgerRow = {
    key: string;
    label: string;
    settlements: number;
    totalFen: number;
    selfPayFen: number;
    borneFen: number;
    capHits: number;
  };
  const ledger = async (groupBy: string) => {
    const res = await t.as(county, {
      method: 'GET',
      url: `/api/v1/settlements/ledger?groupBy=${groupBy}&from=2024-01-01&to=2024-12-31`,
    });
    expect(res.statusCode).toBe(200);
    return res.json<LedgerRow[]>();
  };

  it('sums the current settlements by region, institution, month and category, and exports them', async () => {
    const region = await ledger('region');
    const institution = await ledger('institution');
    const month = await ledger('month');
    const category = await ledger('category');
    const total = (rows: LedgerRow[]) => rows.reduce((s, r) => s + r.totalFen, 0);
    const count = (rows: LedgerRow[]) => rows.reduce((s, r) => s + r.settlements, 0);
    expect(count(region)).toBeGreaterThan(0);
    expect(count(institution)).toBe(count(region));
    expect(count(month)).toBe(count(region));
    expect(total(month)).toBe(total(region));
    expect(institution.map((r) => r.label)).toContain('青龙满族自治县医院');
    const march = month.find((r) => r.key === '2024-03');
    expect(march?.label).toBe('2024年03月');
    expect(march?.capHits).toBeGreaterThanOrEqual(1);
    // The worked example's patient is 低保 and 建档立卡: counted in both categories; outsiders are 普通参保人员.
    expect(category.find((r) => r.key === 'dibao')?.settlements).toBeGreaterThanOrEqual(1);
    expect(category.find((r) => r.key === 'poor_registered')?.borneFen).toBe(37_127);
    expect(category.find((r) => r.key === 'ordinary')?.label).toBe('普通参保人员');
    const xlsx = await t.as(county, {
      method: 'GET',
      url: '/api/v1/settlements/ledger.xlsx?groupBy=category&from=2024-01-01&to=2024-12-31',
    });
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('applies a draft policy to the period’s settlements and reports the change by category, writing nothing', async () => {
    const draft = {
      ...QINGLONG_2024_POLICY,
      id: 'ql_whatif',
      version: 1,
      medicalAssistance: {
        ...QINGLONG_2024_POLICY.medicalAssistance,
        rules: QINGLONG_2024_POLICY.medicalAssistance.rules.map((r) => ({
          ...r,
          rateBp: Math.min(10_000, r.rateBp + 1_000),
        })),
      },
    };
    const created = await t.as(county, { method: 'POST', url: '/api/v1/policy-sets', payload: draft });
    expect(created.statusCode).toBe(201);
    const before = await writeCounts(t.database.db);
    const res = await t.as(county, {
      method: 'POST',
      url: `/api/v1/policy-sets/${created.json<{ id: number }>().id}/what-if`,
      payload: { from: '2024-01-01', to: '2024-12-31' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      claims: number;
      delta: { layers: Record<string, number>; patientPaysFen: number };
      byCategory: { key: string; label: string; delta: { layers: Record<string, number> } }[];
    }>();
    expect(body.claims).toBeGreaterThan(0);
    expect(body.delta.layers.medical_assistance).toBeGreaterThan(0);
    expect(body.delta.patientPaysFen).toBeLessThanOrEqual(0);
    expect(body.byCategory.find((c) => c.key === 'dibao')?.label).toBe('低保对象');
    expect(body.byCategory.find((c) => c.key === 'ordinary')?.delta.layers.medical_assistance).toBe(0);
    expect(await writeCounts(t.database.db)).toEqual(before);
  });
});
