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

/** The household `h` has, on `date`, a member alive and present who is 建档立卡/脱贫 or 监测对象. */
export function isTargetHousehold(date: string): RawBuilder<unknown> {
  return sql`EXISTS (
    SELECT 1 FROM person p JOIN person_category c ON c.county_code = p.county_code AND c.person_id = p.id
    WHERE p.county_code = h.county_code AND p.household_id = h.id
      AND (p.status = 'normal' OR p.status_date > ${date})
      AND c.category IN (${sql.join(TARGET_CATEGORIES.map((c) => sql.lit(c)))})
      AND c.valid_from <= ${date} AND (c.valid_to IS NULL OR c.valid_to >= ${date}))`;
}

/** Households `h` inside a village-code prefix (and its county, when known). */
export function householdInPrefix(prefix: string, countyCode: string | null): RawBuilder<unknown> {
  const like = `${prefix}%`;
  return countyCode
    ? sql`h.county_code = ${countyCode} AND h.village_code LIKE ${like}`
    : sql`h.village_code LIKE ${like}`;
}

/** The household `h` was met at home at least once in [from, to] (optionally within one campaign). */
export function wasVisited(from: string, to: string, campaignId?: number): RawBuilder<unknown> {
  return sql`EXISTS (
    SELECT 1 FROM support_visit v
    WHERE v.county_code = h.county_code AND v.household_id = h.id AND v.contact = 'met' AND NOT v.is_voided
      AND v.visited_on BETWEEN ${from} AND ${to}
      ${campaignId === undefined ? sql`` : sql`AND v.campaign_id = ${campaignId}`})`;
}

type Part = { where: (q: SourceQuery) => RawBuilder<unknown> };

async function householdCounts(db: Kysely<DB>, q: SourceQuery, part: Part) {
  const { rows } = await sql<{ group_key: string; n: number }>`
    SELECT substr(h.village_code, 1, ${q.groupLength}) AS group_key, count(*)::int AS n
    FROM household h
    WHERE ${householdInPrefix(q.prefix, q.countyCode)} AND ${part.where(q)}
    GROUP BY 1`.execute(db);
  return new Map(rows.map((r) => [r.group_key, r.n]));
}

async function listHouseholds(
  db: Kysely<DB>,
  q: SourceQuery,
  part: Part,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: MemberRow[] }> {
  const where = sql`${householdInPrefix(q.prefix, q.countyCode)} AND ${part.where(q)}`;
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM household h WHERE ${where}`.execute(
    db,
  );
  const { rows } = await sql<{
    id: number;
    county_code: string;
    head_name: string | null;
    household_no: string;
    village_code: string;
  }>`
    SELECT h.id, h.county_code, h.head_name, h.household_no, h.village_code
    FROM household h WHERE ${where}
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

function merge(numerators: Map<string, number>, denominators: Map<string, number> | null): GroupFigures[] {
  const keys = new Set([...numerators.keys(), ...(denominators?.keys() ?? [])]);
  return [...keys].sort().map((groupKey) => ({
    groupKey,
    numerator: numerators.get(groupKey) ?? 0,
    denominator: denominators ? (denominators.get(groupKey) ?? 0) : null,
  }));
}

function householdRatio(numerator: Part, denominator: Part): IndicatorSource {
  return {
    figures: async (db, q) =>
      merge(await householdCounts(db, q, numerator), await householdCounts(db, q, denominator)),
    members: (db, q, part: MemberPart, page) =>
      listHouseholds(db, q, part === 'numerator' ? numerator : denominator, page),
  };
}

// ------------------------------------------------------------------ 大走访覆盖率

const TARGET_AT_END: Part = { where: (q) => isTargetHousehold(q.to) };
const TARGET_VISITED: Part = {
  where: (q) => sql`${isTargetHousehold(q.to)} AND ${wasVisited(q.from, q.to)}`,
};

// ------------------------------------------------------------------ 政策知晓率

/** The household's latest survey in [from, to] (of a visit not voided). */
const latestSurvey = (q: SourceQuery) => sql`(
  SELECT s.is_aware FROM policy_survey s
  JOIN support_visit v ON v.county_code = s.county_code AND v.id = s.visit_id AND NOT v.is_voided
  WHERE s.county_code = h.county_code AND s.household_id = h.id
    AND s.surveyed_on BETWEEN ${q.from} AND ${q.to}
  ORDER BY s.surveyed_on DESC, s.id DESC LIMIT 1)`;
const SURVEYED: Part = { where: (q) => sql`${latestSurvey(q)} IS NOT NULL` };
const AWARE: Part = { where: (q) => sql`${latestSurvey(q)} IS TRUE` };

// ------------------------------------------------------------------ 保健箱发放数

const KITS_RECEIVED: Part = {
  where: (q) => sql`EXISTS (SELECT 1 FROM support_kit k
    WHERE k.county_code = h.county_code AND k.household_id = h.id AND k.kind = 'new' AND NOT k.is_voided
      AND k.distributed_on BETWEEN ${q.from} AND ${q.to})`,
};

const HEALTH_KITS: IndicatorSource = {
  async figures(db, q) {
    const { rows } = await sql<{ group_key: string; n: number }>`
      SELECT substr(h.village_code, 1, ${q.groupLength}) AS group_key, sum(k.kit_count)::int AS n
      FROM support_kit k JOIN household h ON h.county_code = k.county_code AND h.id = k.household_id
      WHERE ${householdInPrefix(q.prefix, q.countyCode)} AND k.kind = 'new' AND NOT k.is_voided
        AND k.distributed_on BETWEEN ${q.from} AND ${q.to}
      GROUP BY 1`.execute(db);
    return merge(new Map(rows.map((r) => [r.group_key, r.n])), null);
  },
  members: (db, q, _part, page) => listHouseholds(db, q, KITS_RECEIVED, page),
};

export const SUPPORT_INDICATOR_SOURCES: ReadonlyMap<string, IndicatorSource> = new Map([
  ['health_kits_distributed', HEALTH_KITS],
  ['visit_coverage_rate', householdRatio(TARGET_VISITED, TARGET_AT_END)],
  ['policy_awareness_rate', householdRatio(AWARE, SURVEYED)],
]);
