import { POLICY_QUESTIONNAIRES } from '@healthaid/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';

/**
 * Hand-counted fixture (青龙满族自治县 130321), households and their categories on 2026-11-30:
 *   青龙镇 大杖子村 130321100201: A (建档立卡), B (监测对象); 老爷庙村 130321100202: C (脱贫), D (建档立卡 ended
 *   2025-12-31: not in scope in 2026); 祖山镇 130321101201: E and F (建档立卡).
 * County campaign 2026-03-01..2026-06-30: A met (survey 8/8 aware, 1 new kit), B not at home, C met (survey
 * 5/8 not aware), E met (by the county user); F never visited.
 *   大走访覆盖率 county = A, C, E / A, B, C, E, F = 3 / 5 = 60.00 %; 青龙镇 2 / 3; 祖山镇 1 / 2.
 *   政策知晓率 = A / A, C = 1 / 2 = 50.00 %.
 *   保健箱发放数 = A 1 (with the visit) + C 2 (standalone) = 3; A's refill is not counted.
 */
const Q = POLICY_QUESTIONNAIRES[0] as (typeof POLICY_QUESTIONNAIRES)[number];
const ALL_CORRECT = Object.fromEntries(Q.questions.map((q) => [q.code, q.correct]));
const FIVE_OF_EIGHT = { ...ALL_CORRECT, deposit: 'a', one_stop: 'unsure', premium: 'b' };

let t: TestApp;
let county: Session;
let township: Session;
let doctor: Session;
const households = new Map<string, number>();
const persons = new Map<string, number>();
let campaignId = 0;

