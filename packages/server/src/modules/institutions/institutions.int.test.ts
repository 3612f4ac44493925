import { chinaDateOf } from '@healthaid/domain';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import type { DB } from '../../db/schema.ts';

const COUNTY = '130321';
const today = chinaDateOf(new Date());

let t: TestApp;
let admin: Session;
let county: Session;
let township: Session;
let doctor: Session;
let viewer: Session;
let ownPerson: number;
let otherPerson: number;

type Page<T> = { items: T[]; total: number };
type Institution = {
  code: string;
  name: string;
  level: string;
  townshipName: string;
  isActive: boolean;
  designatedDiseases: string[];
  standardisation: { isStandard: boolean | null; failures: string[]; checkedOn: string | null } | null;
};
type Referral = {
  id: number;
  status: string;
  direction: string;
  history: { status: string; note: string | null }[];
};

const get = (s: Session, url: string) => t.as(s, { method: 'GET', url });
const send = (s: Session, method: 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown) =>
  t.as(s, { method, url, payload: payload as object });
const message = (res: { json: <T>() => T }) => res.json<{ error: { message: string } }>().error.message;

async function insertPerson(db: Kysely<DB>, name: string, village: string, serial: number) {
  const row = await db
    .insertInto('person')
    .values({
      county_code: COUNTY,
      id_number: `${COUNTY}19700101${String(700 + serial)}X`,
      name,
      sex: 'F',
      birth_date: '1970-01-01',
      village_code: village,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function auditCount(action: string, entityId: string | number) {
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
  [admin, county, township, doctor, viewer] = await Promise.all([
    t.login('admin'),
    t.login('county'),
    t.login('township'),
    t.login('doctor'),
    t.login('viewer'),
  ]);
  ownPerson = await insertPerson(t.database.db, '赵转诊', '130321100201', 1);
  otherPerson = await insertPerson(t.database.db, '钱外镇', '130321101201', 2);
});
afterAll(async () => {
  await t.close();
});

describe('demo institutions', () => {
  it('has the county hospital, one health centre per town and township, and village clinics', async () => {
    const hospital = await get(county, '/api/v1/institutions/H130321001');
    expect(hospital.statusCode).toBe(200);
    expect(hospital.json<Institution>()).toMatchObject({
      name: '青龙满族自治县医院',
      level: 'county',
      isActive: true,
      standardisation: null,
    });
    expect(hospital.json<Institution>().designatedDiseases).toContain('gastric-cancer');
    const centres = await get(county, '/api/v1/institutions?level=township_health_centre&pageSize=100');
    const names = centres.json<Page<Institution>>().items.map((i) => i.name);
    expect(names).toHaveLength(24);
    const community = await get(county, '/api/v1/institutions/S130321001');
    expect(community.json<Institution>()).toMatchObject({
      name: '都阳路街道社区卫生服务中心',
      level: 'community_health_centre',
    });
    expect(names).toEqual(expect.arrayContaining(['青龙镇卫生院', '祖山镇卫生院', '凉水河乡卫生院']));
    const clinics = await get(county, '/api/v1/institutions?level=village_clinic&pageSize=1');
    expect(clinics.json<Page<Institution>>().total).toBeGreaterThan(300);
  });

  it('scopes the list to the caller’s region; pickers search every active institution', async () => {
    const own = (await get(township, '/api/v1/institutions?pageSize=200')).json<Page<Institution>>();
    expect(own.total).toBeGreaterThan(1);
    expect(own.items.every((i) => i.townshipName === '青龙镇')).toBe(true);
    expect((await get(township, '/api/v1/institutions/W130321101')).statusCode).toBe(404);
    const options = (await get(township, '/api/v1/institutions/options?q=医院')).json<{ code: string }[]>();
    expect(options.map((o) => o.code)).toEqual(expect.arrayContaining(['H130321001', 'H130300001']));
    // The 定点医院 picker of a 大病 case lists only the institutions designated for its disease.
    const designated = (
      await get(township, '/api/v1/institutions/options?designatedFor=cervical-cancer&limit=50')
    ).json<{ code: string; designatedDiseases: string[] }[]>();
    expect(designated.map((o) => o.code)).toEqual(expect.arrayContaining(['H130321001', 'H130321005']));
    expect(designated.map((o) => o.code)).not.toContain('H130321004');
    expect(designated.every((o) => o.designatedDiseases.includes('cervical-cancer'))).toBe(true);
  });
});

describe('institution editing', () => {
  const body = {
    code: 'H130321089',
    name: '青龙满族自治县第二医院',
    level: 'county',
    type: '综合医院',
    regionCode: '130321100000',
    designatedDiseases: ['stroke'],
  };

  it('creates an institution (county staff), audited; duplicates and bad input get Chinese messages', async () => {
    const created = await send(county, 'POST', '/api/v1/institutions', body);
    expect(created.statusCode).toBe(201);
    expect(created.json<Institution>()).toMatchObject({ code: 'H130321089', isActive: true });
    expect(await auditCount('institution.created', 'H130321089')).toBe(1);

    const again = await send(county, 'POST', '/api/v1/institutions', body);
    expect(again.statusCode).toBe(409);
    expect(message(again)).toBe('机构编码“H130321089”已被使用');

    const sameName = await send(county, 'POST', '/api/v1/institutions', { ...body, code: 'H130321088' });
    expect(sameName.statusCode).toBe(409);
    expect(message(sameName)).toContain('同一县内已有名为');

    const badDisease = await send(county, 'POST', '/api/v1/institutions', {
      ...body,
      code: 'H130321087',
      name: '测试医院',
      designatedDiseases: ['stroke', 'no-such-disease'],
    });
    expect(badDisease.statusCode).toBe(400);
    expect(message(badDisease)).toBe('定点病种编码不在任何病种目录中：no-such-disease');

    const badCode = await send(county, 'POST', '/api/v1/institutions', { ...body, code: 'h-1' });
    expect(badCode.statusCode).toBe(400);

    const clinicInTownship = await send(county, 'POST', '/api/v1/institutions', {
      ...body,
      code: 'C130321100999',
      name: '测试卫生室',
      level: 'village_clinic',
    });
    expect(clinicInTownship.statusCode).toBe(400);
    expect(message(clinicInTownship)).toContain('村卫生室的所在区域必须是一个村');
  });

  it('refuses other roles and regions outside the caller’s scope', async () => {
    expect(
      (await send(township, 'POST', '/api/v1/institutions', { ...body, code: 'X0001' })).statusCode,
    ).toBe(403);
    const outside = await send(county, 'POST', '/api/v1/institutions', {
      ...body,
      code: 'H130302099',
      name: '外县医院',
      regionCode: '130302000000',
    });
    expect(outside.statusCode).toBe(403);
  });

  it('updates an institution and records what changed', async () => {
    const updated = await send(county, 'PUT', '/api/v1/institutions/H130321089', {
      ...body,
      name: '青龙满族自治县第二人民医院',
      isActive: false,
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json<Institution>()).toMatchObject({
      name: '青龙满族自治县第二人民医院',
      isActive: false,
    });
    const event = await t.database.db
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'institution.updated')
      .where('entity_id', '=', 'H130321089')
      .executeTakeFirstOrThrow();
    expect(event.detail).toMatchObject({
      changes: { name: { from: '青龙满族自治县第二医院', to: '青龙满族自治县第二人民医院' } },
    });
  });
});

describe('standardisation', () => {
  it('judges a village clinic check with the domain rule and lists every failure', async () => {
    const failing = await send(county, 'PUT', '/api/v1/institutions/C130321100201/standardisation', {
      areaM2: 45,
      hasFourRoomsSeparated: false,
      doctorsInPost: 1,
      equipment: ['听诊器', '血压计'],
      checkedOn: today,
    });
    expect(failing.statusCode).toBe(200);
    const result = failing.json<Institution>().standardisation;
    expect(result?.isStandard).toBe(false);
    expect(result?.failures).toEqual(
      expect.arrayContaining([
        '业务用房面积45㎡，低于村卫生室标准60㎡',
        '诊断室、治疗室、观察室、药房未做到四室分开',
      ]),
    );
    const passing = await send(county, 'PUT', '/api/v1/institutions/C130321100201/standardisation', {
      areaM2: 60,
      hasFourRoomsSeparated: true,
      doctorsInPost: 1,
      equipment: result ? [] : [],
      checkedOn: today,
    });
    expect(passing.json<Institution>().standardisation?.failures[0]).toContain('缺少基本设备');
    const hospital = await send(county, 'PUT', '/api/v1/institutions/H130321001/standardisation', {
      areaM2: 9000,
      hasFourRoomsSeparated: true,
      doctorsInPost: 100,
      equipment: [],
      checkedOn: today,
    });
    expect(hospital.statusCode).toBe(400);
    expect(message(hospital)).toContain('只适用于村卫生室和乡镇卫生院');
    expect(await auditCount('institution.standardisation_checked', 'C130321100201')).toBe(2);
  });

  it('reports 标准化村卫生室数/率 by child region, and the indicator catalogue supplies them', async () => {
    const rates = await get(county, '/api/v1/institutions/standardisation-rates');
    expect(rates.statusCode).toBe(200);
    const body = rates.json<{
      total: { villageClinics: number; villageClinicsStandard: number; villageRateBp: number | null };
      children: { name: string; villageClinics: number }[];
    }>();
    expect(body.total.villageClinics).toBeGreaterThan(300);
    expect(body.total.villageClinicsStandard).toBeGreaterThan(0);
    expect(body.total.villageClinicsStandard).toBeLessThan(body.total.villageClinics);
    expect(body.total.villageRateBp).toBe(
      Math.floor(
        (body.total.villageClinicsStandard * 10_000 * 2 + body.total.villageClinics) /
          (2 * body.total.villageClinics),
      ),
    );
    expect(body.children.reduce((s, c) => s + c.villageClinics, 0)).toBe(body.total.villageClinics);

    const count = await get(
      viewer,
      `/api/v1/indicators/standardised_village_clinics?region=130321&from=${today}&to=${today}`,
    );
    expect(count.statusCode).toBe(200);
    expect(count.json<{ value: { numerator: number } }>().value.numerator).toBe(
      body.total.villageClinicsStandard,
    );

    // Drill-down lists the clinics: the standard ones, then every active clinic.
    const members = (part: string) =>
      get(
        county,
        `/api/v1/indicators/village_clinic_standardisation_rate/members?region=130321&from=${today}&to=${today}&part=${part}&pageSize=5`,
      );
    type Members = { total: number; items: { entityType: string; name: string; villageCode: string }[] };
    const standard = (await members('numerator')).json<Members>();
    expect(standard.total).toBe(body.total.villageClinicsStandard);
    expect(standard.items).toHaveLength(5);
    expect(standard.items[0]).toMatchObject({
      entityType: 'institution',
      name: expect.stringMatching(/（C130321/),
    });
    expect((await members('denominator')).json<Members>().total).toBe(body.total.villageClinics);
  });
});

describe('users and institution codes', () => {
  it('binds hospital clerks only to registered, active institutions', async () => {
    const user = (institutionCode: string) => ({
      username: `clerk_${institutionCode.toLowerCase()}`,
      displayName: '结算员',
      password: 'Clerk@2026x',
      role: 'hospital_clerk',
      regionCode: '130321000000',
      institutionCode,
    });
    const unknown = await send(admin, 'POST', '/api/v1/users', user('H130321777'));
    expect(unknown.statusCode).toBe(400);
    expect(message(unknown)).toBe('机构编码“H130321777”不存在：请先在“医疗机构”中登记该机构');
    const inactive = await send(admin, 'POST', '/api/v1/users', user('H130321089'));
    expect(inactive.statusCode).toBe(400);
    expect(message(inactive)).toContain('已停用');
    expect((await send(admin, 'POST', '/api/v1/users', user('H130321004'))).statusCode).toBe(201);
  });
});

describe('referrals', () => {
  let referralId = 0;

  it('refers a patient up from the township centre to the county hospital, audited', async () => {
    const created = await send(township, 'POST', '/api/v1/referrals', {
      personId: ownPerson,
      fromInstitution: 'H130321002',
      toInstitution: 'H130321001',
      reason: '超出本机构诊疗能力',
      referredOn: today,
    });
    expect(created.statusCode).toBe(201);
    const referral = created.json<Referral>();
    expect(referral).toMatchObject({ status: 'pending', direction: 'up' });
    expect(referral.history).toHaveLength(1);
    referralId = referral.id;
    expect(await auditCount('referral.created', referralId)).toBe(1);
  });

  it('refuses bad referrals with Chinese messages', async () => {
    const same = await send(township, 'POST', '/api/v1/referrals', {
      personId: ownPerson,
      fromInstitution: 'H130321002',
      toInstitution: 'H130321002',
      reason: '急危重症',
      referredOn: today,
    });
    expect(same.statusCode).toBe(400);
    expect(message(same)).toContain('转出机构和转入机构不能相同');
    const unknown = await send(township, 'POST', '/api/v1/referrals', {
      personId: ownPerson,
      fromInstitution: 'H130321002',
      toInstitution: 'H999999',
      reason: '急危重症',
      referredOn: today,
    });
    expect(message(unknown)).toBe('转入机构“H999999”不存在：请先在“医疗机构”中登记该机构');
  });

  it('moves through the status machine; invalid changes are refused with the reason', async () => {
    const url = `/api/v1/referrals/${referralId}/status`;
    const skip = await send(township, 'PATCH', url, { to: 'completed', date: today });
    expect(skip.statusCode).toBe(400);
    expect(message(skip)).toContain('不能从“待接收”变更为“已完成”');
    expect((await send(township, 'PATCH', url, { to: '已接收', date: today })).statusCode).toBe(200);
    const done = await send(township, 'PATCH', url, { to: 'completed', date: today, note: '术后康复，转回' });
    expect(done.json<Referral>()).toMatchObject({ status: 'completed' });
    expect(done.json<Referral>().history.map((h) => h.status)).toEqual(['pending', 'accepted', 'completed']);
    expect(await auditCount('referral.status_changed', referralId)).toBe(2);
  });

  it('keeps referrals to the caller’s region: another township can neither see nor change them', async () => {
    const other = await send(county, 'POST', '/api/v1/referrals', {
      personId: otherPerson,
      fromInstitution: 'W130321101',
      toInstitution: 'H130321001',
      reason: '需进一步检查明确诊断',
      referredOn: today,
    });
    expect(other.statusCode).toBe(201);
    const otherId = other.json<Referral>().id;
    expect((await get(township, `/api/v1/referrals/${otherId}`)).statusCode).toBe(404);
    expect(
      (await send(township, 'PATCH', `/api/v1/referrals/${otherId}/status`, { to: 'accepted', date: today }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await send(township, 'POST', '/api/v1/referrals', {
          personId: otherPerson,
          fromInstitution: 'W130321101',
          toInstitution: 'H130321001',
          reason: '急危重症',
          referredOn: today,
        })
      ).statusCode,
    ).toBe(404);
    const list = (await get(township, '/api/v1/referrals')).json<Page<Referral>>();
    expect(list.items.map((r) => r.id)).toEqual([referralId]);
    expect((await get(county, '/api/v1/referrals')).json<Page<Referral>>().total).toBe(2);
    expect((await get(township, '/api/v1/referrals?region=130321101')).statusCode).toBe(403);
    const byDoctor = await send(doctor, 'POST', '/api/v1/referrals', {
      personId: ownPerson,
      fromInstitution: 'C130321100201',
      toInstitution: 'H130321002',
      reason: '急危重症',
      referredOn: today,
    });
    expect(byDoctor.statusCode).toBe(403);
    expect((await get(viewer, '/api/v1/referrals')).statusCode).toBe(403);
  });

  it('exports referrals and institutions as xlsx', async () => {
    for (const url of [
      '/api/v1/referrals/export',
      '/api/v1/institutions/export?level=township_health_centre',
    ]) {
      const res = await get(county, url);
      expect(res.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      expect(workbook.worksheets[0]?.rowCount).toBeGreaterThan(1);
    }
  });
});
