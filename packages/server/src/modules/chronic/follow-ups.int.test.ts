import { rankOverdue } from '@healthaid/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import {
  diabetesVisit,
  hypertensionVisit,
  insertPerson,
  mentalVisit,
  tuberculosisVisit,
  VILLAGE_DOCTOR,
  VILLAGE_OTHER_TOWNSHIP,
  VILLAGE_SAME_TOWNSHIP,
} from './chronic-test-fixtures.ts';

let t: TestApp;
let county: Session;
let township: Session;
let doctor: Session;

type VisitResult = {
  id: number;
  enrolmentId: number;
  classification: string;
  classificationLabel: string;
  isRedAlert: boolean;
  referralTriggers: { code: string; label: string }[];
  shouldRefer: boolean;
  nextDueDate: string | null;
  nextReason: string | null;
  isFirstVisitLate: boolean | null;
};
type OverdueItem = {
  name: string;
  daysOverdue: number;
  isHighRisk: boolean;
  isDueToday: boolean;
  enrolmentId: number;
};
type ErrorBody = { error: { code: string; message: string; details?: { field: string; message: string }[] } };

beforeAll(async () => {
  t = await createTestApp();
  county = await t.login('county');
  township = await t.login('township');
  doctor = await t.login('doctor');
});

afterAll(async () => {
  await t.close();
});

const postVisit = (session: Session, personId: number, body: Record<string, unknown>) =>
  t.as(session, {
    method: 'POST',
    url: `/api/v1/chronic/persons/${personId}/visits/${String(body.disease)}`,
    payload: body,
  });

describe('validation', () => {
  let personId: number;
  beforeAll(async () => {
    personId = await insertPerson(t.database.db, { name: '校验甲', village: VILLAGE_DOCTOR });
  });

  it.each([
    [{ systolic: 301 }, 'systolic', '收缩压应在60–300 mmHg之间'],
    [{ systolic: 59 }, 'systolic', '收缩压应在60–300 mmHg之间'],
    [{ systolic: undefined }, 'systolic', '门诊/家庭随访必须填写收缩压'],
    [{ diastolic: 140, systolic: 130 }, 'diastolic', '舒张压必须低于收缩压'],
    [{ method: 'fax' }, 'method', '随访方式只能是门诊/家庭/电话'],
    [{ visitDate: '2026-02-30' }, 'visitDate', '随访日期必须是有效日期（YYYY-MM-DD）'],
  ])('hypertension %j → %s: %s', async (override, field, message) => {
    const res = await postVisit(doctor, personId, hypertensionVisit(override));
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorBody>();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details).toContainEqual({ field, message });
    expect(body.error.message).toContain(message);
  });

  it('diabetes glucose and mental danger grade ranges', async () => {
    const glucose = await postVisit(doctor, personId, diabetesVisit({ fastingGlucoseTenths: 334 }));
    expect(glucose.json<ErrorBody>().error.details).toContainEqual({
      field: 'fastingGlucoseTenths',
      message: '空腹血糖应在1.0–33.3 mmol/L之间',
    });
    const grade = await postVisit(doctor, personId, mentalVisit({ dangerGrade: 6 }));
    expect(grade.json<ErrorBody>().error.details).toContainEqual({
      field: 'dangerGrade',
      message: '危险性评估应在0–5 级之间',
    });
  });

  it('a person outside the scope cannot be visited; a township user cannot post for another township', async () => {
    const other = await insertPerson(t.database.db, { name: '外乡人', village: VILLAGE_OTHER_TOWNSHIP });
    expect((await postVisit(doctor, other, hypertensionVisit())).statusCode).toBe(404);
    expect((await postVisit(township, other, hypertensionVisit())).statusCode).toBe(404);
    expect((await postVisit(county, other, hypertensionVisit())).statusCode).toBe(201);
  });
});

