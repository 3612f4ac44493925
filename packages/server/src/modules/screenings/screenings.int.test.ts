import { buildCitizenId } from '@healthaid/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';

/**
 * A small, hand-counted fixture (青龙满族自治县 130321):
 *   registry: 刘芳 (F, 1975, 低保) in 青龙镇 大杖子村 130321100201; 赵敏 (F, 1970) in 祖山镇 130321101201.
 *   targets 2026: 青龙镇 cervical 4, breast 2, newborn_metabolic 3 (live births); 祖山镇 cervical 2.
 *   2026 cervical screenings: 刘芳 (counted), 王丽 (counted) + 王丽 recheck (not counted), 赵敏 (counted);
 *   2025: 孙燕 cervical (counted for 2025 only).
 * Cervical 2026-01-01..2026-11-30: county 3 / 6 = 50.00 %; 青龙镇 2 / 4; 祖山镇 1 / 2.
 */
const id = (birthDate: string, sequence: number) =>
  buildCitizenId({ addressCode: '130321', birthDate, sequence });
const LIU = id('1975-04-10', 2);
const ZHAO = id('1970-08-01', 4);
const WANG = id('1980-02-02', 6);
const SUN = id('1966-06-06', 8);
const MOTHER = id('1996-01-01', 10);
const MAN = id('1975-01-01', 11);
const YOUNG = id('1995-01-01', 12);

let t: TestApp;
let county: Session;
let township: Session;
let viewer: Session;

