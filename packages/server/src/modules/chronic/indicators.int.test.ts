import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import {
  addCategory,
  diabetesVisit,
  hypertensionVisit,
  insertPerson,
  mentalVisit,
  type Setup,
  setupTeamsAndPackages,
  VILLAGE_DOCTOR,
  VILLAGE_SAME_TOWNSHIP,
} from './chronic-test-fixtures.ts';
import { computeIndicatorParts } from './indicators.service.ts';
import { countSigningByGroup } from './signing.repository.ts';

/**
 * A small fixture whose indicators were computed by hand (period 2026-01-01 – 2026-12-31):
 * - 安甲 (village 201) hypertension: 4 clinic visits, one a quarter, last 125/75, checkup 09-10
 *   → 规范管理, controlled. Contract 2025-07-01–2026-06-30 renewed to 2026-07-01–2027-06-30.
 * - 包乙 (201) hypertension: 4 visits, last 150/95, no checkup → not 规范, not controlled.
 *   Contract 2026 cancelled on 03-01 (in force 59 days: 1 follow-up due, 1 delivered on 02-10).
 * - 常丙 (202) hypertension: clinic 03-01 135/85, phone 06-01 without BP → not 规范; controlled (latest reading).
 * - 丁丁 (201) diabetes: 4 visits, last glucose 7.0, checkup → 规范, not controlled.
 * - 鄂戊 (201) severe mental disorder: 3 visits and a checkup → not 规范.
 * - 范己 (201) poor, not enrolled: contract 2026 without any service delivered.
 * 管理人数 5; 规范管理率 2/4 (安甲, 丁丁); 血压控制率 2/3 (安甲, 常丙); 血糖控制率 0/1; 严重精神障碍 0/1;
 * 签约率 3/6 (安甲, 包乙, 范己 of the five patients and one poor person); 续签率 1/2 (安甲's first contract
 * renewed; 范己's ends 12-31 unrenewed); 履约率 3/4 (安甲 ×2 fulfilled pro rata, 包乙 fulfilled, 范己 not).
 * 签约率（脱贫/监测人口） 1/1 (范己); 签约率（重点慢病患者） 2/5 (安甲, 包乙).
 * 随访完成率 on 12-31: 1/5 — 安甲's 10-15 visit (125/75, satisfactory) is due 2027-01-15; 包乙 (150/95 at 66:
 * unsatisfactory, due 10-29), 常丙 (phone 06-01, due 09-01), 丁丁 (7.0, due 10-29) and 鄂戊 (stable 08-10,
 * due 11-10) are overdue.
 */
let t: TestApp;
let county: Session;
let doctor: Session;
const P: Record<string, number> = {};
const PERIOD = 'from=2026-01-01&to=2026-12-31';
const QUARTERS = ['2026-02-10', '2026-05-10', '2026-08-10', '2026-10-15'];
let setup: Setup;

type Indicator = { code: string; numerator: number; denominator: number | null; rateBp: number | null };