describe('classification and next due date are computed and stored', () => {
  it.each([
    ['1970-01-01', 139, 89, 'satisfactory', '2026-06-01', false],
    ['1970-01-01', 140, 89, 'unsatisfactory', '2026-03-15', false],
    ['1970-01-01', 139, 90, 'unsatisfactory', '2026-03-15', false],
    ['1961-03-01', 149, 89, 'satisfactory', '2026-06-01', false],
    ['1961-03-02', 149, 89, 'unsatisfactory', '2026-03-15', false],
    ['1970-01-01', 179, 109, 'unsatisfactory', '2026-03-15', false],
    ['1970-01-01', 180, 100, 'unsatisfactory', '2026-03-15', true],
    ['1970-01-01', 170, 110, 'unsatisfactory', '2026-03-15', true],
  ])('born %s, BP %i/%i → %s, due %s, red alert %s', async (birthDate, systolic, diastolic, cls, due, isRed) => {
    const personId = await insertPerson(t.database.db, { name: '分类', village: VILLAGE_DOCTOR, birthDate });
    const res = await postVisit(doctor, personId, hypertensionVisit({ systolic, diastolic }));
    expect(res.statusCode, res.body).toBe(201);
    const visit = res.json<VisitResult>();
    expect([visit.classification, visit.nextDueDate, visit.isRedAlert, visit.shouldRefer]).toEqual([
      cls,
      due,
      isRed,
      isRed,
    ]);
    const row = await t.database.db
      .selectFrom('fu_visit')
      .where('id', '=', visit.id)
      .select(['classification', 'next_due_date', 'is_red_alert', 'systolic'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ classification: cls, next_due_date: due, is_red_alert: isRed, systolic });
    const enrolment = await t.database.db
      .selectFrom('fu_enrolment')
      .where('id', '=', visit.enrolmentId)
      .select('next_due_date')
      .executeTakeFirstOrThrow();
    expect(enrolment.next_due_date).toBe(due);
  });

  it('two unsatisfactory visits in a row mean referral', async () => {
    const personId = await insertPerson(t.database.db, {
      name: '连续',
      village: VILLAGE_DOCTOR,
      birthDate: '1970-01-01',
    });
    await postVisit(
      doctor,
      personId,
      hypertensionVisit({ visitDate: '2026-03-01', systolic: 150, diastolic: 95 }),
    );
    const second = await postVisit(
      doctor,
      personId,
      hypertensionVisit({ visitDate: '2026-03-14', systolic: 152, diastolic: 96 }),
    );
    expect(second.json<VisitResult>()).toMatchObject({
      classification: 'unsatisfactory',
      nextReason: 'consecutive_uncontrolled',
      shouldRefer: true,
      nextDueDate: '2026-03-28',
    });
  });

  it.each([
    [69, 'satisfactory', false],
    [70, 'unsatisfactory', false],
    [166, 'unsatisfactory', false],
    [167, 'unsatisfactory', true],
    [40, 'satisfactory', false],
    [39, 'satisfactory', true],
  ])('diabetes glucose %i tenths → %s, red alert %s', async (glucose, cls, isRed) => {
    const personId = await insertPerson(t.database.db, { name: '血糖', village: VILLAGE_DOCTOR });
    const visit = (
      await postVisit(doctor, personId, diabetesVisit({ fastingGlucoseTenths: glucose }))
    ).json<VisitResult>();
    expect([visit.classification, visit.isRedAlert]).toEqual([cls, isRed]);
  });

  it.each([
    [0, 'stable', '2026-06-01', false],
    [2, 'basically_stable', '2026-03-15', false],
    [3, 'unstable', '2026-03-15', true],
  ])('mental danger grade %i → %s', async (grade, cls, due, refer) => {
    const personId = await insertPerson(t.database.db, { name: '精神', village: VILLAGE_DOCTOR });
    const visit = (
      await postVisit(doctor, personId, mentalVisit({ dangerGrade: grade }))
    ).json<VisitResult>();
    expect([visit.classification, visit.nextDueDate, visit.shouldRefer]).toEqual([cls, due, refer]);
  });

  it('tuberculosis: first home visit within 72 hours of notification', async () => {
    const onTime = await insertPerson(t.database.db, { name: '结核甲', village: VILLAGE_DOCTOR });
    const late = await insertPerson(t.database.db, { name: '结核乙', village: VILLAGE_DOCTOR });
    for (const personId of [onTime, late]) {
      const enrol = await t.as(doctor, {
        method: 'POST',
        url: '/api/v1/chronic/enrolments',
        payload: { personId, disease: 'tuberculosis', managedFrom: '2026-02-25', notifiedOn: '2026-02-25' },
      });
      expect(enrol.json<{ nextDueDate: string }>().nextDueDate).toBe('2026-02-28');
    }
    const a = (
      await postVisit(doctor, onTime, tuberculosisVisit({ visitDate: '2026-02-28' }))
    ).json<VisitResult>();
    const b = (
      await postVisit(doctor, late, tuberculosisVisit({ visitDate: '2026-03-01' }))
    ).json<VisitResult>();
    expect([a.isFirstVisitLate, b.isFirstVisitLate]).toEqual([false, true]);
    expect(a.nextDueDate).toBe('2026-03-10');
    const missing = await t.as(doctor, {
      method: 'POST',
      url: '/api/v1/chronic/enrolments',
      payload: { personId: onTime, disease: 'diabetes', managedFrom: '2026-02-25' },
    });
    expect(missing.statusCode).toBe(201);
  });

  it('an outcome of 终止管理 ends the management', async () => {
    const personId = await insertPerson(t.database.db, { name: '终止', village: VILLAGE_DOCTOR });
    const visit = await postVisit(
      doctor,
      personId,
      hypertensionVisit({ outcome: 'ended', endReason: 'moved' }),
    );
    expect(visit.json<VisitResult>().nextDueDate).toBeNull();
    const again = await postVisit(doctor, personId, hypertensionVisit({ visitDate: '2026-04-01' }));
    expect(again.statusCode).toBe(409);
    expect(again.json<ErrorBody>().error.message).toContain('管理已于2026-03-01终止');
  });
});