async function insertPerson(name: string, idNumber: string, village: string, categories: string[]) {
  const db = t.database.db;
  const household = await db
    .insertInto('household')
    .values({ county_code: '130321', household_no: `H-${name}`, village_code: village, head_name: name })
    .returning('id')
    .executeTakeFirstOrThrow();
  const person = await db
    .insertInto('person')
    .values({
      county_code: '130321',
      id_number: idNumber,
      name,
      sex: 'F',
      birth_date: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
      household_id: household.id,
      village_code: village,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('person_id_index')
    .values({ id_number: idNumber, county_code: '130321', person_id: person.id })
    .execute();
  for (const category of categories) {
    await db
      .insertInto('person_category')
      .values({
        county_code: '130321',
        person_id: person.id,
        category: category as 'dibao',
        valid_from: '2016-01-01',
      })
      .execute();
  }
  return person.id;
}

let liuId = 0;

beforeAll(async () => {
  t = await createTestApp();
  liuId = await insertPerson('刘芳', LIU, '130321100201', ['poor_registered', 'dibao']);
  await insertPerson('赵敏', ZHAO, '130321101201', ['poverty_exited']);
  county = await t.login('county');
  township = await t.login('township');
  viewer = await t.login('viewer');
});
afterAll(async () => {
  await t.close();
});

const post = (session: Session, url: string, payload: unknown) =>
  t.as(session, { method: 'POST', url, payload: payload as Record<string, unknown> });
const get = (session: Session, url: string) => t.as(session, { method: 'GET', url });

const cervical = (over: Record<string, unknown>) => ({
  programme: 'cervical',
  method: 'hpv',
  screenedOn: '2026-03-10',
  result: 'normal',
  institution: '青龙镇卫生院',
  ...over,
});

describe('targets', () => {
  it('lets the county set yearly targets per township, all or nothing, and audits them', async () => {
    const bad = await t.as(county, {
      method: 'PUT',
      url: '/api/v1/screening-targets',
      payload: {
        year: 2026,
        items: [
          { townshipCode: '130321100000', programme: 'cervical', count: 4 },
          { townshipCode: '130321100201', programme: 'breast', count: 2 },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('第2项：“130321100201”不是乡镇级区划');

    const saved = await t.as(county, {
      method: 'PUT',
      url: '/api/v1/screening-targets',
      payload: {
        year: 2026,
        items: [
          { townshipCode: '130321100000', programme: 'cervical', count: 4 },
          { townshipCode: '130321100000', programme: 'breast', count: 2 },
          { townshipCode: '130321100000', programme: 'newborn_metabolic', count: 3 },
          { townshipCode: '130321101000', programme: 'cervical', count: 2 },
        ],
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const targets = await get(county, '/api/v1/screening-targets?region=130321&year=2026');
    const qinglong = targets
      .json<{ rows: { townshipCode: string; targets: Record<string, number | null> }[] }>()
      .rows.find((r) => r.townshipCode === '130321100000');
    expect(qinglong?.targets).toMatchObject({
      cervical: 4,
      breast: 2,
      newborn_metabolic: 3,
      prenatal_serum: null,
    });
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'screening.targets_saved')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses targets from a township user', async () => {
    const response = await t.as(township, {
      method: 'PUT',
      url: '/api/v1/screening-targets',
      payload: { year: 2026, items: [{ townshipCode: '130321100000', programme: 'cervical', count: 9 }] },
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('screening records', () => {
  it('links a registry woman by ID number, marks her 低保 priority and counts her', async () => {
    const response = await post(township, '/api/v1/screenings', cervical({ name: '刘芳', idNumber: LIU }));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      personId: liuId,
      villageName: '大杖子村村民委员会',
      townshipName: '青龙镇',
      priorityGroup: 'low_income',
      ageYears: 50,
      isCounted: true,
      referralStatus: 'none',
      idNumberMasked: `${LIU.slice(0, 6)}********${LIU.slice(14)}`,
    });
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'entity_id'])
      .where('action', '=', 'screening.created')
      .execute();
    expect(audit).toEqual([{ action: 'screening.created', entity_id: String(response.json().id) }]);
  });

  it('registers a woman outside the registry by ID number and village, and opens a referral for abnormal results', async () => {
    const first = await post(
      township,
      '/api/v1/screenings',
      cervical({
        name: '王丽',
        idNumber: WANG,
        villageCode: '130321100202',
        result: 'abnormal',
        resultDetail: 'HPV16阳性',
      }),
    );
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      personId: null,
      priorityGroup: 'rural',
      isCounted: true,
      referralStatus: 'pending',
    });
    // The recheck of the same woman in the same year is kept but not counted again.
    const recheck = await post(
      township,
      '/api/v1/screenings',
      cervical({
        name: '王丽',
        idNumber: WANG,
        villageCode: '130321100202',
        method: 'tct',
        screenedOn: '2026-04-01',
      }),
    );
    expect(recheck.json()).toMatchObject({ isCounted: false });
    const lastYear = await post(
      township,
      '/api/v1/screenings',
      cervical({ name: '孙燕', idNumber: SUN, villageCode: '130321100201', screenedOn: '2025-12-20' }),
    );
    expect(lastYear.json()).toMatchObject({ isCounted: true });

    const referral = await post(township, `/api/v1/screenings/${first.json().id}/referral`, {
      to: 'confirmed',
      date: '2026-03-20',
      diagnosis: 'CIN2',
    });
    expect(referral.statusCode).toBe(400);
    expect(referral.json().error.message).toBe(
      '转诊状态不能从“待转诊”变为“已确诊”（可变为：已转诊、已排除、失访）',
    );
    const referred = await post(township, `/api/v1/screenings/${first.json().id}/referral`, {
      to: 'referred',
      date: '2026-03-15',
      institution: '青龙满族自治县妇幼保健院',
    });
    expect(referred.json()).toMatchObject({ referralStatus: 'referred', referredOn: '2026-03-15' });
    const confirmed = await post(township, `/api/v1/screenings/${first.json().id}/referral`, {
      to: 'confirmed',
      date: '2026-03-25',
      diagnosis: 'CIN2，已行LEEP术',
    });
    expect(confirmed.json()).toMatchObject({
      referralStatus: 'confirmed',
      referralDiagnosis: 'CIN2，已行LEEP术',
    });
  });

  it('identifies a newborn without an ID number by the mother and checks the 72-hour rule', async () => {
    const base = {
      programme: 'newborn_metabolic',
      method: 'heel_blood',
      name: '李娜之子',
      sex: 'M',
      birthDate: '2026-05-01',
      birthTime: '10:00',
      motherName: '李娜',
      motherIdNumber: MOTHER,
      villageCode: '130321100203',
      screenedOn: '2026-05-03',
      screenedTime: '09:00',
      result: 'normal',
    };
    const early = await post(township, '/api/v1/screenings', base);
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toBe('足跟血应在出生72小时后采集，实际为出生后47小时');
    const ok = await post(township, '/api/v1/screenings', {
      ...base,
      screenedOn: '2026-05-04',
      screenedTime: '11:00',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ idNumberMasked: null, hoursOfLife: 73, isCounted: true });
  });

  it.each([
    [{ name: '张三', idNumber: MAN, villageCode: '130321100201' }, '宫颈癌筛查的对象应为女性，该人员为男性'],
    [
      { name: '年轻', idNumber: YOUNG, villageCode: '130321100201' },
      '宫颈癌筛查的对象应为35–64岁，筛查日该人员31岁',
    ],
    [{ name: '孙燕', idNumber: SUN }, '该人员不在人员档案中，请选择居住村（社区）'],
    [{ name: '刘方', idNumber: LIU }, '姓名“刘方”与人员档案中的“刘芳”不一致，请核对'],
    [
      { name: '孙燕', idNumber: `${SUN.slice(0, 17)}${SUN.endsWith('0') ? '1' : '0'}` },
      '身份证号：校验位应为',
    ],
    [{ name: '孙燕', idNumber: SUN, villageCode: '130321100201', screenedOn: '2099-01-01' }, '晚于今天'],
    [{ name: '孙燕', idNumber: SUN, villageCode: '130321100000' }, '不是村级区划'],
  ])('refuses %j: %s', async (over, message) => {
    const response = await post(township, '/api/v1/screenings', cervical(over));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain(message);
  });

  it('keeps a township user to his township', async () => {
    const zhao = await post(
      county,
      '/api/v1/screenings',
      cervical({ name: '赵敏', idNumber: ZHAO, screenedOn: '2026-06-01' }),
    );
    expect(zhao.statusCode, zhao.body).toBe(201);
    expect(zhao.json()).toMatchObject({ townshipName: '祖山镇', isCounted: true });

    expect((await get(township, `/api/v1/screenings/${zhao.json().id}`)).statusCode).toBe(404);
    expect((await get(township, '/api/v1/screenings?region=130321101')).statusCode).toBe(403);
    const own = await get(township, '/api/v1/screenings?programme=cervical');
    expect(
      own
        .json<{ items: { name: string }[] }>()
        .items.map((i) => i.name)
        .sort(),
    ).toEqual(['刘芳', '孙燕', '王丽', '王丽']);
    // A registry person of another township cannot be registered by him, nor a village there.
    const other = await post(township, '/api/v1/screenings', cervical({ name: '赵敏', idNumber: ZHAO }));
    expect(other.statusCode).toBe(403);
    const village = await post(
      township,
      '/api/v1/screenings',
      cervical({ name: '孙燕', idNumber: SUN, villageCode: '130321101201', screenedOn: '2026-02-01' }),
    );
    expect(village.statusCode).toBe(403);
    expect((await get(viewer, '/api/v1/screenings')).statusCode).toBe(403);
  });

  it('lists a person file tab and reveals ID numbers only with an audit event', async () => {
    const tab = await get(township, `/api/v1/persons/${liuId}/screenings`);
    expect(tab.json<{ programme: string }[]>().map((r) => r.programme)).toEqual(['cervical']);
    const list = await get(township, '/api/v1/screenings?q=王丽');
    const recordId = list.json<{ items: { id: number }[] }>().items[0]?.id;
    const revealed = await post(township, `/api/v1/screenings/${recordId}/reveal-id`, {});
    expect(revealed.json()).toEqual({ idNumber: WANG, motherIdNumber: null });
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['id_unmasked'])
      .where('action', '=', 'screening.id_revealed')
      .execute();
    expect(audit).toEqual([{ id_unmasked: true }]);
  });
});

describe('completion and indicators', () => {
  const PERIOD = 'from=2026-01-01&to=2026-11-30';

  it('computes the cervical completion rate by hand: county 3 / 6 = 50.00 %', async () => {
    const response = await get(
      county,
      `/api/v1/indicators/cervical_screening_rate?region=130321&${PERIOD}&children=true`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{
      isAvailable: boolean;
      value: { numerator: number; denominator: number; display: string };
      children: { code: string; value: { numerator: number; denominator: number; display: string } }[];
    }>();
    expect(body.isAvailable).toBe(true);
    expect(body.value).toMatchObject({ numerator: 3, denominator: 6, display: '50.00%' });
    const byCode = new Map(body.children.map((c) => [c.code, c.value]));
    expect(byCode.get('130321100000')).toMatchObject({ numerator: 2, denominator: 4, display: '50.00%' });
    expect(byCode.get('130321101000')).toMatchObject({ numerator: 1, denominator: 2, display: '50.00%' });
    const sum = (part: 'numerator' | 'denominator') => body.children.reduce((a, c) => a + c.value[part], 0);
    expect({ numerator: sum('numerator'), denominator: sum('denominator') }).toEqual({
      numerator: 3,
      denominator: 6,
    });
  });

  it('measures a period spanning two years against both years’ targets', async () => {
    const response = await get(
      county,
      '/api/v1/indicators/cervical_screening_rate?region=130321&from=2025-12-01&to=2026-11-30',
    );
    // 2025 has no target: 4 screened (孙燕 in 2025) ÷ 6.
    expect(response.json().value).toMatchObject({ numerator: 4, denominator: 6, display: '66.67%' });
  });

  it('counts the newborn against live births and lists the persons behind the numerator', async () => {
    const newborn = await get(township, `/api/v1/indicators/newborn_screening_rate?${PERIOD}`);
    expect(newborn.json().value).toMatchObject({ numerator: 1, denominator: 3, display: '33.33%' });
    const members = await get(township, `/api/v1/indicators/cervical_screening_rate/members?${PERIOD}`);
    expect(members.json<{ total: number; items: { name: string }[] }>()).toMatchObject({ total: 2 });
    const denominator = await get(
      township,
      `/api/v1/indicators/cervical_screening_rate/members?${PERIOD}&part=denominator`,
    );
    expect(denominator.statusCode).toBe(400);
    expect(denominator.json().error.message).toContain('不是人员名单');
    expect(
      (await get(township, `/api/v1/indicators/cervical_screening_rate/members?region=130321101&${PERIOD}`))
        .statusCode,
    ).toBe(403);
  });

  it('builds the completion table by township and exports it in the report layout', async () => {
    const response = await get(county, `/api/v1/screenings/completion?region=130321&${PERIOD}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{
      rows: {
        code: string;
        cells: Record<string, { screened: number; target: number; display: string; abnormal: number }>;
      }[];
      total: {
        cells: Record<string, { screened: number; target: number; display: string; openReferrals: number }>;
      };
    }>();
    expect(body.total.cells.cervical).toMatchObject({ screened: 3, target: 6, display: '50.00%' });
    expect(body.total.cells.breast).toMatchObject({ screened: 0, target: 2, display: '0.00%' });
    expect(body.total.cells.prenatal_serum).toMatchObject({ screened: 0, target: 0, display: '—' });
    expect(body.rows.find((r) => r.code === '130321100000')?.cells.cervical).toMatchObject({ abnormal: 1 });

    const xlsx = await get(county, `/api/v1/screenings/completion.xlsx?region=130321&${PERIOD}`);
    expect(xlsx.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getCell('A1').value).toBe('青龙满族自治县“两筛”“两癌”工作完成情况统计表');
    expect(sheet?.getCell('B3').value).toBe('血清学筛查');
    expect(sheet?.getCell('B4').value).toBe('任务数');
  });

  it('exports the records with masked IDs and formula-safe cells, audited', async () => {
    const response = await get(county, '/api/v1/screenings/export?programme=cervical');
    expect(response.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(6);
    const ids = sheet?.getColumn(6).values.slice(2) as string[];
    expect(ids.every((v) => v.includes('********'))).toBe(true);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'screening.exported')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('voids a counted record and counts the next one instead', async () => {
    const list = await get(township, '/api/v1/screenings?q=王丽');
    const items = list.json<{ items: { id: number; isCounted: boolean; screenedOn: string }[] }>().items;
    const counted = items.find((i) => i.isCounted);
    const voided = await post(township, `/api/v1/screenings/${counted?.id}/void`, { reason: '重复录入' });
    expect(voided.json()).toMatchObject({ isVoided: true, isCounted: false });
    const after = await get(township, '/api/v1/screenings?q=王丽');
    expect(after.json<{ items: { isCounted: boolean }[] }>().items).toEqual([
      expect.objectContaining({ isCounted: true }),
    ]);
    const again = await post(township, `/api/v1/screenings/${counted?.id}/void`, { reason: '重复录入' });
    expect(again.json().error.message).toBe('该筛查记录已作废');
  });
});
