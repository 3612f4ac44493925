import { addDays, chinaDateOf, DEFAULT_WARNING_RULES } from '@healthaid/domain';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import { runWarningRules, SYSTEM_RUN_ACTOR } from './warning-runs.ts';

/**
 * A small county by hand (evaluation date: today; income year: last year; rules: 50 % of 20,000.00 元 =
 * 10,000.00 元 out-of-pocket, income line 8,400.00 元, 1 month without measures, 30 days waiting):
 *   青龙镇 201  H1/P1 out-of-pocket 6,000 + 5,000 = 11,000.00 元 this year          → 高额医疗费用
 *   青龙镇 201  H2/P2 income 7,000.00 元                                            → 收入低于监测标准
 *   青龙镇 202  H3/P3 monitored since 60 days ago, income 5,000.00 元, no measure   → 未落实帮扶措施 (no income warning:
 *               already monitored)
 *   青龙镇 202  H6/P6 monitored since 40 days ago, a measure recorded 35 days ago   → nothing
 *   青龙镇 201  H7/P7 dead, out-of-pocket 20,000.00 元                               → nothing
 *   祖山镇 201  H4/P4 胃癌 case 待救治 for 45 days                                    → 大病久未救治
 *   祖山镇 201  H5/P5 out-of-pocket 3,000.00 元, income 9,000.00 元                  → nothing
 */

const COUNTY = '130321';
const QL_201 = '130321100201';
const QL_202 = '130321100202';
const ZS_201 = '130321101201';
const ZUSHAN = '130321101000';
const today = chinaDateOf(new Date());
const year = Number(today.slice(0, 4));
const yearStart = `${year}-01-01`;
const inYear = (daysAgo: number) => {
  const d = addDays(today, -daysAgo);
  return d < yearStart ? yearStart : d;
};

let t: TestApp;
let county: Session;
let township: Session;
let viewer: Session;
let auditor: Session;
const ids: Record<string, { household: number; person: number }> = {};

type Warning = {
  id: number;
  ruleCode: string;
  subjectType: string;
  personId: number | null;
  householdId: number | null;
  personName: string | null;
  headName: string | null;
  status: string;
  message: string;
  disposedOn: string | null;
  measures?: { measure: string; amountFen: number | null }[];
  history?: { kind: string; toStatus: string | null; note: string | null; by: string }[];
};
type Run = {
  id: number;
  status: string;
  doneSteps: number;
  totalSteps: number;
  raised: number;
  refreshed: number;
  skipped: { reason: string }[];
};

const post = (s: Session, url: string, payload: unknown) =>
  t.as(s, { method: 'POST', url, payload: payload as object });
const get = (s: Session, url: string) => t.as(s, { method: 'GET', url });

