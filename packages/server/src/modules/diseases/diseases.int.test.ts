import { addDays, chinaDateOf } from '@healthaid/domain';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import type { DB } from '../../db/schema.ts';

const COUNTY = '130321';
const OWN_VILLAGE = '130321100201';
const OTHER_VILLAGE = '130321101201';
const today = chinaDateOf(new Date());

let serial = 0;
async function insertPerson(db: Kysely<DB>, name: string, village: string, birthDate: string) {
  serial += 1;
  const idNumber = `${COUNTY}${birthDate.replaceAll('-', '')}${String(900 + serial).padStart(3, '0')}X`;
  const row = await db
    .insertInto('person')
    .values({
      county_code: COUNTY,
      id_number: idNumber,
      name,
      sex: 'M',
      birth_date: birthDate,
      village_code: village,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('person_category')
    .values({ county_code: COUNTY, person_id: row.id, category: 'poor_registered', valid_from: '2016-01-01' })
    .execute();
  return row.id;
}

let t: TestApp;
let county: Session;
let township: Session;
let doctor: Session;
let viewer: Session;
let ownPerson: number;
let otherPerson: number;
const ids = { gastric: 0, hypertension: 0, free: 0, other: 0, case: 0, otherCase: 0 };

type Dx = {
  id: number;
  verificationStatus: string;
  isUncoded: boolean;
  name: string;
  icdCode: string | null;
};

const post = (s: Session, url: string, payload: unknown) =>
  t.as(s, { method: 'POST', url, payload: payload as object });
const patch = (s: Session, url: string, payload: unknown) =>
  t.as(s, { method: 'PATCH', url, payload: payload as object });
const get = (s: Session, url: string) => t.as(s, { method: 'GET', url });

async function auditCount(action: string, entityId: number) {
  const row = await t.database.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', action)
    .where('entity_id', '=', String(entityId))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  t = await createTestApp();
  [county, township, doctor, viewer] = await Promise.all([
    t.login('county'),
    t.login('township'),
    t.login('doctor'),
    t.login('viewer'),
  ]);
  ownPerson = await insertPerson(t.database.db, '王大病', OWN_VILLAGE, '1960-05-01');
  otherPerson = await insertPerson(t.database.db, '李他镇', OTHER_VILLAGE, '1970-03-02');
});
afterAll(async () => {
  await t.close();
});

describe('ICD-10 search and catalogues', () => {
  it('finds by pinyin initials, code prefix and Chinese, at most 20', async () => {
    const byInitials = (await get(doctor, '/api/v1/icd10?q=gxy')).json<{ name: string }[]>();
    expect(byInitials.some((h) => h.name.includes('高血压'))).toBe(true);
    const byCode = (await get(doctor, '/api/v1/icd10?q=C16')).json<{ code: string }[]>();
    expect(byCode.length).toBeGreaterThan(0);
    expect(byCode.every((h) => h.code.startsWith('C16'))).toBe(true);
    const byName = (await get(doctor, '/api/v1/icd10?q=癌')).json<unknown[]>();
    expect(byName.length).toBeLessThanOrEqual(20);
    expect((await get(doctor, '/api/v1/icd10?q=')).json()).toEqual([]);
  });

  it('lists the shipped published catalogue versions', async () => {
    const catalogs = (await get(viewer, '/api/v1/disease-catalogs')).json<
      { kind: string; version: string; status: string; items: unknown[] }[]
    >();
    const major = catalogs.filter((c) => c.kind === 'major' && !('regionCode' in c && c.regionCode));
    expect(major.map((c) => c.version)).toEqual(expect.arrayContaining(['2017', '2018', '2019', '2020']));
    expect(catalogs.every((c) => c.status === 'published')).toBe(true);
  });
});

describe('diagnoses', () => {
  it('registers coded and uncoded diagnoses as 待核准, audited', async () => {
    const coded = await post(township, `/api/v1/persons/${ownPerson}/diagnoses`, {
      icdCode: 'c16.9',
      diagnosedOn: '2025-03-10',
      source: 'clinic_visit',
      institution: '青龙县医院',
    });
    expect(coded.statusCode).toBe(201);
    const dx = coded.json<Dx>();
    expect(dx).toMatchObject({
      icdCode: 'C16.900',
      name: '胃恶性肿瘤',
      verificationStatus: 'pending',
      isUncoded: false,
    });
    ids.gastric = dx.id;
    expect(await auditCount('diagnosis.created', dx.id)).toBe(1);

    const hypertension = await post(township, `/api/v1/persons/${ownPerson}/diagnoses`, {
      icdCode: 'I10',
      diagnosedOn: '2019-06-01',
      source: 'health_check',
    });
    expect(hypertension.statusCode).toBe(201);
    ids.hypertension = hypertension.json<Dx>().id;

    const free = await post(township, `/api/v1/persons/${ownPerson}/diagnoses`, {
      name: '头痛待查',
      diagnosedOn: '2024-01-05',
      source: 'home_visit',
    });
    expect(free.statusCode).toBe(201);
    expect(free.json<Dx>()).toMatchObject({ isUncoded: true, icdCode: null, name: '头痛待查' });
    ids.free = free.json<Dx>().id;

    const ofPerson = (await get(doctor, `/api/v1/persons/${ownPerson}/diagnoses`)).json<Dx[]>();
    expect(ofPerson.map((d) => d.id).sort((a, b) => a - b)).toEqual([
      ids.gastric,
      ids.hypertension,
      ids.free,
    ]);
  });

  it('refuses bad input with Chinese messages', async () => {
    const bad = await post(township, `/api/v1/persons/${ownPerson}/diagnoses`, {
      icdCode: '胃癌',
      diagnosedOn: '2025-03-10',
      source: 'clinic_visit',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toContain('ICD编码“胃癌”格式无效');
    const empty = await post(township, `/api/v1/persons/${ownPerson}/diagnoses`, {
      diagnosedOn: '2025-03-10',
      source: 'clinic_visit',
    });
    expect(empty.statusCode).toBe(400);
    const future = await post(township, `/api/v1/persons/${ownPerson}/diagnoses`, {
      icdCode: 'I10',
      diagnosedOn: addDays(today, 1),
      source: 'clinic_visit',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json<{ error: { message: string } }>().error.message).toContain('晚于今天');
  });

  it('keeps township users to their township and read-only roles out', async () => {
    const countyDx = await post(county, `/api/v1/persons/${otherPerson}/diagnoses`, {
      icdCode: 'C34.900',
      diagnosedOn: '2025-01-01',
      source: 'clinic_visit',
    });
    expect(countyDx.statusCode).toBe(201);
    ids.other = countyDx.json<Dx>().id;
    const outside = await post(township, `/api/v1/persons/${otherPerson}/diagnoses`, {
      icdCode: 'I10',
      diagnosedOn: '2025-01-01',
      source: 'clinic_visit',
    });
    expect(outside.statusCode).toBe(404);
    expect((await get(township, `/api/v1/persons/${otherPerson}/diagnoses`)).statusCode).toBe(404);
    const verifyOther = await post(township, `/api/v1/diagnoses/${ids.other}/verify`, { to: '已核准' });
    expect(verifyOther.statusCode).toBe(404);
    const doctorWrite = await post(doctor, `/api/v1/persons/${ownPerson}/diagnoses`, {
      icdCode: 'I10',
      diagnosedOn: '2025-01-01',
      source: 'clinic_visit',
    });
    expect(doctorWrite.statusCode).toBe(403);
    expect((await get(viewer, '/api/v1/diagnoses')).statusCode).toBe(403);
    const list = (await get(township, '/api/v1/diagnoses')).json<{ total: number; items: Dx[] }>();
    expect(list.total).toBe(3);
    expect(list.items.every((d) => d.id !== ids.other)).toBe(true);
    const countyList = (await get(county, '/api/v1/diagnoses?pageSize=2')).json<{
      total: number;
      items: Dx[];
    }>();
    expect(countyList).toMatchObject({ total: 4, pageSize: 2 });
    expect(countyList.items).toHaveLength(2);
    expect((await get(township, '/api/v1/diagnoses?region=130321101')).statusCode).toBe(403);
  });

  it('verifies through the domain state machine, with Chinese errors and audit', async () => {
    const ok = await post(township, `/api/v1/diagnoses/${ids.gastric}/verify`, { to: '已核准' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<Dx>().verificationStatus).toBe('verified');
    expect(await auditCount('diagnosis.verification_changed', ids.gastric)).toBe(1);

    const again = await post(township, `/api/v1/diagnoses/${ids.gastric}/verify`, { to: 'verified' });
    expect(again.statusCode).toBe(400);
    expect(again.json<{ error: { message: string } }>().error.message).toContain('已是“已核准”');

    const noReason = await post(township, `/api/v1/diagnoses/${ids.free}/verify`, { to: '核准不患病' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<{ error: { message: string } }>().error.message).toContain('必须填写原因');

    const reopenByTownship = await post(township, `/api/v1/diagnoses/${ids.gastric}/verify`, {
      to: '待核准',
      reason: '复核',
    });
    expect(reopenByTownship.statusCode).toBe(403);
    const reopen = await post(county, `/api/v1/diagnoses/${ids.gastric}/verify`, {
      to: 'pending',
      reason: '申诉复核',
    });
    expect(reopen.statusCode).toBe(200);
    expect(
      (await post(county, `/api/v1/diagnoses/${ids.gastric}/verify`, { to: 'verified' })).json<Dx>()
        .verificationStatus,
    ).toBe('verified');
    expect(await auditCount('diagnosis.verification_changed', ids.gastric)).toBe(3);
    expect(
      (await post(township, `/api/v1/diagnoses/${ids.hypertension}/verify`, { to: 'verified' })).statusCode,
    ).toBe(200);
    expect(
      (await post(township, `/api/v1/diagnoses/${ids.free}/verify`, { to: 'verified' })).statusCode,
    ).toBe(200);
  });

  it('filters and exports the list as xlsx', async () => {
    const verified = (await get(county, '/api/v1/diagnoses?status=verified')).json<{ total: number }>();
    expect(verified.total).toBe(3);
    const major = (await get(county, '/api/v1/diagnoses?line=major_treatment')).json<{ items: Dx[] }>();
    expect(major.items.map((d) => d.id)).toEqual([ids.gastric]);
    const uncoded = (await get(county, '/api/v1/diagnoses?uncoded=true')).json<{ items: Dx[] }>();
    expect(uncoded.items.map((d) => d.id)).toEqual([ids.free]);

    const response = await get(township, '/api/v1/diagnoses/export');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(1).getCell(3).value).toBe('姓名');
    expect(sheet?.rowCount).toBe(4);
    expect(String(sheet?.getRow(2).getCell(4).value)).toContain('*');
    const exported = await t.database.db
      .selectFrom('audit_event')
      .select(['detail'])
      .where('action', '=', 'diagnosis.exported')
      .execute();
    expect(exported).toHaveLength(1);
  });

  it('reports 核准率 by child region', async () => {
    const rates = (await get(county, '/api/v1/diagnoses/verification-rates?region=130321')).json<{
      total: { decided: number; total: number; rateBp: number };
      children: { code: string; decided: number; total: number }[];
    }>();
    expect(rates.total).toMatchObject({ decided: 3, total: 4, rateBp: 7500 });
    expect(rates.children.find((c) => c.code === '130321100000')).toMatchObject({ decided: 3, total: 3 });
    expect(rates.children.find((c) => c.code === '130321101000')).toMatchObject({ decided: 0, total: 1 });
  });
});

describe('classification', () => {
  it('classifies verified diagnoses into the 三个一批 lines', async () => {
    const body = (await get(doctor, `/api/v1/persons/${ownPerson}/classification`)).json<{
      classifications: { diagnosisId: string; line: string; itemCode: string | null; flag: string | null }[];
      personDiseases: { personDiseaseKey: string; line: string; treatmentCaseId: number | null }[];
    }>();
    const byId = new Map(body.classifications.map((c) => [Number(c.diagnosisId), c]));
    expect(byId.get(ids.gastric)).toMatchObject({ line: 'major_treatment', itemCode: 'gastric-cancer' });
    expect(byId.get(ids.hypertension)).toMatchObject({ line: 'chronic_contract' });
    expect(byId.get(ids.free)).toMatchObject({ line: 'none', flag: 'uncoded' });
    expect(body.personDiseases.map((d) => d.personDiseaseKey)).toContain('major_treatment:gastric-cancer');
    expect((await get(township, `/api/v1/persons/${otherPerson}/classification`)).statusCode).toBe(404);
  });
});

describe('treatment ledger', () => {
  const key = 'major_treatment:gastric-cancer';
  type Case = {
    id: number;
    status: string;
    daysWaited: number;
    history: { status: string }[];
    details: Record<string, unknown>;
    designatedHospital: { code: string; name: string | null } | null;
  };

  it('opens one case per person-disease, idempotently, only for 大病集中救治', async () => {
    const openedOn = addDays(today, -10);
    const first = await post(township, '/api/v1/treatment-cases', {
      personId: ownPerson,
      personDiseaseKey: key,
      openedOn,
    });
    expect(first.statusCode).toBe(201);
    const opened = first.json<Case>();
    ids.case = opened.id;
    expect(opened).toMatchObject({ status: 'waiting', daysWaited: 10 });
    const again = await post(township, '/api/v1/treatment-cases', {
      personId: ownPerson,
      personDiseaseKey: key,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json<Case>().id).toBe(opened.id);
    expect(await auditCount('treatment_case.opened', opened.id)).toBe(1);

    const chronic = await post(township, '/api/v1/treatment-cases', {
      personId: ownPerson,
      personDiseaseKey: 'chronic_contract:hypertension',
    });
    expect(chronic.statusCode).toBe(400);
    expect(chronic.json<{ error: { message: string } }>().error.message).toContain('未纳入大病集中救治');

    // The other township's lung cancer is still 待核准: no case; once verified by the county, it opens.
    expect(
      (
        await post(county, '/api/v1/treatment-cases', {
          personId: otherPerson,
          personDiseaseKey: 'major_treatment:lung-cancer',
        })
      ).statusCode,
    ).toBe(400);
    await post(county, `/api/v1/diagnoses/${ids.other}/verify`, { to: 'verified' });
    const otherCase = await post(county, '/api/v1/treatment-cases', {
      personId: otherPerson,
      personDiseaseKey: 'major_treatment:lung-cancer',
    });
    expect(otherCase.statusCode).toBe(201);
    ids.otherCase = otherCase.json<Case>().id;
    expect(
      (
        await post(township, '/api/v1/treatment-cases', {
          personId: otherPerson,
          personDiseaseKey: 'major_treatment:lung-cancer',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('changes status through the domain machine; invalid changes get 400 with the Chinese reason', async () => {
    const url = `/api/v1/treatment-cases/${ids.case}/status`;
    const noHospital = await patch(township, url, { to: '救治中', date: today });
    expect(noHospital.statusCode).toBe(400);
    expect(noHospital.json<{ error: { message: string } }>().error.message).toContain('定点医院不能为空');

    // The 定点医院 must be a registered, active institution designated for the case's disease (四定).
    const unknownHospital = await patch(township, url, {
      to: 'treating',
      date: today,
      details: { designatedHospitalCode: '县医院' },
    });
    expect(unknownHospital.statusCode).toBe(400);
    expect(unknownHospital.json<{ error: { message: string } }>().error.message).toContain(
      '定点医院“县医院”不存在：请先在“医疗机构”中登记该机构',
    );
    const notDesignated = await patch(township, url, {
      to: 'treating',
      date: today,
      details: { designatedHospitalCode: 'H130321005' },
    });
    expect(notDesignated.statusCode).toBe(400);
    expect(notDesignated.json<{ error: { message: string } }>().error.message).toContain(
      '青龙满族自治县妇幼保健院（H130321005）不是“胃癌”的定点医院',
    );
    expect((await get(township, `/api/v1/treatment-cases/${ids.case}`)).json<Case>().status).toBe('waiting');

    const treating = await patch(township, url, {
      to: 'treating',
      date: today,
      details: {
        designatedHospitalCode: ' H130321001 ',
        costQuotaFen: 1_500_000,
        clinicalPathway: '胃癌根治术',
      },
    });
    expect(treating.statusCode).toBe(200);
    expect(treating.json<Case>()).toMatchObject({
      status: 'treating',
      daysWaited: 10,
      details: { designatedHospitalCode: 'H130321001' },
      designatedHospital: { code: 'H130321001', name: '青龙满族自治县医院' },
    });
    const listed = (await get(county, '/api/v1/treatment-cases?pageSize=100')).json<{ items: Case[] }>();
    expect(listed.items.find((c) => c.id === ids.case)).toMatchObject({
      designatedHospital: { code: 'H130321001', name: '青龙满族自治县医院' },
    });

    const back = await patch(township, url, { to: 'waiting', date: today });
    expect(back.statusCode).toBe(400);
    expect(back.json<{ error: { message: string } }>().error.message).toContain(
      '不能从“救治中”变更为“待救治”',
    );
    const noOutcome = await patch(township, url, { to: 'treated', date: today });
    expect(noOutcome.statusCode).toBe(400);
    expect(noOutcome.json<{ error: { message: string } }>().error.message).toContain('必须填写救治结果');
    const early = await patch(township, url, {
      to: 'treated',
      date: addDays(today, -20),
      outcome: 'improved',
    });
    expect(early.statusCode).toBe(400);

    const treated = await patch(township, url, { to: '已救治', date: today, outcome: 'improved' });
    expect(treated.statusCode).toBe(200);
    expect(treated.json<Case>().history.map((h) => h.status)).toEqual(['waiting', 'treating', 'treated']);
    expect(await auditCount('treatment_case.status_changed', ids.case)).toBe(2);

    const otherUrl = `/api/v1/treatment-cases/${ids.otherCase}/status`;
    expect((await patch(township, otherUrl, { to: 'dead', date: today, reason: '病故' })).statusCode).toBe(
      404,
    );
    expect((await get(township, `/api/v1/treatment-cases/${ids.otherCase}`)).statusCode).toBe(404);
    expect((await patch(doctor, url, { to: 'dead', date: today, reason: '病故' })).statusCode).toBe(403);
  });

  it('lists the ledger in scope with filters, exports it, and reports 救治率', async () => {
    const own = (await get(township, '/api/v1/treatment-cases')).json<{ total: number; items: Case[] }>();
    expect(own.total).toBe(1);
    const waiting = (await get(county, '/api/v1/treatment-cases?status=waiting')).json<{ items: Case[] }>();
    expect(waiting.items.map((c) => c.id)).toEqual([ids.otherCase]);
    const detail = (await get(county, `/api/v1/treatment-cases/${ids.case}`)).json<Case>();
    expect(detail.history).toHaveLength(3);

    const response = await get(county, '/api/v1/treatment-cases/export');
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]?.rowCount).toBe(3);

    const rates = (await get(county, '/api/v1/treatment-cases/treatment-rates?region=130321')).json<{
      total: { treated: number; base: number; rateBp: number };
      children: { code: string; treated: number; base: number }[];
      byDisease: { code: string; base: number }[];
    }>();
    expect(rates.total).toMatchObject({ treated: 1, base: 2, rateBp: 5000 });
    expect(rates.children.find((c) => c.code === '130321100000')).toMatchObject({ treated: 1, base: 1 });
    expect(rates.byDisease.map((d) => d.code).sort()).toEqual(['gastric-cancer', 'lung-cancer']);
  });
});

describe('indicator sources', () => {
  type Indicator = { value: { numerator: number; denominator: number | null; value: number | null } };
  it('supplies 核准率, 大病患者数 and 救治率 to the indicators framework', async () => {
    const verification = await get(
      county,
      `/api/v1/indicators/diagnosis_verification_rate?region=130321&to=${today}`,
    );
    expect(verification.statusCode).toBe(200);
    expect(verification.json<Indicator>().value).toMatchObject({
      numerator: 4,
      denominator: 4,
      value: 10000,
    });

    const patients = (
      await get(county, `/api/v1/indicators/major_disease_patients?region=130321&to=${today}`)
    ).json<Indicator>();
    expect(patients.value.numerator).toBe(2);
    const townshipPatients = (
      await get(township, `/api/v1/indicators/major_disease_patients?to=${today}`)
    ).json<Indicator>();
    expect(townshipPatients.value.numerator).toBe(1);

    const rate = (
      await get(county, `/api/v1/indicators/major_disease_treatment_rate?region=130321&to=${today}`)
    ).json<Indicator>();
    expect(rate.value).toMatchObject({ numerator: 1, denominator: 2, value: 5000 });
    // As of a date before treatment started, nothing was treated yet.
    const before = (
      await get(
        county,
        `/api/v1/indicators/major_disease_treatment_rate?region=130321&to=${addDays(today, -1)}`,
      )
    ).json<Indicator>();
    expect(before.value).toMatchObject({ numerator: 0, denominator: 1 });

    const members = await get(
      county,
      `/api/v1/indicators/major_disease_treatment_rate/members?region=130321&to=${today}&part=numerator`,
    );
    expect(members.statusCode).toBe(200);
    expect(members.json<{ total: number }>().total).toBe(1);
  });
});

it('documents the routes in the OpenAPI document', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json<{ paths: object }>();
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      '/api/v1/icd10',
      '/api/v1/diagnoses/{id}/verify',
      '/api/v1/treatment-cases/{id}/status',
      '/api/v1/persons/{id}/classification',
    ]),
  );
});