describe('overdue list', () => {
  const ids: Record<string, number> = {};
  const AS_OF = '2026-09-01';

  beforeAll(async () => {
    // A fresh village keeps this list independent of the other tests.
    const db = t.database.db;
    const add = async (
      name: string,
      village: string,
      visit: Record<string, unknown>,
      extra: Record<string, unknown> = {},
    ) => {
      const personId = await insertPerson(db, { name, village, birthDate: '1960-01-01' });
      if (extra.stroke) {
        await t.as(county, {
          method: 'POST',
          url: '/api/v1/chronic/enrolments',
          payload: {
            personId,
            disease: 'hypertension',
            managedFrom: '2026-01-01',
            hasStrokeOrHeartAttack: true,
          },
        });
      }
      const res = await postVisit(county, personId, hypertensionVisit(visit));
      ids[name] = res.json<VisitResult>().enrolmentId;
    };
    // Satisfactory on 2026-04-01 → due 2026-07-01 → 62 days overdue on 09-01.
    await add('甲低危久', VILLAGE_SAME_TOWNSHIP, { visitDate: '2026-04-01', systolic: 130, diastolic: 80 });
    // Crisis BP on 2026-07-01 → due 07-15 → 48 days overdue, high risk (≥30 days) → first.
    await add('乙高危', VILLAGE_SAME_TOWNSHIP, { visitDate: '2026-07-01', systolic: 185, diastolic: 100 });
    // Stroke history and 150/95 on 08-01 → due 08-15 → 17 days overdue: high risk but < 30 days.
    await add(
      '丙卒中',
      VILLAGE_SAME_TOWNSHIP,
      { visitDate: '2026-08-01', systolic: 150, diastolic: 95 },
      { stroke: true },
    );
    // Due 2026-09-01 (satisfactory on 06-01): due today.
    await add('丁今日', VILLAGE_SAME_TOWNSHIP, { visitDate: '2026-06-01', systolic: 120, diastolic: 70 });
    // Not yet due.
    await add('戊未到', VILLAGE_SAME_TOWNSHIP, { visitDate: '2026-08-20', systolic: 120, diastolic: 70 });
    // Another township.
    await add('己外乡', VILLAGE_OTHER_TOWNSHIP, { visitDate: '2026-04-01', systolic: 120, diastolic: 70 });
  });

  const overdue = async (session: Session, asOf: string, region = VILLAGE_SAME_TOWNSHIP) => {
    const res = await t.as(session, {
      method: 'GET',
      url: `/api/v1/chronic/overdue?region=${region}&asOf=${asOf}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: OverdueItem[]; total: number }>().items;
  };

  it('sorts high-risk overdue first, then days overdue; due today last', async () => {
    const items = await overdue(township, AS_OF);
    expect(items.map((i) => [i.name, i.daysOverdue, i.isHighRisk, i.isDueToday])).toEqual([
      ['乙高危', 48, true, false],
      ['甲低危久', 62, false, false],
      ['丙卒中', 17, true, false],
      ['丁今日', 0, false, true],
    ]);
  });

  it('is scoped: the village doctor sees none of these; a township user may not ask for another township', async () => {
    const asDoctor = await t.as(doctor, { method: 'GET', url: `/api/v1/chronic/overdue?asOf=${AS_OF}` });
    expect(asDoctor.json<{ items: OverdueItem[] }>().items.map((i) => i.name)).not.toContain('甲低危久');
    const refused = await t.as(doctor, {
      method: 'GET',
      url: `/api/v1/chronic/overdue?region=${VILLAGE_SAME_TOWNSHIP}`,
    });
    expect(refused.statusCode).toBe(403);
    const otherTownship = await t.as(township, {
      method: 'GET',
      url: '/api/v1/chronic/overdue?region=130321101000',
    });
    expect(otherTownship.statusCode).toBe(403);
    const otherNames = (await overdue(county, AS_OF, '130321101000')).map((i) => i.name);
    expect(otherNames).toContain('己外乡');
    expect(otherNames).not.toContain('甲低危久');
  });

  it('agreed to come hides 7 days; remind later hides 30 days', async () => {
    const call = (id: number, outcome: string) =>
      t.as(township, {
        method: 'POST',
        url: `/api/v1/chronic/overdue/${id}/outcomes`,
        payload: { outcome, calledOn: AS_OF },
      });
    const agreed = await call(ids.甲低危久 as number, 'agreed_to_visit');
    expect(agreed.json<{ hiddenUntil: string }>().hiddenUntil).toBe('2026-09-08');
    const later = await call(ids.乙高危 as number, 'remind_later');
    expect(later.json<{ hiddenUntil: string }>().hiddenUntil).toBe('2026-10-01');
    const names = async (asOf: string) => (await overdue(township, asOf)).map((i) => i.name);
    expect(await names('2026-09-07')).not.toContain('甲低危久');
    expect(await names('2026-09-08')).toContain('甲低危久');
    expect(await names('2026-09-30')).not.toContain('乙高危');
    expect(await names('2026-10-01')).toContain('乙高危');
  });

  it('unreachable keeps the patient listed and counts attempts; moved ends the management', async () => {
    const first = await t.as(township, {
      method: 'POST',
      url: `/api/v1/chronic/overdue/${ids.丙卒中}/outcomes`,
      payload: { outcome: 'unreachable', calledOn: AS_OF },
    });
    expect(first.json<{ unreachableAttempts: number; hiddenUntil: null }>()).toMatchObject({
      unreachableAttempts: 1,
      hiddenUntil: null,
    });
    expect((await overdue(township, AS_OF)).map((i) => i.name)).toContain('丙卒中');
    const moved = await t.as(township, {
      method: 'POST',
      url: `/api/v1/chronic/overdue/${ids.丙卒中}/outcomes`,
      payload: { outcome: 'moved', calledOn: AS_OF },
    });
    expect(moved.json<{ isManagementEnded: boolean; endReason: string }>()).toMatchObject({
      isManagementEnded: true,
      endReason: 'moved',
    });
    expect((await overdue(township, '2027-01-01')).map((i) => i.name)).not.toContain('丙卒中');
    const again = await t.as(township, {
      method: 'POST',
      url: `/api/v1/chronic/overdue/${ids.丙卒中}/outcomes`,
      payload: { outcome: 'agreed_to_visit', calledOn: AS_OF },
    });
    expect(again.statusCode).toBe(409);
    const calls = await t.database.db
      .selectFrom('fu_call')
      .where('enrolment_id', '=', ids.丙卒中 as number)
      .select('outcome')
      .execute();
    expect(calls.map((c) => c.outcome)).toEqual(['unreachable', 'moved']);
  });

  it('a visit takes the patient off the list', async () => {
    expect((await overdue(township, AS_OF)).map((i) => i.name)).toContain('丁今日');
    const enrolment = await t.database.db
      .selectFrom('fu_enrolment')
      .where('id', '=', ids.丁今日 as number)
      .select('person_id')
      .executeTakeFirstOrThrow();
    await postVisit(
      township,
      enrolment.person_id,
      hypertensionVisit({ visitDate: AS_OF, systolic: 125, diastolic: 75 }),
    );
    expect((await overdue(township, AS_OF)).map((i) => i.name)).not.toContain('丁今日');
  });

  it('keeps the risk summary fresh when visits are written outside the service (bulk loads, demo seed)', async () => {
    // A village of its own keeps the other lists of this block unchanged.
    const OWN_VILLAGE = '130321100203';
    const db = t.database.db;
    const personId = await insertPerson(db, { name: '庚直写', village: OWN_VILLAGE });
    const res = await postVisit(county, personId, hypertensionVisit({ visitDate: '2026-05-01' }));
    const enrolmentId = res.json<VisitResult>().enrolmentId;
    const summaryOf = () =>
      db
        .selectFrom('fu_enrolment')
        .where('id', '=', enrolmentId)
        .select(['is_high_risk', 'last_systolic', 'summary_version', 'summary_of_version'])
        .executeTakeFirstOrThrow();
    expect(await summaryOf()).toMatchObject({ is_high_risk: false, last_systolic: 130 });
    const visit = await db
      .selectFrom('fu_visit')
      .where('enrolment_id', '=', enrolmentId)
      .selectAll()
      .executeTakeFirstOrThrow();
    const { id: _id, created_at: _created, ...copy } = visit;
    await db
      .insertInto('fu_visit')
      .values({
        ...copy,
        form: JSON.stringify(copy.form),
        referral_triggers: JSON.stringify(copy.referral_triggers),
        visit_date: '2026-05-20',
        systolic: 186,
        diastolic: 112,
      })
      .execute();
    const stale = await summaryOf();
    expect(stale.summary_version).not.toBe(stale.summary_of_version);
    const item = (await overdue(township, '2026-12-01', OWN_VILLAGE)).find(
      (i) => i.name === '庚直写',
    ) as OverdueItem & {
      lastBp: string;
      riskReasons: string[];
    };
    expect(item).toMatchObject({
      isHighRisk: true,
      lastBp: '186/112',
      riskReasons: ['末次血压达到极高水平'],
    });
    const fresh = await summaryOf();
    expect(fresh.summary_of_version).toBe(fresh.summary_version);
    // A stroke history recorded later bumps the summary too.
    await db
      .deleteFrom('fu_visit')
      .where('enrolment_id', '=', enrolmentId)
      .where('systolic', '=', 186)
      .execute();
    await db
      .updateTable('fu_enrolment')
      .set({ has_stroke_or_mi: true })
      .where('id', '=', enrolmentId)
      .execute();
    const again = (await overdue(township, '2026-12-01', OWN_VILLAGE)).find((i) => i.name === '庚直写');
    expect(again).toMatchObject({ isHighRisk: false, lastBp: '130/80' });
    await postVisit(
      county,
      personId,
      hypertensionVisit({ visitDate: '2026-06-01', systolic: 145, diastolic: 85 }),
    );
    const stroke = (await overdue(township, '2026-12-01', OWN_VILLAGE)).find(
      (i) => i.name === '庚直写',
    ) as OverdueItem & {
      riskReasons: string[];
    };
    expect(stroke).toMatchObject({ isHighRisk: true, riskReasons: ['有脑卒中或心肌梗死史且血压未控制'] });
  });

  it('is ranked in SQL exactly as the domain ranks it, page by page', async () => {
    const village = '130321100204';
    const add = async (name: string, visit: Record<string, unknown>) => {
      const personId = await insertPerson(t.database.db, { name, village, birthDate: '1960-01-01' });
      expect((await postVisit(county, personId, hypertensionVisit(visit))).statusCode).toBe(201);
    };
    // Ties on the due date (06-15 from 06-01 + 2 weeks, 09-01 from 06-01 + 3 months) and on the name.
    for (const name of ['李强', '张伟', '张伟', '安娜']) {
      await add(name, { visitDate: '2026-06-01', systolic: 150, diastolic: 95 });
    }
    await add('王芳', { visitDate: '2026-06-01', systolic: 185, diastolic: 100 });
    await add('赵敏', { visitDate: '2026-06-01', systolic: 125, diastolic: 75 });
    // Crisis BP on 08-14 → due 08-28: high risk but only 4 days overdue (not yet ≥30).
    await add('陈静', { visitDate: '2026-08-14', systolic: 186, diastolic: 90 });
    const pages = [];
    for (const page of [1, 2, 3]) {
      const res = await t.as(township, {
        method: 'GET',
        url: `/api/v1/chronic/overdue?region=${village}&asOf=${AS_OF}&page=${page}&pageSize=3`,
      });
      const body = res.json<{
        items: (OverdueItem & { dueDate: string; personId: number })[];
        total: number;
      }>();
      expect(body.total).toBe(7);
      pages.push(...body.items);
    }
    const overduePart = pages.filter((i) => !i.isDueToday);
    const ranked = rankOverdue(
      overduePart.map((i) => ({
        id: String(i.enrolmentId).padStart(12, '0'),
        name: i.name,
        dueDate: i.dueDate,
        isHighRisk: i.isHighRisk,
      })),
      AS_OF,
    );
    expect(overduePart.map((i) => i.enrolmentId)).toEqual(ranked.map((r) => Number(r.id)));
    expect(pages.map((i) => [i.name, i.daysOverdue])).toEqual([
      ['王芳', 78],
      ['安娜', 78],
      ['张伟', 78],
      ['张伟', 78],
      ['李强', 78],
      ['陈静', 4],
      ['赵敏', 0],
    ]);
  });

  it('exports xlsx and prints HTML for the village round', async () => {
    const xlsx = await t.as(township, {
      method: 'GET',
      url: `/api/v1/chronic/overdue/export.xlsx?region=${VILLAGE_SAME_TOWNSHIP}&asOf=2026-10-01`,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain(encodeURIComponent('待随访名单-2026-10-01.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('待随访名单');
    const names = (sheet?.getColumn(1).values ?? []).slice(2);
    expect(names).toEqual(['乙高危', '甲低危久']);
    const html = await t.as(township, {
      method: 'GET',
      url: `/api/v1/chronic/overdue/print.html?region=${VILLAGE_SAME_TOWNSHIP}&asOf=2026-10-01`,
    });
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('老爷庙村村民委员会 待随访/逾期名单');
    expect(html.body).toContain('乙高危');
  });
});

describe('annual checkups', () => {
  it('flags abnormal results and opens a diagnosis verification task', async () => {
    const personId = await insertPerson(t.database.db, { name: '体检甲', village: VILLAGE_DOCTOR });
    const res = await t.as(doctor, {
      method: 'POST',
      url: '/api/v1/chronic/checkups',
      payload: {
        personId,
        checkDate: '2026-05-01',
        results: { systolic: 150, diastolic: 85, fastingGlucoseTenths: 76 },
        doctorName: '李医生',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const checkup = res.json<{
      id: number;
      abnormalFlags: { label: string; suspectedDisease: string | null }[];
    }>();
    expect(checkup.abnormalFlags.map((f) => f.label)).toEqual([
      '血压偏高（150/85 mmHg）',
      '空腹血糖偏高（7.6 mmol/L）',
    ]);
    const task = await t.as(doctor, {
      method: 'POST',
      url: `/api/v1/chronic/checkups/${checkup.id}/diagnosis-tasks`,
      payload: { suspectedDisease: '2型糖尿病', icdCode: 'e11.9', reason: '体检空腹血糖7.6 mmol/L' },
    });
    expect(task.statusCode, task.body).toBe(201);
    const created = task.json<{
      diagnosisId: number;
      status: string;
      statusLabel: string;
      personName: string;
    }>();
    expect(created).toMatchObject({ status: 'pending', statusLabel: '待核准', personName: '体检甲' });
    // The verification is the diseases module's: a pending diagnosis from the health check, verified there.
    const diagnosis = await t.database.db
      .selectFrom('diagnosis')
      .where('id', '=', created.diagnosisId)
      .select(['person_id', 'icd_code', 'source', 'diagnosed_on', 'verification_status'])
      .executeTakeFirstOrThrow();
    expect(diagnosis).toEqual({
      person_id: personId,
      icd_code: expect.stringMatching(/^E11\.9/),
      source: 'health_check',
      diagnosed_on: '2026-05-01',
      verification_status: 'pending',
    });
    const again = await t.as(doctor, {
      method: 'POST',
      url: `/api/v1/chronic/checkups/${checkup.id}/diagnosis-tasks`,
      payload: { suspectedDisease: '2型糖尿病', icdCode: 'E11.9', reason: '重复提交' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<ErrorBody>().error.message).toBe('该体检已对“2型糖尿病”发起诊断核实');
    const verify = await t.as(township, {
      method: 'POST',
      url: `/api/v1/diagnoses/${created.diagnosisId}/verify`,
      payload: { to: 'verified', reason: '复查空腹血糖7.4 mmol/L，确诊' },
    });
    expect(verify.statusCode, verify.body).toBe(200);
    const tasks = await t.as(doctor, { method: 'GET', url: '/api/v1/chronic/diagnosis-tasks' });
    expect(tasks.json<{ total: number; items: { statusLabel: string }[] }>()).toMatchObject({
      total: 1,
      items: [{ statusLabel: '已核准' }],
    });
    const abnormal = await t.as(doctor, {
      method: 'GET',
      url: '/api/v1/chronic/checkups?isAbnormalOnly=true',
    });
    expect(abnormal.json<{ items: { personName: string }[] }>().items.map((c) => c.personName)).toEqual([
      '体检甲',
    ]);
  });

  it('a normal checkup cannot open a task; out-of-range values are refused', async () => {
    const personId = await insertPerson(t.database.db, { name: '体检乙', village: VILLAGE_DOCTOR });
    const res = await t.as(doctor, {
      method: 'POST',
      url: '/api/v1/chronic/checkups',
      payload: {
        personId,
        checkDate: '2026-05-01',
        results: { systolic: 120, diastolic: 80 },
        doctorName: '李医生',
      },
    });
    const task = await t.as(doctor, {
      method: 'POST',
      url: `/api/v1/chronic/checkups/${res.json<{ id: number }>().id}/diagnosis-tasks`,
      payload: { suspectedDisease: '高血压', reason: '复查' },
    });
    expect(task.statusCode).toBe(400);
    expect(task.json<ErrorBody>().error.message).toBe('该体检没有异常结果，不能发起诊断核实');
    const bad = await t.as(doctor, {
      method: 'POST',
      url: '/api/v1/chronic/checkups',
      payload: { personId, checkDate: '2026-05-01', results: { systolic: 20 }, doctorName: '李医生' },
    });
    expect(bad.json<ErrorBody>().error.message).toContain('收缩压应在60–300 mmHg之间');
  });

  it('visits and calls are audited', async () => {
    const rows = await t.database.db
      .selectFrom('audit_event')
      .where('action', 'in', [
        'fu_visit.create',
        'fu_call.create',
        'health_checkup.create',
        'diagnosis_task.create',
      ])
      .select('action')
      .execute();
    expect(new Set(rows.map((r) => r.action)).size).toBe(4);
  });
});
