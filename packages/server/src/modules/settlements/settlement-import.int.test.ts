import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../../../test/multipart.ts';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import {
  COUNTY,
  freshIdNumber,
  insertInstitutions,
  insertPerson,
  VILLAGE,
  writeCounts,
  yuan,
} from './settlements.test-kit.ts';

/** Claim import from HIS / insurance exports: template, row errors, atomic commit, idempotent retry. */

let t: TestApp;
let clerk: Session;

const HEADER =
  '结算单号,身份证号,姓名,就诊类型,入院日期,出院日期,诊断编码,医疗总费用（元）,政策范围内费用（元）,目录外费用（元）,已签目录外知情同意书,乙类先自付（元）,先诊疗后付费,应收押金（元）';

const upload = (content: Buffer, dryRun: boolean, name = 'claims.csv') => {
  const body = multipart({ dryRun: String(dryRun) }, { name, content });
  return t.as(clerk, { method: 'POST', url: '/api/v1/settlements/imports', ...body });
};

type Outcome = {
  status: string;
  rowCount: number;
  settledCount: number;
  unchangedCount: number;
  totalFen: number;
  patientPaysFen: number;
  errors: { rowNumber: number; column: string; message: string }[];
  rows: { claimNo: string; isInRegistry: boolean; patientPaysFen: number }[];
};

let registered: { id: number; idNumber: string };
let outsider: string;
let good: Buffer;

beforeAll(async () => {
  t = await createTestApp();
  await insertInstitutions(t.database.db);
  clerk = await t.login('clerk');
  registered = await insertPerson(t.database.db, COUNTY, VILLAGE, ['dibao', 'poor_registered']);
  outsider = freshIdNumber('110101', '19800101');
  good = iconv.encode(
    [
      HEADER,
      `IMP-1,${registered.idNumber},患者甲,住院,2024-03-01,2024-03-15,I63.9,"60,000.00",56000,4000,是,0,是,3000`,
      `IMP-2,${outsider},李四,住院,2024-02-01,2024-02-05,J18.9,5000,5000,0,否,0,否,0`,
      `IMP-3,${registered.idNumber},患者甲,门诊慢特病,2024-04-01,2024-04-01,E11.9,800,800,,,,,`,
    ].join('\r\n'),
    'gb18030',
  );
});
afterAll(async () => {
  await t.close();
});

