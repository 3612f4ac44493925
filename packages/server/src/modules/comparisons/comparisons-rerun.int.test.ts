import { buildCitizenId, IMPORT_COLUMNS } from '@healthaid/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../../../test/multipart.ts';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import { purgeExpiredComparisonLists } from './comparisons.service.ts';

/** 重新对比 of a stored list, and 仅名单有 handed to 人员导入 as a filled import template. */

let t: TestApp;
let county: Session;
let township: Session;
let doctor: Session;

const V1 = '130321100201';
const V2 = '130321100202';
let sequence = 700;
function newId(birthDate = '1968-07-09'): string {
  sequence += 2;
  return buildCitizenId({ addressCode: '130321', birthDate, sequence });
}
const sexOf = (id: string) => (Number(id[16]) % 2 === 1 ? '男' : '女');
const HEADER = '身份证号,姓名,户编号,与户主关系,村行政区划代码,人员类别,类别开始日期,联系电话,参保';
const csv = (rows: string[]) => Buffer.from(`${[HEADER, ...rows].join('\r\n')}\r\n`, 'utf8');

type Run = {
  id: number;
  status: 'processing' | 'completed' | 'failed';
  counts: Record<string, number>;
  rerunOf: number | null;
  errorMessage: string | null;
};
type Row = { id: number; kind: string; name: string; verificationTaskId: number | null };

const ids = { a: newId(), b: newId(), c: newId(), g: newId(), h: newId('1990-02-03') };

