import {
  createFileChecker,
  type FileChecker,
  findHeaderRow,
  HEADER_SEARCH_ROWS,
  type ImportCell,
  type ImportColumnKey,
  type ImportedPerson,
  type IsoDate,
  matchHeaders,
  type RowError,
  validatePersonRow,
} from '@healthaid/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import {
  type FileFormat,
  ImportFileError,
  readSheetRowBatches,
  type SheetRow,
  type TextEncoding,
} from './import-file-reader.ts';
import { openCopyWriter } from './import-staging.ts';

/** Rows between two progress reports (the staging COPY is flushed first). */
const PROGRESS_EVERY = 5000;

/**
 * Most data rows one file may hold. A county's list is far smaller; a bigger file (a whole city, a 1M-row
 * export) is refused with a message to split it, so one upload never holds the staging tables and the
 * per-file duplicate check (one entry per ID number) for an unbounded number of rows.
 */
export const MAX_IMPORT_ROWS = 500_000;

export const tooManyRowsMessage = (rows: number | null) =>
  `文件${rows === null ? '' : `约有${rows.toLocaleString('en-US')}行数据，`}超过单次导入上限${MAX_IMPORT_ROWS.toLocaleString('en-US')}行：请按乡镇拆分后分批导入`;

/** Text of a header cell (headers are text; numbers are stringified). */
const headerText = (cell: ImportCell | undefined) =>
  cell === null || cell === undefined ? '' : String(cell);

function isBlankRow(row: SheetRow): boolean {
  for (const cell of row.cells) {
    if (cell !== null && (typeof cell !== 'string' || cell.trim() !== '')) {
      return false;
    }
  }
  return true;
}

export type PersonListFile = { filePath: string; format: FileFormat; encoding: TextEncoding };

export type PersonListStreamOptions = {
  /** Staging table and columns the valid rows are COPYed into. */
  table: 'import_staged_row' | 'registry_comparison_staged_row';
  columns: readonly string[];
  /** The staging line of a valid person; null writes nothing (e.g. once the file is known to be refused). */
  lineOf: (person: ImportedPerson) => string | null;
  today: IsoDate;
  /** Message for a village code the caller may not list, or null. */
  checkVillage: (code: string) => string | null;
  /** Ends the "no header found" message: what the user should do (e.g. use the downloaded template). */
  noHeaderAdvice: string;
  /** Called once the header row is matched, with the columns the file has. */
  onColumns: (keys: readonly ImportColumnKey[]) => Promise<void>;
  /** All errors of one invalid row (each row is reported by one check only). */
  onRowErrors: (errors: readonly RowError[]) => void;
  /** Every PROGRESS_EVERY rows, after the staged rows so far are flushed. */
  onProgress: (rowsRead: number) => Promise<void>;
};

/**
 * Streams a person list (the import template's columns, header-tolerant) into a staging table: finds the header
 * row among the first rows, validates every data row with the domain's row rules and the cross-row checks of
 * the file, COPYs the valid ones, and reports invalid rows and progress. Shared by the registry import and the
 * comparison (数据对比). A file that cannot be read as a list throws ImportFileError with a Chinese message.
 */
export async function streamPersonList(
  db: Kysely<DB>,
  file: PersonListFile,
  options: PersonListStreamOptions,
): Promise<{
  total: number;
  headerOf: Partial<Record<ImportColumnKey, string>>;
  presentKeys: ReadonlySet<ImportColumnKey>;
  checker: FileChecker;
}> {
  const iterator = readSheetRowBatches(file.filePath, file.format, file.encoding)[Symbol.asyncIterator]();
  // The first rows (the header is searched among them); the rest of their batch is handled with them.
  const firstRows: SheetRow[] = [];
  while (firstRows.length < HEADER_SEARCH_ROWS) {
    const next = await iterator.next();
    if (next.done) {
      break;
    }
    firstRows.push(...next.value);
  }
  const leading = firstRows.slice(0, HEADER_SEARCH_ROWS);
  if (leading.every(isBlankRow)) {
    throw new ImportFileError('文件中没有数据');
  }
  const headerIndex = findHeaderRow(leading.map((row) => row.cells.map(headerText)));
  if (headerIndex < 0) {
    throw new ImportFileError(
      `未找到表头：文件前${HEADER_SEARCH_ROWS}行中没有“身份证号”（或“公民身份号码”“证件号码”）列，${options.noHeaderAdvice}`,
    );
  }
  const headerRow = leading[headerIndex] as SheetRow;
  const matched = matchHeaders(headerRow.cells.map(headerText));
  if (!matched.ok) {
    throw new ImportFileError(
      `第${headerRow.rowNumber}行表头有误：${matched.problems.map((p) => p.message).join('；')}`,
    );
  }
  const { columns, headerOf } = matched.value;
  const presentKeys = new Set(columns.values());
  await options.onColumns([...presentKeys]);
  const columnIndexes = [...columns];

  const checker = createFileChecker();
  let total = 0;
  const writer = await openCopyWriter(db, options.table, options.columns);
  const handleRow = (row: SheetRow) => {
    if (isBlankRow(row)) {
      return;
    }
    total += 1;
    if (total > MAX_IMPORT_ROWS) {
      throw new ImportFileError(`第${row.rowNumber}行：${tooManyRowsMessage(null)}`);
    }
    const cells: Partial<Record<ImportColumnKey, ImportCell>> = {};
    for (const [index, key] of columnIndexes) {
      cells[key] = row.cells[index] ?? null;
    }
    const result = validatePersonRow({
      rowNumber: row.rowNumber,
      cells,
      headerOf,
      today: options.today,
      checkVillage: options.checkVillage,
    });
    const errors = result.ok ? checker.check(result.value, headerOf) : result.errors;
    if (errors.length > 0) {
      options.onRowErrors(errors);
      return;
    }
    const line = result.ok ? options.lineOf(result.value) : null;
    if (line !== null) {
      writer.write(line);
    }
  };
  try {
    let nextProgress = PROGRESS_EVERY;
    for (const row of firstRows.slice(headerIndex + 1)) {
      handleRow(row);
    }
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      for (const row of next.value) {
        handleRow(row);
      }
      await writer.flush();
      if (total >= nextProgress) {
        nextProgress = total + PROGRESS_EVERY;
        await options.onProgress(total);
      }
    }
    await writer.end();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  if (total === 0) {
    throw new ImportFileError(`第${headerRow.rowNumber}行表头以下没有数据行`);
  }
  return { total, headerOf, presentKeys, checker };
}