describe('claim import', () => {
  it('offers a template with every column', async () => {
    const res = await t.as(clerk, { method: 'GET', url: '/api/v1/settlements/imports/template' });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('previews a GBK CSV exactly as a commit would settle it, writing nothing', async () => {
    const before = await writeCounts(t.database.db);
    const res = await upload(good, true);
    expect(res.statusCode).toBe(200);
    const body = res.json<Outcome>();
    expect(body.status).toBe('preview');
    expect(body.rowCount).toBe(3);
    expect(body.settledCount).toBe(3);
    // Settled in discharge order: IMP-2 (Feb), IMP-1 (Mar, the §5 worked example), IMP-3 (Apr).
    expect(body.rows.map((r) => r.claimNo)).toEqual(['IMP-2', 'IMP-1', 'IMP-3']);
    expect(body.rows[1]?.patientPaysFen).toBe(yuan(6_000));
    expect(body.rows[0]?.isInRegistry).toBe(false);
    expect(await writeCounts(t.database.db)).toEqual(before);
  });

  it('reports every bad cell with its row, column and reason, and writes nothing', async () => {
    const before = await writeCounts(t.database.db);
    const bad = Buffer.from(
      [
        HEADER,
        `BAD-1,${registered.idNumber},甲,住院,2024-03-10,2024-03-01,,100,100,0,,0,,0`,
        `BAD-2,130321196502301234,乙,住院,2024-03-01,2024-03-02,,100,100,0,,0,,0`,
        `BAD-3,${outsider},丙,急诊,2024-13-01,2024-03-02,,-5,abc,0,,0,,0`,
        `BAD-4,${outsider},丁,住院,2024-03-01,2024-03-02,,200,100,100,否,0,,0`,
        `BAD-5,${outsider},戊,住院,2019-03-01,2019-03-02,,100,100,0,,0,,0`,
        `BAD-1,${outsider},己,住院,2024-03-01,2024-03-02,,100,100,0,,0,,0`,
      ].join('\n'),
    );
    const preview = await upload(bad, true);
    expect(preview.statusCode).toBe(200);
    const body = preview.json<Outcome>();
    expect(body.status).toBe('invalid');
    const found = body.errors.map((e) => `${e.rowNumber}|${e.column}`);
    expect(found).toEqual(
      expect.arrayContaining([
        '3|身份证号',
        '4|就诊类型',
        '4|入院日期',
        '4|医疗总费用（元）',
        '4|政策范围内费用（元）',
        '7|结算单号',
      ]),
    );
    expect(body.errors.find((e) => e.rowNumber === 4 && e.column === '医疗总费用（元）')?.message).toContain(
      '不能为负数',
    );
    const commit = await upload(bad, false);
    expect(commit.statusCode).toBe(400);
    expect(commit.json<{ error: { message: string } }>().error.message).toContain('未导入任何结算单据');
    expect(await writeCounts(t.database.db)).toEqual(before);
  });

  it('refuses the whole file when one row cannot be settled (engine and policy checks), naming the row', async () => {
    const before = await writeCounts(t.database.db);
    const mixed = Buffer.from(
      [
        HEADER,
        `MIX-1,${outsider},李四,住院,2024-06-01,2024-06-05,,1000,1000,0,否,0,否,0`,
        `MIX-2,${outsider},李四,住院,2024-03-01,2024-03-02,,100,100,0,,0,,0`,
        `MIX-3,${outsider},李四,住院,2024-07-01,2024-07-02,,200,100,100,否,0,,0`,
        `MIX-4,${outsider},李四,住院,2019-03-01,2019-03-02,,100,100,0,,0,,0`,
        `MIX-5,${outsider},李四,住院,2024-08-01,2024-08-02,,300,100,0,,0,,0`,
      ].join('\n'),
    );
    const res = await upload(mixed, false);
    expect(res.statusCode).toBe(400);
    const errors = res.json<{ error: { details: { errors: Outcome['errors'] } } }>().error.details.errors;
    expect(errors.map((e) => `${e.rowNumber}|${e.column}`)).toEqual([
      '4|已签目录外知情同意书',
      '5|出院日期',
      '6|医疗总费用（元）',
    ]);
    expect(await writeCounts(t.database.db)).toEqual(before);
  });

  it('commits atomically; the same file again changes nothing; an already settled claim counts as unchanged', async () => {
    const first = await upload(good, false);
    expect(first.statusCode).toBe(201);
    expect(first.json<Outcome>()).toMatchObject({ status: 'committed', settledCount: 3, unchangedCount: 0 });
    const after = await writeCounts(t.database.db);
    const again = await upload(good, false);
    expect(again.statusCode).toBe(200);
    expect(again.json<Outcome>()).toMatchObject({ status: 'already_committed', settledCount: 3 });
    expect(await writeCounts(t.database.db)).toEqual(after);
    // Another file repeating one settled claim with the same content and adding a new one.
    const next = Buffer.from(
      [
        HEADER,
        `IMP-2,${outsider},李四,住院,2024-02-01,2024-02-05,J18.9,5000,5000,0,否,0,否,0`,
        `IMP-4,${outsider},李四,住院,2024-09-01,2024-09-05,J18.9,5000,5000,0,否,0,否,0`,
      ].join('\n'),
    );
    const res = await upload(next, false, 'second.csv');
    expect(res.statusCode).toBe(201);
    expect(res.json<Outcome>()).toMatchObject({ settledCount: 1, unchangedCount: 1 });
    const imports = await t.database.db.selectFrom('settlement_import').select('id').execute();
    expect(imports).toHaveLength(2);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'settlement.imported')
      .execute();
    expect(audit).toHaveLength(2);
  });
});
