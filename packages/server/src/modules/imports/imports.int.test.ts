import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { addDays, buildCitizenId, computeIdCheckChar } from '@healthaid/domain';
import ExcelJS from 'exceljs';
import type { FastifyRequest } from 'fastify';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../../../test/multipart.ts';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import type { Actor } from '../auth/actor.ts';
import { readRegistryCounts } from '../indicators/registry-stats.ts';
import { readSheetRows, type SheetRow } from './import-file-reader.ts';
import { openCopyWriter, STAGED_PERSON_COLUMNS, stagedPersonLine } from './import-staging.ts';
import { deleteStaging, insertBatch } from './imports.repository.ts';
import { commitBatch } from './imports.service.ts';
import { MAX_IMPORT_ROWS } from './person-list-stream.ts';

let t: TestApp;
let county: Session;
let township: Session;

beforeAll(async () => {
  t = await createTestApp();
  county = await t.login('county');
  township = await t.login('township');
});
afterAll(async () => {
  await t.close();
});

const V1 = '130321100201';
const V2 = '130321100202';
const V_OTHER_TOWNSHIP = '130321101201';
let sequence = 100;
/** A fresh valid ID number (unique across the tests of this file). */
function newId(birthDate = '1980-05-06'): string {
  sequence += 2;
  return buildCitizenId({ addressCode: '130321', birthDate, sequence });
}
const brokenCheck = (id: string) => `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;

const HEADER =
  '身份证号,姓名,户编号,与户主关系,村行政区划代码,人员类别,类别开始日期,联系电话,参保,主要致贫原因';
const csv = (rows: string[], header = HEADER) => Buffer.from(`${[header, ...rows].join('\r\n')}\r\n`, 'utf8');

type Preview = {
  batch: {
    id: number;
    status: string;
    counts: Record<string, number>;
    errorMessage: string | null;
    totalRows: number | null;
    processedRows: number;
    sameFileBatchId: number | null;
  };
  errors: { items: { rowNumber: number; column: string; message: string }[]; total: number };
};

async function preview(
  session: Session,
  content: Buffer,
  options: { name?: string; source?: string; isFullList?: boolean; wait?: boolean } = {},
) {
  const body = multipart(
    {
      sourceDepartment: options.source ?? '民政',
      isFullList: String(options.isFullList ?? false),
      wait: String(options.wait ?? true),
    },
    { name: options.name ?? '名单.csv', content },
  );
  return t.as(session, { method: 'POST', url: '/api/v1/imports/persons/preview', ...body });
}

async function previewOk(session: Session, content: Buffer, options: Parameters<typeof preview>[2] = {}) {
  const response = await preview(session, content, options);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Preview>();
}

async function commit(session: Session, batchId: number) {
  return t.as(session, { method: 'POST', url: `/api/v1/imports/batches/${batchId}/commit` });
}

const personByIdNumber = (idNumber: string) =>
  t.database.db.selectFrom('person').selectAll().where('id_number', '=', idNumber).executeTakeFirst();

describe('template', () => {
  it('downloads an .xlsx with Chinese headers and an instructions sheet', async () => {
    const response = await t.as(county, { method: 'GET', url: '/api/v1/imports/persons/template' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['人员名单', '填写说明']);
    const headers = (workbook.getWorksheet('人员名单')?.getRow(1).values as string[]).slice(1);
    expect(headers.slice(0, 2)).toEqual(['身份证号', '姓名']);
    expect(headers).toContain('村行政区划代码');
  });
});

describe('preview', () => {
  it('counts new and invalid rows and reports every error with row number and column', async () => {
    const [a, b, c, d] = [newId(), newId(), newId(), newId()];
    const content = csv([
      `${a},张一,H-P1,户主,${V1},低保,2024-01-01,13800000001,是,因病`,
      `${b},张二,H-P1,配偶,${V1},,,,,`,
      `${brokenCheck(c)},张三,,,${V1},,,,,`,
      `${a},张一重复,,,${V1},,,,,`,
      `${d},张四,,,130322100201,,,,,`,
      `${newId()},张五,,,${V2},富人,2024-01-01,,,`,
      '',
      `${newId('1990-01-01')},张六,,,${V2},,,,否,`,
    ]);
    const { batch, errors } = await previewOk(county, content);
    expect(batch.status).toBe('previewed');
    expect(batch.counts).toMatchObject({
      total: 7,
      new: 3,
      changed: 0,
      unchanged: 0,
      invalid: 4,
      householdsNew: 1,
    });
    expect(errors.total).toBe(4);
    expect(errors.items.map((e) => [e.rowNumber, e.column])).toEqual([
      [4, '身份证号'],
      [5, '身份证号'],
      [6, '村行政区划代码'],
      [7, '人员类别'],
    ]);
    expect(errors.items[0]?.message).toContain('校验位应为');
    expect(errors.items[1]?.message).toBe('身份证号与第2行重复（同一文件中每人只能出现一次）');
    expect(errors.items[2]?.message).toBe('村代码130322100201不在您的管辖范围内');

    const page2 = await t.as(county, {
      method: 'GET',
      url: `/api/v1/imports/batches/${batch.id}/errors?page=2&pageSize=3`,
    });
    expect(page2.json()).toMatchObject({ total: 4, page: 2, items: [{ rowNumber: 7 }] });

    const refused = await commit(county, batch.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toContain('本批次有4行数据有误');
    expect(await personByIdNumber(b)).toBeUndefined();

    const download = await t.as(county, {
      method: 'GET',
      url: `/api/v1/imports/batches/${batch.id}/errors.xlsx`,
    });
    expect(download.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(1).values).toEqual([undefined, '行号', '列名', '错误原因']);
    expect(sheet?.getRow(2).values).toEqual([undefined, 4, '身份证号', errors.items[0]?.message]);
  });

  it('reads a GBK CSV with header variants', async () => {
    const id = newId();
    const text = `公民身份号码,人员姓名,村代码,是否参保\r\n${id},赵钱孙,${V1},是\r\n`;
    const { batch } = await previewOk(county, iconv.encode(text, 'gbk'), { name: 'gbk名单.csv' });
    expect(batch.counts).toMatchObject({ total: 1, new: 1, invalid: 0 });
    const committed = await commit(county, batch.id);
    expect(committed.json()).toMatchObject({ new: 1 });
    expect((await personByIdNumber(id))?.name).toBe('赵钱孙');
  });

  it('reads an .xlsx with a title row, text IDs, date cells and formulas', async () => {
    const [a, b] = [newId(), newId()];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['青龙满族自治县低保对象名单']);
    sheet.addRow(['证件号码', '姓名', '行政区划代码', '人员类别', '认定日期', '联系电话']);
    sheet.addRow([
      a,
      '钱一',
      V1,
      '低保',
      new Date(Date.UTC(2024, 2, 5)),
      { formula: '"138"&"00000002"', result: '13800000002' },
    ]);
    sheet.addRow([b, '钱二', V1, '特困', '2024年3月6日', 13800000003]);
    sheet.addRow([Number(`${a.slice(0, 17)}0`), '钱三', V1, '', '', '']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const { batch, errors } = await previewOk(county, content, { name: '名单.xlsx' });
    expect(batch.counts).toMatchObject({ total: 3, new: 2, invalid: 1 });
    expect(errors.items[0]).toMatchObject({ rowNumber: 5, column: '证件号码' });
    expect(errors.items[0]?.message).toContain('被存成了数字');
  });

  it('streams large .xlsx files with Chinese text intact across zip chunks', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('人员名单');
    sheet.addRow(['身份证号', '姓名', '村']);
    const names = Array.from(
      { length: 20_000 },
      (_, i) => `欧阳${String.fromCharCode(0x4e00 + (i % 20_000))}华`,
    );
    for (const [i, name] of names.entries()) {
      sheet.addRow([`ID${i}`, name, { richText: [{ text: '青龙' }, { text: '满族' }] }]);
    }
    const file = path.join(os.tmpdir(), `healthaid-xlsx-${process.pid}.xlsx`);
    await workbook.xlsx.writeFile(file);
    try {
      const rows: SheetRow[] = [];
      for await (const row of readSheetRows(file, 'xlsx', 'utf8')) {
        rows.push(row);
      }
      expect(rows).toHaveLength(20_001);
      expect(rows.filter((r, i) => i > 0 && r.cells[1] !== names[i - 1])).toEqual([]);
      expect(rows[20_000]).toEqual({ rowNumber: 20_001, cells: ['ID19999', names[19_999], '青龙满族'] });
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('rejects files that are not lists with clear messages', async () => {
    const empty = await preview(county, Buffer.alloc(0));
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.message).toContain('文件为空');
    const xls = await preview(county, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), {
      name: '名单.xlsx',
    });
    expect(xls.statusCode).toBe(422);
    expect(xls.json().error.message).toContain('设置了打开密码');
    const pdf = await preview(county, Buffer.from('%PDF-1.4'), { name: '名单.pdf' });
    expect(pdf.json().error.message).toContain('只能上传 .xlsx 或 .csv 文件');

    const corrupt = await previewOk(county, Buffer.from('PK\u0003\u0004garbage'), { name: '坏.xlsx' });
    expect(corrupt.batch.status).toBe('failed');
    expect(corrupt.batch.errorMessage).toContain('无法读取 .xlsx 文件');
    const noHeader = await previewOk(county, Buffer.from('a,b\r\n1,2\r\n'));
    expect(noHeader.batch.status).toBe('failed');
    expect(noHeader.batch.errorMessage).toContain('未找到表头');
    const missing = await previewOk(county, Buffer.from('身份证号,姓名\r\n1,2\r\n'));
    expect(missing.batch.errorMessage).toBe(
      '第1行表头有误：缺少必填列“村行政区划代码”（可用列名：村行政区划代码、行政区划代码、区划代码、村代码等）',
    );
    const headerOnly = await previewOk(county, Buffer.from('身份证号,姓名,村\r\n'));
    expect(headerOnly.batch.errorMessage).toContain('没有数据行');
    const badSource = await preview(county, csv([]), { source: '公安局' });
    expect(badSource.statusCode).toBe(400);
    expect(badSource.json().error.message).toContain('数据来源部门“公安局”无效');
  });

  it('runs in the background and reports progress', async () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `${newId()},孙${String.fromCharCode(0x4e00 + i)},,,${V2},,,,,`,
    );
    const response = await preview(county, csv(rows), { wait: false });
    expect(response.statusCode).toBe(202);
    const { batch } = response.json<Preview>();
    expect(batch.totalRows).toBe(30);
    let status = batch.status;
    let body: Preview['batch'] = batch;
    for (let i = 0; i < 200 && status === 'processing'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      body = (await t.as(county, { method: 'GET', url: `/api/v1/imports/batches/${batch.id}` })).json();
      status = body.status;
    }
    expect(body).toMatchObject({
      status: 'previewed',
      processedRows: 30,
      totalRows: 30,
      counts: { new: 30 },
    });
  });
});

describe('commit', () => {
  it('writes households, persons, ID index, categories, history and an audit event; a second import changes nothing', async () => {
    const [head, spouse] = [newId(), newId('1982-02-02')];
    const content = csv([
      `${head},周大,H-C1,户主,${V1},低保,2024-01-01,13800000011,是,因病`,
      `${spouse},周二,H-C1,配偶,${V1},,,,是,因病`,
    ]);
    const first = await previewOk(county, content);
    const result = await commit(county, first.batch.id);
    expect(result.statusCode, result.body).toBe(200);
    expect(result.json()).toEqual({
      batchId: first.batch.id,
      alreadyCommitted: false,
      new: 2,
      changed: 0,
      unchanged: 0,
      flagged: 0,
      householdsNew: 1,
      householdsChanged: 0,
    });
    const person = await personByIdNumber(head);
    expect(person).toMatchObject({ name: '周大', village_code: V1, relation: '户主', phone: '13800000011' });
    const household = await t.database.db
      .selectFrom('household')
      .selectAll()
      .where('household_no', '=', 'H-C1')
      .executeTakeFirstOrThrow();
    expect(household).toMatchObject({ head_name: '周大', main_cause: '因病', village_code: V1 });
    expect(person?.household_id).toBe(household.id);
    const index = await t.database.db
      .selectFrom('person_id_index')
      .selectAll()
      .where('id_number', '=', head)
      .executeTakeFirst();
    expect(index).toMatchObject({ county_code: '130321', person_id: person?.id });
    const categories = await t.database.db
      .selectFrom('person_category')
      .select(['category', 'valid_from', 'source'])
      .where('person_id', '=', person?.id ?? 0)
      .execute();
    expect(categories).toEqual([{ category: 'dibao', valid_from: '2024-01-01', source: '民政' }]);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'entity_id'])
      .where('action', '=', 'registry.import.commit')
      .where('entity_id', '=', String(first.batch.id))
      .execute();
    expect(audit).toHaveLength(1);

    // The same batch again: nothing to do.
    expect((await commit(county, first.batch.id)).json()).toMatchObject({
      alreadyCommitted: true,
      new: 0,
      changed: 0,
    });
    // The same file again (same checksum): all unchanged, the commit changes nothing.
    const second = await previewOk(county, content);
    expect(second.batch.counts).toMatchObject({ new: 0, changed: 0, unchanged: 2 });
    expect(second.batch.sameFileBatchId).toBe(first.batch.id);
    const logBefore = await t.database.db
      .selectFrom('change_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect((await commit(county, second.batch.id)).json()).toMatchObject({
      alreadyCommitted: false,
      new: 0,
      changed: 0,
      unchanged: 2,
      householdsNew: 0,
      householdsChanged: 0,
    });
    const logAfter = await t.database.db
      .selectFrom('change_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(logAfter.n)).toBe(Number(logBefore.n));
  });

  it('records one change_log row per changed field, reason import and the batch id', async () => {
    const id = newId();
    const first = await previewOk(
      county,
      csv([`${id},吴一,H-L1,户主,${V1},低保,2024-01-01,13800000021,是,因病`]),
    );
    await commit(county, first.batch.id);
    const changed = await previewOk(
      county,
      csv([`${id},吴壹,H-L1,户主,${V1},特困供养,2025-01-01,13800000022,否,因残`]),
    );
    expect(changed.batch.counts).toMatchObject({ new: 0, changed: 1, unchanged: 0, householdsChanged: 1 });
    expect((await commit(county, changed.batch.id)).json()).toMatchObject({
      changed: 1,
      householdsChanged: 1,
    });
    const person = await personByIdNumber(id);
    expect(person).toMatchObject({ name: '吴壹', phone: '13800000022', is_insured: false });
    const log = await t.database.db
      .selectFrom('change_log')
      .select(['entity_type', 'field', 'old_value', 'new_value', 'reason_type', 'reason_ref'])
      .where('reason_ref', '=', String(changed.batch.id))
      .orderBy('id')
      .execute();
    const ref = { reason_type: 'import', reason_ref: String(changed.batch.id) };
    expect(log).toEqual([
      { entity_type: 'household', field: 'head_name', old_value: '吴一', new_value: '吴壹', ...ref },
      { entity_type: 'household', field: 'main_cause', old_value: '因病', new_value: '因残', ...ref },
      { entity_type: 'person', field: 'name', old_value: '吴一', new_value: '吴壹', ...ref },
      { entity_type: 'person', field: 'phone', old_value: '13800000021', new_value: '13800000022', ...ref },
      { entity_type: 'person', field: 'is_insured', old_value: 'true', new_value: 'false', ...ref },
      {
        entity_type: 'person_category',
        field: 'valid_to',
        old_value: null,
        new_value: expect.any(String),
        ...ref,
      },
      { entity_type: 'person_category', field: 'category', old_value: null, new_value: 'tekun', ...ref },
    ]);
    const categories = await t.database.db
      .selectFrom('person_category')
      .select(['category', 'valid_to'])
      .where('person_id', '=', person?.id ?? 0)
      .orderBy('id')
      .execute();
    expect(categories.map((c) => [c.category, c.valid_to === null])).toEqual([
      ['dibao', false],
      ['tekun', true],
    ]);
  });

  it('applies the same file committed twice at the same moment only once', async () => {
    const content = csv([`${newId()},陈一,,,${V1},,,,,`, `${newId()},陈二,,,${V1},,,,,`]);
    const [a, b] = [await previewOk(county, content), await previewOk(county, content)];
    const results = (await Promise.all([commit(county, a.batch.id), commit(county, b.batch.id)])).map((r) =>
      r.json<{ new: number; unchanged: number }>(),
    );
    expect(results.map((r) => r.new).sort()).toEqual([0, 2]);
    expect(results.map((r) => r.unchanged).sort()).toEqual([0, 2]);
  });

  it('is all or nothing: a failure mid-way leaves the registry unchanged', async () => {
    const ids = Array.from({ length: 5 }, () => newId());
    const { batch } = await previewOk(
      county,
      csv(ids.map((id, i) => `${id},郑${'甲乙丙丁戊'[i]},H-F${i},户主,${V1},,,,,`)),
    );
    const user = await t.database.db
      .selectFrom('app_user')
      .select(['id', 'username', 'display_name'])
      .where('username', '=', 'county')
      .executeTakeFirstOrThrow();
    const actor: Actor = {
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      role: 'county',
      regionCode: '130321000000',
      institutionCode: null,
      sessionId: null,
      mustChangePassword: false,
    };
    const request = { id: 'test', ip: '127.0.0.1', actor } as unknown as FastifyRequest;
    await expect(
      commitBatch(t.database.db, request, actor, batch.id, {
        chunkSize: 2,
        afterChunk: (index) => {
          if (index === 1) {
            throw new Error('injected failure');
          }
        },
      }),
    ).rejects.toThrow('injected failure');
    for (const id of ids) {
      expect(await personByIdNumber(id)).toBeUndefined();
    }
    const households = await t.database.db
      .selectFrom('household')
      .select('id')
      .where('household_no', 'like', 'H-F%')
      .execute();
    expect(households).toEqual([]);
    const state = await t.as(county, { method: 'GET', url: `/api/v1/imports/batches/${batch.id}` });
    expect(state.json()).toMatchObject({ status: 'previewed' });
    // The batch can still be committed afterwards.
    expect((await commit(county, batch.id)).json()).toMatchObject({ new: 5 });
  });
});

describe('full list', () => {
  it('flags persons of the same department missing from a newer full list, never deletes them', async () => {
    const [a, b, c] = [newId(), newId(), newId()];
    const first = await previewOk(
      county,
      csv([`${a},冯一,,,${V2},,,,,`, `${b},冯二,,,${V2},,,,,`, `${c},冯三,,,${V2},,,,,`]),
      { source: '扶贫办', isFullList: true },
    );
    await commit(county, first.batch.id);
    const second = await previewOk(county, csv([`${a},冯一,,,${V2},,,,,`, `${b},冯二,,,${V2},,,,,`]), {
      source: '扶贫办',
      isFullList: true,
    });
    expect(second.batch.counts).toMatchObject({ unchanged: 2, missing: 1 });
    expect((await commit(county, second.batch.id)).json()).toMatchObject({ flagged: 1, changed: 0 });
    const missing = await personByIdNumber(c);
    expect(missing).toMatchObject({ needs_verification: true, status: 'normal' });
    expect(missing?.verification_reason).toContain(`未出现在扶贫办`);
    expect((await personByIdNumber(a))?.needs_verification).toBe(false);
    const log = await t.database.db
      .selectFrom('change_log')
      .select(['field', 'old_value', 'new_value'])
      .where('person_id', '=', missing?.id ?? 0)
      .where('reason_ref', '=', String(second.batch.id))
      .execute();
    expect(log).toEqual([{ field: 'needs_verification', old_value: 'false', new_value: 'true' }]);
  });
});

describe('scope and permissions', () => {
  it('refuses roles without the import permission', async () => {
    for (const username of ['doctor', 'clerk', 'viewer']) {
      const session = await t.login(username);
      const response = await preview(session, csv([`${newId()},甲,,,${V1},,,,,`]));
      expect(response.statusCode, username).toBe(403);
      const list = await t.as(session, { method: 'GET', url: '/api/v1/imports/batches' });
      expect(list.statusCode, username).toBe(403);
    }
  });

  it('limits a township user to the villages of the township', async () => {
    const id = newId();
    const { batch, errors } = await previewOk(
      township,
      csv([`${newId()},乙,,,${V1},,,,,`, `${id},丙,,,${V_OTHER_TOWNSHIP},,,,,`]),
    );
    expect(batch.counts).toMatchObject({ new: 1, invalid: 1 });
    expect(errors.items).toEqual([
      { rowNumber: 3, column: '村行政区划代码', message: `村代码${V_OTHER_TOWNSHIP}不在您的管辖范围内` },
    ]);
    // A county batch is invisible to the township user; the township batch is visible to the county.
    const countyBatch = await previewOk(county, csv([`${newId()},丁,,,${V_OTHER_TOWNSHIP},,,,,`]));
    expect(
      (await t.as(township, { method: 'GET', url: `/api/v1/imports/batches/${countyBatch.batch.id}` }))
        .statusCode,
    ).toBe(404);
    expect((await commit(township, countyBatch.batch.id)).statusCode).toBe(404);
    expect(
      (await t.as(county, { method: 'GET', url: `/api/v1/imports/batches/${batch.id}` })).statusCode,
    ).toBe(200);
  });

  it('refuses changes to persons registered outside the township through the township import', async () => {
    const id = newId();
    const countyBatch = await previewOk(county, csv([`${id},戊,,,${V_OTHER_TOWNSHIP},,,,,`]));
    await commit(county, countyBatch.batch.id);
    const { errors } = await previewOk(township, csv([`${id},戊,,,${V1},,,,,`]));
    expect(errors.items[0]?.message).toBe(
      `该人员已登记在您管辖范围以外的村（${V_OTHER_TOWNSHIP}），不能通过本次导入修改`,
    );
  });

  it('lists batches with file name, checksum, user, time and counts', async () => {
    const response = await t.as(county, { method: 'GET', url: '/api/v1/imports/batches?pageSize=5' });
    expect(response.statusCode).toBe(200);
    const page = response.json<{ items: Record<string, unknown>[]; total: number }>();
    expect(page.total).toBeGreaterThan(5);
    expect(page.items).toHaveLength(5);
    expect(page.items[0]).toMatchObject({
      fileName: expect.any(String),
      checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
      userName: expect.any(String),
      createdAt: expect.any(String),
      counts: expect.any(Object),
    });
  });
});

const countPersons = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('person')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const toFullWidth = (text: string) =>
  text.replace(/[0-9A-Za-z]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('bad input', () => {
  it('ID numbers: 15 digits converted, lower-case x, full-width digits and spaces accepted; wrong check characters and impossible birth dates named by row and column', async () => {
    const legacy = `130321${'800506'}${'123'}`; // 15-digit: born 1980-05-06, sequence 123
    let withX = '';
    for (let s = 1; withX === '' && s < 999; s += 1) {
      const candidate = buildCitizenId({ addressCode: '130321', birthDate: '1975-03-04', sequence: s });
      if (candidate.endsWith('X')) {
        withX = candidate;
      }
    }
    const fullWidth = newId('1966-06-06');
    const first17 = '13032119800230123'; // 30 February
    const impossible = `${first17}${computeIdCheckChar(first17)}`;
    const wrongCheck = brokenCheck(newId());
    const spaced = `${toFullWidth(fullWidth.slice(0, 6))} ${toFullWidth(fullWidth.slice(6))}`;
    const before = await countPersons();
    const { batch, errors } = await previewOk(
      county,
      csv([
        `${legacy},褚一,,,${V1},,,,,`,
        `${withX.toLowerCase()},褚二,,,${V1},,,,,`,
        `"${spaced}",褚三,,,${toFullWidth(V1)},,,,,`,
        `${wrongCheck},褚四,,,${V1},,,,,`,
        `${impossible},褚五,,,${V1},,,,,`,
        `${newId()},褚六,,,${V1},,２０２４年１３月１日,,,`,
      ]),
    );
    expect(batch.counts).toMatchObject({ total: 6, new: 3, invalid: 3 });
    expect(errors.items.map((e) => [e.rowNumber, e.column])).toEqual([
      [5, '身份证号'],
      [6, '身份证号'],
      [7, '类别开始日期'],
    ]);
    expect(errors.items[0]?.message).toMatch(/^校验位应为[0-9X]，实际为[0-9X]$/u);
    expect(errors.items[1]?.message).toContain('19800230');
    expect(errors.items[2]?.message).toContain('不是有效日期');
    // Nothing is written by a preview, nor by a refused commit.
    expect((await commit(county, batch.id)).statusCode).toBe(422);
    expect(await countPersons()).toBe(before);
  });

  it('commits the normalised ID numbers (15→18 digits, X upper-case, half-width)', async () => {
    const legacy = '130321700101456';
    const fullWidth = newId('1967-07-07');
    const { batch } = await previewOk(
      county,
      csv([`${legacy},卫一,,,${V1},,,,,`, `${toFullWidth(fullWidth)},卫二,,,${V1},,,,,`]),
    );
    expect((await commit(county, batch.id)).json()).toMatchObject({ new: 2 });
    const converted = `13032119700101456${computeIdCheckChar('13032119700101456')}`;
    expect(await personByIdNumber(converted)).toMatchObject({ name: '卫一', birth_date: '1970-01-01' });
    expect(await personByIdNumber(fullWidth)).toMatchObject({ name: '卫二' });
  });

  it('reads UTF-8 with a byte-order mark and GBK alike', async () => {
    const [a, b] = [newId(), newId()];
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csv([`${a},蒋一,,,${V1},,,,,`])]);
    const gbk = iconv.encode(`${HEADER}\r\n${b},蒋二,,,${V1},,,,,\r\n`, 'gbk');
    for (const [content, id, name] of [
      [utf8, a, '蒋一'],
      [gbk, b, '蒋二'],
    ] as const) {
      const { batch } = await previewOk(county, content);
      expect(batch.counts).toMatchObject({ total: 1, new: 1, invalid: 0 });
      await commit(county, batch.id);
      expect((await personByIdNumber(id))?.name).toBe(name);
    }
  });

  it('merged cells: a merged title row is skipped, a value merged down several rows is missing below its first row', async () => {
    const [a, b, c] = [newId(), newId(), newId()];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['2025年低保名单', '', '', '']);
    sheet.mergeCells('A1:D1');
    sheet.addRow(['身份证号', '姓名', '村代码', '户编号']);
    sheet.addRow([a, '沈一', V1, 'H-M1']);
    sheet.addRow([b, '沈二', '', 'H-M1']);
    sheet.addRow([c, '沈三', '', 'H-M1']);
    sheet.mergeCells('C3:C5');
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const before = await countPersons();
    const { batch, errors } = await previewOk(county, content, { name: '合并单元格.xlsx' });
    expect(batch.counts).toMatchObject({ total: 3, new: 1, invalid: 2 });
    expect(errors.items).toEqual([
      { rowNumber: 4, column: '村代码', message: '村行政区划代码不能为空' },
      { rowNumber: 5, column: '村代码', message: '村行政区划代码不能为空' },
    ]);
    expect(await countPersons()).toBe(before);
  });

  it('formula cells: the cached result is read; a formula without a cached result is an empty cell', async () => {
    const a = newId();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['身份证号', '姓名', '村代码']);
    sheet.addRow([{ formula: `"${a.slice(0, 9)}"&"${a.slice(9)}"`, result: a }, '韩一', V1]);
    sheet.addRow([{ formula: 'A2&""' }, '韩二', V1]);
    const { batch, errors } = await previewOk(county, Buffer.from(await workbook.xlsx.writeBuffer()), {
      name: '公式.xlsx',
    });
    expect(batch.counts).toMatchObject({ total: 2, new: 1, invalid: 1 });
    expect(errors.items).toEqual([{ rowNumber: 3, column: '身份证号', message: '身份证号不能为空' }]);
  });

  it('a corrupt or truncated .xlsx and a renamed text file fail with a clear message and write nothing', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('名单').addRow(['身份证号', '姓名', '村代码']);
    const whole = Buffer.from(await workbook.xlsx.writeBuffer());
    const before = await countPersons();
    const truncated = await previewOk(county, whole.subarray(0, Math.floor(whole.length / 2)), {
      name: '截断.xlsx',
    });
    expect(truncated.batch.status).toBe('failed');
    expect(truncated.batch.errorMessage).toContain('无法读取 .xlsx 文件');
    const renamed = await preview(county, Buffer.from('身份证号,姓名\r\n'), { name: '名单.xlsx' });
    expect(renamed.statusCode).toBe(422);
    expect(renamed.json().error.message).toContain('内容不是有效的 Excel 文件');
    const binary = await preview(county, Buffer.from([1, 2, 0, 3, 0, 4]), { name: '名单.csv' });
    expect(binary.statusCode).toBe(422);
    expect(binary.json().error.message).toContain('含二进制内容');
    const blank = await previewOk(county, Buffer.from('\r\n\r\n , \r\n'));
    expect(blank.batch).toMatchObject({ status: 'failed', errorMessage: '文件中没有数据' });
    expect((await commit(county, truncated.batch.id)).statusCode).toBe(422);
    expect(await countPersons()).toBe(before);
  });

  it('the same file previewed and committed twice at the same moment is applied once', async () => {
    const ids = [newId(), newId(), newId()];
    const content = csv(
      ids.map((id, i) => `${id},杨${'一二三'[i]},H-S1,${i === 0 ? '户主' : ''},${V2},,,,,`),
    );
    const [a, b] = await Promise.all([previewOk(county, content), previewOk(county, content)]);
    expect(a.batch.counts).toMatchObject({ new: 3 });
    expect(b.batch.counts).toMatchObject({ new: 3 });
    const results = await Promise.all([commit(county, a.batch.id), commit(county, b.batch.id)]);
    const bodies = results.map((r) => r.json<{ new: number; unchanged: number; householdsNew: number }>());
    expect(bodies.map((r) => r.new).sort()).toEqual([0, 3]);
    expect(bodies.map((r) => r.householdsNew).sort()).toEqual([0, 1]);
    const stored = await t.database.db
      .selectFrom('person')
      .select('id')
      .where('id_number', 'in', ids)
      .execute();
    expect(stored).toHaveLength(3);
  });

  it('refuses a 1M-row file (streamed in, never held in memory) with a message naming the limit', async () => {
    const boundary = '----healthaid-million';
    const rows = 1_000_000;
    const id = newId();
    const line = `${id},钟一,,,${V1},,,,,\r\n`;
    function* parts() {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="sourceDepartment"\r\n\r\n民政\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="wait"\r\n\r\ntrue\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="百万行.csv"\r\n` +
          `Content-Type: text/csv\r\n\r\n${HEADER}\r\n`,
      );
      const block = Buffer.from(line.repeat(10_000));
      for (let i = 0; i < rows / 10_000; i += 1) {
        yield block;
      }
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    }
    const before = await countPersons();
    const batchesBefore = await t.as(county, { method: 'GET', url: '/api/v1/imports/batches?pageSize=1' });
    const heapBefore = process.memoryUsage().heapUsed;
    const response = await t.as(county, {
      method: 'POST',
      url: '/api/v1/imports/persons/preview',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Readable.from(parts()),
    });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().error.message).toBe(
      `文件“百万行.csv”无法导入：文件约有1,000,000行数据，超过单次导入上限${MAX_IMPORT_ROWS.toLocaleString('en-US')}行：请按乡镇拆分后分批导入`,
    );
    // The ~60 MB upload went to a temporary file, not into the heap.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(40 * 2 ** 20);
    expect(await countPersons()).toBe(before);
    const batchesAfter = await t.as(county, { method: 'GET', url: '/api/v1/imports/batches?pageSize=1' });
    expect(batchesAfter.json().total).toBe(batchesBefore.json().total);
  });
});

