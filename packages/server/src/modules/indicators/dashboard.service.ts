import { addDays, addMonths, type IsoDate } from '@healthaid/domain';
import { type Kysely, sql } from 'kysely';
import type { DB, RegionRow } from '../../db/schema.ts';
import type { SourceQuery } from './indicator-sources.ts';
import { type ChildFigure, computeIndicator, computeIndicatorByChild } from './indicators.service.ts';

/**
 * The 驾驶舱 of a region: key figures, monthly trend, child regions compared, and distributions, all
 * computed live from the registry tables (a write shows up on the next request; no nightly rebuild).
 */

export const KEY_FIGURE_CODES = [
  'poor_households',
  'poor_persons',
  'illness_poor_households',
  'illness_poor_persons',
  'illness_poor_household_share',
  'monitored_households',
  'monitored_persons',
  'contract_rate',
  'standard_management_rate',
  'major_disease_treatment_rate',
  'one_stop_settlements',
] as const;

export const CHILD_TABLE_CODES = [
  'poor_households',
  'poor_persons',
  'illness_poor_persons',
  'illness_poor_household_share',
  'monitored_persons',
] as const;

export const CATEGORY_LABELS: Record<string, string> = {
  poor_registered: '建档立卡贫困人口',
  poverty_exited: '脱贫人口',
  dibao: '低保',
  tekun: '特困供养',
  severe_disability: '重度残疾',
  monitored: '监测对象',
  dibao_edge: '低保边缘',
};

/** Month ends from the month of `from` to `to` (the last one is `to` itself), at most 24. */
export function monthEnds(from: IsoDate, to: IsoDate): IsoDate[] {
  const ends: IsoDate[] = [];
  let monthStart = `${from.slice(0, 7)}-01`;
  while (monthStart <= to && ends.length < 24) {
    const end = addDays(addMonths(monthStart, 1), -1);
    ends.push(end < to ? end : to);
    monthStart = addMonths(monthStart, 1);
  }
  return ends.length > 24 ? ends.slice(-24) : ends;
}

async function categoryDistribution(db: Kysely<DB>, q: SourceQuery) {
  const scope = q.countyCode
    ? sql`p.county_code = ${q.countyCode} AND p.village_code LIKE ${`${q.prefix}%`}`
    : sql`p.village_code LIKE ${`${q.prefix}%`}`;
  const { rows } = await sql<{ category: string; n: number }>`
    SELECT c.category, count(DISTINCT p.id)::int AS n
    FROM person p JOIN person_category c ON c.county_code = p.county_code AND c.person_id = p.id
    WHERE ${scope} AND (p.status = 'normal' OR p.status_date > ${q.to})
      AND c.valid_from <= ${q.to} AND (c.valid_to IS NULL OR c.valid_to >= ${q.to})
    GROUP BY c.category ORDER BY n DESC`.execute(db);
  return rows.map((r) => ({ key: r.category, label: CATEGORY_LABELS[r.category] ?? r.category, count: r.n }));
}

async function causeDistribution(db: Kysely<DB>, q: SourceQuery) {
  const scope = q.countyCode
    ? sql`h.county_code = ${q.countyCode} AND h.village_code LIKE ${`${q.prefix}%`}`
    : sql`h.village_code LIKE ${`${q.prefix}%`}`;
  const { rows } = await sql<{ cause: string | null; n: number }>`
    SELECT h.main_cause AS cause, count(*)::int AS n FROM household h
    WHERE ${scope} GROUP BY h.main_cause ORDER BY n DESC`.execute(db);
  return rows.map((r) => ({ key: r.cause ?? '', label: r.cause ?? '未填写', count: r.n }));
}

export async function buildDashboard(db: Kysely<DB>, region: RegionRow, query: SourceQuery) {
  const keyFigures = [];
  for (const code of KEY_FIGURE_CODES) {
    const result = await computeIndicator(db, code, query);
    keyFigures.push({
      code,
      name: result.definition.name,
      unit: result.definition.unit,
      kind: result.definition.kind,
      isAvailable: result.isAvailable,
      value: result.value,
    });
  }
  const childColumns: { code: string; children: ChildFigure[] }[] = [];
  for (const code of CHILD_TABLE_CODES) {
    const children = (await computeIndicatorByChild(db, code, region, query)) ?? [];
    childColumns.push({ code, children });
  }
  const childCodes = childColumns[0]?.children ?? [];
  const children = childCodes.map((child, index) => ({
    code: child.code,
    name: child.name,
    figures: Object.fromEntries(childColumns.map((col) => [col.code, col.children[index]?.value ?? null])),
  }));
  const trend = [];
  for (const end of monthEnds(query.from, query.to)) {
    const at = { ...query, to: end };
    const poor = await computeIndicator(db, 'poor_persons', at);
    const monitored = await computeIndicator(db, 'monitored_persons', at);
    trend.push({
      month: end.slice(0, 7),
      poorPersons: poor.value?.numerator ?? 0,
      monitoredPersons: monitored.value?.numerator ?? 0,
    });
  }
  return {
    region: { code: region.code, name: region.name, level: region.level },
    from: query.from,
    to: query.to,
    keyFigures,
    childColumns: CHILD_TABLE_CODES.map((code) => ({ code })),
    children,
    trend,
    categories: await categoryDistribution(db, query),
    causes: await causeDistribution(db, query),
  };
}
