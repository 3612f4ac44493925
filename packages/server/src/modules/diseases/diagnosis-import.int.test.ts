import { buildCitizenId, chinaDateOf } from '@healthaid/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../../../test/multipart.ts';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';

const COUNTY = '130321';
const today = chinaDateOf(new Date());

let t: TestApp;
let township: Session;
let doctor: Session;
let county: Session;

const OWN = buildCitizenId({ addressCode: COUNTY, birthDate: '1958-03-04', sequence: 11 });
const OWN2 = buildCitizenId({ addressCode: COUNTY, birthDate: '1972-09-10', sequence: 22 });
const OTHER_TOWNSHIP = buildCitizenId({ addressCode: COUNTY, birthDate: '1966-01-01', sequence: 33 });
const NOT_FILED = buildCitizenId({ addressCode: COUNTY, birthDate: '1980-01-01', sequence: 44 });
const BAD_CHECK = `${OWN.slice(0, 17)}${OWN.endsWith('1') ? '2' : '1'}`;

type Batch = {
  id: number;
  status: string;
  totalRows: number;
  validRows: number;
  duplicateRows: number;
  errorCount: number;
  insertedRows: number | null;
  isRepeat: boolean;
  errors: { rowNumber: number; column: string; message: string }[];
};

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('诊断名单');
  sheet.addRow(['身份证号', '姓名', 'ICD编码', '诊断名称', '诊断机构', '诊断日期', '来源']);
  for (const row of rows) {
    sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const upload = (s: Session, fileName: string, content: Buffer) =>
  t.as(s, {
    method: 'POST',
    url: '/api/v1/diagnosis-imports',
    ...multipart({}, { name: fileName, content }),
  });
const commit = (s: Session, id: number) =>
  t.as(s, { method: 'POST', url: `/api/v1/diagnosis-imports/${id}/commit`, payload: {} });
const countDiagnoses = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('diagnosis')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
  [township, doctor, county] = await Promise.all([t.login('township'), t.login('doctor'), t.login('county')]);
  const persons = [
    [OWN, '周一', '1958-03-04', '130321100201'],
    [OWN2, '周二', '1972-09-10', '130321100202'],
    [OTHER_TOWNSHIP, '吴外镇', '1966-01-01', '130321101201'],
  ] as const;
  for (const [idNumber, name, birthDate, village] of persons) {
    await t.database.db
      .insertInto('person')
      .values({
        county_code: COUNTY,
        id_number: idNumber,
        name,
        sex: 'M',
        birth_date: birthDate,
        village_code: village,
      })
      .execute();
  }
});
afterAll(async () => {
  await t.close();
});

