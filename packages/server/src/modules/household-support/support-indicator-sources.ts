import { POOR_CATEGORY_CODES } from '@healthaid/domain';
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
 * 入户帮扶 figures for the indicator catalogue (merged into INDICATOR_SOURCES): 保健箱发放数, 大走访覆盖率
 * and 政策知晓率. Every figure is grouped by the first `groupLength` digits of the household's (current)
 * village, so a county is the sum of its townships. The same SQL pieces give a campaign's coverage.
 */

const TARGET_CATEGORIES = [...POOR_CATEGORY_CODES, 'monitored'];

/**
 * (county_code, household_id) of the households that have, on `date`, a member alive and present who is
 * 建档立卡/脱贫 or 监测对象 — the households a 大走访 must reach. A set, joined once (no per-household subquery).
 */
export function targetHouseholds(countyCode: string | null, date: string): RawBuilder<unknown> {
  return sql`SELECT DISTINCT p.county_code, p.household_id
    FROM person p JOIN person_category c ON c.county_code = p.county_code AND c.person_id = p.id
    WHERE ${countyCode ? sql`p.county_code = ${countyCode} AND ` : sql``}p.household_id IS NOT NULL
      AND (p.status = 'normal' OR p.status_date > ${date})
      AND c.category IN (${sql.join(TARGET_CATEGORIES.map((c) => sql.lit(c)))})
      AND c.valid_from <= ${date} AND (c.valid_to IS NULL OR c.valid_to >= ${date})`;
}

/** (county_code, household_id) of households met at home in [from, to] (optionally within one campaign). */
export function visitedHouseholds(
  countyCode: string | null,
  from: string,
  to: string,
  campaignId?: number,
): RawBuilder<unknown> {
  return sql`SELECT DISTINCT v.county_code, v.household_id FROM support_visit v
    WHERE ${countyCode ? sql`v.county_code = ${countyCode} AND ` : sql``}v.contact = 'met' AND NOT v.is_voided
      AND v.visited_on BETWEEN ${from} AND ${to}
      ${campaignId === undefined ? sql`` : sql`AND v.campaign_id = ${campaignId}`}`;
}

/** Households `h` inside a village-code prefix (and its county, when known). */
export function householdInPrefix(prefix: string, countyCode: string | null): RawBuilder<unknown> {
  const like = `${prefix}%`;
  return countyCode
    ? sql`h.county_code = ${countyCode} AND h.village_code LIKE ${like}`
    : sql`h.village_code LIKE ${like}`;
}

/** Target households `t` with their household `h` and, when met in the period, `vis`. */
function coverageFrom(q: SourceQuery): RawBuilder<unknown> {
  return sql`(${targetHouseholds(q.countyCode, q.to)}) t
    JOIN household h ON h.county_code = t.county_code AND h.id = t.household_id
    LEFT JOIN (${visitedHouseholds(q.countyCode, q.from, q.to)}) vis
      ON vis.county_code = t.county_code AND vis.household_id = t.household_id`;
}

/** Each household's latest survey in [from, to] (visits not voided): `l` joined with its household `h`. */
function latestSurveyFrom(q: SourceQuery): RawBuilder<unknown> {
  return sql`(SELECT DISTINCT ON (s.county_code, s.household_id) s.county_code, s.household_id, s.is_aware
      FROM policy_survey s
      JOIN support_visit v ON v.county_code = s.county_code AND v.id = s.visit_id AND NOT v.is_voided
      WHERE ${q.countyCode ? sql`s.county_code = ${q.countyCode} AND ` : sql``}s.surveyed_on BETWEEN ${q.from} AND ${q.to}
      ORDER BY s.county_code, s.household_id, s.surveyed_on DESC, s.id DESC) l
    JOIN household h ON h.county_code = l.county_code AND h.id = l.household_id`;
}

type Part = { from: (q: SourceQuery) => RawBuilder<unknown>; where: RawBuilder<unknown> };

