import { PassThrough, type Readable } from 'node:stream';
import { IMPORT_COLUMNS, SOURCE_DEPARTMENTS, sanitizeSpreadsheetCell } from '@healthaid/domain';
import ExcelJS from 'exceljs';

const TEXT_COLUMNS = new Set(['idNumber', 'householdNo', 'villageCode', 'phone', 'disabilityCert']);
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };

/** The person-list template: a data sheet with Chinese headers (code columns formatted as text) and 填写说明. */
export async function buildPersonTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'HealthAid';
  const sheet = workbook.addWorksheet('人员名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = IMPORT_COLUMNS.map((column) => ({
    header: column.header,
    key: column.key,
    width: Math.max(12, column.header.length * 2 + 4, column.example.length + 2),
    style: TEXT_COLUMNS.has(column.key) ? { numFmt: '@' } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  IMPORT_COLUMNS.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = column.isRequired ? REQUIRED_FILL : HEADER_FILL;
    cell.note = column.help;
  });

  const help = workbook.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', key: 'header', width: 16 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '可识别的其他列名', key: 'aliases', width: 36 },
    { header: '填写说明', key: 'help', width: 80 },
    { header: '示例', key: 'example', width: 22 },
  ];
  help.getRow(1).font = { bold: true };
  for (const column of IMPORT_COLUMNS) {
    help.addRow({
      header: column.header,
      required: column.isRequired ? '必填' : '选填',
      aliases: column.aliases.join('、'),
      help: column.help,
      example: column.example,
    });
  }
  help.getColumn('example').numFmt = '@';
  help.addRow([]);
  const notes = [
    '注意事项：',
    '1. 数据填写在“人员名单”工作表，第1行为表头，从第2行起每行一人；请勿合并单元格，请勿修改表头以外的工作表结构。',
    '2. 身份证号、户编号、村行政区划代码、联系电话、残疾证号列请保持“文本”格式，避免长数字被 Excel 改为科学计数法而丢失末位。',
    '3. 日期可写成 2024-01-01、2024/1/1、2024年1月1日 或 Excel 日期格式。',
    '4. 选填单元格留空表示“不修改”，不会清除系统中已有的信息。',
    `5. 上传时须选择数据来源部门（${SOURCE_DEPARTMENTS.join('、')}）。勾选“全量名单”时，系统中该部门以前导入、但本次名单中没有的人员将被标记为“待核实”，不会被删除。`,
    '6. 也可上传 CSV 文件（UTF-8 或 GBK 编码），列名同上。上传后先预览校验结果，确认无误后再提交入库。',
  ];
  for (const note of notes) {
    help.addRow([note]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export type ErrorRow = { rowNumber: number; column: string; message: string };

/**
 * The errors of a preview as .xlsx, written with the streaming WorkbookWriter from an async source
 * (every error of a 200k-row file fits without holding the workbook in memory).
 */
export function streamErrorWorkbook(fileName: string, rows: AsyncIterable<ErrorRow[]>): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  const sheet = workbook.addWorksheet('错误明细');
  sheet.columns = [
    { header: '行号', key: 'rowNumber', width: 8 },
    { header: '列名', key: 'column', width: 18 },
    { header: '错误原因', key: 'message', width: 90 },
  ];
  const write = async () => {
    sheet.getRow(1).font = { bold: true };
    for await (const chunk of rows) {
      for (const row of chunk) {
        sheet
          .addRow({
            rowNumber: row.rowNumber,
            column: sanitizeSpreadsheetCell(row.column),
            message: sanitizeSpreadsheetCell(row.message),
          })
          .commit();
      }
    }
    sheet.addRow([]).commit();
    sheet.addRow([`源文件：${sanitizeSpreadsheetCell(fileName)}`]).commit();
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) =>
    output.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return output;
}
