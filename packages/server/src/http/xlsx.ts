import type { Readable } from 'node:stream';
import { sanitizeSpreadsheetCell } from '@healthaid/domain';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export type XlsxColumn<T> = {
  header: string;
  width?: number;
  value: (row: T) => string | number | boolean | null;
};

/** Builds a one-sheet workbook; every text cell passes the formula-injection guard. */
export async function buildXlsx<T>(
  sheetName: string,
  columns: XlsxColumn<T>[],
  rows: Iterable<T>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'HealthAid';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 16 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(columns.map((c) => sanitizeSpreadsheetCell(c.value(row))));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Content-Disposition for a Chinese file name (RFC 5987). */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a workbook (built or streamed) as a download named `fileName`. */
export function sendXlsx(reply: FastifyReply, fileName: string, workbook: Buffer | Readable): FastifyReply {
  return reply
    .header('content-type', XLSX_MIME)
    .header('content-disposition', attachmentHeader(fileName))
    .send(workbook);
}