let stagingSequence = 0;
/** ID numbers of the staging tests: their own address code and birth dates, so newId()'s sequence lasts. */
function stagingId(): string {
  stagingSequence += 1;
  return buildCitizenId({
    addressCode: '130303',
    birthDate: addDays('1960-01-01', Math.floor(stagingSequence / 500)),
    sequence: stagingSequence % 500,
  });
}

/** The county user as an Actor (for calling the service directly with test hooks). */
async function countyActor(): Promise<{ actor: Actor; request: FastifyRequest }> {
  const user = await t.database.db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name'])
    .where('username', '=', 'county')
    .executeTakeFirstOrThrow();
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    role: 'county',
    regionCode: '130321000000',
    institutionCode: null,
    sessionId: null,
    mustChangePassword: false,
  };
  return { actor, request: { id: 'test', ip: '127.0.0.1', actor } as unknown as FastifyRequest };
}

const stagedCount = async (batchId: number) => {
  const persons = await t.database.db
    .selectFrom('import_staged_row')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('batch_id', '=', batchId)
    .executeTakeFirstOrThrow();
  const households = await t.database.db
    .selectFrom('import_staged_household')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('batch_id', '=', batchId)
    .executeTakeFirstOrThrow();
  return { persons: Number(persons.n), households: Number(households.n) };
};

