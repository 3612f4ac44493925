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
 * 问题整改率 ('rectification_rate'), merged into INDICATOR_SOURCES. Period semantics as in the domain's
 * `summarizeRectification`: the denominator is the problems found in [from, to], the numerator those of them
 * closed (已销号) on or before `to`. Figures are grouped by the first `groupLength` digits of the problem's
 * region (a township or village code), so a county is exactly the sum of its townships. Drill-down lists the
 * problems themselves (entity type 'problem').
 */

function where(q: SourceQuery, part: MemberPart): RawBuilder<unknown> {
  const scope = q.countyCode
    ? sql`sp.county_code = ${q.countyCode} AND sp.region_code LIKE ${`${q.prefix}%`}`
    : sql`sp.region_code LIKE ${`${q.prefix}%`}`;
  const found = sql`${scope} AND sp.found_on BETWEEN ${q.from} AND ${q.to}`;
  return part === 'numerator' ? sql`${found} AND sp.closed_on <= ${q.to}` : found;
}

async function figures(db: Kysely<DB>, q: SourceQuery): Promise<GroupFigures[]> {
  const { rows } = await sql<{ group_key: string; closed: number; found: number }>`
    SELECT substr(sp.region_code, 1, ${q.groupLength}) AS group_key,
      count(*) FILTER (WHERE sp.closed_on <= ${q.to})::int AS closed,
      count(*)::int AS found
    FROM sv_problem sp WHERE ${where(q, 'denominator')}
    GROUP BY 1 ORDER BY 1`.execute(db);
  return rows.map((r) => ({ groupKey: r.group_key, numerator: r.closed, denominator: r.found }));
}

async function members(
  db: Kysely<DB>,
  q: SourceQuery,
  part: MemberPart,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: MemberRow[] }> {
  const total = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM sv_problem sp WHERE ${where(q, part)}`.execute(db);
  const { rows } = await sql<{
    id: number;
    county_code: string;
    problem_no: string;
    description: string;
    region_code: string;
    household_no: string | null;
  }>`
    SELECT sp.id, sp.county_code, sp.problem_no, sp.description, sp.region_code, h.household_no
    FROM sv_problem sp
    LEFT JOIN household h ON h.county_code = sp.county_code AND h.id = sp.household_id
    WHERE ${where(q, part)}
    ORDER BY sp.region_code, sp.problem_no
    LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  return {
    total: total.rows[0]?.n ?? 0,
    items: rows.map((r) => ({
      entityType: 'problem',
      id: r.id,
      countyCode: r.county_code,
      name: `${r.problem_no} ${Array.from(r.description).slice(0, 40).join('')}`,
      idNumber: null,
      householdNo: r.household_no,
      villageCode: r.region_code,
    })),
  };
}

export const SUPERVISION_INDICATOR_SOURCES: ReadonlyMap<string, IndicatorSource> = new Map<
  string,
  IndicatorSource
>([['rectification_rate', { figures, members }]]);