beforeAll(async () => {
  t = await createTestApp();
  county = await t.login('county');
  doctor = await t.login('doctor');
  setup = await setupTeamsAndPackages(t, county);
  const pkg = await t.as(county, {
    method: 'POST',
    url: '/api/v1/chronic/packages',
    payload: {
      name: '高血压基础包',
      kind: 'basic',
      items: [
        {
          name: '高血压随访',
          serviceCode: 'followup_hypertension',
          countPerYear: 4,
          priceFen: 0,
          subsidyFen: 0,
          payer: 'public_health',
        },
        {
          name: '健康体检',
          serviceCode: 'health_check',
          countPerYear: 1,
          priceFen: 0,
          subsidyFen: 0,
          payer: 'public_health',
        },
      ],
    },
  });
  const packageId = pkg.json<{ id: number }>().id;
  const db = t.database.db;
  for (const [key, name, village] of [
    ['A', '安甲', VILLAGE_DOCTOR],
    ['B', '包乙', VILLAGE_DOCTOR],
    ['C', '常丙', VILLAGE_SAME_TOWNSHIP],
    ['D', '丁丁', VILLAGE_DOCTOR],
    ['E', '鄂戊', VILLAGE_DOCTOR],
    ['F', '范己', VILLAGE_DOCTOR],
  ] as const) {
    P[key] = await insertPerson(db, { name, village, birthDate: '1960-01-01' });
  }
  await addCategory(db, P.F as number, 'poor_registered');

  const sign = async (personId: number | undefined, startDate: string, endDate: string) => {
    const res = await t.as(county, {
      method: 'POST',
      url: '/api/v1/chronic/contracts',
      payload: { personId, teamId: setup.teamA, packageIds: [packageId], startDate, endDate },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: number }[]>()[0]?.id as number;
  };
  const a1 = await sign(P.A, '2025-07-01', '2026-06-30');
  const renew = await t.as(county, {
    method: 'POST',
    url: `/api/v1/chronic/contracts/${a1}/renew`,
    payload: {},
  });
  expect(renew.statusCode).toBe(201);
  const b = await sign(P.B, '2026-01-01', '2026-12-31');
  await sign(P.F, '2026-01-01', '2026-12-31');

  const visit = async (personId: number | undefined, body: Record<string, unknown>) => {
    const res = await t.as(county, {
      method: 'POST',
      url: `/api/v1/chronic/persons/${personId}/visits/${String(body.disease)}`,
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
  };
  const checkup = async (personId: number | undefined) => {
    const res = await t.as(county, {
      method: 'POST',
      url: '/api/v1/chronic/checkups',
      payload: { personId, checkDate: '2026-09-10', results: {}, doctorName: '李医生' },
    });
    expect(res.statusCode, res.body).toBe(201);
  };
  const lastBp = { A: [125, 75], B: [150, 95] } as const;
  for (const key of ['A', 'B'] as const) {
    for (const [i, visitDate] of QUARTERS.entries()) {
      const [systolic, diastolic] = i === 3 ? lastBp[key] : [130, 80];
      await visit(P[key], hypertensionVisit({ visitDate, systolic, diastolic }));
    }
  }
  await checkup(P.A);
  await visit(P.C, hypertensionVisit({ visitDate: '2026-03-01', systolic: 135, diastolic: 85 }));
  await visit(
    P.C,
    hypertensionVisit({
      visitDate: '2026-06-01',
      method: 'phone',
      systolic: undefined,
      diastolic: undefined,
    }),
  );
  for (const [i, visitDate] of QUARTERS.entries()) {
    await visit(P.D, diabetesVisit({ visitDate, fastingGlucoseTenths: i === 3 ? 70 : 65 }));
  }
  await checkup(P.D);
  for (const visitDate of QUARTERS.slice(0, 3)) {
    await visit(P.E, mentalVisit({ visitDate }));
  }
  await checkup(P.E);
  const cancel = await t.as(county, {
    method: 'POST',
    url: `/api/v1/chronic/contracts/${b}/cancel`,
    payload: { reason: 'voluntary', cancelDate: '2026-03-01' },
  });
  expect(cancel.statusCode).toBe(200);
});

afterAll(async () => {
  await t.close();
});

const indicators = async (session: Session, query: string) => {
  const res = await t.as(session, { method: 'GET', url: `/api/v1/chronic/indicators?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return Object.fromEntries(
    res.json<{ items: Indicator[] }>().items.map((i) => [i.code, [i.numerator, i.denominator, i.rateBp]]),
  );
};

describe('indicators', () => {
  it('match the figures computed by hand for the township', async () => {
    expect(await indicators(county, `region=130321100000&${PERIOD}`)).toEqual({
      managed: [5, null, null],
      standard_management: [2, 4, 5000],
      bp_control: [2, 3, 6667],
      glucose_control: [0, 1, 0],
      mental_standard: [0, 1, 0],
      followup_timely: [1, 5, 2000],
      signing: [3, 6, 5000],
      signing_poor: [1, 1, 10000],
      signing_chronic: [2, 5, 4000],
      renewal: [1, 2, 5000],
      fulfilment: [3, 4, 7500],
    });
  });

  it('are scoped to the village doctor’s village', async () => {
    const figures = await indicators(doctor, PERIOD);
    expect(figures.managed).toEqual([4, null, null]);
    expect(figures.bp_control).toEqual([1, 2, 5000]);
    expect(figures.signing).toEqual([3, 5, 6000]);
    const refused = await t.as(doctor, {
      method: 'GET',
      url: `/api/v1/chronic/indicators?region=130321100000&${PERIOD}`,
    });
    expect(refused.statusCode).toBe(403);
  });

  it('per family-doctor team and per village doctor', async () => {
    // Team A serves both villages of the fixture: the township's figures. Team B serves another township.
    const teamA = await indicators(county, `teamId=${setup.teamA}&${PERIOD}`);
    expect(teamA).toEqual(await indicators(county, `region=130321100000&${PERIOD}`));
    const teamB = await indicators(county, `teamId=${setup.teamB}&${PERIOD}`);
    expect(teamB.managed).toEqual([0, null, null]);
    expect(teamB.bp_control).toEqual([0, 0, null]);
    // The demo doctor (village 201, on no team): 安甲, 包乙, 丁丁, 鄂戊 managed; 安甲 of 安甲/包乙 controlled.
    const doctorId = (
      await t.database.db
        .selectFrom('app_user')
        .where('username', '=', 'doctor')
        .select('id')
        .executeTakeFirstOrThrow()
    ).id;
    const perDoctor = await indicators(county, `doctorUserId=${doctorId}&${PERIOD}`);
    expect(perDoctor.managed).toEqual([4, null, null]);
    expect(perDoctor.bp_control).toEqual([1, 2, 5000]);
    expect(perDoctor).toEqual(await indicators(doctor, PERIOD));
    const members = await t.as(county, {
      method: 'GET',
      url: `/api/v1/chronic/indicators/bp_control/members?doctorUserId=${doctorId}&${PERIOD}&part=denominator`,
    });
    expect(members.json<{ items: { name: string }[] }>().items.map((m) => m.name)).toEqual(['安甲', '包乙']);
    const unknown = await t.as(county, {
      method: 'GET',
      url: `/api/v1/chronic/indicators?teamId=999999&${PERIOD}`,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ error: { message: string } }>().error.message).toBe(
      '家庭医生团队不存在或不在您的管辖范围内',
    );
  });

  it('drill down to the persons of the numerator and the denominator', async () => {
    const members = async (code: string, part: string) => {
      const res = await t.as(county, {
        method: 'GET',
        url: `/api/v1/chronic/indicators/${code}/members?region=130321100000&${PERIOD}&part=${part}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: { name: string; idNumberMasked: string }[]; total: number }>();
    };
    expect((await members('bp_control', 'numerator')).items.map((m) => m.name)).toEqual(['安甲', '常丙']);
    expect((await members('bp_control', 'denominator')).items.map((m) => m.name)).toEqual([
      '安甲',
      '包乙',
      '常丙',
    ]);
    expect((await members('fulfilment', 'denominator')).total).toBe(4);
    const timely = await members('followup_timely', 'denominator');
    expect(timely.items.map((m) => [m.name, (m as { detail?: string }).detail])).toEqual([
      ['安甲', '高血压：下次随访2027-01-15'],
      ['包乙', '高血压：应于2026-10-29随访，已逾期'],
      ['丁丁', '2型糖尿病：应于2026-10-29随访，已逾期'],
      ['鄂戊', '严重精神障碍：应于2026-11-10随访，已逾期'],
      ['常丙', '高血压：应于2026-09-01随访，已逾期'],
    ]);
    expect((await members('signing', 'numerator')).items.map((m) => m.name)).toEqual([
      '安甲',
      '包乙',
      '范己',
    ]);
    const first = (await members('standard_management', 'numerator')).items[0];
    expect(first?.idNumberMasked).toMatch(/^130321\*+/);
  });

  it('a shorter period changes the figures: Q1 only', async () => {
    const q1 = await indicators(county, 'region=130321100000&from=2026-01-01&to=2026-03-31');
    // In Q1 安甲, 包乙 and 丁丁 had their quarter's visit but no checkup yet.
    expect(q1.standard_management).toEqual([0, 4, 0]);
    // 常丙's latest Q1 reading is 135/85; 安甲 130/80; 包乙 130/80.
    expect(q1.bp_control).toEqual([3, 3, 10000]);
  });

  it('refuse a period spanning two years or reversed, in Chinese', async () => {
    const span = await t.as(county, {
      method: 'GET',
      url: '/api/v1/chronic/indicators?from=2025-12-01&to=2026-01-31',
    });
    expect(span.statusCode).toBe(400);
    expect(span.json<{ error: { message: string } }>().error.message).toBe(
      '统计期间必须在同一年度内（规范管理按年度计算）',
    );
    const reversed = await t.as(county, {
      method: 'GET',
      url: '/api/v1/chronic/indicators?from=2026-03-01&to=2026-01-31',
    });
    expect(reversed.json<{ error: { message: string } }>().error.message).toBe(
      '统计结束日期不能早于开始日期',
    );
    const viewer = await t.login('viewer');
    const city = await t.as(viewer, { method: 'GET', url: `/api/v1/chronic/indicators?${PERIOD}` });
    expect(city.statusCode).toBe(200);
    const drill = await t.as(viewer, {
      method: 'GET',
      url: `/api/v1/chronic/indicators/managed/members?${PERIOD}&part=numerator`,
    });
    expect(drill.statusCode).toBe(403);
  });
});

