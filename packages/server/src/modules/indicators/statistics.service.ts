import {
  findStatisticsTable,
  formatBp,
  metricsOfTable,
  ratioBp,
  type StatisticsTable,
  sanitizeSpreadsheetCell,
} from '@healthaid/domain';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB, RegionRow } from '../../db/schema.ts';
import { notFound } from '../../http/app-error.ts';
import type { SourceQuery } from './indicator-sources.ts';
import { flushRegistryStats, readRegistryCounts } from './registry-stats.ts';

/** Child digits of a region prefix: province 2 → city 4 → county 6 → township 9 → village 12. */
const CHILD_LENGTH: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 12, 12: 12 };

export type StatCell = { value: number | null; display: string };
export type StatRow = { code: string; name: string; cells: Record<string, StatCell> };
export type BuiltTable = {
  table: StatisticsTable;
  region: { code: string; name: string };
  to: string;
  rows: StatRow[];
  total: StatRow;
};

const groupDigits = (n: number) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function cellsOf(table: StatisticsTable, counts: (metric: string) => number): Record<string, StatCell> {
  const cells: Record<string, StatCell> = {};
  const columns = table.groups.flatMap((g) => g.columns);
  for (const c of columns) {
    if ('metric' in c) {
      const n = counts(c.metric);
      cells[c.key] = { value: n, display: groupDigits(n) };
    }
  }
  for (const c of columns) {
    if ('ratioOf' in c) {
      const bp = ratioBp(cells[c.ratioOf.numerator]?.value ?? 0, cells[c.ratioOf.denominator]?.value ?? 0);
      cells[c.key] = { value: bp, display: bp === null ? '—' : formatBp(bp) };
    }
  }
  return cells;
}

export async function buildStatisticsTable(
  db: Kysely<DB>,
  code: string,
  region: RegionRow,
  query: SourceQuery,
): Promise<BuiltTable> {
  const table = findStatisticsTable(code);
  if (!table) {
    throw notFound(`统计表“${code.slice(0, 40)}”`);
  }
  await flushRegistryStats(db);
  const childLength = CHILD_LENGTH[query.prefix.length] ?? query.prefix.length;
  const children = await db
    .selectFrom('region')
    .select(['code', 'name'])
    .where('parent_code', '=', region.code)
    .orderBy('code')
    .execute();
  const units = children.length > 0 ? children : [{ code: region.code, name: region.name }];
  const length = children.length > 0 ? childLength : query.prefix.length;
  const counts = await readRegistryCounts(db, { ...query, groupLength: length }, metricsOfTable(table));
  const countOf = (metric: string, key: string) => counts.get(metric)?.get(key) ?? 0;
  const rows = units.map((u) => ({
    code: u.code,
    name: u.name,
    cells: cellsOf(table, (metric) => countOf(metric, u.code.slice(0, length))),
  }));
  const total = {
    code: region.code,
    name: '合计',
    cells: cellsOf(table, (metric) => [...(counts.get(metric)?.values() ?? [])].reduce((a, b) => a + b, 0)),
  };
  return { table, region: { code: region.code, name: region.name }, to: query.to, rows, total };
}

/** The table in its submitted layout: title, two header rows with merged group cells, rows, total, note. */
export async function statisticsTableXlsx(built: BuiltTable): Promise<Buffer> {
  const { table } = built;
  const columns = table.groups.flatMap((g) => g.columns);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'HealthAid';
  const sheet = workbook.addWorksheet(table.title.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 4, xSplit: 1 }],
  });
  const width = columns.length + 1;
  sheet.mergeCells(1, 1, 1, width);
  sheet.getCell(1, 1).value = `${built.region.name}${table.title}`;
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  sheet.mergeCells(2, 1, 2, width);
  sheet.getCell(2, 1).value = `统计时点：${built.to}    单位：户、人`;
  sheet.getCell(2, 1).alignment = { horizontal: 'right' };
  sheet.mergeCells(3, 1, 4, 1);
  sheet.getCell(3, 1).value = '区划';
  let col = 2;
  for (const group of table.groups) {
    if (group.columns.length > 1) {
      sheet.mergeCells(3, col, 3, col + group.columns.length - 1);
    }
    sheet.getCell(3, col).value = group.title;
    group.columns.forEach((c, i) => {
      sheet.getCell(4, col + i).value = c.title;
    });
    col += group.columns.length;
  }
  const border = { style: 'thin' as const };
  for (const r of [3, 4]) {
    for (let c = 1; c <= width; c++) {
      const cell = sheet.getCell(r, c);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    }
  }
  const addRow = (row: StatRow, isTotal: boolean) => {
    const values = [
      sanitizeSpreadsheetCell(row.name),
      ...columns.map((c) => {
        const cell = row.cells[c.key];
        return 'ratioOf' in c ? (cell?.display ?? '—') : (cell?.value ?? 0);
      }),
    ];
    const added = sheet.addRow(values);
    if (isTotal) {
      added.font = { bold: true };
    }
  };
  for (const row of built.rows) {
    addRow(row, false);
  }
  addRow(built.total, true);
  const last = sheet.rowCount;
  for (let r = 3; r <= last; r++) {
    for (let c = 1; c <= width; c++) {
      sheet.getCell(r, c).border = { top: border, left: border, bottom: border, right: border };
    }
  }
  sheet.addRow([]);
  sheet.addRow([`说明：${table.note}数据来源：HealthAid 实时数据。`]);
  sheet.getColumn(1).width = 22;
  for (let c = 2; c <= width; c++) {
    sheet.getColumn(c).width = 11;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function statisticsTableHtml(built: BuiltTable): string {
  const { table } = built;
  const columns = table.groups.flatMap((g) => g.columns);
  const head1 = table.groups
    .map((g) =>
      g.columns.length > 1
        ? `<th colspan="${g.columns.length}">${escapeHtml(g.title)}</th>`
        : `<th>${escapeHtml(g.title)}</th>`,
    )
    .join('');
  const head2 = columns.map((c) => `<th>${escapeHtml(c.title)}</th>`).join('');
  const row = (r: StatRow, cls = '') =>
    `<tr class="${cls}"><td class="name">${escapeHtml(r.name)}</td>${columns
      .map((c) => `<td>${escapeHtml(r.cells[c.key]?.display ?? '—')}</td>`)
      .join('')}</tr>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(built.region.name + table.title)}</title>
<style>
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "SimSun", "宋体", "WenQuanYi Micro Hei", serif; font-size: 12px; }
h1 { text-align: center; font-size: 18px; margin: 0 0 4px; }
.meta { text-align: right; margin-bottom: 6px; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 3px 4px; text-align: right; }
th { text-align: center; background: #f2f2f2; }
td.name { text-align: left; white-space: nowrap; }
tr.total td { font-weight: bold; }
.note { margin-top: 8px; }
</style></head><body>
<h1>${escapeHtml(built.region.name + table.title)}</h1>
<div class="meta">统计时点：${escapeHtml(built.to)}　单位：户、人</div>
<table><thead><tr><th rowspan="2">区划</th>${head1}</tr><tr>${head2}</tr></thead>
<tbody>${built.rows.map((r) => row(r)).join('')}${row(built.total, 'total')}</tbody></table>
<div class="note">说明：${escapeHtml(table.note)}数据来源：HealthAid 实时数据。</div>
</body></html>`;
}
