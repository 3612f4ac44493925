import { addDays, addMonths, type IsoDate, REGISTRY_METRICS as M } from '@healthaid/domain';
import type { Kysely } from 'kysely';
import type { DB, RegionRow } from '../../db/schema.ts';
import type { SourceQuery } from './indicator-sources.ts';
import { type ChildFigure, computeIndicator, computeIndicatorByChild } from './indicators.service.ts';
import { flushRegistryStats, readRegistryCountsByPrefix, readRegistryTrend } from './registry-stats.ts';

/**
 * The 驾驶舱 of a region: key figures, monthly trend, child regions compared, and distributions, all read
 * from the incremental aggregates, flushed first (a write shows up on the next request; no nightly rebuild).
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

export async function buildDashboard(db: Kysely<DB>, region: RegionRow, query: SourceQuery) {
  await flushRegistryStats(db);
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
  const ends = monthEnds(query.from, query.to);
  const series = await readRegistryTrend(db, query, [M.poorPersons, M.monitoredPersons], ends);
  const trend = ends.map((end, i) => ({
    month: end.slice(0, 7),
    poorPersons: series.get(M.poorPersons)?.[i] ?? 0,
    monitoredPersons: series.get(M.monitoredPersons)?.[i] ?? 0,
  }));
  const categories = [...(await readRegistryCountsByPrefix(db, query, M.categoryPrefix))]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => ({ key, label: CATEGORY_LABELS[key] ?? key, count }));
  const causes = [...(await readRegistryCountsByPrefix(db, query, M.causePrefix))]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => ({ key, label: key || '未填写', count }));
  return {
    region: { code: region.code, name: region.name, level: region.level },
    from: query.from,
    to: query.to,
    keyFigures,
    childColumns: CHILD_TABLE_CODES.map((code) => ({ code })),
    children,
    trend,
    categories,
    causes,
  };
}