async function insertHousehold(no: string, village: string, category: string, validTo: string | null = null) {
  const db = t.database.db;
  const household = await db
    .insertInto('household')
    .values({ county_code: '130321', household_no: no, village_code: village, head_name: `${no}户主` })
    .returning('id')
    .executeTakeFirstOrThrow();
  households.set(no, household.id);
  const person = await db
    .insertInto('person')
    .values({
      county_code: '130321',
      id_number: `13032119600101${(100 + households.size).toString()}${households.size % 10}`,
      name: `${no}户主`,
      sex: 'M',
      birth_date: '1960-01-01',
      household_id: household.id,
      village_code: village,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  persons.set(no, person.id);
  await db
    .insertInto('person_category')
    .values({
      county_code: '130321',
      person_id: person.id,
      category: category as 'poor_registered',
      valid_from: '2016-01-01',
      valid_to: validTo,
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  await insertHousehold('A', '130321100201', 'poor_registered');
  await insertHousehold('B', '130321100201', 'monitored');
  await insertHousehold('C', '130321100202', 'poverty_exited');
  await insertHousehold('D', '130321100202', 'poor_registered', '2025-12-31');
  await insertHousehold('E', '130321101201', 'poor_registered');
  await insertHousehold('F', '130321101201', 'poor_registered');
  county = await t.login('county');
  township = await t.login('township');
  doctor = await t.login('doctor');
});
afterAll(async () => {
  await t.close();
});

const post = (session: Session, url: string, payload: unknown) =>
  t.as(session, { method: 'POST', url, payload: payload as Record<string, unknown> });
const get = (session: Session, url: string) => t.as(session, { method: 'GET', url });

const visit = (household: string, over: Record<string, unknown> = {}) => ({
  campaignId,
  householdId: households.get(household),
  visitedOn: '2026-03-10',
  visitorName: '张院长',
  visitorRole: 'health_centre_head',
  contact: 'met',
  findings: '户主高血压，按时服药',
  needs: ['medicine'],
  actions: '村医每月随访',
  ...over,
});

describe('campaigns', () => {
  it('validates and creates a county campaign, audited', async () => {
    const wrong = await post(county, '/api/v1/support/campaigns', {
      name: '春季大走访',
      regionCode: '130321',
      startOn: '2026-06-30',
      endOn: '2026-03-01',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toBe('结束日期2026-03-01早于开始日期2026-06-30');
    const village = await post(county, '/api/v1/support/campaigns', {
      name: '春季大走访',
      regionCode: '130321100201',
      startOn: '2026-03-01',
      endOn: '2026-06-30',
    });
    expect(village.json().error.message).toBe('活动区域应为县（市、区）或乡镇');
    const outside = await post(township, '/api/v1/support/campaigns', {
      name: '春季大走访',
      regionCode: '130321',
      startOn: '2026-03-01',
      endOn: '2026-06-30',
    });
    expect(outside.statusCode).toBe(403);

    const created = await post(county, '/api/v1/support/campaigns', {
      name: '2026年春季健康扶贫大走访',
      regionCode: '130321',
      startOn: '2026-03-01',
      endOn: '2026-06-30',
      description: '不漏一户、不落一人',
    });
    expect(created.statusCode, created.body).toBe(201);
    campaignId = created.json().id;
    expect(created.json()).toMatchObject({
      regionName: '青龙满族自治县',
      phase: 'ended',
      scopeDate: '2026-06-30',
      coverage: { inScope: 5, visited: 0, unvisited: 5, display: '0.00%' },
      canManage: true,
    });
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'support.campaign_created')
      .execute();
    expect(audit).toHaveLength(1);
  });
});

describe('visits, surveys and kits', () => {
  it('records a visit with its survey and kit in one go', async () => {
    const response = await post(
      township,
      '/api/v1/support/visits',
      visit('A', {
        respondentPersonId: persons.get('A'),
        survey: { respondentPersonId: persons.get('A'), respondentName: 'A户主', answers: ALL_CORRECT },
        kit: {
          kind: 'new',
          kitCount: 1,
          value: '180',
          contents: ['感冒药', '体温计'],
          recipientName: 'A户主',
        },
      }),
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      householdNo: 'A',
      townshipName: '青龙镇',
      respondentName: 'A户主',
      needLabels: ['慢病用药'],
      survey: { asked: 8, correct: 8, isAware: true },
    });
    const actions = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'support.%')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'support.campaign_created',
      'support.visit_created',
      'support.survey_recorded',
      'support.kit_distributed',
    ]);
  });

  it.each([
    [
      { visitedOn: '2026-07-01' },
      '走访日期2026-07-01不在活动“2026年春季健康扶贫大走访”期间（2026-03-01至2026-06-30）',
    ],
    [
      {
        contact: 'not_home',
        findings: null,
        needs: [],
        actions: null,
        survey: { respondentName: 'x', answers: ALL_CORRECT },
      },
      '家中无人时不能登记政策知晓调查',
    ],
    [
      { survey: { respondentName: 'C户主', answers: { deposit: 'b' } } },
      '政策知晓调查至少应回答5道题，实际回答1道（未问的题目不填）',
    ],
    [
      { survey: { respondentName: 'C户主', answers: { ...ALL_CORRECT, deposit: 'z' } } },
      '第1题（先诊疗后付费）的答案“z”不是可选项',
    ],
    [
      { kit: { kind: 'new', kitCount: 1, value: '18.005', contents: ['感冒药'], recipientName: 'C户主' } },
      '保健箱价值：“18.005”的小数超过两位（金额精确到分）',
    ],
    [{ respondentPersonId: 999_999 }, '受访人不是户“C”的成员'],
    [{ findings: '' }, '已入户的走访须填写走访发现（健康状况、看病就医困难等）'],
  ])('refuses %j with a Chinese message, writing nothing', async (over, message) => {
    const before = await t.database.db.selectFrom('support_visit').select('id').execute();
    const response = await post(township, '/api/v1/support/visits', visit('C', over));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain(message);
    expect(await t.database.db.selectFrom('support_visit').select('id').execute()).toHaveLength(
      before.length,
    );
  });

  it('records the other visits: B not at home, C met with a survey, E by the county', async () => {
    const b = await post(
      doctor,
      '/api/v1/support/visits',
      visit('B', {
        contact: 'not_home',
        findings: null,
        needs: [],
        actions: null,
        visitorRole: 'village_doctor',
      }),
    );
    expect(b.statusCode, b.body).toBe(201);
    const c = await post(
      township,
      '/api/v1/support/visits',
      visit('C', { survey: { respondentName: 'C户主', answers: FIVE_OF_EIGHT } }),
    );
    expect(c.json()).toMatchObject({ survey: { asked: 8, correct: 5, isAware: false } });
    const e = await post(county, '/api/v1/support/visits', visit('E', { needs: ['insurance', 'medical'] }));
    expect(e.statusCode, e.body).toBe(201);
  });

  it('records kits outside visits and counts refills apart', async () => {
    const kit = await post(township, '/api/v1/support/kits', {
      householdId: households.get('C'),
      distributedOn: '2026-04-10',
      kind: 'new',
      kitCount: 2,
      value: '360.00',
      contents: ['感冒药', '退烧药', '创可贴'],
      recipientName: 'C户主',
    });
    expect(kit.statusCode, kit.body).toBe(201);
    expect(kit.json()).toMatchObject({ valueFen: 36_000, kindLabel: '新发放' });
    const refill = await post(township, '/api/v1/support/kits', {
      householdId: households.get('A'),
      distributedOn: '2026-09-10',
      kind: 'refill',
      kitCount: 1,
      value: '60',
      contents: ['感冒药'],
      recipientName: 'A户主',
    });
    expect(refill.statusCode).toBe(201);
    const list = await get(township, '/api/v1/support/kits?kind=new');
    expect(list.json()).toMatchObject({ total: 2, kits: 3 });
  });

  it('keeps a township user to his township', async () => {
    const e = await post(township, '/api/v1/support/visits', visit('E'));
    expect(e.statusCode).toBe(404);
    const countyVisits = await get(county, '/api/v1/support/visits?q=E');
    const eVisit = countyVisits.json<{ items: { id: number }[] }>().items[0];
    expect((await get(township, `/api/v1/support/visits/${eVisit?.id}`)).statusCode).toBe(404);
    expect((await get(township, '/api/v1/support/visits?region=130321101')).statusCode).toBe(403);
    expect((await get(township, `/api/v1/households/${households.get('E')}/support`)).statusCode).toBe(404);
    const own = await get(township, '/api/v1/support/visits');
    expect(
      own
        .json<{ items: { householdNo: string }[] }>()
        .items.map((i) => i.householdNo)
        .sort(),
    ).toEqual(['A', 'B', 'C']);
    const viewer = await t.login('viewer');
    expect((await get(viewer, '/api/v1/support/visits')).statusCode).toBe(403);
  });
});

