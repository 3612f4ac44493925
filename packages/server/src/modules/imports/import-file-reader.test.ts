import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportFileError, readSheetRowBatches, readSheetRows, type SheetRow } from './import-file-reader.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthaid-reader-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;

function write(content: string | Buffer): string {
  fileCount += 1;
  const file = path.join(dir, `f${fileCount}.csv`);
  fs.writeFileSync(file, content);
  return file;
}

async function readAll(
  file: string,
  encoding: 'utf8' | 'gb18030' = 'utf8',
  chunkBytes?: number,
): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const batch of readSheetRowBatches(file, 'csv', encoding, { chunkBytes })) {
    expect(batch.length).toBeGreaterThan(0);
    rows.push(...batch);
  }
  return rows;
}

/** RFC 4180: a field is quoted when it holds a comma, quote or line break; quotes are doubled. */
const csvField = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

describe('CSV reader', () => {
  it('reads every record whole, whatever the chunk size, with quoted commas, quotes and line breaks', async () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', '王', '1', ',', '"', '\n', '\r\n', ' ', 'x'),
      minLength: 1,
      maxLength: 6,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('\r\n', '\n', '\r'),
        fc.boolean(),
        async (records, chunkBytes, lineBreak, finalBreak) => {
          const text =
            records.map((r) => r.map(csvField).join(',')).join(lineBreak) + (finalBreak ? lineBreak : '');
          const rows = await readAll(write(text), 'utf8', chunkBytes);
          expect(rows.map((r) => r.cells)).toEqual(records);
          expect(rows.map((r) => r.rowNumber)).toEqual(records.map((_, i) => i + 1));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('drops the BOM, turns empty cells into null and counts blank lines as rows', async () => {
    const rows = await readAll(
      write('\ufeff身份证号,姓名,电话\r\n110101199003070011,张三,\r\n\r\n,李四,1\r\n'),
    );
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['身份证号', '姓名', '电话'] },
      { rowNumber: 2, cells: ['110101199003070011', '张三', null] },
      { rowNumber: 3, cells: [null] },
      { rowNumber: 4, cells: [null, '李四', '1'] },
    ]);
  });

  it('reads GBK text, tab-separated files, \\r-only line ends (Excel for Mac) and mixed line endings', async () => {
    const gbk = await readAll(write(iconv.encode('姓名,村\r\n王芳,青龙\r\n', 'gbk')), 'gb18030', 3);
    expect(gbk.map((r) => r.cells)).toEqual([
      ['姓名', '村'],
      ['王芳', '青龙'],
    ]);
    const tabs = await readAll(write('姓名\t电话\n王芳\t138,0000\n'));
    expect(tabs.map((r) => r.cells)).toEqual([
      ['姓名', '电话'],
      ['王芳', '138,0000'],
    ]);
    const mac = await readAll(write('姓名,电话\r王芳,"138\r0000"\r李四,1\r'), 'utf8', 5);
    expect(mac.map((r) => r.cells)).toEqual([
      ['姓名', '电话'],
      ['王芳', '138\r0000'],
      ['李四', '1'],
    ]);
    const mixed = await readAll(write('a,b\nc,d\r\ne,f'));
    expect(mixed.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('keeps a quote inside an unquoted cell as text', async () => {
    const rows = await readAll(write('a,b"c\r\nd,e\r\n'));
    expect(rows.map((r) => r.cells)).toEqual([
      ['a', 'b"c'],
      ['d', 'e'],
    ]);
  });

  it('refuses an unclosed quote with the row it starts on', async () => {
    const file = write('a,b\r\nc,d\r\ne,"never closed\r\nf,g\r\n');
    await expect(readAll(file, 'utf8', 4)).rejects.toThrow(ImportFileError);
    await expect(readAll(file)).rejects.toThrow(/^CSV 文件第3行附近格式有误（引号未闭合）/u);
  });

  it('refuses a record longer than 1 MiB instead of reading the whole file into it', async () => {
    const file = write(`a,"${'x'.repeat(1_100_000)}\r\nb,c\r\n`);
    await expect(readAll(file, 'utf8', 64 * 1024)).rejects.toThrow(/一行内容过长或引号未闭合/u);
  });

  it('also yields the rows one at a time', async () => {
    const rows: SheetRow[] = [];
    for await (const row of readSheetRows(write('a\r\nb\r\nc'), 'csv', 'utf8')) {
      rows.push(row);
    }
    expect(rows.map((r) => r.cells[0])).toEqual(['a', 'b', 'c']);
  });
});
