import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';

/**
 * Person lists for registry import tests, written into the downloaded import template (人员名单 sheet), with
 * synthetic citizen IDs whose check characters are computed here (GB 11643), so a test can plant exactly the
 * broken rows it wants.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkCharOf(first17: string): string {
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * (WEIGHTS[i] ?? 0), 0);
  return CHECK[sum % 11] ?? '0';
}

/** A valid ID: address code, birth date YYYYMMDD, sequence 0–999 (odd = male). */
export function citizenId(addressCode: string, birth: string, sequence: number): string {
  const first17 = `${addressCode}${birth}${sequence.toString().padStart(3, '0')}`;
  return first17 + checkCharOf(first17);
}

/** Village codes of a township (12 digits, village committees), read from the repository's region data. */
export function villagesOf(townshipCode9: string): string[] {
  const file = path.resolve(
    import.meta.dirname,
    '../../packages/server/src/db/data/regions/villages-130321.csv',
  );
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.split(',')[0] ?? '')
    .filter((code) => code.startsWith(townshipCode9) && code.slice(9) >= '200' && code.slice(9) < '600');
}

export type ListRow = Partial<Record<string, string>>;

/** Fills the template's 人员名单 sheet (matching columns by header) and returns the .xlsx bytes. */
export async function fillTemplate(template: ArrayBuffer, rows: readonly ListRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template);
  const sheet = workbook.getWorksheet('人员名单');
  if (!sheet) {
    throw new Error('template has no 人员名单 sheet');
  }
  const columnOf = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, column) => {
    columnOf.set(String(cell.value), column);
  });
  rows.forEach((values, i) => {
    const row = sheet.getRow(i + 2);
    for (const [header, value] of Object.entries(values)) {
      const column = columnOf.get(header);
      if (column === undefined) {
        throw new Error(`template has no column ${header}`);
      }
      if (value !== undefined && value !== '') {
        row.getCell(column).value = value;
      }
    }
    row.commit();
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
