import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { ImportCell } from '@healthaid/domain';
import { parse as parseCsv } from 'csv-parse';
import iconv from 'iconv-lite';
import { readXlsxFirstSheet } from './xlsx-stream-reader.ts';

/**
 * Streaming readers for uploaded lists: .xlsx through xlsx-stream-reader (first worksheet only)
 * and .csv through csv-parse, decoding GBK/GB18030 with iconv-lite when the file is not UTF-8. Rows
 * are yielded one at a time, so a file of 200k+ rows never sits in memory.
 */
export type SheetRow = { rowNumber: number; cells: ImportCell[] };

export type FileFormat = 'xlsx' | 'csv';
export type TextEncoding = 'utf8' | 'gb18030' | 'utf16le';

/** A file that cannot be read as a list; the message is for people. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

const SAMPLE_BYTES = 64 * 1024;

function readSample(path: string): Buffer {
  const fd = fs.openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const bytes = fs.readSync(fd, buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, bytes);
  } finally {
    fs.closeSync(fd);
  }
}

/** Decide the format from the content (magic bytes), with the file name as a cross-check. */
export function detectFileFormat(
  path: string,
  fileName: string,
): { format: FileFormat; encoding: TextEncoding } {
  const sample = readSample(path);
  const extension = /\.([^.]+)$/u.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (sample.length === 0) {
    throw new ImportFileError('文件为空，请选择填写好的名单文件');
  }
  if (sample.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    return { format: 'xlsx', encoding: 'utf8' };
  }
  if (sample.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new ImportFileError(
      '文件是旧版 .xls 格式或设置了打开密码的 .xlsx，无法读取：请在 Excel 中取消密码并另存为 .xlsx 或 .csv 后重新上传',
    );
  }
  if (extension === 'xlsx') {
    throw new ImportFileError('文件扩展名为 .xlsx，但内容不是有效的 Excel 文件（可能已损坏）');
  }
  if (extension !== 'csv' && extension !== 'txt') {
    throw new ImportFileError(`不支持的文件类型“.${extension || '无扩展名'}”：只能上传 .xlsx 或 .csv 文件`);
  }
  const encoding = detectTextEncoding(sample);
  if (encoding !== 'utf16le' && sample.includes(0)) {
    throw new ImportFileError('文件不是文本格式的 CSV（含二进制内容），请上传 .xlsx 或 .csv 文件');
  }
  return { format: 'csv', encoding };
}

/** UTF-8 (with or without BOM) when the sample decodes strictly as UTF-8; GB18030 (a GBK superset) otherwise. */
export function detectTextEncoding(sample: Buffer): TextEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) {
    return 'utf8';
  }
  if (sample[0] === 0xff && sample[1] === 0xfe) {
    return 'utf16le';
  }
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf8';
  } catch {
    return 'gb18030';
  }
}

/** Rows of the file, header included, each with the row number the spreadsheet shows. */
export function readSheetRows(
  path: string,
  format: FileFormat,
  encoding: TextEncoding,
): AsyncIterable<SheetRow> {
  return format === 'xlsx' ? readXlsxRows(path) : readCsvRows(path, encoding);
}

/** An estimate of the data rows of a CSV (line breaks minus the header), for the progress bar. */
export async function estimateCsvRows(path: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of fs.createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) {
      lines += 1;
    }
    last = chunk[chunk.length - 1] ?? last;
  }
  return Math.max(0, lines + (last === 0x0a ? 0 : 1) - 1);
}

async function* readCsvRows(path: string, encoding: TextEncoding): AsyncGenerator<SheetRow> {
  const firstLine =
    readSample(path)
      .toString(encoding === 'utf16le' ? 'utf16le' : 'latin1')
      .split('\n')[0] ?? '';
  const delimiter = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  const source: Readable = fs.createReadStream(path);
  const decoded = encoding === 'utf8' ? source : source.pipe(iconv.decodeStream(encoding));
  const parser = decoded.pipe(
    parseCsv({
      bom: true,
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }),
  );
  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber += 1;
      yield { rowNumber, cells: record.map((cell) => (cell === '' ? null : cell)) };
    }
  } catch (error) {
    throw new ImportFileError(
      `CSV 文件第${rowNumber + 1}行附近格式有误（${error instanceof Error ? error.message : String(error)}）`,
    );
  }
}

async function* readXlsxRows(path: string): AsyncGenerator<SheetRow> {
  try {
    yield* readXlsxFirstSheet(path);
  } catch (error) {
    throw new ImportFileError(
      `无法读取 .xlsx 文件（文件可能已损坏或加密）：${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
