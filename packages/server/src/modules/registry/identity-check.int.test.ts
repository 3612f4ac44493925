import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import { whenAuditWriterIdle } from '../audit/audit.service.ts';
import {
  DATE,
  ID_QIAN,
  ID_STRANGER,
  ID_SUN,
  ID_ZHAO,
  inOneYear,
  insertApiTokenRow,
  seedIdentityFixture,
} from './identity-check.fixtures.ts';

let t: TestApp;
let clerk: Session;
let township: Session;
let tokenA: string;
let tokenB: string;
let personIds: Record<string, number>;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const lookUp = (token: string, idNumber: string, date = DATE) =>
  t.app.inject({ method: 'GET', url: `/api/v1/identity/${idNumber}?date=${date}`, headers: bearer(token) });
const batch = (token: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/identity/batch', headers: bearer(token), payload });

async function identityAudits() {
  await whenAuditWriterIdle(t.database.db);
  return t.database.db
    .selectFrom('audit_event')
    .select(['username', 'role', 'result', 'entity_id', 'region_code', 'request_id', 'detail'])
    .where('action', '=', 'identity.checked')
    .orderBy('id')
    .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  personIds = await seedIdentityFixture(t.database.db);
  clerk = await t.login('clerk');
  township = await t.login('township');
  const admin = await t.login('admin');
  const issued = await t.as(admin, {
    method: 'POST',
    url: '/api/v1/api-tokens',
    payload: { name: '县医院HIS', institutionCode: 'H130321001', expiresOn: inOneYear() },
  });
  expect(issued.statusCode, issued.body).toBe(201);
  tokenA = issued.json().secret;
  tokenB = await insertApiTokenRow(t.database.db, {
    institutionCode: 'H320902001',
    regionCode: '320902000000',
  });
});

afterAll(async () => {
  await t.close();
});

describe('identity check answer', () => {
  it('gives categories, 先诊疗后付费, the self-pay cap, the family doctor and open cases on the date', async () => {
    const response = await lookUp(tokenA, ID_ZHAO);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      found: true,
      date: DATE,
      nameMasked: '赵*',
      sex: 'M',
      age: 67,
      categories: [{ code: 'tekun', label: '特困供养' }],
      isPriorityGroup: true,
      treatFirstPayLater: { applies: true, levels: ['township', 'county'], visitTypes: ['inpatient'] },
      selfPayCap: {
        applies: true,
        levels: [
          { level: 'township', capRateBp: 500 },
          { level: 'county', capRateBp: 1000 },
        ],
        base: 'total',
      },
      policySet: { code: 'hebei-qinglong-130321', version: 1 },
      familyDoctor: {
        teamName: '青龙镇家医一队',
        doctorName: '李医生',
        doctorPhone: '13800000001',
        institutionName: '青龙镇卫生院',
        contractNo: 'HT-130321-2025-0001',
        startDate: '2025-01-01',
        endDate: '2025-12-31',
      },
      openTreatmentCases: [
        {
          itemCode: 'lung_cancer',
          itemName: '肺癌',
          status: 'treating',
          statusLabel: '救治中',
          openedOn: '2025-03-01',
        },
      ],
    });
    expect(body.treatFirstPayLater.description).toContain('免交押金');
    expect(response.body).not.toContain(ID_ZHAO);
    expect(response.body).not.toContain('赵一');
  });

  it('answers as of the date asked: before the contract, the case and the policy nothing applies', async () => {
    const early = (await lookUp(tokenA, ID_ZHAO, '2023-06-01')).json();
    expect(early).toMatchObject({
      found: true,
      categories: [{ code: 'tekun' }],
      familyDoctor: null,
      openTreatmentCases: [],
      policySet: null,
      treatFirstPayLater: { applies: false, description: '该日期本地区没有已发布的结算政策' },
    });
    // On 2025-03-05 the lung cancer case was still waiting (the treating event is dated 03-10).
    const waiting = (await lookUp(tokenA, ID_ZHAO, '2025-03-05')).json();
    expect(waiting.openTreatmentCases).toEqual([
      expect.objectContaining({ itemName: '肺癌', status: 'waiting', statusLabel: '待救治' }),
    ]);
  });

  it('a 脱贫人口 is found but neither 先诊疗后付费 nor the cap applies under the 青龙 policy', async () => {
    const body = (await lookUp(tokenA, ID_QIAN)).json();
    expect(body).toMatchObject({
      found: true,
      categories: [{ code: 'poverty_exited', label: '脱贫人口' }],
      treatFirstPayLater: { applies: false },
      selfPayCap: { applies: false },
      familyDoctor: null,
      openTreatmentCases: [],
    });
  });

  it('uses the city-level policy when the county has none (盐城 2023 for 亭湖)', async () => {
    const body = (await lookUp(tokenB, ID_SUN)).json();
    expect(body).toMatchObject({
      found: true,
      categories: [{ code: 'dibao' }],
      policySet: { code: 'jiangsu-yancheng-3209' },
      treatFirstPayLater: { applies: true },
    });
  });
});

