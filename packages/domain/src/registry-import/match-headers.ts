import { IMPORT_COLUMNS, type ImportColumnKey } from './import-columns.ts';

/**
 * Normalise a header cell for matching: NFKC (full-width to half-width), drop whitespace, required
 * markers (*, ★) and a trailing note in brackets ("身份证号（必填）", "参保(是/否)").
 */
export function normalizeHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\u200B-\u200D\uFEFF]+/gu, '')
    .replace(/[*★]/gu, '')
    .replace(/\((必填|选填|可选|[^()]*[/、][^()]*)\)$/u, '')
    .toLowerCase();
}

const HEADER_LOOKUP: ReadonlyMap<string, ImportColumnKey> = (() => {
  const map = new Map<string, ImportColumnKey>();
  for (const column of IMPORT_COLUMNS) {
    for (const text of [column.header, ...column.aliases]) {
      map.set(normalizeHeader(text), column.key);
    }
  }
  return map;
})();

/** The column a header names, or null when it names none of ours. */
export function matchHeader(raw: string): ImportColumnKey | null {
  return HEADER_LOOKUP.get(normalizeHeader(raw)) ?? null;
}

export type HeaderMatch = {
  /** 0-based cell index → column, for the matched columns. */
  columns: ReadonlyMap<number, ImportColumnKey>;
  /** The header as written in the file for each matched column (used in error messages). */
  headerOf: Readonly<Partial<Record<ImportColumnKey, string>>>;
  /** Non-empty headers that match no column (ignored). */
  ignored: string[];
};

export type HeaderProblem = { column: string; message: string };

export type MatchHeadersResult = { ok: true; value: HeaderMatch } | { ok: false; problems: HeaderProblem[] };

/**
 * Match a header row. Fails when a required column is missing or a column appears twice (under the
 * same or different variant names); unknown headers are reported as ignored.
 */
export function matchHeaders(cells: readonly (string | null | undefined)[]): MatchHeadersResult {
  const columns = new Map<number, ImportColumnKey>();
  const headerOf: Partial<Record<ImportColumnKey, string>> = {};
  const ignored: string[] = [];
  const problems: HeaderProblem[] = [];
  cells.forEach((cell, index) => {
    const text = (cell ?? '').trim();
    if (text === '') {
      return;
    }
    const key = matchHeader(text);
    if (!key) {
      ignored.push(text);
      return;
    }
    const previous = headerOf[key];
    if (previous !== undefined) {
      problems.push({ column: text, message: `列“${text}”与列“${previous}”重复，请只保留一列` });
      return;
    }
    headerOf[key] = text;
    columns.set(index, key);
  });
  for (const column of IMPORT_COLUMNS) {
    if (column.isRequired && headerOf[column.key] === undefined) {
      const variants = [column.header, ...column.aliases.slice(0, 3)].join('、');
      problems.push({
        column: column.header,
        message: `缺少必填列“${column.header}”（可用列名：${variants}等）`,
      });
    }
  }
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  return { ok: true, value: { columns, headerOf, ignored } };
}

/**
 * Lists often carry a title row ("某某县建档立卡人员名单") or blank rows above the header. The header
 * row is the first of the leading rows that names the ID-number column and at least one other column;
 * returns its 0-based index, or -1.
 */
export function findHeaderRow(rows: readonly (readonly (string | null | undefined)[])[]): number {
  return rows.findIndex((row) => {
    const keys = new Set(row.map((cell) => matchHeader(cell ?? '')).filter((k) => k !== null));
    return keys.has('idNumber') && keys.size >= 2;
  });
}

/** How many leading rows findHeaderRow looks at. */
export const HEADER_SEARCH_ROWS = 10;
