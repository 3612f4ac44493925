/**
 * ICD-10 look-up and search over the reference table in `icd10-entries.ts`.
 * Pinyin initials (`高血压` → `gxy`) are computed once, at module load, with pinyin-pro.
 */
import { pinyin } from 'pinyin-pro';
import { compactIcdCode, type IcdCode, normalizeIcdCode, toHalfWidth } from './icd-code.ts';
import { ICD10_ENTRY_ROWS } from './icd10-entries.ts';

export type Icd10Entry = { code: IcdCode; name: string; initials: string };

/** How a search hit matched, best first. */
export const ICD10_MATCH_KINDS = [
  'exact_code',
  'code_prefix',
  'name_prefix',
  'initials_prefix',
  'initials_substring',
  'name_substring',
] as const;
export type Icd10MatchKind = (typeof ICD10_MATCH_KINDS)[number];

export type Icd10SearchHit = Icd10Entry & { matchKind: Icd10MatchKind };

export const ICD10_SEARCH_DEFAULT_LIMIT = 20;

/** Lower-case first letters of each character's pinyin; digits and Latin letters are kept as they are. */
export function pinyinInitialsOf(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

type IndexedEntry = Icd10Entry & { compactCode: string };

const INDEX: readonly IndexedEntry[] = ICD10_ENTRY_ROWS.map(([code, name]) => ({
  code,
  name,
  initials: pinyinInitialsOf(name),
  compactCode: compactIcdCode(code),
}));

const BY_CODE: ReadonlyMap<IcdCode, IndexedEntry> = new Map(INDEX.map((entry) => [entry.code, entry]));

/** The reference table (code, Chinese name, pinyin initials), sorted by code. */
export const ICD10_ENTRIES: readonly Icd10Entry[] = INDEX.map(({ code, name, initials }) => ({
  code,
  name,
  initials,
}));

function toEntry({ code, name, initials }: IndexedEntry): Icd10Entry {
  return { code, name, initials };
}

/**
 * Codes to try for a look-up: the code itself, then its canonical completion in the table's
 * shape (a bare category `I10` → `I10.x00`; a short detail `E11.9` → `E11.900`).
 */
function lookupCandidates(code: IcdCode): IcdCode[] {
  const [category = '', detail] = code.split('.');
  if (detail === undefined) {
    return [code, `${category}.x00`];
  }
  if (detail.length < 3) {
    return [code, `${category}.${detail.padEnd(3, '0')}`];
  }
  return [code];
}

/** The table entry for a code (normalised first, with canonical completion), or null. */
export function lookupIcd10(raw: string): Icd10Entry | null {
  const code = normalizeIcdCode(raw);
  if (code === null) {
    return null;
  }
  for (const candidate of lookupCandidates(code)) {
    const entry = BY_CODE.get(candidate);
    if (entry) {
      return toEntry(entry);
    }
  }
  return null;
}

const CODE_LIKE = /^[a-z]\d/;
const INITIALS_LIKE = /^[a-z0-9]+$/;

type PreparedQuery = { text: string; compact: string; isCodeLike: boolean; isInitialsLike: boolean };

function prepareQuery(query: string): PreparedQuery {
  const text = toHalfWidth(query).trim();
  const lower = text.toLowerCase();
  const compact = compactIcdCode(lower);
  return { text, compact, isCodeLike: CODE_LIKE.test(compact), isInitialsLike: INITIALS_LIKE.test(lower) };
}

/** Match tests in rank order; the first that holds gives the hit's kind. */
const MATCHERS: readonly (readonly [Icd10MatchKind, (entry: IndexedEntry, q: PreparedQuery) => boolean])[] = [
  ['exact_code', (entry, q) => q.isCodeLike && entry.compactCode === q.compact],
  ['code_prefix', (entry, q) => q.isCodeLike && entry.compactCode.startsWith(q.compact)],
  ['name_prefix', (entry, q) => entry.name.startsWith(q.text)],
  ['initials_prefix', (entry, q) => q.isInitialsLike && entry.initials.startsWith(q.text.toLowerCase())],
  ['initials_substring', (entry, q) => q.isInitialsLike && entry.initials.includes(q.text.toLowerCase())],
  ['name_substring', (entry, q) => entry.name.includes(q.text)],
];

const RANK: Readonly<Record<Icd10MatchKind, number>> = Object.fromEntries(
  ICD10_MATCH_KINDS.map((kind, index) => [kind, index]),
) as Record<Icd10MatchKind, number>;

function compareHits(a: Icd10SearchHit, b: Icd10SearchHit): number {
  const byRank = RANK[a.matchKind] - RANK[b.matchKind];
  if (byRank !== 0) {
    return byRank;
  }
  const isCodeMatch = a.matchKind === 'exact_code' || a.matchKind === 'code_prefix';
  const byNameLength = isCodeMatch ? 0 : a.name.length - b.name.length;
  return byNameLength !== 0 ? byNameLength : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/**
 * Search the table by code prefix (case-insensitive, with or without the dot), Chinese name
 * (prefix or substring) or pinyin initials (prefix or substring: 'gxy' → 高血压).
 *
 * Ranking: exact code > code prefix > name prefix > initials prefix > initials substring > name
 * substring. Ties: code matches by code; name and initials matches by shorter name, then code.
 */
export function searchIcd10(query: string, limit: number = ICD10_SEARCH_DEFAULT_LIMIT): Icd10SearchHit[] {
  const prepared = prepareQuery(query);
  if (prepared.text === '' || limit <= 0) {
    return [];
  }
  const hits: Icd10SearchHit[] = [];
  for (const entry of INDEX) {
    const matcher = MATCHERS.find(([, test]) => test(entry, prepared));
    if (matcher) {
      hits.push({ ...toEntry(entry), matchKind: matcher[0] });
    }
  }
  return hits.sort(compareHits).slice(0, limit);
}
