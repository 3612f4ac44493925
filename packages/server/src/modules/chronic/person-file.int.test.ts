import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import {
  hypertensionVisit,
  insertPerson,
  setupTeamsAndPackages,
  tuberculosisVisit,
  VILLAGE_DOCTOR,
  VILLAGE_OTHER_TOWNSHIP,
} from './chronic-test-fixtures.ts';

let t: TestApp;
let county: Session;
let doctor: Session;

type PersonFile = {
  person: { name: string; idNumberMasked: string; villageName: string };
  enrolments: {
    disease: string;
    isHighRisk: boolean;
    riskReasons: string[];
    lastBp: string | null;
    nextDueDate: string | null;
    tuberculosis: { firstVisitDueDate: string; firstHomeVisitDate: string; isFirstVisitLate: boolean } | null;
    calendar: {
      quarters: {
        quarter: number;
        isDue: boolean;
        faceToFaceCount: number;
        phoneCount: number;
        isDone: boolean;
      }[];
      faceToFaceCount: number;
      requiredFaceToFaceCount: number;
      hasHealthCheck: boolean;
      shortfalls: string[];
      isCompliant: boolean;
    } | null;
  }[];
  contracts: { contractNo: string; statusLabel: string }[];
  visits: { visitDate: string }[];
  checkups: { checkDate: string }[];
};

beforeAll(async () => {
  t = await createTestApp();
  county = await t.login('county');
  doctor = await t.login('doctor');
});

afterAll(async () => {
  await t.close();
});

const post = (session: Session, url: string, payload: Record<string, unknown>) =>
  t.as(session, { method: 'POST', url: `/api/v1/chronic${url}`, payload });

const fileOf = async (session: Session, personId: number, year = 2026) => {
  const res = await t.as(session, {
    method: 'GET',
    url: `/api/v1/chronic/persons/${personId}/file?year=${year}`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<PersonFile>();
};

describe('the chronic file of a resident (慢病档案)', () => {
  it('shows each management with its risk summary and the year’s compliance calendar', async () => {
    const personId = await insertPerson(t.database.db, { name: '档案甲', village: VILLAGE_DOCTOR });
    const enrol = await post(doctor, '/enrolments', {
      personId,
      disease: 'hypertension',
      managedFrom: '2025-06-01',
      hasStrokeOrHeartAttack: true,
    });
    expect(enrol.statusCode, enrol.body).toBe(201);
    for (const [visitDate, method, systolic, diastolic] of [
      ['2026-02-10', 'clinic', 130, 80],
      ['2026-05-12', 'home', 132, 82],
      ['2026-08-20', 'phone', undefined, undefined],
      ['2026-10-08', 'clinic', 146, 88],
    ] as const) {
      const res = await post(
        doctor,
        `/persons/${personId}/visits/hypertension`,
        hypertensionVisit({ visitDate, method, systolic, diastolic }),
      );
      expect(res.statusCode, res.body).toBe(201);
    }
    const file = await fileOf(doctor, personId);
    expect(file.person).toMatchObject({ name: '档案甲', villageName: '大杖子村村民委员会' });
    expect(file.person.idNumberMasked).toMatch(/^130321\*+/);
    const [hypertension] = file.enrolments;
    // 146/88 at 66 is on the elderly target (<150/90): due in 3 months; with a stroke history it is high
    // risk all the same (≥140/90).
    expect(hypertension).toMatchObject({
      disease: 'hypertension',
      isHighRisk: true,
      riskReasons: ['有脑卒中或心肌梗死史且血压未控制'],
      lastBp: '146/88',
      nextDueDate: '2027-01-08',
      tuberculosis: null,
    });
    // Q3 had only a phone visit; no checkup: not 规范管理.
    expect(hypertension?.calendar).toMatchObject({
      faceToFaceCount: 3,
      requiredFaceToFaceCount: 4,
      hasHealthCheck: false,
      shortfalls: ['面对面随访次数不足', '有季度未进行面对面随访', '未进行年度健康体检'],
      isCompliant: false,
    });
    expect(
      hypertension?.calendar?.quarters.map((q) => [q.quarter, q.faceToFaceCount, q.phoneCount, q.isDone]),
    ).toEqual([
      [1, 1, 0, true],
      [2, 1, 0, true],
      [3, 0, 1, false],
      [4, 1, 0, true],
    ]);
    expect(file.visits.map((v) => v.visitDate)).toEqual([
      '2026-10-08',
      '2026-08-20',
      '2026-05-12',
      '2026-02-10',
    ]);
    // A Q3 home visit and a checkup make the year compliant.
    await post(
      doctor,
      `/persons/${personId}/visits/hypertension`,
      hypertensionVisit({ visitDate: '2026-09-01', method: 'home' }),
    );
    const checkup = await post(doctor, '/checkups', {
      personId,
      checkDate: '2026-09-15',
      results: { systolic: 128, diastolic: 78 },
      doctorName: '李医生',
    });
    expect(checkup.statusCode, checkup.body).toBe(201);
    const after = await fileOf(doctor, personId);
    expect(after.enrolments[0]?.calendar).toMatchObject({
      shortfalls: [],
      isCompliant: true,
      hasHealthCheck: true,
    });
    expect(after.checkups.map((c) => c.checkDate)).toEqual(['2026-09-15']);
    // Another year: management started mid-2025, so 2025 is pro-rated (Q2–Q4 due).
    const year2025 = await fileOf(doctor, personId, 2025);
    expect(year2025.enrolments[0]?.calendar?.quarters.map((q) => q.isDue)).toEqual([false, true, true, true]);
  });

  it('shows the tuberculosis first home visit against its 72-hour limit', async () => {
    const personId = await insertPerson(t.database.db, { name: '档案乙', village: VILLAGE_DOCTOR });
    await post(doctor, '/enrolments', {
      personId,
      disease: 'tuberculosis',
      managedFrom: '2026-03-02',
      notifiedOn: '2026-03-02',
    });
    await post(
      doctor,
      `/persons/${personId}/visits/tuberculosis`,
      tuberculosisVisit({ visitDate: '2026-03-06', diagnosisDate: '2026-03-01' }),
    );
    const [tb] = (await fileOf(doctor, personId)).enrolments;
    expect(tb?.tuberculosis).toEqual({
      notifiedOn: '2026-03-02',
      firstVisitDueDate: '2026-03-05',
      firstHomeVisitDate: '2026-03-06',
      isFirstVisitLate: true,
    });
    expect(tb?.calendar).toBeNull();
  });

  it('lists contracts and is scoped', async () => {
    const setup = await setupTeamsAndPackages(t, county);
    const personId = await insertPerson(t.database.db, { name: '档案丙', village: VILLAGE_DOCTOR });
    const sign = await post(county, '/contracts', {
      personId,
      teamId: setup.teamA,
      packageIds: [setup.basic],
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    });
    expect(sign.statusCode, sign.body).toBe(201);
    expect((await fileOf(doctor, personId)).contracts.map((c) => c.statusLabel)).toEqual(['签约']);
    const outsider = await insertPerson(t.database.db, { name: '档案丁', village: VILLAGE_OTHER_TOWNSHIP });
    const refused = await t.as(doctor, { method: 'GET', url: `/api/v1/chronic/persons/${outsider}/file` });
    expect(refused.statusCode).toBe(404);
  });
});
