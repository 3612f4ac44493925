import { buildCitizenId } from '@healthaid/domain';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../../../test/multipart.ts';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let county: Session;
let township: Session;

const V1 = '130321100201';
const V2 = '130321100202';
const V_OTHER = '130321101201';
let sequence = 500;
function newId(birthDate = '1975-03-04'): string {
  sequence += 2;
  return buildCitizenId({ addressCode: '130321', birthDate, sequence });
}
const brokenCheck = (id: string) => `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;

const HEADER = '身份证号,姓名,户编号,与户主关系,村行政区划代码,人员类别,类别开始日期';
const csv = (rows: string[], header = HEADER) => Buffer.from(`${[header, ...rows].join('\r\n')}\r\n`, 'utf8');

type Run = {
  id: number;
  status: 'processing' | 'completed' | 'failed';
  counts: Record<string, number>;
  errors: { rowNumber: number; column: string; message: string }[];
  errorMessage: string | null;
};
type Row = {
  id: number;
  kind: string;
  name: string;
  rowNumber: number | null;
  villageCode: string;
  personId: number | null;
  fields: string[];
  differences: { field: string; listValue: string | null; registryValue: string | null }[];
  note: string | null;
  verificationTaskId: number | null;
  taskStatus: string | null;
};

async function compare(
  session: Session,
  content: Buffer,
  options: { name?: string; source?: string; coverage?: string } = {},
) {
  const body = multipart(
    { sourceDepartment: options.source ?? '民政', coverage: options.coverage ?? 'villages', wait: 'true' },
    { name: options.name ?? '民政名单.csv', content },
  );
  return t.as(session, { method: 'POST', url: '/api/v1/comparisons', ...body });
}

async function compareOk(session: Session, content: Buffer, options: Parameters<typeof compare>[2] = {}) {
  const response = await compare(session, content, options);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ run: Run; isExisting: boolean }>();
}

async function rows(session: Session, runId: number, query: string) {
  const response = await t.as(session, { method: 'GET', url: `/api/v1/comparisons/${runId}/rows?${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Row[]; total: number }>();
}

const ids = {
  a: newId(),
  b: newId(),
  c: newId(),
  d: newId(),
  e: newId(),
  f: newId(),
  g: newId(),
};
const personCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('person')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
  county = await t.login('county');
  township = await t.login('township');
  // The registry: six persons in two villages of 青龙镇 and one village of another township.
  const base = csv([
    `${ids.a},张一,CMP-H1,户主,${V1},低保,2024-01-01`,
    `${ids.b},张二,CMP-H1,配偶,${V1},,`,
    `${ids.c},王三,,,${V2},低保,2024-01-01`,
    `${ids.d},李四,,,${V2},低保,2024-01-01`,
    `${ids.e},赵五,,,${V_OTHER},低保,2024-01-01`,
    `${ids.f},钱六,,,${V_OTHER},低保,2024-01-01`,
  ]);
  const preview = await t.as(county, {
    method: 'POST',
    url: '/api/v1/imports/persons/preview',
    ...multipart({ sourceDepartment: '民政', wait: 'true' }, { name: '底册.csv', content: base }),
  });
  expect(preview.statusCode, preview.body).toBe(200);
  const batchId = preview.json<{ batch: { id: number } }>().batch.id;
  const committed = await t.as(county, { method: 'POST', url: `/api/v1/imports/batches/${batchId}/commit` });
  expect(committed.json()).toMatchObject({ new: 6 });
});
afterAll(async () => {
  await t.close();
});

/** The department's list: A same, B another name, C another category, G new, E same (other township); D, F missing. */
const LIST = csv([
  `${ids.a},张一,CMP-H1,户主,${V1},低保,2024-01-01`,
  `${ids.b},张贰,CMP-H1,配偶,${V1},,`,
  `${ids.c},王三,,,${V2},特困供养,2024-01-01`,
  `${ids.g},孙七,,,${V1},低保,2025-01-01`,
  `${ids.e},赵五,,,${V_OTHER},低保,2024-01-01`,
]);

let countyRunId = 0;