describe('coverage, awareness and kit figures', () => {
  const PERIOD = 'region=130321&from=2026-01-01&to=2026-11-30';

  it('shows the campaign coverage by township, for the county and for the township', async () => {
    const detail = await get(county, `/api/v1/support/campaigns/${campaignId}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const body = detail.json<{
      coverage: { inScope: number; visited: number; notHome: number; unvisited: number; display: string };
      children: { code: string; coverage: { visited: number; inScope: number; display: string } }[];
      needs: { code: string; households: number }[];
      kits: { kits: number; valueFen: number };
      surveys: { surveyed: number; aware: number; display: string };
    }>();
    expect(body.coverage).toEqual({
      inScope: 5,
      visited: 3,
      notHome: 1,
      unvisited: 1,
      rateBp: 6000,
      display: '60.00%',
    });
    const byCode = new Map(body.children.map((c) => [c.code, c.coverage]));
    expect(byCode.get('130321100000')).toMatchObject({ visited: 2, inScope: 3, display: '66.67%' });
    expect(byCode.get('130321101000')).toMatchObject({ visited: 1, inScope: 2, display: '50.00%' });
    expect(body.needs.find((n) => n.code === 'medicine')?.households).toBe(2);
    expect(body.kits).toEqual({ records: 1, kits: 1, valueFen: 18_000 });
    expect(body.surveys).toMatchObject({ surveyed: 2, aware: 1, display: '50.00%' });

    const mine = await get(township, '/api/v1/support/campaigns');
    expect(mine.json<{ coverage: { inScope: number; visited: number } }[]>()[0]?.coverage).toMatchObject({
      inScope: 3,
      visited: 2,
    });
    const unvisited = await get(
      county,
      `/api/v1/support/campaigns/${campaignId}/households?status=unvisited`,
    );
    expect(unvisited.json<{ items: { householdNo: string }[] }>().items.map((i) => i.householdNo)).toEqual([
      'F',
    ]);
    const notHome = await get(county, `/api/v1/support/campaigns/${campaignId}/households?status=not_home`);
    expect(notHome.json<{ items: { householdNo: string; lastVisitorName: string }[] }>().items).toEqual([
      expect.objectContaining({ householdNo: 'B', lastVisitorName: '张院长' }),
    ]);
  });

  it.each([
    ['visit_coverage_rate', 3, 5, '60.00%'],
    ['policy_awareness_rate', 1, 2, '50.00%'],
    ['health_kits_distributed', 3, null, '3'],
  ])('%s for the county = %i / %s (%s), and the county equals the sum of its townships', async (code, n, d, display) => {
    const response = await get(county, `/api/v1/indicators/${code}?${PERIOD}&children=true`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{
      isAvailable: boolean;
      value: { numerator: number; denominator: number | null; display: string };
      children: { value: { numerator: number; denominator: number | null } }[];
    }>();
    expect(body.isAvailable).toBe(true);
    expect(body.value).toMatchObject({ numerator: n, denominator: d, display });
    const sum = (part: 'numerator' | 'denominator') =>
      body.children.reduce((total, c) => total + (c.value[part] ?? 0), 0);
    expect(sum('numerator')).toBe(n);
    if (d !== null) {
      expect(sum('denominator')).toBe(d);
    }
  });

  it('lists the households behind the coverage and refuses other townships', async () => {
    const members = await get(
      township,
      '/api/v1/indicators/visit_coverage_rate/members?from=2026-01-01&to=2026-11-30&part=denominator',
    );
    expect(members.json<{ items: { householdNo: string }[] }>().items.map((i) => i.householdNo)).toEqual([
      'A',
      'B',
      'C',
    ]);
    const other = await get(
      township,
      '/api/v1/indicators/visit_coverage_rate/members?region=130321101&from=2026-01-01&to=2026-11-30',
    );
    expect(other.statusCode).toBe(403);
  });

  it('breaks the awareness rate down by question', async () => {
    const response = await get(county, `/api/v1/support/surveys/summary?${PERIOD}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{
      display: string;
      perQuestion: { code: string; asked: number; correct: number; rateBp: number | null }[];
    }>();
    expect(body.display).toBe('50.00%');
    expect(body.perQuestion.find((q) => q.code === 'deposit')).toMatchObject({
      asked: 2,
      correct: 1,
      rateBp: 5000,
    });
    expect(body.perQuestion.find((q) => q.code === 'hardship')).toMatchObject({
      asked: 2,
      correct: 2,
      rateBp: 10_000,
    });
  });

  it('shows a household tab and exports the visits, audited', async () => {
    const tab = await get(township, `/api/v1/households/${households.get('A')}/support`);
    expect(tab.json<{ visits: unknown[]; kits: { kindLabel: string }[] }>()).toMatchObject({
      visits: [expect.objectContaining({ householdNo: 'A' })],
      kits: [
        expect.objectContaining({ kindLabel: '补充/更换药品' }),
        expect.objectContaining({ kindLabel: '新发放' }),
      ],
    });
    const xlsx = await get(county, `/api/v1/support/visits/export?campaignId=${campaignId}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'support.visits_exported')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('voids a visit: its survey and kit no longer count', async () => {
    const list = await get(township, '/api/v1/support/visits?q=A');
    const aVisit = list.json<{ items: { id: number }[] }>().items[0];
    const voided = await post(township, `/api/v1/support/visits/${aVisit?.id}/void`, { reason: '录错户' });
    expect(voided.json()).toMatchObject({ isVoided: true });
    const coverage = await get(county, `/api/v1/indicators/visit_coverage_rate?${PERIOD}`);
    expect(coverage.json().value).toMatchObject({ numerator: 2, denominator: 5 });
    const awareness = await get(county, `/api/v1/indicators/policy_awareness_rate?${PERIOD}`);
    expect(awareness.json().value).toMatchObject({ numerator: 0, denominator: 1 });
    const kits = await get(county, `/api/v1/indicators/health_kits_distributed?${PERIOD}`);
    expect(kits.json().value).toMatchObject({ numerator: 2 });
  });
});
