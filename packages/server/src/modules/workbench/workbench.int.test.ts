import { addDays, chinaDateOf } from '@healthaid/domain';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSmallRegistry } from '../../../test/fixtures/small-registry.ts';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import type { DB } from '../../db/schema.ts';
import { WORK_ITEM_KEYS } from './workbench.schema.ts';

/*
 * The fixture, on the small registry (青龙镇 130321100: villages 201 and 202; 祖山镇 130321101: village 201).
 * The township account is 青龙镇, the village doctor 青龙镇 village 201 (no family-doctor team).
 *
 *                        county   township   doctor
 *   入户核实待完成           3        2          1     (open tasks 张一 QL201, 王一 QL202, 赵一 ZS201; one completed)
 *   疾病待核准               3        2          —     (pending 张一, 王一, 赵一; 张二 verified)
 *   今日待随访 / 逾期        4/3      3/2        2/1   (due today 张一; overdue 张一, 王一, 赵一; 张二 not due)
 *   签约30天内到期           2        1          1     (张一 +20 days, 赵一 +10; 王一 +40; 张二 +5 but renewed)
 *   风险预警待处置           3        2          —     (pending 张一, handling 王一, pending 赵一; 张二 disposed)
 *   问题待整改 / 逾期        3/2      2/1        —     (QL201 overdue, QL202, ZS201 overdue; one closed in QL)
 *   导入待确认               3        1          —     (previewed by the county, 青龙镇 and 祖山镇; one committed)
 */

const COUNTY = '130321';
const QL201 = '130321100201';
const QL202 = '130321100202';
const ZS201 = '130321101201';
const today = chinaDateOf(new Date());

type Todo = { key: string; label: string; count: number; overdueCount?: number; path: string };
type Todos = { asOf: string; items: Todo[] };

let t: TestApp;
let county: Session;
let township: Session;
let doctor: Session;
let auditor: Session;
let clerk: Session;

const get = (s: Session, url: string) => t.as(s, { method: 'GET', url });

