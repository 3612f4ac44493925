import { addDays, chinaDateOf, quarterOf } from '@healthaid/domain';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import type { DB } from '../../db/schema.ts';

const COUNTY = '130321';
const QINGLONG = '130321100000'; // 青龙镇: the township account's region
const ZUSHAN = '130321101000'; // 祖山镇
const QL_VILLAGE = '130321100201';
const ZS_VILLAGE = '130321101201';
const today = chinaDateOf(new Date());
const roundStart = addDays(today, -20);
const foundOn = addDays(today, -15);

let t: TestApp;
let county: Session;
let township: Session;
let viewer: Session;
let auditor: Session;
let doctor: Session;
let person = 0;
let household = 0;
let roundId = 0;

type Problem = {
  id: number;
  problemNo: string;
  status: string;
  closedOn: string | null;
  isOverdue: boolean;
  daysOverdue: number;
  personName: string | null;
  history: { kind: string; toStatus: string | null; note: string | null; by: string }[];
};

const post = (s: Session, url: string, payload: unknown) =>
  t.as(s, { method: 'POST', url, payload: payload as object });
const get = (s: Session, url: string) => t.as(s, { method: 'GET', url });

async function seedHousehold(db: Kysely<DB>) {
  const h = await db
    .insertInto('household')
    .values({
      county_code: COUNTY,
      household_no: 'SV-H1',
      village_code: QL_VILLAGE,
      head_name: '周建国',
      main_cause: '因病',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const p = await db
    .insertInto('person')
    .values({
      county_code: COUNTY,
      id_number: '130321195805050019',
      name: '周建国',
      sex: 'M',
      birth_date: '1958-05-05',
      household_id: h.id,
      village_code: QL_VILLAGE,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { household: h.id, person: p.id };
}

function problemBody(patch: Record<string, unknown> = {}) {
  return {
    roundId,
    regionCode: QL_VILLAGE,
    category: '签约履约',
    description: '签约服务协议未留存，履约记录不完整',
    severity: 'major',
    responsibleUnit: '青龙镇卫生院',
    responsiblePerson: '王院长',
    foundOn,
    deadline: addDays(foundOn, 30),
    ...patch,
  };
}

async function auditCount(action: string) {
  const row = await t.database.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', action)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  t = await createTestApp();
  [county, township, viewer, auditor, doctor] = await Promise.all([
    t.login('county'),
    t.login('township'),
    t.login('viewer'),
    t.login('auditor'),
    t.login('doctor'),
  ]);
  ({ household, person } = await seedHousehold(t.database.db));
});
afterAll(async () => {
  await t.close();
});

describe('supervision rounds', () => {
  it('plans a quarterly round with its townships and inspectors', async () => {
    const response = await post(county, '/api/v1/supervision/rounds', {
      kind: 'quarterly',
      quarter: quarterOf(roundStart),
      startDate: roundStart,
      endDate: addDays(roundStart, 12),
      regionCodes: ['130321100', '130321101'],
      inspectors: ['李督导', '王督导'],
      leader: '张局长',
    });
    expect(response.statusCode, response.body).toBe(201);
    const round = response.json<{ id: number; name: string; regions: { name: string }[]; phase: string }>();
    expect(round.name).toMatch(/^\d{4}年第[一二三四]季度健康扶贫督导检查$/);
    expect(round.regions.map((r) => r.name)).toEqual(['青龙镇', '祖山镇']);
    roundId = round.id;
    expect(await auditCount('supervision.round_created')).toBe(1);
  });

  it('refuses a second round for the same quarter and bad input, in Chinese', async () => {
    const again = await post(county, '/api/v1/supervision/rounds', {
      kind: 'quarterly',
      quarter: quarterOf(roundStart),
      startDate: roundStart,
      endDate: roundStart,
      regionCodes: ['130321100'],
      inspectors: ['李督导'],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('季度已有季度督导');
    const bad = await post(county, '/api/v1/supervision/rounds', {
      kind: 'special',
      startDate: today,
      endDate: addDays(today, -1),
      regionCodes: ['130322100'],
      inspectors: [],
    });
    expect(bad.statusCode).toBe(400);
    const message = bad.json().error.message as string;
    expect(message).toContain(`结束日期${addDays(today, -1)}早于开始日期${today}`);
    expect(message).toContain('督导范围：130322100000不属于本县（130321）');
    expect(message).toContain('督导人员：至少填写一名督导人员');
  });

  it('lists rounds with the yearly coverage; townships see rounds that inspected them', async () => {
    const list = (await get(county, `/api/v1/supervision/rounds?year=${roundStart.slice(0, 4)}`)).json<{
      items: unknown[];
      coverage: { planned: number; done: number };
    }>();
    expect(list.items).toHaveLength(1);
    expect(list.coverage).toMatchObject({ planned: 4, done: 1 });
    expect(
      (await get(township, '/api/v1/supervision/rounds')).json<{ items: unknown[] }>().items,
    ).toHaveLength(1);
    const special = {
      kind: 'special',
      startDate: today,
      endDate: today,
      regionCodes: ['130321100'],
      inspectors: ['李督导'],
    };
    expect((await post(township, '/api/v1/supervision/rounds', special)).statusCode).toBe(403);
  });
});

describe('problem ledger and rectification', () => {
  let problemId = 0;

  it('records a finding about a person, numbered per county and year, audited', async () => {
    const response = await post(county, '/api/v1/supervision/problems', problemBody({ personId: person }));
    expect(response.statusCode, response.body).toBe(201);
    const problem = response.json<Problem & { householdNo: string }>();
    expect(problem).toMatchObject({
      problemNo: `DC${foundOn.slice(0, 4)}-0001`,
      status: 'pending',
      householdNo: 'SV-H1',
      personName: '周建国',
    });
    expect(problem.history).toEqual([
      expect.objectContaining({ kind: 'created', toStatus: 'pending', by: '县卫健局业务员' }),
    ]);
    problemId = problem.id;
    expect(await auditCount('supervision.problem_created')).toBe(1);
  });

  it('refuses findings outside the round, the county or the caller, with every reason', async () => {
    const outside = await post(
      county,
      '/api/v1/supervision/problems',
      problemBody({ regionCode: '130321102' }),
    );
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.message).toContain('所在区域：不在该轮督导的检查范围内');
    const bad = await post(
      county,
      '/api/v1/supervision/problems',
      problemBody({ description: '不规范', deadline: addDays(foundOn, -1), foundOn }),
    );
    expect(bad.json().error.message).toBe(
      `问题描述：至少5个字；整改时限${addDays(foundOn, -1)}早于发现日期${foundOn}`,
    );
    const future = await post(
      county,
      '/api/v1/supervision/problems',
      problemBody({ foundOn: addDays(today, 1), deadline: addDays(today, 9) }),
    );
    expect(future.json().error.message).toContain(`发现日期${addDays(today, 1)}晚于今天${today}`);
    expect((await post(township, '/api/v1/supervision/problems', problemBody())).statusCode).toBe(403);
    expect((await post(viewer, '/api/v1/supervision/problems', problemBody())).statusCode).toBe(403);
  });

  it('walks 待整改 → 整改中 → 待验收 → 退回 → 待验收 → 已销号, refusing what the machine forbids', async () => {
    const status = (s: Session, body: object) =>
      post(s, `/api/v1/supervision/problems/${problemId}/status`, body);
    const jump = await status(county, { to: '已销号', date: today });
    expect(jump.statusCode).toBe(400);
    expect(jump.json().error.message).toBe(
      '问题DC' + foundOn.slice(0, 4) + '-0001：整改状态：不能从“待整改”变更为“已销号”',
    );

    expect((await status(township, { to: '整改中', date: today, note: '制定整改方案' })).statusCode).toBe(
      200,
    );
    const noNote = await status(township, { to: 'awaiting_acceptance', date: today });
    expect(noNote.json().error.message).toContain('提交验收时必须填写整改情况说明');
    expect(
      (
        await status(township, {
          to: 'awaiting_acceptance',
          date: today,
          note: '已补签协议12份，补录履约记录',
        })
      ).statusCode,
    ).toBe(200);

    const selfAccept = await status(township, { to: 'closed', date: today });
    expect(selfAccept.statusCode).toBe(403);
    expect(selfAccept.json().error.message).toContain('整改责任单位不能自行验收');
    const noReason = await status(county, { to: 'rectifying', date: today });
    expect(noReason.json().error.message).toContain('退回整改时必须填写退回原因');
    expect((await status(county, { to: 'rectifying', date: today, note: '缺少村医签字' })).statusCode).toBe(
      200,
    );
    expect(
      (await status(township, { to: 'awaiting_acceptance', date: today, note: '已补齐村医签字' })).statusCode,
    ).toBe(200);

    const closed = await status(county, { to: 'closed', date: today, note: '验收合格' });
    expect(closed.statusCode).toBe(200);
    const problem = closed.json<Problem>();
    expect(problem).toMatchObject({ status: 'closed', closedOn: today });
    expect(problem.history.map((h) => h.note)).toEqual([
      '登记问题：签约服务协议未留存，履约记录不完整',
      '开始整改：制定整改方案',
      '提交验收：已补签协议12份，补录履约记录',
      '退回整改：缺少村医签字',
      '提交验收：已补齐村医签字',
      '验收销号：验收合格',
    ]);
    expect(
      (await status(county, { to: 'rectifying', date: today, note: '复查' })).json().error.message,
    ).toContain('问题已销号，不能再变更整改状态');
    expect(await auditCount('supervision.problem_status_changed')).toBe(5);
  });

  it('keeps evidence notes on open problems only', async () => {
    const open = await post(
      county,
      '/api/v1/supervision/problems',
      problemBody({ description: '随访记录缺少血压数值', category: 'follow_up' }),
    );
    const id = open.json<Problem>().id;
    const evidence = await post(township, `/api/v1/supervision/problems/${id}/evidence`, {
      note: '已补录3月随访血压',
    });
    expect(evidence.statusCode).toBe(200);
    expect(evidence.json<Problem>().history.at(-1)).toMatchObject({
      kind: 'evidence',
      note: '已补录3月随访血压',
      by: '青龙镇卫生院',
    });
    const closed = await post(township, `/api/v1/supervision/problems/${problemId}/evidence`, {
      note: '补充材料照片',
    });
    expect(closed.json().error.message).toContain('已销号，不能再追加佐证材料');
  });

  it('flags overdue problems and extends a deadline only with a reason', async () => {
    const late = await post(
      county,
      '/api/v1/supervision/problems',
      problemBody({
        regionCode: ZS_VILLAGE,
        responsibleUnit: '祖山镇卫生院',
        description: '一站式结算窗口未公示流程',
        category: '结算报销',
        deadline: addDays(today, -1),
      }),
    );
    expect(late.statusCode, late.body).toBe(201);
    expect(late.json<Problem>()).toMatchObject({ isOverdue: true, daysOverdue: 1 });
    const overdue = (await get(county, '/api/v1/supervision/problems?overdue=true')).json<{
      items: Problem[];
    }>();
    expect(overdue.items.map((p) => p.id)).toEqual([late.json<Problem>().id]);
    const id = late.json<Problem>().id;
    const noReason = await t.as(county, {
      method: 'PATCH',
      url: `/api/v1/supervision/problems/${id}`,
      payload: { deadline: addDays(today, 10) },
    });
    expect(noReason.statusCode).toBe(400);
    const extended = await t.as(county, {
      method: 'PATCH',
      url: `/api/v1/supervision/problems/${id}`,
      payload: { deadline: addDays(today, 10), reason: '需协调医保部门，经局领导批准延期' },
    });
    expect(extended.json<Problem>()).toMatchObject({ isOverdue: false });
    expect(extended.json<Problem>().history.at(-1)?.note).toContain('整改时限：');
  });
});

describe('scope and read-only roles', () => {
  it('shows a township user only the problems of the township', async () => {
    const mine = (await get(township, '/api/v1/supervision/problems')).json<{
      items: { regionCode: string; id: number }[];
    }>();
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((p) => p.regionCode.startsWith('130321100'))).toBe(true);
    const all = (await get(county, '/api/v1/supervision/problems')).json<{
      items: { regionCode: string; id: number }[];
    }>();
    const other = all.items.find((p) => p.regionCode.startsWith('130321101'));
    expect(other).toBeDefined();
    expect((await get(township, `/api/v1/supervision/problems/${other?.id}`)).statusCode).toBe(404);
    expect((await get(township, `/api/v1/supervision/problems?region=${ZUSHAN}`)).statusCode).toBe(403);
    expect(
      (
        await post(township, `/api/v1/supervision/problems/${other?.id}/status`, {
          to: 'rectifying',
          date: today,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('lets viewers and auditors read, with person names masked, and nothing more', async () => {
    for (const session of [viewer, auditor]) {
      const list = await get(session, '/api/v1/supervision/problems?region=130321');
      expect(list.statusCode).toBe(200);
      const names = list
        .json<{ items: { personName: string | null }[] }>()
        .items.map((p) => p.personName)
        .filter(Boolean);
      expect(names).toEqual(['周*国']);
      expect(
        (await post(session, `/api/v1/supervision/problems/1/evidence`, { note: '只读账号尝试' })).statusCode,
      ).toBe(403);
    }
    expect((await get(doctor, '/api/v1/supervision/problems')).statusCode).toBe(403);
  });
});

describe('export, 问题整改率 and 清零', () => {
  it('exports the ledger to Excel with formulas neutralised, audited', async () => {
    await post(
      county,
      '/api/v1/supervision/problems',
      problemBody({ description: '=HYPERLINK("x") 档案资料不全', category: 'records' }),
    );
    const response = await get(county, '/api/v1/supervision/problems/export?region=130321');
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('问题清单');
    expect(sheet?.getRow(1).values).toEqual(
      expect.arrayContaining(['问题编号', '整改状态', '整改时限', '是否逾期']),
    );
    const descriptions = (sheet?.getColumn(9).values ?? []).map(String);
    expect(descriptions).toContain('\'=HYPERLINK("x") 档案资料不全');
    expect(await auditCount('supervision.problems_exported')).toBe(1);
  });

  it('computes 问题整改率 by hand: 4 found in the period, 1 closed; 青龙镇 not cleared', async () => {
    // 青龙镇: #1 closed, #2 open, #4 open (records); 祖山镇: #3 open (overdue before the extension).
    const from = addDays(today, -30);
    const value = await get(
      county,
      `/api/v1/indicators/rectification_rate?region=130321&from=${from}&to=${today}&children=true`,
    );
    expect(value.statusCode, value.body).toBe(200);
    const body = value.json<{
      isAvailable: boolean;
      value: { numerator: number; denominator: number; display: string };
      children: { code: string; value: { numerator: number; denominator: number } }[];
    }>();
    expect(body.isAvailable).toBe(true);
    expect(body.value).toMatchObject({ numerator: 1, denominator: 4, display: '25.00%' });
    const byTownship = new Map(body.children.map((c) => [c.code, c.value]));
    expect(byTownship.get(QINGLONG)).toMatchObject({ numerator: 1, denominator: 3 });
    expect(byTownship.get(ZUSHAN)).toMatchObject({ numerator: 0, denominator: 1 });
    const sum = body.children.reduce((s, c) => s + c.value.denominator, 0);
    expect(sum).toBe(body.value.denominator);

    const members = await get(
      county,
      `/api/v1/indicators/rectification_rate/members?region=130321&from=${from}&to=${today}&part=numerator`,
    );
    expect(members.json<{ items: { entityType: string; name: string }[] }>().items).toEqual([
      expect.objectContaining({
        entityType: 'problem',
        name: expect.stringMatching(/^DC\d{4}-0001 签约服务协议未留存/),
      }),
    ]);

    const summary = (
      await get(county, `/api/v1/supervision/rectification?region=130321&from=${from}&to=${today}`)
    ).json<{
      total: { found: number; closed: number; rateBp: number; clearance: string };
      children: { code: string; clearance: string; open: number }[];
    }>();
    expect(summary.total).toMatchObject({ found: 4, closed: 1, rateBp: 2_500, clearance: 'not_cleared' });
    expect(summary.children.find((c) => c.code === QINGLONG)).toMatchObject({
      open: 2,
      clearance: 'not_cleared',
    });
    expect(summary.children.find((c) => c.code === '130321102000')).toMatchObject({
      open: 0,
      clearance: 'no_problems',
    });
  });

  it('gives a township user its own figure and refuses another township', async () => {
    const own = await get(
      township,
      `/api/v1/indicators/rectification_rate?from=${addDays(today, -30)}&to=${today}`,
    );
    expect(own.json<{ value: { numerator: number; denominator: number } }>().value).toMatchObject({
      numerator: 1,
      denominator: 3,
    });
    expect((await get(township, `/api/v1/indicators/rectification_rate?region=${ZUSHAN}`)).statusCode).toBe(
      403,
    );
    expect(
      (await get(township, `/api/v1/indicators/rectification_rate/members?region=${ZUSHAN}`)).statusCode,
    ).toBe(403);
  });

  it('uses household and person only from the caller scope', async () => {
    const other = await post(
      county,
      '/api/v1/supervision/problems',
      problemBody({ householdId: household + 999 }),
    );
    expect(other.json().error.message).toContain(
      `所涉户（编号${household + 999}）不存在或不在您的管辖范围内`,
    );
  });
});
