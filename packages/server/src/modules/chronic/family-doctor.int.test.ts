import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import {
  hypertensionVisit,
  insertHousehold,
  insertPerson,
  type Setup,
  setupTeamsAndPackages,
  VILLAGE_DOCTOR,
  VILLAGE_OTHER_TOWNSHIP,
  VILLAGE_SAME_TOWNSHIP,
} from './chronic-test-fixtures.ts';

let t: TestApp;
let county: Session;
let township: Session;
let doctor: Session;
let setup: Setup;
const persons: Record<string, number> = {};

type Contract = {
  id: number;
  contractNo: string;
  status: string;
  statusLabel: string;
  startDate: string;
  endDate: string;
  renewedFromId: number | null;
  renewedToId: number | null;
  cancelReasonLabel: string | null;
  personName: string;
  idNumberMasked: string;
  fulfilments: { itemId: number; visitId: number | null; checkupId: number | null; serviceDate: string }[];
};

beforeAll(async () => {
  t = await createTestApp();
  county = await t.login('county');
  township = await t.login('township');
  doctor = await t.login('doctor');
  setup = await setupTeamsAndPackages(t, county);
  const db = t.database.db;
  persons.own = await insertPerson(db, { name: '张大山', village: VILLAGE_DOCTOR });
  persons.neighbour = await insertPerson(db, { name: '李小河', village: VILLAGE_SAME_TOWNSHIP });
  persons.other = await insertPerson(db, { name: '王远', village: VILLAGE_OTHER_TOWNSHIP });
  const household = await insertHousehold(db, VILLAGE_DOCTOR, 'H-001');
  persons.household = household;
  persons.member1 = await insertPerson(db, { name: '赵一', village: VILLAGE_DOCTOR, householdId: household });
  persons.member2 = await insertPerson(db, { name: '赵二', village: VILLAGE_DOCTOR, householdId: household });
  persons.renew = await insertPerson(db, { name: '孙续', village: VILLAGE_DOCTOR });
  persons.cancel = await insertPerson(db, { name: '周解', village: VILLAGE_DOCTOR });
  persons.pending = await insertPerson(db, { name: '吴审', village: VILLAGE_DOCTOR });
});

afterAll(async () => {
  await t.close();
});

const sign = (session: Session, payload: Record<string, unknown>) =>
  t.as(session, {
    method: 'POST',
    url: '/api/v1/chronic/contracts',
    payload: {
      teamId: setup.teamA,
      packageIds: [setup.basic],
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      ...payload,
    },
  });

