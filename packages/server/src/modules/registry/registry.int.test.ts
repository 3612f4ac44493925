import { buildCitizenId, chinaDateOf } from '@healthaid/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import { categoriesOn } from './persons.repository.ts';

/**
 * Fixture: 青龙镇 (130321100) village 201 household H-1 with 张三 (categories: 建档立卡 2016-01-01～2020-12-31,
 * 脱贫 2021-01-01～, 低保 2018-01-01～2022-06-30) and 张小 (flagged for verification, village 201);
 * 青龙镇 village 202 household H-2 with 李四 (flagged); 肖营子镇 130321101201 household H-3 with 王五.
 */
const ID_ZHANG = buildCitizenId({ addressCode: '130321', birthDate: '1960-05-01', sequence: 11 });
const ID_ZHANGXIAO = buildCitizenId({ addressCode: '130321', birthDate: '1990-03-03', sequence: 24 });
const ID_LI = buildCitizenId({ addressCode: '130321', birthDate: '1970-07-07', sequence: 31 });
const ID_WANG = buildCitizenId({ addressCode: '130321', birthDate: '1980-08-08', sequence: 51 });

let t: TestApp;
let county: Session;
let township: Session;
let doctor: Session;
let clerk: Session;
const ids: Record<string, number> = {};

async function seed() {
  const db = t.database.db;
  const households = [
    ['H-1', '130321100201'],
    ['H-2', '130321100202'],
    ['H-3', '130321101201'],
  ] as const;
  for (const [no, village] of households) {
    const row = await db
      .insertInto('household')
      .values({ county_code: '130321', household_no: no, village_code: village, main_cause: '因病' })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[no] = row.id;
  }
  const persons = [
    ['zhang', ID_ZHANG, '张三', 'M', '1960-05-01', 'H-1', '130321100201', false],
    ['zhangxiao', ID_ZHANGXIAO, '张小', 'F', '1990-03-03', 'H-1', '130321100201', true],
    ['li', ID_LI, '李四', 'M', '1970-07-07', 'H-2', '130321100202', true],
    ['wang', ID_WANG, '王五', 'M', '1980-08-08', 'H-3', '130321101201', false],
  ] as const;
  for (const [key, idNumber, name, sex, birth, hh, village, flagged] of persons) {
    const row = await db
      .insertInto('person')
      .values({
        county_code: '130321',
        id_number: idNumber,
        name,
        sex,
        birth_date: birth,
        household_id: ids[hh] ?? null,
        village_code: village,
        relation: '户主',
        needs_verification: flagged,
        verification_reason: flagged ? '扶贫办最新名单中未找到此人' : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[key] = row.id;
    await db
      .insertInto('person_id_index')
      .values({ id_number: idNumber, county_code: '130321', person_id: row.id })
      .execute();
  }
  await db
    .insertInto('person_category')
    .values([
      {
        county_code: '130321',
        person_id: ids.zhang as number,
        category: 'poor_registered',
        valid_from: '2016-01-01',
        valid_to: '2020-12-31',
      },
      {
        county_code: '130321',
        person_id: ids.zhang as number,
        category: 'poverty_exited',
        valid_from: '2021-01-01',
        valid_to: null,
      },
      {
        county_code: '130321',
        person_id: ids.zhang as number,
        category: 'dibao',
        valid_from: '2018-01-01',
        valid_to: '2022-06-30',
      },
      {
        county_code: '130321',
        person_id: ids.wang as number,
        category: 'tekun',
        valid_from: '2019-01-01',
        valid_to: null,
      },
    ])
    .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  [county, township, doctor, clerk] = await Promise.all([
    t.login('county'),
    t.login('township'),
    t.login('doctor'),
    t.login('clerk'),
  ]);
  await seed();
});
afterAll(async () => {
  await t.close();
});

const get = (session: Session, url: string) => t.as(session, { method: 'GET', url });
const send = (session: Session, method: 'POST' | 'PATCH', url: string, payload?: unknown) =>
  t.as(session, {
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
const namesOf = (body: { items: { name: string }[] }) => body.items.map((p) => p.name).sort();

describe('data scope', () => {
  it('a township user lists only persons and households of his township', async () => {
    const persons = await get(township, '/api/v1/persons?pageSize=50');
    expect(persons.statusCode).toBe(200);
    expect(namesOf(persons.json())).toEqual(['张三', '张小', '李四']);
    expect(persons.json().total).toBe(3);
    const all = await get(county, '/api/v1/persons?pageSize=50');
    expect(all.json().total).toBe(4);
    const households = await get(township, '/api/v1/households');
    expect(households.json().items.map((h: { householdNo: string }) => h.householdNo)).toEqual([
      'H-1',
      'H-2',
    ]);
  });

  it('GET by id outside the scope answers 404 like a missing row, for persons and households', async () => {
    for (const url of [
      `/api/v1/persons/${ids.wang}`,
      `/api/v1/households/${ids['H-3']}`,
      '/api/v1/persons/999999',
    ]) {
      const response = await get(township, url);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.message).toContain('不在您的管辖范围内');
    }
    expect((await send(township, 'POST', `/api/v1/persons/${ids.wang}/reveal-id`)).statusCode).toBe(404);
  });

  it('a region filter outside the scope is refused (403) and audited; inside it narrows', async () => {
    const refused = await get(township, '/api/v1/persons?regionCode=130321101');
    expect(refused.statusCode).toBe(403);
    const narrowed = await get(county, '/api/v1/persons?regionCode=130321100202');
    expect(namesOf(narrowed.json())).toEqual(['李四']);
  });

  it('a village doctor sees only his village; a viewer has no access to persons', async () => {
    expect(namesOf((await get(doctor, '/api/v1/persons')).json())).toEqual(['张三', '张小']);
    const viewer = await t.login('viewer');
    expect((await get(viewer, '/api/v1/persons')).statusCode).toBe(403);
  });
});

describe('masking and reveal', () => {
  it('lists show masked ID numbers only', async () => {
    const response = await get(county, `/api/v1/persons?q=${encodeURIComponent('张三')}`);
    const [person] = response.json().items;
    expect(person.idNumberMasked).toBe(`130321********${ID_ZHANG.slice(14)}`);
    expect(response.body).not.toContain(ID_ZHANG);
    const detail = await get(county, `/api/v1/persons/${ids.zhang}`);
    expect(detail.body).not.toContain(ID_ZHANG);
  });

  it('searching by the full ID finds the person', async () => {
    const response = await get(county, `/api/v1/persons?q=${ID_LI}`);
    expect(namesOf(response.json())).toEqual(['李四']);
  });

  it('reveal returns the full ID and writes an audit event with id_unmasked', async () => {
    const response = await send(township, 'POST', `/api/v1/persons/${ids.zhang}/reveal-id`);
    expect(response.statusCode).toBe(200);
    expect(response.json().idNumber).toBe(ID_ZHANG);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'person.id_revealed')
      .where('entity_id', '=', String(ids.zhang))
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ username: 'township', id_unmasked: true, result: 'success' });
    expect(JSON.stringify(audit.detail)).not.toContain(ID_ZHANG);
  });
});