async function compareOk(session: Session, content: Buffer, name = '医保参保名单.csv') {
  const response = await t.as(session, {
    method: 'POST',
    url: '/api/v1/comparisons',
    ...multipart({ sourceDepartment: '民政', coverage: 'villages', wait: 'true' }, { name, content }),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ run: Run }>().run;
}

const rerun = (session: Session, id: number) =>
  t.as(session, { method: 'POST', url: `/api/v1/comparisons/${id}/rerun`, payload: { wait: true } });

async function rows(session: Session, runId: number, kind: string) {
  const response = await t.as(session, {
    method: 'GET',
    url: `/api/v1/comparisons/${runId}/rows?kind=${kind}`,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Row[]; total: number }>();
}

beforeAll(async () => {
  t = await createTestApp();
  county = await t.login('county');
  township = await t.login('township');
  doctor = await t.login('doctor');
  const base = csv([
    `${ids.a},周一,RR-H1,户主,${V1},低保,2024-01-01,,`,
    `${ids.b},周二,RR-H1,配偶,${V1},低保,2024-01-01,,`,
    `${ids.c},吴三,,,${V2},低保,2024-01-01,,`,
  ]);
  const preview = await t.as(county, {
    method: 'POST',
    url: '/api/v1/imports/persons/preview',
    ...multipart({ sourceDepartment: '民政', wait: 'true' }, { name: '底册-重新对比.csv', content: base }),
  });
  expect(preview.statusCode, preview.body).toBe(200);
  const batchId = preview.json<{ batch: { id: number } }>().batch.id;
  const committed = await t.as(county, { method: 'POST', url: `/api/v1/imports/batches/${batchId}/commit` });
  expect(committed.json()).toMatchObject({ new: 3 });
});
afterAll(async () => {
  await t.close();
});

/** A same; B another name; C missing; G and H only in the list (H's name starts with "=", a formula). */
const LIST = csv([
  `${ids.a},周一,RR-H1,户主,${V1},低保,2024-01-01,,是`,
  `${ids.b},周贰,RR-H1,配偶,${V1},低保,2024-01-01,,是`,
  `${ids.g},郑七,RR-H7,户主,${V1},低保,2025-03-01,13800001234,是`,
  `${ids.h},=郑八,,,${V2},,,,否`,
]);

let firstRunId = 0;

describe('重新对比', () => {
  it('compares the stored list again after a verification task corrected a person: the difference is gone', async () => {
    const first = await compareOk(county, LIST);
    firstRunId = first.id;
    expect(first.counts).toMatchObject({ total: 4, onlyInList: 2, onlyInRegistry: 1, different: 1, same: 1 });
    expect(first.rerunOf).toBeNull();

    const tasks = await t.as(county, {
      method: 'POST',
      url: `/api/v1/comparisons/${first.id}/tasks`,
      payload: { kind: 'different', assignTo: 'township' },
    });
    expect(tasks.json()).toMatchObject({ created: 1 });
    const taskId = (await rows(county, first.id, 'different')).items[0]?.verificationTaskId as number;
    const completed = await t.as(township, {
      method: 'POST',
      url: `/api/v1/verification-tasks/${taskId}/result`,
      payload: { outcome: 'corrected', corrections: { name: '周贰' }, note: '户口本为周贰' },
    });
    expect(completed.statusCode, completed.body).toBe(200);

    const response = await rerun(county, first.id);
    expect(response.statusCode, response.body).toBe(200);
    const { run, isExisting } = response.json<{ run: Run; isExisting: boolean }>();
    expect(isExisting).toBe(false);
    expect(run.id).not.toBe(first.id);
    expect(run.status).toBe('completed');
    expect(run.rerunOf).toBe(first.id);
    expect(run.counts).toMatchObject({ total: 4, onlyInList: 2, onlyInRegistry: 1, different: 0, same: 2 });
    expect((await rows(county, run.id, 'different')).total).toBe(0);
    expect((await rows(county, run.id, 'only_in_list')).items.map((r) => r.name)).toEqual(['郑七', '=郑八']);
    // The first run's result is kept as it was.
    expect((await rows(county, first.id, 'different')).total).toBe(1);

    const listed = await t.as(county, { method: 'GET', url: '/api/v1/comparisons' });
    const items = listed.json<{ items: Run[] }>().items;
    expect(items.map((r) => [r.id, r.rerunOf])).toEqual([
      [run.id, first.id],
      [first.id, null],
    ]);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['result', 'username', 'detail'])
      .where('action', '=', 'registry.comparison.run')
      .where('entity_id', '=', String(run.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ result: 'success', username: 'county' });
    expect(audit[0]?.detail).toMatchObject({ rerunOf: first.id, different: 0, onlyInList: 2 });

    // A re-run can be re-run (its list is stored too); uploading the file again still finds the first run.
    const again = await rerun(county, run.id);
    expect(again.json<{ run: Run }>().run).toMatchObject({ status: 'completed', rerunOf: run.id });
    const upload = await t.as(county, {
      method: 'POST',
      url: '/api/v1/comparisons',
      ...multipart(
        { sourceDepartment: '民政', coverage: 'villages', wait: 'true' },
        { name: 'x.csv', content: LIST },
      ),
    });
    expect(upload.json()).toMatchObject({ isExisting: true, run: { id: first.id } });
  });

  it('refuses a run that did not finish, and one whose stored list is gone', async () => {
    const failed = await compareOk(county, csv([`${newId()},冯九,,,130321100999,,,,`]), '有误名单.csv');
    expect(failed.status).toBe('failed');
    const refused = await rerun(county, failed.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe(
      `对比${failed.id}未成功完成（名单被拒或处理中断），不能重新对比：请修正名单后重新上传`,
    );

    const other = await compareOk(
      county,
      csv([`${ids.a},周一,RR-H1,户主,${V1},低保,2024-01-01,,`]),
      '一人.csv',
    );
    await t.database.db
      .updateTable('registry_comparison')
      .set({ status: 'processing' })
      .where('id', '=', other.id)
      .execute();
    const running = await rerun(county, other.id);
    expect(running.statusCode).toBe(409);
    expect(running.json().error.message).toBe(`对比${other.id}尚未完成，完成后才能重新对比`);

    await t.database.db
      .updateTable('registry_comparison')
      .set({ status: 'completed' })
      .where('id', '=', other.id)
      .execute();
    await t.database.db.deleteFrom('registry_comparison_staged_row').where('run_id', '=', other.id).execute();
    const gone = await rerun(county, other.id);
    expect(gone.statusCode).toBe(409);
    expect(gone.json().error.message).toBe(
      `对比${other.id}的名单数据已不再保存，无法重新对比：请重新上传该名单`,
    );
    const reruns = await t.database.db
      .selectFrom('registry_comparison')
      .select('id')
      .where('file_name', 'in', ['有误名单.csv', '一人.csv'])
      .execute();
    expect(reruns).toHaveLength(2);
  });

  it('answers 404 for a run outside the caller region and refuses callers without the import permission', async () => {
    const response = await rerun(township, firstRunId);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toBe(`数据对比（编号${firstRunId}）不存在`);
    const byDoctor = await rerun(doctor, firstRunId);
    expect(byDoctor.statusCode).toBe(403);
  });

  it('deletes the stored lists of runs completed before the retention period, audited; their results stay', async () => {
    const { db } = t.database;
    const old = await compareOk(county, csv([`${ids.c},吴三,,,${V2},低保,2024-01-01,,`]), '旧名单.csv');
    const recent = await compareOk(
      county,
      csv([`${ids.b},周二,RR-H1,配偶,${V1},低保,2024-01-01,,`]),
      '新名单.csv',
    );
    const now = new Date();
    await db
      .updateTable('registry_comparison')
      .set({ completed_at: new Date(now.getTime() - 91 * 86_400_000) })
      .where('id', '=', old.id)
      .execute();
    const storedRows = async (runId: number) =>
      (
        await db
          .selectFrom('registry_comparison_staged_row')
          .select('row_number')
          .where('run_id', '=', runId)
          .execute()
      ).length;
    expect(await storedRows(old.id)).toBe(1);
    const resultsBefore = (await rows(county, old.id, 'only_in_registry')).total;

    expect(await purgeExpiredComparisonLists(db, now, 0)).toEqual({ runs: 0, rows: 0 });
    expect(await storedRows(old.id)).toBe(1);

    const purged = await purgeExpiredComparisonLists(db, now, 90);
    expect(purged.runs).toBeGreaterThanOrEqual(1);
    expect(await storedRows(old.id)).toBe(0);
    expect(await storedRows(recent.id)).toBe(1);
    const audit = await db
      .selectFrom('audit_event')
      .select(['username', 'result', 'region_code', 'detail'])
      .where('action', '=', 'registry.comparison.lists_purged')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ username: 'system', result: 'success', region_code: '130321000000' });
    expect(audit[0]?.detail).toMatchObject({ runs: purged.runs, rows: purged.rows, retentionDays: 90 });

    // The results stay readable; 重新对比 is refused; a second purge finds nothing.
    expect((await rows(county, old.id, 'only_in_registry')).total).toBe(resultsBefore);
    const detail = await t.as(county, { method: 'GET', url: `/api/v1/comparisons/${old.id}` });
    expect(detail.json()).toMatchObject({ status: 'completed', counts: old.counts });
    const refused = await rerun(county, old.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe(
      `对比${old.id}的名单数据已不再保存，无法重新对比：请重新上传该名单`,
    );
    expect(await purgeExpiredComparisonLists(db, now, 90)).toEqual({ runs: 0, rows: 0 });
    const again = await rerun(county, recent.id);
    expect(again.statusCode, again.body).toBe(200);
  });
});

describe('仅名单有 as a person-import template', () => {
  it('fills exactly the 仅名单有 rows into the import template, audited as an unmasked view, and imports back', async () => {
    const response = await t.as(county, {
      method: 'GET',
      url: `/api/v1/comparisons/${firstRunId}/only-in-list.xlsx`,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(response.headers['content-disposition']))).toContain(
      '医保参保名单-仅名单有-人员导入模板.xlsx',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['人员名单', '填写说明']);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    expect(headers).toEqual(IMPORT_COLUMNS.map((c) => c.header));
    expect(sheet.actualRowCount).toBe(3);
    const record = (n: number) =>
      Object.fromEntries(
        headers.map((h, i) => [h, sheet.getRow(n).getCell(i + 1).value]).filter(([, v]) => v !== null),
      );
    expect(record(2)).toEqual({
      身份证号: ids.g,
      姓名: '郑七',
      性别: sexOf(ids.g),
      出生日期: '1968-07-09',
      户编号: 'RR-H7',
      与户主关系: '户主',
      村行政区划代码: V1,
      联系电话: '13800001234',
      人员类别: '低保',
      类别开始日期: '2025-03-01',
      参保: '是',
    });
    expect(record(3)).toEqual({
      身份证号: ids.h,
      姓名: "'=郑八",
      性别: sexOf(ids.h),
      出生日期: '1990-02-03',
      村行政区划代码: V2,
      参保: '否',
    });

    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['username', 'id_unmasked', 'result', 'detail'])
      .where('action', '=', 'registry.comparison.export_import_template')
      .where('entity_id', '=', String(firstRunId))
      .execute();
    expect(audit).toEqual([
      {
        username: 'county',
        id_unmasked: true,
        result: 'success',
        detail: { kind: 'only_in_list', rows: 2, regionCode: null },
      },
    ]);

    // Completed or not, the file goes back through 人员导入: headers recognised, both rows new.
    const preview = await t.as(county, {
      method: 'POST',
      url: '/api/v1/imports/persons/preview',
      ...multipart(
        { sourceDepartment: '民政', wait: 'true' },
        { name: '仅名单有-人员导入模板.xlsx', content: response.rawPayload },
      ),
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const { batch, errors } = preview.json<{
      batch: { status: string; counts: Record<string, number>; errorMessage: string | null };
      errors: { total: number };
    }>();
    expect(batch.errorMessage).toBeNull();
    expect(batch.status).toBe('previewed');
    expect(errors.total).toBe(0);
    expect(batch.counts).toMatchObject({ total: 2, new: 2, invalid: 0 });
  });

  it('keeps to the caller region, and is for roles that may import persons', async () => {
    const village = await t.as(county, {
      method: 'GET',
      url: `/api/v1/comparisons/${firstRunId}/only-in-list.xlsx?regionCode=${V2}`,
    });
    expect(village.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(village.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]?.actualRowCount).toBe(2);
    expect(workbook.worksheets[0]?.getRow(2).getCell(1).value).toBe(ids.h);

    const foreign = await t.as(township, {
      method: 'GET',
      url: `/api/v1/comparisons/${firstRunId}/only-in-list.xlsx`,
    });
    expect(foreign.statusCode).toBe(404);
    const byDoctor = await t.as(doctor, {
      method: 'GET',
      url: `/api/v1/comparisons/${firstRunId}/only-in-list.xlsx`,
    });
    expect(byDoctor.statusCode).toBe(403);
  });
});