describe('teams', () => {
  it('a village doctor sees only the teams serving the village; the county sees all', async () => {
    const asDoctor = await t.as(doctor, { method: 'GET', url: '/api/v1/chronic/teams' });
    expect(asDoctor.statusCode).toBe(200);
    expect(asDoctor.json<{ items: { name: string }[] }>().items.map((x) => x.name)).toEqual(['青龙镇一队']);
    const asCounty = await t.as(county, { method: 'GET', url: '/api/v1/chronic/teams' });
    expect(asCounty.json<{ total: number }>().total).toBe(2);
    const team = asCounty.json<{ items: { name: string; villageNames: string[]; members: unknown[] }[] }>()
      .items;
    expect(team.find((x) => x.name === '青龙镇一队')?.villageNames).toEqual([
      '大杖子村村民委员会',
      '老爷庙村村民委员会',
    ]);
  });

  it('a village doctor may not create a team; a team needs a doctor', async () => {
    const res = await t.as(doctor, {
      method: 'POST',
      url: '/api/v1/chronic/teams',
      payload: { name: 'x', members: [{ role: 'doctor', name: 'a' }], villageCodes: [VILLAGE_DOCTOR] },
    });
    expect(res.statusCode).toBe(403);
    const noDoctor = await t.as(county, {
      method: 'POST',
      url: '/api/v1/chronic/teams',
      payload: {
        name: '无医生队',
        members: [{ role: 'nurse', name: '护士甲' }],
        villageCodes: [VILLAGE_DOCTOR],
      },
    });
    expect(noDoctor.statusCode).toBe(400);
    expect(noDoctor.json<{ error: { message: string } }>().error.message).toContain('团队至少要有一名医生');
  });

  it('a township user cannot give a team villages of another township', async () => {
    const res = await t.as(township, {
      method: 'POST',
      url: '/api/v1/chronic/teams',
      payload: {
        name: '越界队',
        members: [{ role: 'doctor', name: '甲' }],
        villageCodes: [VILLAGE_OTHER_TOWNSHIP],
      },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('不在您的管辖范围内');
  });

  it('packages carry items priced in fen', async () => {
    const res = await t.as(doctor, { method: 'GET', url: '/api/v1/chronic/packages' });
    const packages = res.json<{ name: string; totalPriceFen: number; totalSubsidyFen: number }[]>();
    expect(packages.map((p) => [p.name, p.totalPriceFen, p.totalSubsidyFen])).toEqual([
      ['基础包', 12000, 12000],
      ['慢病个性化包', 5000, 3000],
    ]);
    const bad = await t.as(county, {
      method: 'POST',
      url: '/api/v1/chronic/packages',
      payload: {
        name: '坏包',
        kind: 'basic',
        items: [
          {
            name: 'x',
            serviceCode: 'other',
            countPerYear: 1,
            priceFen: 100,
            subsidyFen: 200,
            payer: 'resident',
          },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toContain('补助金额不能高于价格');
  });
});

describe('contracts', () => {
  it('refuses a period shorter than one year with a Chinese message', async () => {
    const res = await sign(doctor, { personId: persons.own, endDate: '2026-12-30' });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toBe(
      '签约服务期限至少一年：开始日期为2026-01-01时，结束日期不能早于2026-12-31',
    );
  });

  it('a village doctor signs a resident of the village, not of another village', async () => {
    const res = await sign(doctor, { personId: persons.own });
    expect(res.statusCode, res.body).toBe(201);
    const [contract] = res.json<Contract[]>();
    expect(contract).toMatchObject({ status: 'signed', statusLabel: '签约', personName: '张大山' });
    expect(contract?.contractNo).toMatch(/^HT-130321-2026-\d{6}$/);
    expect(contract?.idNumberMasked).toMatch(/^130321\*+\d{3}X$/);

    const neighbour = await sign(doctor, { personId: persons.neighbour });
    expect(neighbour.statusCode).toBe(404);
    const other = await sign(county, { personId: persons.other });
    expect(other.statusCode).toBe(400);
    expect(other.json<{ error: { message: string } }>().error.message).toBe(
      '所选家庭医生团队不存在或不服务该居民所在村',
    );
  });

  it('one family doctor at a time: an overlapping contract is refused', async () => {
    const res = await sign(doctor, { personId: persons.own, startDate: '2026-06-01', endDate: '2027-05-31' });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: { message: string } }>().error.message).toContain(
      '同一时间只能签约一个家庭医生团队',
    );
  });

  it('a household signs every member at once', async () => {
    const res = await sign(doctor, {
      householdId: persons.household,
      packageIds: [setup.basic, setup.personal],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Contract[]>().map((c) => c.personName)).toEqual(['赵一', '赵二']);
  });

  it('a pending contract is approved to 签约', async () => {
    const created = await sign(doctor, { personId: persons.pending, isPendingReview: true });
    const [contract] = created.json<Contract[]>();
    expect(contract?.status).toBe('pending');
    const approved = await t.as(township, {
      method: 'POST',
      url: `/api/v1/chronic/contracts/${contract?.id}/approve`,
    });
    expect(approved.json<Contract>().status).toBe('signed');
    const again = await t.as(township, {
      method: 'POST',
      url: `/api/v1/chronic/contracts/${contract?.id}/approve`,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { message: string } }>().error.message).toBe('状态为“签约”的签约不能审核');
  });

  it('renewal creates a linked contract starting the day after, once', async () => {
    const [old] = (
      await sign(doctor, { personId: persons.renew, startDate: '2025-07-01', endDate: '2026-06-30' })
    ).json<Contract[]>();
    const renewed = await t.as(doctor, {
      method: 'POST',
      url: `/api/v1/chronic/contracts/${old?.id}/renew`,
      payload: {},
    });
    expect(renewed.statusCode, renewed.body).toBe(201);
    expect(renewed.json<Contract>()).toMatchObject({
      status: 'renewed',
      statusLabel: '续约',
      startDate: '2026-07-01',
      endDate: '2027-06-30',
      renewedFromId: old?.id,
    });
    const oldNow = await t.as(doctor, { method: 'GET', url: `/api/v1/chronic/contracts/${old?.id}` });
    expect(oldNow.json<Contract>().renewedToId).toBe(renewed.json<Contract>().id);
    const twice = await t.as(doctor, {
      method: 'POST',
      url: `/api/v1/chronic/contracts/${old?.id}/renew`,
      payload: {},
    });
    expect(twice.statusCode).toBe(409);
    const short = await t.as(doctor, {
      method: 'POST',
      url: `/api/v1/chronic/contracts/${renewed.json<Contract>().id}/renew`,
      payload: { startDate: '2027-07-01', endDate: '2028-01-01' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json<{ error: { message: string } }>().error.message).toContain('签约服务期限至少一年');
  });

  it('cancellation needs one of the five reasons and ends the contract', async () => {
    const [contract] = (await sign(doctor, { personId: persons.cancel })).json<Contract[]>();
    const bad = await t.as(doctor, {
      method: 'POST',
      url: `/api/v1/chronic/contracts/${contract?.id}/cancel`,
      payload: { reason: 'bored', cancelDate: '2026-05-01' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toContain(
      '解约原因只能是迁出/一年无法联系/一年拒绝服务/主动解约/死亡',
    );
    const ok = await t.as(doctor, {
      method: 'POST',
      url: `/api/v1/chronic/contracts/${contract?.id}/cancel`,
      payload: { reason: 'death', cancelDate: '2026-05-01' },
    });
    expect(ok.json<Contract>()).toMatchObject({
      status: 'cancelled',
      statusLabel: '解约',
      cancelReasonLabel: '死亡',
    });
    const again = await t.as(doctor, {
      method: 'POST',
      url: `/api/v1/chronic/contracts/${contract?.id}/cancel`,
      payload: { reason: 'death', cancelDate: '2026-05-01' },
    });
    expect(again.statusCode).toBe(409);
    // After cancellation the person may sign again.
    const resign = await sign(doctor, {
      personId: persons.cancel,
      startDate: '2026-06-01',
      endDate: '2027-05-31',
    });
    expect(resign.statusCode).toBe(201);
  });

  it('lists are scoped: the doctor sees only the village, a township user is refused another township', async () => {
    const asDoctor = await t.as(doctor, { method: 'GET', url: '/api/v1/chronic/contracts?pageSize=200' });
    const names = asDoctor.json<{ items: Contract[] }>().items.map((c) => c.personName);
    expect(names).toContain('张大山');
    expect(names).not.toContain('李小河');
    const wider = await t.as(doctor, { method: 'GET', url: '/api/v1/chronic/contracts?region=130321100000' });
    expect(wider.statusCode).toBe(403);
    const otherTownship = await t.as(township, {
      method: 'GET',
      url: '/api/v1/chronic/contracts?region=130321101000',
    });
    expect(otherTownship.statusCode).toBe(403);
    expect(otherTownship.json<{ error: { code: string } }>().error.code).toBe('OUT_OF_SCOPE');
    const denied = await t.database.db
      .selectFrom('audit_event')
      .where('action', '=', 'access.out_of_scope')
      .where('username', '=', 'township')
      .select('id')
      .execute();
    expect(denied.length).toBeGreaterThan(0);
  });

  it('prints the agreement as HTML with the full ID number, audited as unmasked', async () => {
    const list = await t.as(doctor, { method: 'GET', url: '/api/v1/chronic/contracts?q=张大山' });
    const [contract] = list.json<{ items: Contract[] }>().items;
    const res = await t.as(doctor, {
      method: 'GET',
      url: `/api/v1/chronic/contracts/${contract?.id}/agreement.html`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('家庭医生签约服务协议书');
    expect(res.body).toContain('张大山');
    expect(res.body).toContain('青龙镇一队医生');
    expect(res.body).toMatch(/身份证号：130321\d{11}X/);
    expect(res.body).toContain('自 2026-01-01 起至 2026-12-31 止');
    const audit = await t.database.db
      .selectFrom('audit_event')
      .where('action', '=', 'fd_contract.print_agreement')
      .select(['id_unmasked', 'entity_id'])
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ id_unmasked: true, entity_id: String(contract?.id) });
  });

  it('exports the list as xlsx with masked ID numbers', async () => {
    const res = await t.as(county, {
      method: 'GET',
      url: '/api/v1/chronic/contracts/export.xlsx?status=renewed',
    });
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('签约名单');
    expect(sheet?.rowCount).toBe(2);
    expect(sheet?.getRow(2).getCell(2).value).toBe('孙续');
    expect(String(sheet?.getRow(2).getCell(3).value)).toMatch(/^130321\*+/);
    expect(sheet?.getRow(2).getCell(9).value).toBe('续约');
  });
});

describe('fulfilment', () => {
  it('a follow-up visit and a checkup fulfil the matching contract items automatically', async () => {
    const visit = await t.as(doctor, {
      method: 'POST',
      url: `/api/v1/chronic/persons/${persons.own}/visits/hypertension`,
      payload: hypertensionVisit({ visitDate: '2026-02-10' }),
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const visitId = visit.json<{ id: number; fulfilmentId: number | null }>().id;
    expect(visit.json<{ fulfilmentId: number | null }>().fulfilmentId).not.toBeNull();
    const checkup = await t.as(doctor, {
      method: 'POST',
      url: '/api/v1/chronic/checkups',
      payload: {
        personId: persons.own,
        checkDate: '2026-04-01',
        results: { systolic: 128, diastolic: 78 },
        doctorName: '李医生',
      },
    });
    expect(checkup.statusCode, checkup.body).toBe(201);
    const list = await t.as(doctor, {
      method: 'GET',
      url: `/api/v1/chronic/contracts?personId=${persons.own}`,
    });
    const [contract] = list.json<{ items: Contract[] }>().items;
    const detail = (
      await t.as(doctor, { method: 'GET', url: `/api/v1/chronic/contracts/${contract?.id}` })
    ).json<Contract>();
    expect(detail.fulfilments).toEqual([
      expect.objectContaining({
        itemId: setup.itemIds.followup_hypertension,
        visitId,
        serviceDate: '2026-02-10',
      }),
      expect.objectContaining({
        itemId: setup.itemIds.health_check,
        checkupId: checkup.json<{ id: number }>().id,
      }),
    ]);
  });

  it('a visit outside any contract period links nothing; a manual record checks the item and date', async () => {
    const visit = await t.as(doctor, {
      method: 'POST',
      url: `/api/v1/chronic/persons/${persons.own}/visits/hypertension`,
      payload: hypertensionVisit({ visitDate: '2025-11-10' }),
    });
    expect(visit.json<{ fulfilmentId: number | null }>().fulfilmentId).toBeNull();
    const list = await t.as(doctor, {
      method: 'GET',
      url: `/api/v1/chronic/contracts?personId=${persons.own}`,
    });
    const [contract] = list.json<{ items: Contract[] }>().items;
    const outside = await t.as(doctor, {
      method: 'POST',
      url: `/api/v1/chronic/contracts/${contract?.id}/fulfilments`,
      payload: { itemId: setup.itemIds.health_check, serviceDate: '2027-02-01', performedBy: '李医生' },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json<{ error: { message: string } }>().error.message).toBe(
      '服务日期必须在签约期限2026-01-01至2026-12-31之内',
    );
    const ok = await t.as(doctor, {
      method: 'POST',
      url: `/api/v1/chronic/contracts/${contract?.id}/fulfilments`,
      payload: { itemId: setup.itemIds.followup_diabetes, serviceDate: '2026-05-01', performedBy: '李医生' },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json<Contract>().fulfilments).toHaveLength(3);
  });

  it('every write is audited', async () => {
    const rows = await t.database.db
      .selectFrom('audit_event')
      .where('action', 'like', 'fd_%')
      .select('action')
      .execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const action of [
      'fd_team.create',
      'fd_package.create',
      'fd_contract.create',
      'fd_contract.approve',
      'fd_contract.renew',
      'fd_contract.cancel',
      'fd_contract.export',
      'fd_fulfilment.create',
    ]) {
      expect(actions).toContain(action);
    }
  });
});
