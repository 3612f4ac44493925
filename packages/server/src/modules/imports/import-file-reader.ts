import fs from 'node:fs';
import type { ImportCell } from '@healthaid/domain';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { readXlsxFirstSheetBatches } from './xlsx-stream-reader.ts';

/**
 * Streaming readers for uploaded lists: .xlsx through xlsx-stream-reader (first worksheet only)
 * and .csv through papaparse, decoding GBK/GB18030 with iconv-lite when the file is not UTF-8. Rows
 * come in batches (one per chunk read from the file), so a file of 200k+ rows never sits in memory and
 * the consumer pays one await per batch, not per row.
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

/** Rows of the file, header included, each with the row number the spreadsheet shows, in batches. */
export function readSheetRowBatches(
  path: string,
  format: FileFormat,
  encoding: TextEncoding,
  options: { chunkBytes?: number } = {},
): AsyncIterable<SheetRow[]> {
  return format === 'xlsx'
    ? readXlsxRowBatches(path)
    : readCsvRowBatches(path, encoding, options.chunkBytes ?? CSV_CHUNK_BYTES);
}

/** Rows of the file one at a time (for the smaller lists: settlements, diagnoses). */
export async function* readSheetRows(
  path: string,
  format: FileFormat,
  encoding: TextEncoding,
): AsyncGenerator<SheetRow> {
  for await (const batch of readSheetRowBatches(path, format, encoding)) {
    yield* batch;
  }
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

/** Bytes read from a CSV at a time: one batch of rows (≈ 2,000 rows of the template). */
const CSV_CHUNK_BYTES = 256 * 1024;
/** Text the line ending is told from (the start of the file). */
const NEWLINE_SAMPLE_CHARS = 64 * 1024;
/** Longest record (text not yet ended by a line break outside quotes) before the file is refused. */
const MAX_RECORD_CHARS = 1 << 20;

const QUOTE_PROBLEMS: Readonly<Record<string, string>> = {
  MissingQuotes: '引号未闭合',
  InvalidQuotes: '引号后紧跟了其他字符',
};

/**
 * CSV records in batches: each chunk of decoded text is parsed by papaparse's Parser up to the last complete
 * record (its cursor); the rest is carried into the next chunk, exactly as papaparse's own streamer does, so
 * quoted fields may span chunks and lines. Quotes inside unquoted fields are kept as text; an unclosed or
 * malformed quoted field refuses the file with the row it starts on.
 */
async function* readCsvRowBatches(
  path: string,
  encoding: TextEncoding,
  chunkBytes: number,
): AsyncGenerator<SheetRow[]> {
  const source: NodeJS.ReadableStream =
    encoding === 'utf8'
      ? fs.createReadStream(path, { encoding: 'utf8', highWaterMark: chunkBytes })
      : fs.createReadStream(path, { highWaterMark: chunkBytes }).pipe(iconv.decodeStream(encoding));
  let rowNumber = 0;
  let rest = '';
  let config: { delimiter: string; newline: '\n' | '\r\n' | '\r'; quoteChar: string } | null = null;
  let newline: '\n' | '\r\n' | '\r' = '\n';
  const refuse = (detail: string, atRow: number) =>
    new ImportFileError(
      `CSV 文件第${atRow}行附近格式有误（${detail}），请用 Excel 打开检查后另存为 CSV 重新上传`,
    );
  const parse = (input: string, isLast: boolean): SheetRow[] => {
    if (input === '') {
      return [];
    }
    if (!config) {
      const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
      // Line breaks inside quoted cells (Alt+Enter in Excel) do not count.
      const sample = text
        .slice(0, NEWLINE_SAMPLE_CHARS)
        .split('"')
        .filter((_, i) => i % 2 === 0)
        .join('');
      if (!isLast && !sample.includes('\n') && text.length < NEWLINE_SAMPLE_CHARS) {
        // Not enough text yet to tell the line ending (a first line longer than the chunk): wait for more.
        rest = input;
        return [];
      }
      const lineEnd = text.indexOf('\n');
      const firstLine = lineEnd < 0 ? text : text.slice(0, lineEnd);
      const delimiter = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
      // \r\n unless the start of the file also ends a line with a bare \n (then \n, and a \r left at the end of a
      // record is dropped below); \r alone when no line ends with \n (Excel for Mac's "CSV (Macintosh)").
      newline = sample.includes('\r\n')
        ? /(^|[^\r])\n/.test(sample)
          ? '\n'
          : '\r\n'
        : sample.includes('\n') || !sample.includes('\r')
          ? '\n'
          : '\r';
      config = { delimiter, newline, quoteChar: '"' };
      input = text;
    }
    const result = new Papa.Parser(config).parse(input, 0, !isLast) as Papa.ParseResult<string[]>;
    // A problem in the record cut off by the end of the chunk is not one yet: that record is parsed again
    // with the next chunk.
    const quoteError = result.errors.find(
      (e) => e.type === 'Quotes' && (isLast || (e.row ?? 0) < result.data.length),
    );
    if (quoteError) {
      throw refuse(
        QUOTE_PROBLEMS[quoteError.code] ?? quoteError.message,
        rowNumber + (quoteError.row ?? 0) + 1,
      );
    }
    rest = input.substring(result.meta.cursor);
    if (rest.length > MAX_RECORD_CHARS) {
      throw refuse('一行内容过长或引号未闭合', rowNumber + 1);
    }
    // papaparse reports the empty text after the file's final line break as one more record: not a row.
    const final = result.data[result.data.length - 1];
    if (isLast && final?.length === 1 && final[0] === '' && /[\r\n]$/.test(input)) {
      result.data.pop();
    }
    const rows: SheetRow[] = [];
    for (const record of result.data) {
      rowNumber += 1;
      // A lone \r left by a file that mixes line endings (\n detected) belongs to no cell.
      const last = record.length - 1;
      const lastCell = record[last];
      if (newline === '\n' && lastCell?.endsWith('\r')) {
        record[last] = lastCell.slice(0, -1);
      }
      rows.push({ rowNumber, cells: record.map((cell) => (cell === '' ? null : cell)) });
    }
    return rows;
  };
  for await (const chunk of source as AsyncIterable<string>) {
    const rows = parse(rest + chunk, false);
    if (rows.length > 0) {
      yield rows;
    }
  }
  // What follows the last line break: the last record of a file that does not end with one.
  const rows = parse(rest, true);
  if (rows.length > 0) {
    yield rows;
  }
}

async function* readXlsxRowBatches(path: string): AsyncGenerator<SheetRow[]> {
  try {
    yield* readXlsxFirstSheetBatches(path);
  } catch (error) {
    throw new ImportFileError(
      `无法读取 .xlsx 文件（文件可能已损坏或加密）：${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