describe('scope', () => {
  it('a token of county A cannot see a person of county B, and the reverse', async () => {
    const aSeesB = (await lookUp(tokenA, ID_SUN)).json();
    expect(aSeesB).toMatchObject({ found: false, nameMasked: null, categories: [], familyDoctor: null });
    const bSeesA = (await lookUp(tokenB, ID_ZHAO)).json();
    expect(bSeesA).toMatchObject({ found: false, nameMasked: null });
    // Out of scope reads exactly like unknown: the answer never reveals that the person exists elsewhere.
    const unknown = (await lookUp(tokenA, ID_STRANGER)).json();
    expect({ ...aSeesB, idNumberMasked: '' }).toEqual({ ...unknown, idNumberMasked: '' });
  });

  it('a township-scoped token sees its township only', async () => {
    const township101 = await insertApiTokenRow(t.database.db, {
      institutionCode: 'H130321001',
      regionCode: '130321101000',
    });
    expect((await lookUp(township101, ID_ZHAO)).json().found).toBe(false);
  });

  it('the hospital clerk session keeps working on both URLs; roles without the permission get 403', async () => {
    const byPath = await t.as(clerk, { method: 'GET', url: `/api/v1/identity/${ID_ZHAO}?date=${DATE}` });
    expect(byPath.statusCode).toBe(200);
    expect(byPath.json()).toMatchObject({ found: true, treatFirstPayLater: { applies: true } });
    const byQuery = await t.as(clerk, {
      method: 'GET',
      url: `/api/v1/identity-check?idNumber=${ID_ZHAO}&date=${DATE}`,
    });
    expect(byQuery.json()).toEqual(byPath.json());
    expect((await t.as(township, { method: 'GET', url: `/api/v1/identity/${ID_ZHAO}` })).statusCode).toBe(
      403,
    );
  });

  it('a session POST of a batch still needs the CSRF token; a bearer POST does not', async () => {
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/v1/identity/batch',
      headers: { cookie: clerk.cookie },
      payload: { items: [ID_ZHAO] },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('CSRF_INVALID');
    const withCsrf = await t.as(clerk, {
      method: 'POST',
      url: '/api/v1/identity/batch',
      payload: { items: [ID_ZHAO] },
    });
    expect(withCsrf.statusCode).toBe(200);
    expect((await batch(tokenA, { items: [ID_ZHAO] })).statusCode).toBe(200);
  });
});