const logRowsOf = async (batchId: number) =>
  Number(
    (
      await t.database.db
        .selectFrom('change_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('reason_ref', '=', String(batchId))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('staging (COPY) and the set-based commit', () => {
  it('lists errors in row order, the checks against the registry included', async () => {
    const elsewhere = stagingId();
    await t.database.db
      .insertInto('person_id_index')
      .values({ id_number: elsewhere, county_code: '130322', person_id: 999_999 })
      .execute();
    const fine = stagingId();
    const { batch, errors } = await previewOk(
      county,
      csv([
        `${elsewhere},外县一,,,${V1},,,,,`,
        `${brokenCheck(stagingId())},坏号一,,,${V1},,,,,`,
        `${fine},正常一,,,${V1},,,,,`,
      ]),
    );
    expect(batch.counts).toMatchObject({ total: 3, new: 1, invalid: 2 });
    expect(errors.items.map((e) => [e.rowNumber, e.column])).toEqual([
      [2, '身份证号'],
      [3, '身份证号'],
    ]);
    expect(errors.items[0]?.message).toBe('该身份证号已登记在其他县（130322），请先由原登记县办理迁出');
    // The refused row is not staged: only the valid one is.
    expect(await stagedCount(batch.id)).toEqual({ persons: 1, households: 0 });
    const download = await t.as(county, {
      method: 'GET',
      url: `/api/v1/imports/batches/${batch.id}/errors.xlsx`,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect([sheet?.getRow(2).getCell(1).value, sheet?.getRow(3).getCell(1).value]).toEqual([2, 3]);
  });

  it('a preview that fails part-way through the file leaves nothing staged', async () => {
    // Distinct birth dates (the shared stagingId() sequence has room for a few hundred IDs only).
    const idOf = (i: number) =>
      buildCitizenId({ addressCode: '130321', birthDate: addDays('1950-01-01', i), sequence: 7 });
    const rows = Array.from(
      { length: 6000 },
      (_, i) => `${idOf(i)},林${String.fromCharCode(0x4e00 + i)},H-S${i},户主,${V1},,,,,`,
    );
    const content = Buffer.concat([csv(rows), Buffer.from(`${stagingId()},"未闭合的引号,,,${V1},,,,,\r\n`)]);
    const { batch } = await previewOk(county, content);
    expect(batch.status).toBe('failed');
    expect(batch.errorMessage).toMatch(/^CSV 文件第\d+行附近格式有误/u);
    expect(await stagedCount(batch.id)).toEqual({ persons: 0, households: 0 });
    expect((await commit(county, batch.id)).statusCode).toBe(422);
  });

  it('the COPY writer keeps nothing of an abandoned load and everything of a finished one', async () => {
    const { actor } = await countyActor();
    const newBatch = () =>
      insertBatch(t.database.db, {
        countyCode: '130321',
        regionCode: actor.regionCode,
        sourceDepartment: '民政',
        fileName: 'copy.csv',
        checksum: '0'.repeat(64),
        isFullList: false,
        userId: actor.userId,
        totalRows: null,
      });
    const person = (rowNumber: number) => ({
      rowNumber,
      idNumber: stagingId(),
      // Row 2 carries every character the COPY text format escapes, and quotes inside an array.
      name: rowNumber === 2 ? '王\\五\t"六"\n' : '测试',
      sex: 'M' as const,
      birthDate: '1980-05-06',
      villageCode: V1,
      categories: ['dibao' as const, 'tekun' as const],
      categoryFrom: '2024-01-01',
    });
    const abandoned = await newBatch();
    const first = await openCopyWriter(t.database.db, 'import_staged_row', STAGED_PERSON_COLUMNS, {
      pieceChars: 1000,
    });
    for (let row = 2; row < 200; row += 1) {
      first.write(stagedPersonLine('130321', abandoned, person(row)));
      await first.flush();
    }
    await first.abort();
    // PostgreSQL: one COPY, ended with CopyFail, keeps nothing. PGlite loads piece by piece: the pieces already
    // loaded stay until the caller clears the batch's staging (as a failed preview does).
    const kept = (await stagedCount(abandoned)).persons;
    if (t.database.engine === 'postgres') {
      expect(kept).toBe(0);
    } else {
      expect(kept).toBeGreaterThan(0);
    }
    await deleteStaging(t.database.db, '130321', abandoned);
    expect((await stagedCount(abandoned)).persons).toBe(0);

    const finished = await newBatch();
    const second = await openCopyWriter(t.database.db, 'import_staged_row', STAGED_PERSON_COLUMNS, {
      pieceChars: 1000,
    });
    for (let row = 2; row < 200; row += 1) {
      second.write(stagedPersonLine('130321', finished, person(row)));
      await second.flush();
    }
    await second.end();
    expect((await stagedCount(finished)).persons).toBe(198);
    const stored = await t.database.db
      .selectFrom('import_staged_row')
      .select(['row_number', 'name', 'categories', 'category_from', 'household_no', 'is_insured'])
      .where('batch_id', '=', finished)
      .where('row_number', '=', 2)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      row_number: 2,
      name: '王\\五\t"六"\n',
      categories: ['dibao', 'tekun'],
      category_from: '2024-01-01',
      household_no: null,
      is_insured: null,
    });
  });

  it('a commit failing inside a statement changes nothing; the retry then commits everything once', async () => {
    const ids = Array.from({ length: 5 }, () => stagingId());
    const { batch } = await previewOk(
      county,
      csv(
        ids.map(
          (id, i) =>
            `${id},韩${'甲乙丙丁戊'[i]},H-R${i % 2},${i < 2 ? '户主' : '之子'},${V2},低保,2024-01-01,,是,因病`,
        ),
      ),
    );
    expect(batch.counts).toMatchObject({ new: 5, householdsNew: 2 });
    // A staged value the registry refuses (sex 'X' breaks person's CHECK), in the second chunk of persons.
    await t.database.db
      .updateTable('import_staged_row')
      .set({ sex: 'X' as never })
      .where('batch_id', '=', batch.id)
      .where('row_number', '=', 5)
      .execute();
    const { actor, request } = await countyActor();
    await expect(commitBatch(t.database.db, request, actor, batch.id, { chunkSize: 2 })).rejects.toThrow();
    for (const id of ids) {
      expect(await personByIdNumber(id)).toBeUndefined();
    }
    const households = await t.database.db
      .selectFrom('household')
      .select('id')
      .where('household_no', 'in', ['H-R0', 'H-R1'])
      .execute();
    expect(households).toEqual([]);
    expect(await logRowsOf(batch.id)).toBe(0);
    const index = await t.database.db
      .selectFrom('person_id_index')
      .select('id_number')
      .where('id_number', 'in', ids)
      .execute();
    expect(index).toEqual([]);
    expect(
      (await t.as(county, { method: 'GET', url: `/api/v1/imports/batches/${batch.id}` })).json(),
    ).toMatchObject({
      status: 'previewed',
    });
    expect(await stagedCount(batch.id)).toEqual({ persons: 5, households: 2 });

    // The cause removed, the same batch commits in full, once.
    await t.database.db
      .updateTable('import_staged_row')
      .set({ sex: 'M' })
      .where('batch_id', '=', batch.id)
      .where('row_number', '=', 5)
      .execute();
    expect((await commit(county, batch.id)).json()).toMatchObject({
      alreadyCommitted: false,
      new: 5,
      householdsNew: 2,
    });
    // 2 household records, 5 person records, 5 categories.
    expect(await logRowsOf(batch.id)).toBe(12);
    expect(await stagedCount(batch.id)).toEqual({ persons: 0, households: 0 });
    expect((await commit(county, batch.id)).json()).toMatchObject({ alreadyCommitted: true, new: 0 });
    const people = await t.database.db
      .selectFrom('person as p')
      .innerJoin('household as h', 'h.id', 'p.household_id')
      .innerJoin('person_id_index as i', 'i.id_number', 'p.id_number')
      .innerJoin('person_source as s', 's.person_id', 'p.id')
      .select(['p.id_number', 'h.household_no', 'i.person_id', 'p.id', 's.first_batch_id', 's.last_batch_id'])
      .where('p.id_number', 'in', ids)
      .orderBy('p.id')
      .execute();
    expect(people.map((p) => [p.id_number, p.household_no, p.person_id === p.id, p.first_batch_id])).toEqual(
      ids.map((id, i) => [id, `H-R${i % 2}`, true, batch.id]),
    );
  });

  it('refuses to commit a batch whose staged rows are incomplete', async () => {
    const { batch } = await previewOk(
      county,
      csv([`${stagingId()},白一,,,${V1},,,,,`, `${stagingId()},白二,,,${V1},,,,,`]),
    );
    await t.database.db
      .deleteFrom('import_staged_row')
      .where('batch_id', '=', batch.id)
      .where('row_number', '=', 3)
      .execute();
    const response = await commit(county, batch.id);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toBe('该批次的暂存数据不完整，不能提交：请重新上传文件预览');
  });

  it('keeps the registry aggregates exact through imports that add, change and end', async () => {
    const village = '130321100203';
    const ids = Array.from({ length: 4 }, () => stagingId());
    const rows = (status: (i: number) => string) =>
      csv(
        ids.map(
          (id, i) =>
            `${id},冀${'一二三四'[i]},H-AG${i < 2 ? 0 : 1},${i % 2 === 0 ? '户主' : '配偶'},${village},建档立卡贫困人口,2020-01-01,,是,${i < 2 ? '因病' : '因残'},${status(i)}`,
        ),
        `${HEADER},人员状态,状态日期`,
      );
    const first = await previewOk(
      county,
      rows(() => ','),
      { source: '扶贫办' },
    );
    expect((await commit(county, first.batch.id)).json()).toMatchObject({ new: 4, householdsNew: 2 });
    const query = { prefix: village, countyCode: '130321', to: '2026-01-01', groupLength: 12 };
    const metrics = ['poor_persons', 'poor_households', 'illness_poor_persons', 'illness_poor_households'];
    const countsOn = async (to: string) => {
      const byMetric = await readRegistryCounts(t.database.db, { ...query, to }, metrics);
      return Object.fromEntries(metrics.map((m) => [m, byMetric.get(m)?.get(village) ?? 0]));
    };
    expect(await countsOn('2026-01-01')).toEqual({
      poor_persons: 4,
      poor_households: 2,
      illness_poor_persons: 2,
      illness_poor_households: 1,
    });
    expect(await countsOn('2019-12-31')).toEqual({
      poor_persons: 0,
      poor_households: 0,
      illness_poor_persons: 0,
      illness_poor_households: 0,
    });
    // The illness household's two members died on 2025-06-30: counted before, not after.
    const second = await previewOk(
      county,
      rows((i) => (i < 2 ? '死亡,2025-06-30' : ',')),
      { source: '扶贫办' },
    );
    expect(second.batch.counts).toMatchObject({ changed: 2, unchanged: 2 });
    expect((await commit(county, second.batch.id)).json()).toMatchObject({ changed: 2, unchanged: 2 });
    expect(await countsOn('2025-06-29')).toMatchObject({ poor_persons: 4, illness_poor_households: 1 });
    expect(await countsOn('2026-01-01')).toEqual({
      poor_persons: 2,
      poor_households: 1,
      illness_poor_persons: 0,
      illness_poor_households: 0,
    });
  });
});