describe('the indicator catalogue', () => {
  it.each([
    ['contract_rate', 3, 6, '50.00%'],
    ['bp_control_rate', 2, 3, '66.67%'],
    ['fulfilment_rate', 3, 4, '75.00%'],
    ['renewal_rate', 1, 2, '50.00%'],
    ['standard_management_rate', 2, 4, '50.00%'],
    ['chronic_managed_persons', 5, null, '5'],
  ])('serves %s with the same figures as the chronic page', async (code, numerator, denominator, display) => {
    const res = await t.as(county, {
      method: 'GET',
      url: `/api/v1/indicators/${code}?region=130321100000&${PERIOD}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ isAvailable: true, value: { numerator, denominator, display } });
  });

  it('counts 签约率 in SQL as the in-memory signing part does, per village', async () => {
    const scope = {
      villagePrefix: '130321100',
      countyCode: '130321',
      institutionCode: null,
      villageCodes: null,
    };
    for (const [from, to] of [
      ['2026-01-01', '2026-12-31'],
      ['2026-01-01', '2026-03-31'],
      ['2026-03-01', '2026-03-01'],
      ['2026-07-01', '2026-12-31'],
    ] as const) {
      const { signing } = await computeIndicatorParts(
        t.database.db,
        { regionCode: '130321100000', scope },
        from,
        to,
      );
      const count = (members: { villageCode: string }[], village: string) =>
        members.filter((m) => m.villageCode === village).length;
      const expected = [VILLAGE_DOCTOR, VILLAGE_SAME_TOWNSHIP]
        .map((v) => ({
          groupKey: v,
          signed: count(signing.numerator, v),
          keyPersons: count(signing.denominator ?? [], v),
        }))
        .filter((g) => g.keyPersons > 0);
      expect(await countSigningByGroup(t.database.db, scope, { from, to }, 12)).toEqual(expected);
    }
  });

  it('lists the persons behind a catalogue figure', async () => {
    const res = await t.as(county, {
      method: 'GET',
      url: `/api/v1/indicators/bp_control_rate/members?region=130321100000&${PERIOD}&part=denominator`,
    });
    expect(res.json<{ total: number }>().total).toBe(3);
  });
});
