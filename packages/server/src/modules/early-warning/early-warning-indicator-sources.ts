import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type {
  GroupFigures,
  IndicatorSource,
  MemberPart,
  MemberRow,
  SourceQuery,
} from '../indicators/indicator-source.types.ts';

/**
 * 预警数 ('relapse_warnings') and 预警处置率 ('warning_handling_rate'), merged into INDICATOR_SOURCES. Period
 * semantics as in the domain's `warningHandlingRate`: warnings raised in [from, to]; disposed (已处置 or 已排除)
 * on or before `to`. Grouped by the first `groupLength` digits of the warning's village. Drill-down lists the
 * subjects behind the figure: persons for person warnings, households for household warnings (one row per
 * subject, however many warnings it has).
 */

function where(q: SourceQuery, part: MemberPart | 'raised'): RawBuilder<unknown> {
  const scope = q.countyCode
    ? sql`w.county_code = ${q.countyCode} AND w.village_code LIKE ${`${q.prefix}%`}`
    : sql`w.village_code LIKE ${`${q.prefix}%`}`;
  const raised = sql`${scope} AND w.raised_on BETWEEN ${q.from} AND ${q.to}`;
  return part === 'numerator' ? sql`${raised} AND w.disposed_on <= ${q.to}` : raised;
}

async function counts(db: Kysely<DB>, q: SourceQuery) {
  const { rows } = await sql<{ group_key: string; raised: number; disposed: number }>`
    SELECT substr(w.village_code, 1, ${q.groupLength}) AS group_key, count(*)::int AS raised,
      count(*) FILTER (WHERE w.disposed_on <= ${q.to})::int AS disposed
    FROM ew_warning w WHERE ${where(q, 'raised')}
    GROUP BY 1 ORDER BY 1`.execute(db);
  return rows;
}

async function members(
  db: Kysely<DB>,
  q: SourceQuery,
  part: MemberPart | 'raised',
  page: { limit: number; offset: number },
): Promise<{ total: number; items: MemberRow[] }> {
  const subjects = sql`SELECT DISTINCT w.county_code, w.subject_type,
      CASE w.subject_type WHEN 'person' THEN w.person_id ELSE w.household_id END AS subject_id
    FROM ew_warning w WHERE ${where(q, part)}`;
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${subjects}) s`.execute(db);
  const { rows } = await sql<{
    subject_type: 'person' | 'household';
    id: number;
    county_code: string;
    name: string | null;
    id_number: string | null;
    household_no: string | null;
    village_code: string;
  }>`
    SELECT s.subject_type, s.subject_id AS id, s.county_code,
      coalesce(p.name, h.head_name) AS name, p.id_number,
      coalesce(ph.household_no, h.household_no) AS household_no,
      coalesce(p.village_code, h.village_code) AS village_code
    FROM (${subjects}) s
    LEFT JOIN person p ON s.subject_type = 'person' AND p.county_code = s.county_code AND p.id = s.subject_id
    LEFT JOIN household ph ON ph.county_code = p.county_code AND ph.id = p.household_id
    LEFT JOIN household h ON s.subject_type = 'household' AND h.county_code = s.county_code AND h.id = s.subject_id
    ORDER BY 7, 6, s.subject_type, s.subject_id
    LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  return {
    total: total.rows[0]?.n ?? 0,
    items: rows.map((r) => ({
      entityType: r.subject_type,
      id: r.id,
      countyCode: r.county_code,
      name: r.name ?? '',
      idNumber: r.id_number,
      householdNo: r.household_no,
      villageCode: r.village_code,
    })),
  };
}

export const EARLY_WARNING_INDICATOR_SOURCES: ReadonlyMap<string, IndicatorSource> = new Map<
  string,
  IndicatorSource
>([
  [
    'relapse_warnings',
    {
      figures: async (db, q): Promise<GroupFigures[]> =>
        (await counts(db, q)).map((r) => ({ groupKey: r.group_key, numerator: r.raised, denominator: null })),
      members: (db, q, _part, page) => members(db, q, 'raised', page),
    },
  ],
  [
    'warning_handling_rate',
    {
      figures: async (db, q): Promise<GroupFigures[]> =>
        (await counts(db, q)).map((r) => ({
          groupKey: r.group_key,
          numerator: r.disposed,
          denominator: r.raised,
        })),
      members: (db, q, part, page) => members(db, q, part, page),
    },
  ],
]);