async function todosOf(s: Session, region?: string): Promise<Todos> {
  const response = await get(s, `/api/v1/workbench/todos${region ? `?region=${region}` : ''}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Todos>();
}

const byKey = (todos: Todos) => Object.fromEntries(todos.items.map((i) => [i.key, i]));

/** The list endpoint behind each item's web page; the page's query string is the list's filter. */
const LIST_OF: Record<string, string> = {
  verification: '/api/v1/verification-tasks',
  diagnoses: '/api/v1/diagnoses',
  followups: '/api/v1/chronic/overdue',
  contracts: '/api/v1/chronic/contracts',
  warnings: '/api/v1/early-warning/warnings',
  problems: '/api/v1/supervision/problems',
  imports: '/api/v1/imports/batches',
};

function listUrl(item: Todo, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams(item.path.split('?')[1] ?? '');
  for (const [k, v] of Object.entries({ ...extra, pageSize: '200' })) {
    query.set(k, v);
  }
  return `${LIST_OF[item.key]}?${query.toString()}`;
}

async function seedTodos(db: Kysely<DB>) {
  const persons = await db.selectFrom('person').select(['id', 'name', 'household_id']).execute();
  const id = (name: string) => {
    const p = persons.find((row) => row.name === name);
    if (!p) {
      throw new Error(`no person ${name}`);
    }
    return p;
  };
  const zhang1 = id('张一');
  const zhang2 = id('张二');
  const wang1 = id('王一');
  const zhao1 = id('赵一');
  const villageOf = new Map([
    [zhang1.id, QL201],
    [zhang2.id, QL201],
    [wang1.id, QL202],
    [zhao1.id, ZS201],
  ]);
  const village = (p: { id: number }) => villageOf.get(p.id) ?? '';
  const townshipOf = (v: string) => `${v.slice(0, 9)}000`;

  await db
    .insertInto('verification_task')
    .values(
      [
        { p: zhang1, status: 'open' as const },
        { p: wang1, status: 'open' as const },
        { p: zhao1, status: 'open' as const },
        { p: zhang2, status: 'completed' as const },
      ].map(({ p, status }) => ({
        county_code: COUNTY,
        person_id: p.id,
        village_code: village(p),
        assigned_region_code: townshipOf(village(p)),
        source: 'manual' as const,
        reason: '信息待核实',
        status,
        ...(status === 'completed' ? { outcome: 'confirmed' as const, completed_at: new Date() } : {}),
      })),
    )
    .execute();

  await db
    .insertInto('diagnosis')
    .values(
      [
        { p: zhang1, status: 'pending' },
        { p: wang1, status: 'pending' },
        { p: zhao1, status: 'pending' },
        { p: zhang2, status: 'verified' },
      ].map(({ p, status }) => ({
        county_code: COUNTY,
        person_id: p.id,
        icd_code: 'I10',
        name: '原发性高血压',
        is_uncoded: false,
        diagnosed_on: addDays(today, -30),
        source: 'clinic_visit',
        registered_on: addDays(today, -20),
        verification_status: status,
        status_date: addDays(today, -20),
        status_by: '测试',
      })),
    )
    .execute();

  await db
    .insertInto('fu_enrolment')
    .values(
      [
        { p: zhang1, disease: 'hypertension' as const, due: today },
        { p: zhang1, disease: 'diabetes' as const, due: addDays(today, -10) },
        { p: wang1, disease: 'hypertension' as const, due: addDays(today, -3) },
        { p: zhao1, disease: 'hypertension' as const, due: addDays(today, -5) },
        { p: zhang2, disease: 'hypertension' as const, due: addDays(today, 10) },
      ].map(({ p, disease, due }) => ({
        county_code: COUNTY,
        person_id: p.id,
        village_code: village(p),
        disease,
        managed_from: addDays(today, -200),
        next_due_date: due,
      })),
    )
    .execute();

  const team = await db
    .insertInto('fd_team')
    .values({ county_code: COUNTY, name: '工作台测试团队', members: JSON.stringify([]) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contract = (p: { id: number }, no: string, start: string, end: string) => ({
    county_code: COUNTY,
    contract_no: no,
    person_id: p.id,
    village_code: village(p),
    team_id: team.id,
    package_ids: [],
    start_date: start,
    end_date: end,
    status: 'signed' as const,
  });
  await db
    .insertInto('fd_contract')
    .values([
      contract(zhang1, 'WB-1', addDays(today, -300), addDays(today, 20)),
      contract(zhao1, 'WB-2', addDays(today, -300), addDays(today, 10)),
      contract(wang1, 'WB-3', addDays(today, -300), addDays(today, 40)),
    ])
    .execute();
  const renewedOld = await db
    .insertInto('fd_contract')
    .values(contract(zhang2, 'WB-4', addDays(today, -300), addDays(today, 5)))
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('fd_contract')
    .values({
      ...contract(zhang2, 'WB-5', addDays(today, 6), addDays(today, 370)),
      status: 'renewed',
      renewed_from_id: renewedOld.id,
    })
    .execute();

  await db
    .insertInto('ew_warning')
    .values(
      [
        { p: zhang1, status: 'pending' },
        { p: wang1, status: 'handling' },
        { p: zhao1, status: 'pending' },
        { p: zhang2, status: 'excluded' },
      ].map(({ p, status }, i) => ({
        county_code: COUNTY,
        rule_code: 'high_expense',
        dedupe_key: `wb-${i}`,
        subject_type: 'person' as const,
        person_id: p.id,
        household_id: p.household_id,
        village_code: village(p),
        period_key: today.slice(0, 4),
        raised_on: addDays(today, -7),
        last_seen_on: addDays(today, -7),
        facts: JSON.stringify({}),
        message: '自付费用较高',
        status,
        status_date: addDays(today, -7),
        ...(status === 'excluded' ? { reason: '已核实无风险', disposed_on: addDays(today, -1) } : {}),
      })),
    )
    .execute();

  await db
    .insertInto('sv_problem')
    .values(
      [
        { region: QL201, deadline: addDays(today, -1), status: 'pending' },
        { region: QL202, deadline: addDays(today, 10), status: 'rectifying' },
        { region: QL201, deadline: addDays(today, -5), status: 'closed' },
        { region: ZS201, deadline: addDays(today, -2), status: 'pending' },
      ].map(({ region, deadline, status }, i) => ({
        county_code: COUNTY,
        problem_no: `WB-P${i}`,
        source: 'daily',
        region_code: region,
        category: 'other',
        description: '工作台测试问题',
        severity: 'general',
        responsible_unit: '卫生院',
        found_on: addDays(today, -30),
        deadline,
        status,
        status_date: addDays(today, -30),
        ...(status === 'closed' ? { closed_on: addDays(today, -3) } : {}),
      })),
    )
    .execute();

  await db
    .insertInto('import_batch')
    .values(
      [
        { region: '130321000000', status: 'previewed' as const },
        { region: '130321100000', status: 'previewed' as const },
        { region: '130321100000', status: 'committed' as const },
        { region: '130321101000', status: 'previewed' as const },
      ].map(({ region, status }, i) => ({
        county_code: COUNTY,
        kind: 'persons',
        file_name: `名单${i}.xlsx`,
        checksum: `wb-checksum-${i}`,
        status,
        region_code: region,
      })),
    )
    .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  [county, township, doctor, auditor, clerk] = await Promise.all([
    t.login('county'),
    t.login('township'),
    t.login('doctor'),
    t.login('auditor'),
    t.login('clerk'),
  ]);
  await seedSmallRegistry(t.database.db);
  await seedTodos(t.database.db);
});
afterAll(async () => {
  await t.close();
});

describe('workbench to-dos', () => {
  it('counts the county user’s pending work across the county', async () => {
    const todos = await todosOf(county);
    expect(todos.asOf).toBe(today);
    // Every item, in the schema's order.
    expect(todos.items.map((i) => i.key)).toEqual([...WORK_ITEM_KEYS]);
    const items = byKey(todos);
    expect(items.verification).toMatchObject({ label: '入户核实待完成', count: 3 });
    expect(items.verification?.overdueCount).toBeUndefined();
    expect(items.diagnoses).toMatchObject({ label: '疾病待核准', count: 3 });
    expect(items.followups).toMatchObject({ label: '今日待随访', count: 4, overdueCount: 3 });
    expect(items.contracts).toMatchObject({
      label: '签约30天内到期',
      count: 2,
      path: `/chronic/contracts?inForceOn=${today}&renewalDueBy=${addDays(today, 30)}`,
    });
    expect(items.warnings).toMatchObject({ label: '风险预警待处置', count: 3 });
    expect(items.problems).toMatchObject({ label: '问题待整改', count: 3, overdueCount: 2 });
    expect(items.imports).toMatchObject({ label: '导入待确认', count: 3, path: '/registry/import' });
  });

  it('counts only the township’s own items for a township user', async () => {
    const items = byKey(await todosOf(township));
    expect(items.verification?.count).toBe(2);
    expect(items.diagnoses?.count).toBe(2);
    expect(items.followups).toMatchObject({ count: 3, overdueCount: 2 });
    expect(items.contracts?.count).toBe(1);
    expect(items.warnings?.count).toBe(2);
    expect(items.problems).toMatchObject({ count: 2, overdueCount: 1 });
    expect(items.imports?.count).toBe(1);
  });

  it('gives a village doctor only the items of his role, in his village', async () => {
    const todos = await todosOf(doctor);
    expect(todos.items.map((i) => i.key)).toEqual(['verification', 'followups', 'contracts']);
    const items = byKey(todos);
    expect(items.verification?.count).toBe(1);
    expect(items.followups).toMatchObject({ count: 2, overdueCount: 1 });
    expect(items.contracts?.count).toBe(1);
  });

  it('has no items for roles that only look or settle', async () => {
    expect((await todosOf(auditor)).items).toEqual([]);
    expect((await todosOf(clerk)).items).toEqual([]);
    expect((await t.as(null, { method: 'GET', url: '/api/v1/workbench/todos' })).statusCode).toBe(401);
  });

  it('equals the total of the linked list with the same filter, for every user and item', async () => {
    for (const session of [county, township, doctor]) {
      for (const item of (await todosOf(session)).items) {
        const response = await get(session, listUrl(item));
        expect(response.statusCode, `${item.key}: ${response.body}`).toBe(200);
        const page = response.json<{ total: number; items: { status?: string }[] }>();
        if (item.key === 'imports') {
          // The batch list has no status filter: its previewed batches are the to-do.
          expect(page.items.filter((b) => b.status === 'previewed').length, item.key).toBe(item.count);
        } else {
          expect(page.total, item.key).toBe(item.count);
        }
        if (item.key === 'problems') {
          const overdue = await get(session, listUrl(item, { overdue: 'true' }));
          expect(overdue.json<{ total: number }>().total).toBe(item.overdueCount);
        }
        if (item.key === 'followups') {
          const list = (await get(session, listUrl(item))).json<{ total: number; dueTodayCount: number }>();
          expect(list.total - list.dueTodayCount).toBe(item.overdueCount);
        }
      }
    }
  });
  it('counts in the region the caller is viewing, as the lists do with the same region', async () => {
    const viewed = byKey(await todosOf(county, '130321100000'));
    const own = byKey(await todosOf(township));
    for (const key of [
      'verification',
      'diagnoses',
      'followups',
      'contracts',
      'warnings',
      'problems',
    ] as const) {
      const counts = (item: Todo | undefined) => ({ count: item?.count, overdueCount: item?.overdueCount });
      expect(counts(viewed[key]), key).toEqual(counts(own[key]));
      const item = viewed[key];
      if (item) {
        // The verification list names its region filter regionCode; the others region.
        const regionParam = key === 'verification' ? 'regionCode' : 'region';
        const page = (await get(county, listUrl(item, { [regionParam]: '130321100000' }))).json<{
          total: number;
        }>();
        expect(page.total, key).toBe(item.count);
      }
    }
    // Import batches are the caller's own (the batch list is not narrowed by the viewed region).
    expect(viewed.imports?.count).toBe(3);
  });

  it('refuses a region outside the caller’s scope and audits it', async () => {
    const response = await get(township, '/api/v1/workbench/todos?region=130321101000');
    expect(response.statusCode).toBe(403);
    expect(response.json<{ error: { message: string } }>().error.message).toBe(
      '区域“130321101000”不在您的管辖范围内',
    );
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['username', 'result'])
      .where('action', '=', 'access.out_of_scope')
      .where('region_code', '=', '130321101000')
      .execute();
    expect(audit).toContainEqual({ username: 'township', result: 'denied' });
  });
});