describe('comparison of a list with the registry', () => {
  it('finds each kind for a county user without importing anything', async () => {
    const before = await personCount();
    const { run, isExisting } = await compareOk(county, LIST);
    countyRunId = run.id;
    expect(isExisting).toBe(false);
    expect(run.status).toBe('completed');
    expect(run.counts).toMatchObject({
      total: 5,
      invalid: 0,
      compared: 5,
      outOfScope: 0,
      onlyInList: 1,
      onlyInRegistry: 2,
      different: 2,
      same: 2,
    });
    expect(await personCount()).toBe(before);

    const onlyInList = await rows(county, run.id, 'kind=only_in_list');
    expect(onlyInList.items.map((r) => [r.name, r.rowNumber, r.villageCode, r.personId])).toEqual([
      ['孙七', 5, V1, null],
    ]);
    const onlyInRegistry = await rows(county, run.id, 'kind=only_in_registry');
    expect(onlyInRegistry.items.map((r) => r.name).sort()).toEqual(['李四', '钱六']);
    const different = await rows(county, run.id, 'kind=different');
    expect(different.items.map((r) => [r.name, r.fields])).toEqual([
      ['张二', ['name']],
      ['王三', ['categories']],
    ]);
    expect(different.items[0]?.differences).toEqual([
      { field: 'name', listValue: '张贰', registryValue: '张二' },
    ]);
    expect(different.items[1]?.differences).toEqual([
      { field: 'categories', listValue: '特困供养', registryValue: '低保' },
    ]);
    const byField = await rows(county, run.id, 'kind=different&field=name');
    expect(byField.total).toBe(1);
    const byRegion = await rows(county, run.id, `kind=only_in_registry&regionCode=${V2}`);
    expect(byRegion.items.map((r) => r.name)).toEqual(['李四']);

    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['result', 'detail'])
      .where('action', '=', 'registry.comparison.run')
      .where('entity_id', '=', String(run.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.result).toBe('success');
  });

  it('returns the existing run when the same file is compared again', async () => {
    const again = await compareOk(county, LIST, { name: '同一文件-另存.csv' });
    expect(again.isExisting).toBe(true);
    expect(again.run.id).toBe(countyRunId);
    const runs = await t.database.db
      .selectFrom('registry_comparison')
      .select('id')
      .where('region_code', '=', '130321000000')
      .execute();
    expect(runs).toHaveLength(1);
    expect((await rows(county, countyRunId, 'kind=different')).total).toBe(2);
  });

  it('limits a township user to the villages of the township (GBK file)', async () => {
    const gbk = iconv.encode(LIST.toString('utf8').replace('身份证号', '公民身份号码'), 'gbk');
    const { run } = await compareOk(township, gbk, { name: '民政名单-青龙镇.csv' });
    expect(run.counts).toMatchObject({
      total: 5,
      compared: 4,
      outOfScope: 1,
      onlyInList: 1,
      onlyInRegistry: 1,
      different: 2,
      same: 1,
    });
    const onlyInRegistry = await rows(township, run.id, 'kind=only_in_registry');
    expect(onlyInRegistry.items.map((r) => r.name)).toEqual(['李四']);
    // The county's run is not the township's to read; the township's run is within the county's region.
    const foreign = await t.as(township, { method: 'GET', url: `/api/v1/comparisons/${countyRunId}` });
    expect(foreign.statusCode).toBe(404);
    const listed = await t.as(township, { method: 'GET', url: '/api/v1/comparisons' });
    expect(listed.json<{ items: { id: number }[] }>().items.map((r) => r.id)).toEqual([run.id]);
    const fromCounty = await t.as(county, { method: 'GET', url: `/api/v1/comparisons/${run.id}` });
    expect(fromCounty.statusCode).toBe(200);
    const outside = await t.as(township, {
      method: 'GET',
      url: `/api/v1/comparisons/${run.id}/rows?kind=different&regionCode=130321101`,
    });
    expect(outside.statusCode).toBe(403);
  });

  it('compares the whole scope when asked, with the registry population of the source', async () => {
    // Only A of V1 listed. 民政 answers for 低保/特困/低保边缘: with coverage "scope" every such person of the
    // county (C, D, E, F) is missing; B has none of its categories.
    const single = csv([`${ids.a},张一,CMP-H1,户主,${V1},低保,2024-01-01`]);
    const { run } = await compareOk(county, single, { coverage: 'scope' });
    expect(run.counts).toMatchObject({ onlyInRegistry: 4, same: 1, villages: 1 });
    // The insurance bureau's list should hold every registered resident: in the village covered, B is missing.
    const insured = await compareOk(county, single, { source: '医保局' });
    expect(insured.run.counts).toMatchObject({ onlyInRegistry: 1, same: 1 });
    expect((await rows(county, insured.run.id, 'kind=only_in_registry')).items.map((r) => r.name)).toEqual([
      '张二',
    ]);
  });

  it('exports a kind as .xlsx with masked ID numbers, audited', async () => {
    const response = await t.as(county, {
      method: 'GET',
      url: `/api/v1/comparisons/${countyRunId}/rows.xlsx?kind=different`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect((sheet?.getRow(1).values as string[]).slice(1, 5)).toEqual([
      '对比结果',
      '名单行号',
      '身份证号',
      '姓名',
    ]);
    expect(sheet?.getRow(2).getCell(1).value).toBe('信息不一致');
    expect(String(sheet?.getRow(2).getCell(3).value)).toContain('*');
    expect(sheet?.getRow(2).getCell(6).value).toBe('姓名：张贰');
    expect(sheet?.getRow(3).getCell(7).value).toBe('人员类别：低保');
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'registry.comparison.export')
      .executeTakeFirst();
    expect(audit?.detail).toMatchObject({ rows: 2 });
  });

  it('creates 入户核实 tasks from the result, and completing one applies the correction with history', async () => {
    const refused = await t.as(county, {
      method: 'POST',
      url: `/api/v1/comparisons/${countyRunId}/tasks`,
      payload: { kind: 'only_in_list' },
    });
    expect(refused.statusCode).toBe(400);

    const response = await t.as(county, {
      method: 'POST',
      url: `/api/v1/comparisons/${countyRunId}/tasks`,
      payload: { kind: 'different', assignTo: 'village' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ created: 2, alreadyOpen: 0, alreadyLinked: 0, notApplicable: 0 });
    const again = await t.as(county, {
      method: 'POST',
      url: `/api/v1/comparisons/${countyRunId}/tasks`,
      payload: { kind: 'different' },
    });
    expect(again.json()).toEqual({ created: 0, alreadyOpen: 0, alreadyLinked: 2, notApplicable: 0 });

    const different = await rows(county, countyRunId, 'kind=different');
    const rowOfB = different.items.find((r) => r.name === '张二') as Row;
    expect(rowOfB.taskStatus).toBe('open');
    const task = await t.database.db
      .selectFrom('verification_task')
      .selectAll()
      .where('id', '=', rowOfB.verificationTaskId as number)
      .executeTakeFirstOrThrow();
    expect(task).toMatchObject({ source: 'comparison', assigned_region_code: V1, status: 'open' });
    expect(task.reason).toContain('姓名：名单“张贰”，系统“张二”');

    // Selected rows: 仅系统有 李四 to his township; a 仅名单有 row has no person to visit.
    const onlyInRegistry = await rows(county, countyRunId, 'kind=only_in_registry');
    const onlyInList = await rows(county, countyRunId, 'kind=only_in_list');
    const li = onlyInRegistry.items.find((r) => r.name === '李四') as Row;
    const selected = await t.as(county, {
      method: 'POST',
      url: `/api/v1/comparisons/${countyRunId}/tasks`,
      payload: { rowIds: [li.id, onlyInList.items[0]?.id], assignTo: 'township' },
    });
    expect(selected.json()).toEqual({ created: 1, alreadyOpen: 0, alreadyLinked: 0, notApplicable: 1 });
    const liTask = await t.database.db
      .selectFrom('verification_task')
      .select(['assigned_region_code', 'source'])
      .where('person_id', '=', li.personId as number)
      .executeTakeFirstOrThrow();
    expect(liTask).toEqual({ assigned_region_code: '130321100000', source: 'comparison' });

    // The township completes B's task with the listed name.
    const completed = await t.as(township, {
      method: 'POST',
      url: `/api/v1/verification-tasks/${task.id}/result`,
      payload: { outcome: 'corrected', corrections: { name: '张贰' }, note: '入户核实，身份证为张贰' },
    });
    expect(completed.statusCode, completed.body).toBe(200);
    const person = await t.database.db
      .selectFrom('person')
      .select(['name'])
      .where('id_number', '=', ids.b)
      .executeTakeFirstOrThrow();
    expect(person.name).toBe('张贰');
    const history = await t.database.db
      .selectFrom('change_log')
      .select(['field', 'old_value', 'new_value', 'reason_type', 'reason_ref'])
      .where('person_id', '=', rowOfB.personId as number)
      .where('reason_type', '=', 'verification')
      .execute();
    expect(history).toEqual([
      {
        field: 'name',
        old_value: '张二',
        new_value: '张贰',
        reason_type: 'verification',
        reason_ref: `task:${task.id}`,
      },
    ]);
    const after = await rows(county, countyRunId, 'kind=different&field=name');
    expect(after.items[0]?.taskStatus).toBe('completed');
  });
});

describe('spreadsheets', () => {
  it('reads an .xlsx with a title row and header variants (after the correction: B agrees now)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('参保名单');
    sheet.addRow(['青龙满族自治县城乡居民医保参保名单']);
    sheet.addRow(['证件号码', '参保人姓名', '行政区划代码', '人员类别', '认定日期']);
    for (const line of LIST.toString('utf8').trim().split('\r\n').slice(1)) {
      const [id, name, , , village, category, from] = line.split(',');
      sheet.addRow([id, name, village, category || null, from || null]);
    }
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const { run } = await compareOk(county, content, { name: '参保名单.xlsx', source: '医保局' });
    expect(run.status).toBe('completed');
    expect(run.counts).toMatchObject({
      total: 5,
      onlyInList: 1,
      onlyInRegistry: 2,
      different: 1,
      same: 3,
    });
  });
});

describe('interrupted runs', () => {
  it('does not hold a file forever when its run was cut off', async () => {
    const content = csv([`${ids.a},张一,CMP-H1,户主,${V1},低保,2024-01-01`, `${newId()},冯十一,,,${V2},,`]);
    const first = await compareOk(county, content, { name: '中断.csv' });
    await t.database.db
      .updateTable('registry_comparison')
      .set({ status: 'processing', created_at: new Date(Date.now() - 2 * 3600_000) })
      .where('id', '=', first.run.id)
      .execute();
    const again = await compareOk(county, content, { name: '中断.csv' });
    expect(again.isExisting).toBe(false);
    expect(again.run.id).not.toBe(first.run.id);
    const old = await t.as(county, { method: 'GET', url: `/api/v1/comparisons/${first.run.id}` });
    expect(old.json()).toMatchObject({ status: 'failed' });
    expect(old.json().errorMessage).toContain('对比未完成');
  });
});

describe('bad files', () => {
  it('refuses a file with broken rows as a whole, naming row and column in Chinese', async () => {
    const good = newId();
    const { run } = await compareOk(
      county,
      csv([
        `${good},周八,,,${V1},,`,
        `${brokenCheck(newId())},吴九,,,${V1},,`,
        `${newId()},郑十,,,130321100999,,`,
      ]),
    );
    expect(run.status).toBe('failed');
    expect(run.errorMessage).toBe(
      '名单中有2行数据有误，未进行对比：请按错误明细（行号、列名）修正后重新上传',
    );
    expect(run.counts).toEqual({ total: 3, invalid: 2 });
    expect(run.errors.map((e) => [e.rowNumber, e.column])).toEqual([
      [3, '身份证号'],
      [4, '村行政区划代码'],
    ]);
    expect(run.errors[0]?.message).toContain('校验位');
    expect(run.errors[1]?.message).toBe('村代码130321100999在区划库中不存在');
    const download = await t.as(county, { method: 'GET', url: `/api/v1/comparisons/${run.id}/errors.xlsx` });
    expect(download.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]?.getRow(2).values).toEqual([
      undefined,
      3,
      '身份证号',
      run.errors[0]?.message,
    ]);
    const stored = await t.database.db
      .selectFrom('registry_comparison_row')
      .select('id')
      .where('run_id', '=', run.id)
      .execute();
    expect(stored).toEqual([]);
    const staged = await t.database.db
      .selectFrom('registry_comparison_staged_row')
      .select('run_id')
      .where('run_id', '=', run.id)
      .execute();
    expect(staged).toEqual([]);
  });

  it('reports a missing header and refuses files that are not spreadsheets', async () => {
    const { run } = await compareOk(county, Buffer.from('姓名,电话\r\n张三,13800000000\r\n', 'utf8'));
    expect(run.status).toBe('failed');
    expect(run.errorMessage).toContain('未找到表头');
    const pdf = await compare(county, Buffer.from('%PDF-1.4 binary'), { name: '名单.pdf' });
    expect(pdf.statusCode).toBe(422);
    expect(pdf.json().error.message).toContain('不支持的文件类型');
    const source = await compare(county, LIST, { source: '税务局' });
    expect(source.statusCode).toBe(400);
    expect(source.json().error.message).toContain('名单来源“税务局”无效');
  });
});