describe('batch', () => {
  it('answers every item: results in order, a Chinese error naming the item and reason for bad ones', async () => {
    const bad = `${ID_QIAN.slice(0, 17)}${ID_QIAN.endsWith('0') ? '1' : '0'}`;
    const fullWidth = ID_QIAN.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const response = await batch(tokenA, {
      date: DATE,
      items: [
        ID_ZHAO,
        bad,
        { idNumber: ID_QIAN, date: '2025-13-01' },
        ID_STRANGER,
        ID_SUN,
        { idNumber: ID_ZHAO, date: '2023-06-01' },
        '12345',
        ` ${fullWidth.toLowerCase()} `,
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ date: DATE, total: 8, found: 3, notFound: 2, invalid: 3 });
    const results = body.results;
    expect(results.map((r: { index: number }) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(results[0]).toMatchObject({ ok: true, result: { found: true, date: DATE, nameMasked: '赵*' } });
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'ID_CHECK_CHAR' } });
    expect(results[1].error.message).toMatch(/^第 2 项：身份证号“\d{17}[\dX]”无效：.*校验位/);
    expect(results[2]).toMatchObject({
      ok: false,
      error: { code: 'DATE_INVALID', message: '第 3 项：就诊日期“2025-13-01”应为 YYYY-MM-DD 格式的日期' },
    });
    expect(results[3]).toMatchObject({ ok: true, result: { found: false } });
    expect(results[4]).toMatchObject({ ok: true, result: { found: false } });
    expect(results[5]).toMatchObject({
      ok: true,
      result: { found: true, date: '2023-06-01', familyDoctor: null },
    });
    expect(results[6]).toMatchObject({ ok: false, error: { code: 'ID_LENGTH' } });
    expect(results[6].error.message).toContain('第 7 项');
    expect(results[7]).toMatchObject({ ok: true, result: { found: true, nameMasked: '钱*' } });
  });

  it('refuses an empty batch and more than 500 items as a whole, in Chinese', async () => {
    const empty = await batch(tokenA, { items: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('至少提供一个身份证号');
    const tooMany = await batch(tokenA, { items: Array.from({ length: 501 }, () => ID_ZHAO) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('一次最多查询 500 个身份证号');
  });

  it('writes one audit row per item, failures included, for the token that asked', async () => {
    const before = (await identityAudits()).length;
    const response = await batch(tokenA, { date: DATE, items: [ID_ZHAO, 'X', ID_STRANGER] });
    expect(response.statusCode).toBe(200);
    const rows = (await identityAudits()).slice(before);
    expect(rows).toHaveLength(3);
    const requestId = response.headers['x-request-id'];
    expect(rows.every((r) => r.request_id === requestId)).toBe(true);
    expect(rows.every((r) => /^api:H130321001#\d+$/.test(r.username ?? ''))).toBe(true);
    expect(rows.map((r) => [r.result, (r.detail as { batchIndex: number }).batchIndex])).toEqual([
      ['success', 0],
      ['failure', 1],
      ['success', 2],
    ]);
    expect(rows[0]).toMatchObject({
      role: 'hospital_clerk',
      entity_id: String(personIds.zhao),
      region_code: '130321100201',
      detail: { found: true, date: DATE, categories: ['tekun'] },
    });
    expect(JSON.stringify(rows)).not.toContain(ID_ZHAO);
  });
});

describe('audit under concurrency', () => {
  it('every one of many concurrent lookups has its own audit row, committed before its answer', async () => {
    const lastBefore = (
      await t.database.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirstOrThrow()
    ).id;
    const callers = ['clerk', 'api:H130321001#', 'api:H320902001#'];
    const requests = Array.from({ length: 90 }, (_, i) => {
      const id = [ID_ZHAO, ID_QIAN, ID_STRANGER, ID_SUN][i % 4] as string;
      if (i % 3 === 0) {
        return t.as(clerk, { method: 'GET', url: `/api/v1/identity/${id}?date=${DATE}` });
      }
      return lookUp(i % 3 === 1 ? tokenA : tokenB, id);
    });
    const responses = await Promise.all(requests);
    expect(responses.map((r) => r.statusCode)).toEqual(responses.map(() => 200));
    // No wait for the writer here: each answer left only after its row was committed.
    const rows = await t.database.db
      .selectFrom('audit_event')
      .select(['request_id', 'username', 'detail'])
      .where('action', '=', 'identity.checked')
      .where('id', '>', Number(lastBefore ?? 0))
      .execute();
    expect(rows).toHaveLength(90);
    const byRequest = new Map(rows.map((r) => [r.request_id, r]));
    for (const [i, response] of responses.entries()) {
      const row = byRequest.get(response.headers['x-request-id'] as string);
      expect(row, `request ${i}`).toBeDefined();
      expect((row?.detail as { found: boolean }).found).toBe(response.json().found);
      expect(row?.username?.startsWith(callers[i % 3] as string)).toBe(true);
    }
  });

  it('an invalid ID on the single endpoint is a 400 in Chinese and audited as a failure', async () => {
    const bad = `${ID_ZHAO.slice(0, 17)}${ID_ZHAO.endsWith('0') ? '1' : '0'}`;
    const response = await lookUp(tokenA, bad);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('校验位应为');
    const last = (await identityAudits()).at(-1);
    expect(last).toMatchObject({ result: 'failure', detail: { reason: 'invalid_id' } });
  });
});