describe('manual edit and history', () => {
  it('refuses an edit without a reason, in Chinese', async () => {
    const response = await send(township, 'PATCH', `/api/v1/persons/${ids.zhang}`, { phone: '13800001111' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('reason');
  });

  it('writes one change_log row per changed field with who, old → new and why', async () => {
    const response = await send(township, 'PATCH', `/api/v1/persons/${ids.zhang}`, {
      phone: '13800001111',
      relation: '户主',
      reason: '村委会核对电话',
    });
    expect(response.statusCode).toBe(200);
    const { history } = response.json();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      field: 'phone',
      oldValue: null,
      newValue: '13800001111',
      reasonType: 'manual',
      reasonRef: '村委会核对电话',
      changedBy: '青龙镇卫生院',
    });
    expect(response.json().person.phoneMasked).toBe('138****1111');
  });

  it('status change needs a date for 死亡/迁出 and is recorded', async () => {
    const missing = await send(county, 'POST', `/api/v1/persons/${ids.wang}/status`, {
      status: 'moved_out',
      reason: '户籍迁出',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('迁出日期');
    const ok = await send(county, 'POST', `/api/v1/persons/${ids.wang}/status`, {
      status: 'moved_out',
      date: '2026-01-15',
      reason: '户籍迁出',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().person).toMatchObject({ status: 'moved_out', statusDate: '2026-01-15' });
    expect(
      ok
        .json()
        .history.map((h: { field: string }) => h.field)
        .sort(),
    ).toEqual(['status', 'status_date']);
  });

  it('household edit records fields and incomes (fen) in the household history', async () => {
    const response = await send(township, 'PATCH', `/api/v1/households/${ids['H-1']}`, {
      povertyAttribute: 'dibao',
      incomes: [{ year: 2024, perCapitaNetIncomeFen: 812_345 }],
      reason: '年度收入核定',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.incomes).toEqual([{ year: 2024, perCapitaNetIncomeFen: 812_345 }]);
    expect(body.members.map((m: { name: string }) => m.name).sort()).toEqual(['张三', '张小']);
    expect(body.history.map((h: { field: string }) => h.field).sort()).toEqual([
      'per_capita_net_income_fen:2024',
      'poverty_attribute',
    ]);
    const outOfScope = await send(township, 'PATCH', `/api/v1/households/${ids['H-3']}`, {
      reason: '测试越权',
    });
    expect(outOfScope.statusCode).toBe(404);
  });

  it('household creation validates the village scope and enumerations in Chinese', async () => {
    const other = await send(township, 'POST', '/api/v1/households', {
      householdNo: 'H-9',
      villageCode: '130321101201',
    });
    expect(other.statusCode).toBe(403);
    const badCause = await send(township, 'POST', '/api/v1/households', {
      householdNo: 'H-9',
      villageCode: '130321100201',
      mainCause: '因懒',
    });
    expect(badCause.statusCode).toBe(400);
    expect(badCause.json().error.message).toContain('致贫原因');
    const created = await send(township, 'POST', '/api/v1/households', {
      householdNo: 'H-9',
      villageCode: '130321100201',
      mainCause: '因学',
      exitStatus: 'exited',
      exitYear: 2019,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().history[0]).toMatchObject({ field: 'created', newValue: 'H-9' });
    const duplicate = await send(township, 'POST', '/api/v1/households', {
      householdNo: 'H-9',
      villageCode: '130321100201',
    });
    expect(duplicate.statusCode).toBe(409);
  });
});

describe('person registration', () => {
  it('refuses an invalid check character with a Chinese message', async () => {
    const bad = `${ID_ZHANG.slice(0, 17)}${ID_ZHANG.endsWith('0') ? '1' : '0'}`;
    const response = await send(county, 'POST', '/api/v1/persons', {
      idNumber: bad,
      name: '赵六',
      villageCode: '130321100201',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('校验位');
  });

  it('refuses an ID already registered, warns on same name and birth date', async () => {
    const again = await send(county, 'POST', '/api/v1/persons', {
      idNumber: ID_LI.toLowerCase(),
      name: '李四',
      villageCode: '130321100201',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已登记');
    const twin = buildCitizenId({ addressCode: '130321', birthDate: '1970-07-07', sequence: 33 });
    const warned = await send(county, 'POST', '/api/v1/persons', {
      idNumber: twin,
      name: '李四',
      villageCode: '130321100201',
    });
    expect(warned.statusCode).toBe(409);
    expect(warned.json().error.details.code).toBe('POSSIBLE_DUPLICATE');
    const confirmed = await send(county, 'POST', '/api/v1/persons', {
      idNumber: twin,
      name: '李四',
      householdId: ids['H-2'],
      confirmDuplicate: true,
    });
    expect(confirmed.statusCode).toBe(201);
    expect(confirmed.json().person).toMatchObject({
      sex: 'M',
      birthDate: '1970-07-07',
      villageCode: '130321100202',
    });
  });
});

describe('effective-dated categories', () => {
  it('categoriesOn answers per date with inclusive bounds', async () => {
    const on = async (date: string) =>
      (
        (await categoriesOn(t.database.db, '130321', [ids.zhang as number], date)).get(ids.zhang as number) ??
        []
      ).sort();
    expect(await on('2015-12-31')).toEqual([]);
    expect(await on('2016-01-01')).toEqual(['poor_registered']);
    expect(await on('2020-12-31')).toEqual(['dibao', 'poor_registered']);
    expect(await on('2021-01-01')).toEqual(['dibao', 'poverty_exited']);
    expect(await on('2022-06-30')).toEqual(['dibao', 'poverty_exited']);
    expect(await on('2022-07-01')).toEqual(['poverty_exited']);
  });

  it('the person list filters by category on date D', async () => {
    const onLast = await get(county, '/api/v1/persons?category=dibao&date=2022-06-30');
    expect(namesOf(onLast.json())).toEqual(['张三']);
    expect(onLast.json().items[0].categories.sort()).toEqual(['dibao', 'poverty_exited']);
    const after = await get(county, '/api/v1/persons?category=dibao&date=2022-07-01');
    expect(after.json().total).toBe(0);
  });

  it('refuses an overlapping period of the same category, accepts the next day', async () => {
    const overlap = await send(county, 'POST', `/api/v1/persons/${ids.zhang}/categories`, {
      category: 'dibao',
      validFrom: '2022-06-30',
      reason: '民政新增低保',
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error.message).toContain('重叠');
    const next = await send(county, 'POST', `/api/v1/persons/${ids.zhang}/categories`, {
      category: 'dibao',
      validFrom: '2022-07-01',
      validTo: '2023-12-31',
      reason: '民政新增低保',
    });
    expect(next.statusCode).toBe(201);
    const added = next.json().categories.find((c: { validFrom: string }) => c.validFrom === '2022-07-01');
    expect(added).toMatchObject({ category: 'dibao', validTo: '2023-12-31' });
    const stretch = await send(county, 'PATCH', `/api/v1/persons/${ids.zhang}/categories/${added.id}`, {
      validFrom: '2022-06-01',
      reason: '更正起始日期',
    });
    expect(stretch.statusCode).toBe(409);
    const close = await send(county, 'PATCH', `/api/v1/persons/${ids.zhang}/categories/${added.id}`, {
      validTo: '2023-06-30',
      reason: '低保退出',
    });
    expect(close.statusCode).toBe(200);
    const history = close.json().history.filter((h: { field: string }) => h.field === 'category');
    expect(history[0]).toMatchObject({
      oldValue: '低保 2022-07-01～2023-12-31',
      newValue: '低保 2022-07-01～2023-06-30',
    });
    const inverted = await send(county, 'POST', `/api/v1/persons/${ids.zhang}/categories`, {
      category: 'monitored',
      validFrom: '2024-01-01',
      validTo: '2023-01-01',
      reason: '测试倒置',
    });
    expect(inverted.statusCode).toBe(400);
  });
});

describe('door-to-door verification', () => {
  it('generates tasks for flagged persons once; the village doctor sees only his village', async () => {
    const generated = await send(county, 'POST', '/api/v1/verification-tasks/generate', {});
    expect(generated.json()).toEqual({ created: 2 });
    const again = await send(county, 'POST', '/api/v1/verification-tasks/generate', {});
    expect(again.json()).toEqual({ created: 0 });
    const forDoctor = await get(doctor, '/api/v1/verification-tasks');
    expect(forDoctor.json().items.map((task: { personName: string }) => task.personName)).toEqual(['张小']);
    const forTownship = await get(township, '/api/v1/verification-tasks?status=open');
    expect(forTownship.json().total).toBe(2);
  });

  it('completing with corrections applies them with verification history; twice is refused', async () => {
    const list = await get(township, `/api/v1/verification-tasks?q=${encodeURIComponent('李四')}`);
    const task = list.json().items[0];
    expect(task.idNumberMasked).toBe(`130321********${ID_LI.slice(14)}`);
    const empty = await send(township, 'POST', `/api/v1/verification-tasks/${task.id}/result`, {
      outcome: 'corrected',
    });
    expect(empty.statusCode).toBe(400);
    const done = await send(township, 'POST', `/api/v1/verification-tasks/${task.id}/result`, {
      outcome: 'corrected',
      corrections: { name: '李思', phone: '13912345678' },
      note: '本人在家，更正姓名',
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', outcome: 'corrected' });
    const person = (await get(county, `/api/v1/persons/${ids.li}`)).json();
    expect(person.person).toMatchObject({ name: '李思', needsVerification: false, verificationReason: null });
    const verificationRows = person.history.filter(
      (h: { reasonType: string }) => h.reasonType === 'verification',
    );
    expect(verificationRows.map((h: { field: string }) => h.field).sort()).toEqual([
      'name',
      'needs_verification',
      'phone',
      'verification_reason',
    ]);
    expect(verificationRows[0].reasonRef).toBe(`task:${task.id}`);
    const twice = await send(township, 'POST', `/api/v1/verification-tasks/${task.id}/result`, {
      outcome: 'confirmed',
    });
    expect(twice.statusCode).toBe(409);
  });

  it('a manual task completed as 死亡 sets the status and date', async () => {
    const created = await send(county, 'POST', '/api/v1/verification-tasks', {
      personId: ids.zhang,
      reason: '医保反映已死亡',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ source: 'manual', assignedRegionCode: '130321100000' });
    const noDate = await send(doctor, 'POST', `/api/v1/verification-tasks/${created.json().id}/result`, {
      outcome: 'dead',
    });
    expect(noDate.statusCode).toBe(400);
    const done = await send(doctor, 'POST', `/api/v1/verification-tasks/${created.json().id}/result`, {
      outcome: 'dead',
      statusDate: '2026-10-01',
    });
    expect(done.statusCode).toBe(200);
    const person = (await get(county, `/api/v1/persons/${ids.zhang}`)).json().person;
    expect(person).toMatchObject({ status: 'dead', statusDate: '2026-10-01' });
  });
});

describe('hospital identity check', () => {
  it('returns the masked name and categories valid on the date, audited', async () => {
    const response = await get(clerk, `/api/v1/identity-check?idNumber=${ID_WANG}&date=2025-05-01`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      found: true,
      nameMasked: '王*',
      categories: [{ code: 'tekun', label: '特困供养' }],
      isPriorityGroup: true,
      date: '2025-05-01',
    });
    expect(response.body).not.toContain(ID_WANG);
    const audits = await t.database.db
      .selectFrom('audit_event')
      .select(['username', 'result'])
      .where('action', '=', 'identity.checked')
      .execute();
    expect(audits).toContainEqual({ username: 'clerk', result: 'success' });
  });

  it('a valid ID not in the registry is reported as not found', async () => {
    const stranger = buildCitizenId({ addressCode: '130321', birthDate: '2001-01-01', sequence: 99 });
    const response = await get(clerk, `/api/v1/identity-check?idNumber=${stranger}`);
    expect(response.json()).toMatchObject({ found: false, categories: [], isPriorityGroup: false });
    expect(response.json().date).toBe(chinaDateOf(new Date()));
  });

  it('rejects a wrong check character in Chinese; roles without the permission get 403', async () => {
    const bad = `${ID_WANG.slice(0, 17)}${ID_WANG.endsWith('0') ? '1' : '0'}`;
    const response = await get(clerk, `/api/v1/identity-check?idNumber=${bad}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('校验位应为');
    expect((await get(township, `/api/v1/identity-check?idNumber=${ID_WANG}`)).statusCode).toBe(403);
  });
});

describe('xlsx export', () => {
  it('exports the scoped person list with masked IDs, audited', async () => {
    const response = await get(township, '/api/v1/persons/export');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('人员档案');
    expect(sheet?.getRow(1).getCell(1).value).toBe('身份证号');
    const idCells = (sheet?.getColumn(1).values ?? []).slice(2);
    expect(idCells).toHaveLength(4); // 张三, 张小, 李思, and the confirmed namesake in 青龙镇
    for (const cell of idCells) {
      expect(String(cell)).toMatch(/^130321\*{8}\d{3}[\dX]$/);
    }
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['username'])
      .where('action', '=', 'person.exported')
      .executeTakeFirst();
    expect(audit?.username).toBe('township');
  });

  it('exports households', async () => {
    const response = await get(county, '/api/v1/households/export?mainCause=%E5%9B%A0%E7%97%85');
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('户档案')?.rowCount).toBe(4);
  });
});