describe('diagnosis import', () => {
  it('serves a template with Chinese headers and instructions', async () => {
    const res = await t.as(township, { method: 'GET', url: '/api/v1/diagnosis-imports/template' });
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['诊断名单', '填写说明']);
    expect(workbook.worksheets[0]?.getRow(1).values).toEqual([
      undefined,
      '身份证号',
      '姓名',
      'ICD编码',
      '诊断名称',
      '诊断机构',
      '诊断日期',
      '来源',
    ]);
  });

  it('previews broken rows with row, column and reason; refuses to commit them; nothing written', async () => {
    const before = await countDiagnoses();
    const file = await xlsx([
      [OWN, '周一', 'I10', null, '青龙镇卫生院', '2024-05-06', '体检'],
      [BAD_CHECK, '周一', 'I10', null, null, '2024-05-06', null],
      [OWN2, '周三', 'E11.9', null, null, '2024-05-06', null],
      [OWN2, null, 'Q99.999', null, null, '2024-05-06', null],
      [OWN2, null, 'I10', null, null, '2099-01-01', null],
      [OTHER_TOWNSHIP, null, 'I10', null, null, '2024-05-06', null],
      [NOT_FILED, null, 'I10', null, null, '2024-05-06', null],
      [OWN, '周一', 'I10', null, '青龙镇卫生院', '2024-05-06', '体检'],
      [OWN2, null, 'I10', null, null, '1950-01-01', '电话随访'],
    ]);
    const res = await upload(township, '诊断名单-有错误.xlsx', file);
    expect(res.statusCode).toBe(201);
    const batch = res.json<Batch>();
    expect(batch).toMatchObject({ status: 'previewed', totalRows: 9, validRows: 1 });
    const where = batch.errors.map((e) => [e.rowNumber, e.column]);
    expect(where).toEqual([
      [3, '身份证号'],
      [4, '姓名'],
      [5, '诊断名称'],
      [6, '诊断日期'],
      [7, '身份证号'],
      [8, '身份证号'],
      [9, 'ICD编码'],
      [10, '来源'],
    ]);
    expect(batch.errors.find((e) => e.rowNumber === 4)?.message).toBe(
      '姓名“周三”与档案中该身份证号的姓名“周二”不符',
    );
    expect(batch.errors.find((e) => e.rowNumber === 7)?.message).toContain('不在您管辖范围内的档案中');
    expect(batch.errors.find((e) => e.rowNumber === 9)?.message).toBe(
      '与第2行重复（同一人、同一诊断、同一诊断日期）',
    );

    const errorsFile = await t.as(township, {
      method: 'GET',
      url: `/api/v1/diagnosis-imports/${batch.id}/errors.xlsx`,
    });
    expect(errorsFile.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(errorsFile.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(1).values).toEqual([undefined, '行号', '列名', '错误原因']);
    expect(sheet?.getRow(2).values).toEqual([
      undefined,
      3,
      '身份证号',
      expect.stringContaining('校验位应为'),
    ]);

    const refused = await commit(township, batch.id);
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { message: string } }>().error.message).toContain('有8处错误，不能提交');
    expect(await countDiagnoses()).toBe(before);
  });

  it('commits a clean file atomically, idempotently, as 待核准 with the batch recorded', async () => {
    const before = await countDiagnoses();
    const file = await xlsx([
      [OWN, '周一', 'I10', null, '青龙镇卫生院', '2024-05-06', '体检'],
      [OWN, '周一', 'E11.900', null, null, 45000, '就诊'],
      [OWN2, null, null, '腰腿痛', null, '2024/6/1', null],
    ]);
    const preview = (await upload(township, '诊断名单.xlsx', file)).json<Batch>();
    expect(preview).toMatchObject({ validRows: 3, errorCount: 0, duplicateRows: 0 });
    const done = await commit(township, preview.id);
    expect(done.statusCode).toBe(200);
    expect(done.json<Batch>()).toMatchObject({ status: 'committed', insertedRows: 3 });
    expect(await countDiagnoses()).toBe(before + 3);
    const rows = await t.database.db
      .selectFrom('diagnosis')
      .select([
        'icd_code',
        'name',
        'is_uncoded',
        'verification_status',
        'source',
        'import_batch_id',
        'diagnosed_on',
      ])
      .where('import_batch_id', '=', preview.id)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      expect.objectContaining({
        icd_code: 'I10.x00',
        verification_status: 'pending',
        source: 'health_check',
      }),
      expect.objectContaining({ icd_code: 'E11.900', diagnosed_on: '2023-03-15', source: 'clinic_visit' }),
      expect.objectContaining({ icd_code: null, name: '腰腿痛', is_uncoded: true, source: 'import' }),
    ]);

    // Retrying the commit, or uploading the same file again, writes nothing more.
    expect((await commit(township, preview.id)).json<Batch>()).toMatchObject({
      status: 'committed',
      insertedRows: 3,
    });
    const again = await upload(township, '诊断名单.xlsx', file);
    expect(again.statusCode).toBe(200);
    expect(again.json<Batch>()).toMatchObject({ id: preview.id, isRepeat: true });
    // The same rows in another file are duplicates of the registry: skipped.
    const renamed = await xlsx([
      [OWN, '周一', 'I10', null, '青龙镇卫生院', '2024-05-06', '体检'],
      [OWN2, '周二', 'I10', null, null, today, null],
    ]);
    const second = (await upload(township, '诊断名单2.xlsx', renamed)).json<Batch>();
    expect(second).toMatchObject({ validRows: 1, duplicateRows: 1, errorCount: 0 });
    expect((await commit(township, second.id)).json<Batch>()).toMatchObject({ insertedRows: 1 });
    expect(await countDiagnoses()).toBe(before + 4);
    const audits = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'diagnosis.import_%')
      .execute();
    expect(audits.filter((a) => a.action === 'diagnosis.import_committed')).toHaveLength(2);
  });

  it('refuses unreadable files and missing headers with Chinese messages', async () => {
    const noHeader = await upload(township, '名单.csv', Buffer.from('姓名,备注\n周一,无\n'));
    expect(noHeader.statusCode).toBe(422);
    expect(noHeader.json<{ error: { message: string } }>().error.message).toContain('缺少必填列“身份证号”');
    const wrongType = await upload(township, '名单.pdf', Buffer.from('%PDF-1.4'));
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.json<{ error: { message: string } }>().error.message).toContain('不支持的文件类型');
  });

  it('keeps batches to their county and region; roles without import permission are refused', async () => {
    const list = await t.as(county, { method: 'GET', url: '/api/v1/diagnosis-imports' });
    expect(list.json<{ total: number }>().total).toBeGreaterThanOrEqual(3);
    const file = await xlsx([[OWN, null, 'I10', null, null, '2024-05-06', null]]);
    expect((await upload(doctor, 'x.xlsx', file)).statusCode).toBe(403);
    const countyBatch = (
      await upload(
        county,
        '县级.xlsx',
        await xlsx([[OTHER_TOWNSHIP, null, 'J44', '慢阻肺', null, '2024-01-01', null]]),
      )
    ).json<Batch>();
    expect(countyBatch.validRows).toBe(1);
    expect(
      (await t.as(township, { method: 'GET', url: `/api/v1/diagnosis-imports/${countyBatch.id}` }))
        .statusCode,
    ).toBe(404);
    expect((await commit(township, countyBatch.id)).statusCode).toBe(404);
  });
});