let serial = 0;
async function household(
  key: string,
  village: string,
  options: { income?: number; monitoredDaysAgo?: number; dead?: boolean },
) {
  const db = t.database.db;
  serial += 1;
  const h = await db
    .insertInto('household')
    .values({
      county_code: COUNTY,
      household_no: `EW-${key}`,
      village_code: village,
      head_name: `户主${key}`,
      main_cause: '因病',
      monitoring_type: options.monitoredDaysAgo === undefined ? null : 'edge',
      risk_status: options.monitoredDaysAgo === undefined ? null : 'not_eliminated',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const p = await db
    .insertInto('person')
    .values({
      county_code: COUNTY,
      id_number: `13032119600101${1000 + serial}`,
      name: `张${key}`,
      sex: 'M',
      birth_date: '1960-01-01',
      household_id: h.id,
      village_code: village,
      status: options.dead ? 'dead' : 'normal',
      status_date: options.dead ? addDays(today, -300) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('person_category')
    .values({ county_code: COUNTY, person_id: p.id, category: 'poverty_exited', valid_from: '2019-01-01' })
    .execute();
  if (options.monitoredDaysAgo !== undefined) {
    await db
      .insertInto('person_category')
      .values({
        county_code: COUNTY,
        person_id: p.id,
        category: 'monitored',
        valid_from: addDays(today, -options.monitoredDaysAgo),
      })
      .execute();
  }
  if (options.income !== undefined) {
    await db
      .insertInto('household_income')
      .values({
        county_code: COUNTY,
        household_id: h.id,
        year: year - 1,
        per_capita_net_income_fen: options.income,
      })
      .execute();
  }
  ids[key] = { household: h.id, person: p.id };
  return ids[key];
}

async function settlement(personId: number, claimNo: string, selfPayFen: number, dischargeDate: string) {
  await sql`
    INSERT INTO settlement (county_code, person_id, institution_code, claim_no, request_hash, policy_set_id, visit_type,
      institution_level, admission_date, discharge_date, year, categories, claim, result, accumulators_before,
      total_fen, basic_fen, critical_fen, assistance_fen, other_fen, self_pay_fen, borne_fen, in_scope_fen,
      in_scope_self_pay_fen, deposit_waived_fen, is_treat_first_pay_later)
    VALUES (${COUNTY}, ${personId}, 'H130321001', ${claimNo}, ${claimNo}, (SELECT min(id) FROM policy_set), 'inpatient',
      'county', ${addDays(dischargeDate, -7)}, ${dischargeDate}, ${Number(dischargeDate.slice(0, 4))}, '[]', '{}', '{}', '{}',
      ${selfPayFen * 4}, ${selfPayFen * 3}, 0, 0, 0, ${selfPayFen}, 0, ${selfPayFen * 4}, ${selfPayFen}, 0, false)`.execute(
    t.database.db,
  );
}

async function waitForRun(session: Session, id: number): Promise<Run> {
  for (let i = 0; i < 600; i += 1) {
    const run = (await get(session, `/api/v1/early-warning/runs/${id}`)).json<Run>();
    if (run.status !== 'running') {
      return run;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${id} did not finish`);
}

async function runNow(session: Session, body: object = {}): Promise<Run> {
  const response = await post(session, '/api/v1/early-warning/runs', body);
  expect([200, 202], response.body).toContain(response.statusCode);
  return waitForRun(session, response.json<Run>().id);
}

async function listWarnings(session: Session, query = '') {
  const response = await get(session, `/api/v1/early-warning/warnings?pageSize=100${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Warning[]; total: number }>();
}

const RULES = {
  ...DEFAULT_WARNING_RULES,
  highExpense: { enabled: true, shareBp: 5_000, incomeBase: [{ year: year - 1, amountFen: 2_000_000 }] },
  lowIncome: { enabled: true, lines: [{ year: year - 1, amountFen: 840_000 }], skipMonitoredAtRisk: true },
};

beforeAll(async () => {
  t = await createTestApp();
  [county, township, viewer, auditor] = await Promise.all([
    t.login('county'),
    t.login('township'),
    t.login('viewer'),
    t.login('auditor'),
  ]);
  const h1 = await household('H1', QL_201, { income: 900_000 });
  await settlement(h1.person, 'EW-1', 600_000, inYear(40));
  await settlement(h1.person, 'EW-2', 500_000, inYear(10));
  await household('H2', QL_201, { income: 700_000 });
  await household('H3', QL_202, { income: 500_000, monitoredDaysAgo: 60 });
  await household('H6', QL_202, { income: 900_000, monitoredDaysAgo: 40 });
  const h7 = await household('H7', QL_201, { income: 900_000, dead: true });
  await settlement(h7.person, 'EW-7', 2_000_000, inYear(5));
  const h4 = await household('H4', ZS_201, { income: 900_000 });
  await t.database.db
    .insertInto('treatment_case')
    .values({
      county_code: COUNTY,
      person_id: h4.person,
      person_disease_key: 'major:gastric',
      item_code: 'gastric',
      item_name: '胃癌',
      opened_on: addDays(today, -45),
      status: 'waiting',
      status_date: addDays(today, -45),
    })
    .execute();
  const h5 = await household('H5', ZS_201, { income: 900_000 });
  await settlement(h5.person, 'EW-5', 300_000, inYear(3));
});
afterAll(async () => {
  await t.close();
});

describe('assistance measures', () => {
  it('records a measure for a monitored household (it counts as assistance for the rules)', async () => {
    const bad = await post(county, '/api/v1/early-warning/measures', {
      householdId: ids.H6?.household,
      measure: 'medical_assistance',
      date: addDays(today, -35),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('帮扶措施（医疗救助）：须填写救助金额');
    const ok = await post(township, '/api/v1/early-warning/measures', {
      householdId: ids.H6?.household,
      measure: 'temporary_assistance',
      date: addDays(today, -35),
      amountFen: 200_000,
      note: '民政临时救助',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json<{ measureLabel: string; amountFen: number }[]>()).toEqual([
      expect.objectContaining({ measureLabel: '临时救助', amountFen: 200_000 }),
    ]);
  });
});

describe('generating warnings', () => {
  it('reports the rules it could not run before amounts are configured, and runs the others', async () => {
    const run = await runNow(county);
    expect(run).toMatchObject({ status: 'succeeded', raised: 2 });
    expect(run.doneSteps).toBe(run.totalSteps);
    expect(run.totalSteps).toBeGreaterThan(10); // one step per township of the county
    expect(run.skipped.map((s) => s.reason)).toEqual(
      expect.arrayContaining([
        `高额医疗费用：规则“系统默认规则”未配置${year - 1}年农村居民人均可支配收入，该规则未执行`,
        `家庭收入低于监测标准：规则“系统默认规则”未配置${year - 1}年监测收入标准，该规则未执行`,
      ]),
    );
  });

  it('saves rule sets as versions, configurable by the county only', async () => {
    const body = { name: '青龙县防返贫监测预警规则', effectiveFrom: yearStart, rules: RULES };
    expect((await post(township, '/api/v1/early-warning/rule-sets', body)).statusCode).toBe(403);
    const invalid = await post(county, '/api/v1/early-warning/rule-sets', {
      ...body,
      rules: { ...RULES, highExpense: { ...RULES.highExpense, shareBp: 50 } },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.message).toContain('比例不能低于1%');
    const v1 = await post(county, '/api/v1/early-warning/rule-sets', {
      ...body,
      rules: DEFAULT_WARNING_RULES,
    });
    expect(v1.json()).toMatchObject({ version: 1 });
    const v2 = await post(county, '/api/v1/early-warning/rule-sets', body);
    expect(v2.statusCode, v2.body).toBe(201);
    expect(v2.json()).toMatchObject({ version: 2, regionCode: '130321000000', regionName: '青龙满族自治县' });
    const list = (await get(township, '/api/v1/early-warning/rule-sets')).json<
      { version: number; isCurrent: boolean }[]
    >();
    expect(list.map((s) => [s.version, s.isCurrent])).toEqual([
      [2, true],
      [1, false],
    ]);
  });

  it('raises each condition once; running again only refreshes the figures', async () => {
    const second = await runNow(county);
    expect(second).toMatchObject({ status: 'succeeded', raised: 2, refreshed: 2, skipped: [] });
    const third = await runNow(county);
    expect(third).toMatchObject({ raised: 0, refreshed: 4 });
    // Two runs at once (the nightly job and a click) still leave one warning per condition.
    await Promise.all([
      runWarningRules(t.database.db, {
        regionCode: '130321000000',
        asOf: today,
        trigger: 'schedule',
        actor: SYSTEM_RUN_ACTOR,
      }),
      runWarningRules(t.database.db, {
        regionCode: '130321000000',
        asOf: today,
        trigger: 'schedule',
        actor: SYSTEM_RUN_ACTOR,
      }),
    ]);
    const { items, total } = await listWarnings(county);
    expect(total).toBe(4);
    const byRule = Object.fromEntries(items.map((w) => [w.ruleCode, w]));
    expect(byRule.high_expense).toMatchObject({
      subjectType: 'person',
      personId: ids.H1?.person,
      personName: '张H1',
    });
    expect(byRule.high_expense?.message).toBe(
      `${year}年经各项报销后个人自付医疗费用11,000.00元，超过${year - 1}年农村居民人均可支配收入20,000.00元的50%（10,000.00元）`,
    );
    expect(byRule.low_income).toMatchObject({ subjectType: 'household', householdId: ids.H2?.household });
    expect(byRule.monitored_no_measure).toMatchObject({ householdId: ids.H3?.household });
    expect(byRule.major_waiting?.message).toBe(
      `大病“胃癌”自${addDays(today, -45)}起处于待救治状态已45天，超过30天`,
    );
    expect(items.every((w) => w.status === 'pending')).toBe(true);
    const raisedEvents = await t.database.db
      .selectFrom('ew_warning_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'raised')
      .executeTakeFirstOrThrow();
    expect(Number(raisedEvents.n)).toBe(4);
  });

  it('refuses a run in the future or above county level', async () => {
    const future = await post(county, '/api/v1/early-warning/runs', { asOf: addDays(today, 1) });
    expect(future.json().error.message).toBe(`评估日期${addDays(today, 1)}晚于今天${today}`);
    expect((await post(viewer, '/api/v1/early-warning/runs', {})).statusCode).toBe(403);
  });
});

describe('scope', () => {
  it('shows a township user only the warnings of the township', async () => {
    const mine = await listWarnings(township);
    expect(mine.items.map((w) => w.ruleCode).sort()).toEqual([
      'high_expense',
      'low_income',
      'monitored_no_measure',
    ]);
    const all = await listWarnings(county);
    const other = all.items.find((w) => w.ruleCode === 'major_waiting') as Warning;
    expect((await get(township, `/api/v1/early-warning/warnings/${other.id}`)).statusCode).toBe(404);
    expect(
      (
        await post(township, `/api/v1/early-warning/warnings/${other.id}/handle`, {
          to: 'handling',
          date: today,
        })
      ).statusCode,
    ).toBe(404);
    expect((await get(township, `/api/v1/early-warning/warnings?region=${ZUSHAN}`)).statusCode).toBe(403);
    expect(
      (await get(township, `/api/v1/indicators/relapse_warnings/members?region=${ZUSHAN}`)).statusCode,
    ).toBe(403);
    // A township run covers only the township (one step).
    const run = await runNow(township);
    expect(run).toMatchObject({ totalSteps: 1, raised: 0, refreshed: 3 });
  });

  it('lets viewers and auditors read with names masked, and not handle', async () => {
    for (const session of [viewer, auditor]) {
      const { items } = await listWarnings(session, '&region=130321');
      expect(items).toHaveLength(4);
      expect(items.find((w) => w.ruleCode === 'high_expense')?.personName).toBe('张*1');
      expect(
        (
          await post(session, `/api/v1/early-warning/warnings/${items[0]?.id}/handle`, {
            to: 'handling',
            date: today,
          })
        ).statusCode,
      ).toBe(403);
    }
  });
});

describe('handling warnings', () => {
  const warningOf = async (rule: string) =>
    (await listWarnings(county)).items.find((w) => w.ruleCode === rule) as Warning;
  const handle = (s: Session, id: number, body: object) =>
    post(s, `/api/v1/early-warning/warnings/${id}/handle`, body);

  it('refuses invalid steps in Chinese and records measures when disposed', async () => {
    const w = await warningOf('high_expense');
    const noMeasure = await handle(township, w.id, { to: '已处置', date: today });
    expect(noMeasure.statusCode).toBe(400);
    expect(noMeasure.json().error.message).toBe(
      `预警#${w.id}（高额医疗费用）：变更为“已处置”时必须登记至少一项帮扶措施（如医疗救助、临时救助）`,
    );
    expect(
      (await handle(township, w.id, { to: 'handling', date: today, reason: '已上报民政部门' })).statusCode,
    ).toBe(200);
    const back = await handle(township, w.id, { to: 'pending', date: today });
    expect(back.json().error.message).toContain('处置状态：不能从“处置中”变更为“待处置”');
    const noAmount = await handle(township, w.id, {
      to: 'handled',
      date: today,
      measures: [{ measure: 'medical_assistance', date: today }],
    });
    expect(noAmount.json().error.message).toContain('第1项帮扶措施（医疗救助）：须填写救助金额');
    const done = await handle(township, w.id, {
      to: 'handled',
      date: today,
      measures: [
        { measure: 'medical_assistance', date: today, amountFen: 350_000, note: '二次救助' },
        { measure: 'critical_illness_tilt', date: today },
      ],
    });
    expect(done.statusCode, done.body).toBe(200);
    const detail = done.json<Warning>();
    expect(detail).toMatchObject({ status: 'handled', disposedOn: today });
    expect(detail.measures?.map((m) => [m.measure, m.amountFen])).toEqual(
      expect.arrayContaining([
        ['medical_assistance', 350_000],
        ['critical_illness_tilt', null],
      ]),
    );
    expect(detail.history?.map((h) => h.toStatus)).toEqual(['pending', 'handling', 'handled']);
    expect(detail.history?.at(-1)?.note).toBe('措施：医疗救助 3,500.00元、大病保险倾斜');
    const again = await handle(county, w.id, { to: 'excluded', date: today, reason: '重复' });
    expect(again.json().error.message).toContain('不能再变更；如风险再次出现，系统会产生新的预警');
  });

  it('excludes a warning only with a reason', async () => {
    const w = await warningOf('low_income');
    expect((await handle(county, w.id, { to: 'excluded', date: today })).json().error.message).toContain(
      '排除预警时必须填写排除原因',
    );
    const excluded = await handle(county, w.id, {
      to: '已排除',
      date: today,
      reason: '入户核实：务工收入未申报，实际收入高于标准',
    });
    expect(excluded.json<Warning>()).toMatchObject({ status: 'excluded', disposedOn: today });
  });

  it('shows a person the warnings of the person and of the household', async () => {
    const p3 = await listWarnings(county, `&personId=${ids.H3?.person}`);
    expect(p3.items.map((w) => w.ruleCode)).toEqual(['monitored_no_measure']);
    const measures = (await get(county, `/api/v1/early-warning/measures?personId=${ids.H1?.person}`)).json<
      unknown[]
    >();
    expect(measures).toHaveLength(2);
  });

  it('does not re-raise a disposed warning for the same period', async () => {
    const run = await runNow(county);
    expect(run).toMatchObject({ raised: 0, refreshed: 2 });
    expect((await listWarnings(county)).total).toBe(4);
  });
});

describe('预警数, 预警处置率 and exports', () => {
  it('equals the hand count: 4 raised, 2 disposed; townships add up to the county', async () => {
    const period = `from=${yearStart}&to=${today}`;
    const count = (
      await get(county, `/api/v1/indicators/relapse_warnings?region=130321&${period}&children=true`)
    ).json<{
      isAvailable: boolean;
      value: { numerator: number };
      children: { code: string; value: { numerator: number } }[];
    }>();
    expect(count).toMatchObject({ isAvailable: true, value: { numerator: 4 } });
    const children = new Map(count.children.map((c) => [c.code, c.value.numerator]));
    expect(children.get('130321100000')).toBe(3);
    expect(children.get(ZUSHAN)).toBe(1);
    expect([...children.values()].reduce((a, b) => a + b, 0)).toBe(4);

    const rate = (
      await get(county, `/api/v1/indicators/warning_handling_rate?region=130321&${period}`)
    ).json<{
      value: { numerator: number; denominator: number; display: string };
    }>();
    expect(rate.value).toEqual(expect.objectContaining({ numerator: 2, denominator: 4, display: '50.00%' }));
    const township = (
      await get(county, `/api/v1/indicators/warning_handling_rate?region=130321100&${period}`)
    ).json<{
      value: { numerator: number; denominator: number };
    }>();
    expect(township.value).toMatchObject({ numerator: 2, denominator: 3 });

    const members = (
      await get(county, `/api/v1/indicators/relapse_warnings/members?region=130321&${period}`)
    ).json<{ total: number; items: { entityType: string; householdNo: string }[] }>();
    expect(members.total).toBe(4);
    expect(members.items.map((m) => `${m.entityType}:${m.householdNo}`).sort()).toEqual([
      'household:EW-H2',
      'household:EW-H3',
      'person:EW-H1',
      'person:EW-H4',
    ]);
    const disposed = (
      await get(
        county,
        `/api/v1/indicators/warning_handling_rate/members?region=130321&${period}&part=numerator`,
      )
    ).json<{ items: { householdNo: string }[] }>();
    expect(disposed.items.map((m) => m.householdNo).sort()).toEqual(['EW-H1', 'EW-H2']);

    const summary = (await get(county, `/api/v1/early-warning/handling?region=130321&${period}`)).json<{
      total: { raised: number; disposed: number; rateBp: number };
      byRule: { ruleCode: string; raised: number; disposed: number }[];
    }>();
    expect(summary.total).toEqual({ raised: 4, disposed: 2, open: 2, rateBp: 5_000 });
    expect(summary.byRule.find((r) => r.ruleCode === 'high_expense')).toMatchObject({
      raised: 1,
      disposed: 1,
    });
  });

  it('exports the warnings to Excel, audited', async () => {
    const response = await get(county, '/api/v1/early-warning/warnings/export?region=130321');
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('风险预警');
    expect(sheet?.rowCount).toBe(5);
    expect(sheet?.getRow(1).values).toEqual(expect.arrayContaining(['预警规则', '预警内容', '处置状态']));
    const audited = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'in', ['early_warning.exported', 'early_warning.handled', 'early_warning.generated'])
      .execute();
    expect(new Set(audited.map((a) => a.action))).toEqual(
      new Set(['early_warning.exported', 'early_warning.handled', 'early_warning.generated']),
    );
  });
});