async function listHouseholds(
  db: Kysely<DB>,
  q: SourceQuery,
  part: Part,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: MemberRow[] }> {
  const from = part.from(q);
  const where = sql`${householdInPrefix(q.prefix, q.countyCode)} AND ${part.where}`;
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`.execute(db);
  const { rows } = await sql<{
    id: number;
    county_code: string;
    head_name: string | null;
    household_no: string;
    village_code: string;
  }>`
    SELECT h.id, h.county_code, h.head_name, h.household_no, h.village_code
    FROM ${from} WHERE ${where}
    ORDER BY h.village_code, h.household_no
    LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  return {
    total: total.rows[0]?.n ?? 0,
    items: rows.map((r) => ({
      entityType: 'household',
      id: r.id,
      countyCode: r.county_code,
      name: r.head_name ?? '',
      idNumber: null,
      householdNo: r.household_no,
      villageCode: r.village_code,
    })),
  };
}

/** A ratio of households from one FROM clause: numerator rows satisfy `numeratorWhere`. */
function householdRatio(
  from: (q: SourceQuery) => RawBuilder<unknown>,
  numeratorWhere: RawBuilder<unknown>,
): IndicatorSource {
  return {
    async figures(db, q): Promise<GroupFigures[]> {
      const { rows } = await sql<{ group_key: string; numerator: number; denominator: number }>`
        SELECT substr(h.village_code, 1, ${q.groupLength}) AS group_key,
          count(*) FILTER (WHERE ${numeratorWhere})::int AS numerator, count(*)::int AS denominator
        FROM ${from(q)}
        WHERE ${householdInPrefix(q.prefix, q.countyCode)}
        GROUP BY 1 ORDER BY 1`.execute(db);
      return rows.map((r) => ({ groupKey: r.group_key, numerator: r.numerator, denominator: r.denominator }));
    },
    members: (db, q, part: MemberPart, page) =>
      listHouseholds(db, q, { from, where: part === 'numerator' ? numeratorWhere : sql`TRUE` }, page),
  };
}

// ------------------------------------------------------------------ 保健箱发放数

/** Households that received new kits in the period. */
const KITS_RECEIVED: Part = {
  from: (q) => sql`(SELECT DISTINCT k.county_code, k.household_id FROM support_kit k
      WHERE ${q.countyCode ? sql`k.county_code = ${q.countyCode} AND ` : sql``}k.kind = 'new' AND NOT k.is_voided
        AND k.distributed_on BETWEEN ${q.from} AND ${q.to}) r
    JOIN household h ON h.county_code = r.county_code AND h.id = r.household_id`,
  where: sql`TRUE`,
};

const HEALTH_KITS: IndicatorSource = {
  async figures(db, q) {
    const { rows } = await sql<{ group_key: string; n: number }>`
      SELECT substr(h.village_code, 1, ${q.groupLength}) AS group_key, sum(k.kit_count)::int AS n
      FROM support_kit k JOIN household h ON h.county_code = k.county_code AND h.id = k.household_id
      WHERE ${householdInPrefix(q.prefix, q.countyCode)} AND k.kind = 'new' AND NOT k.is_voided
        AND k.distributed_on BETWEEN ${q.from} AND ${q.to}
      GROUP BY 1`.execute(db);
    return rows
      .map((r) => ({ groupKey: r.group_key, numerator: r.n, denominator: null }))
      .sort((a, b) => a.groupKey.localeCompare(b.groupKey));
  },
  members: (db, q, _part, page) => listHouseholds(db, q, KITS_RECEIVED, page),
};

export const SUPPORT_INDICATOR_SOURCES: ReadonlyMap<string, IndicatorSource> = new Map([
  ['health_kits_distributed', HEALTH_KITS],
  ['visit_coverage_rate', householdRatio(coverageFrom, sql`vis.household_id IS NOT NULL`)],
  ['policy_awareness_rate', householdRatio(latestSurveyFrom, sql`l.is_aware`)],
]);
