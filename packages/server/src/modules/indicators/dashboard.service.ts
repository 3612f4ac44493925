import {
  addDays,
  addMonths,
  computeIndicatorValue,
  type IndicatorValue,
  type IsoDate,
  REGISTRY_METRICS as M,
} from '@healthaid/domain';
import type { Kysely } from 'kysely';
import type { DB, RegionRow } from '../../db/schema.ts';
import { scopeOfSourceQuery } from '../chronic/chronic-indicator-sources.ts';
import { countSigningByGroup } from '../chronic/signing.repository.ts';
import type { SourceQuery } from './indicator-sources.ts';
import { INDICATOR_SOURCES } from './indicator-sources.ts';
import { computeIndicator, getDefinitionOrFail } from './indicators.service.ts';
import {
  flushRegistryStats,
  readRegistryCounts,
  readRegistryCountsByPrefix,
  readRegistryTrend,
} from './registry-stats.ts';

/** Child digits of a region prefix: province 2 → city 4 → county 6 → township 9 → village 12. */
const CHILD_LENGTH: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 12, 12: 12 };

/**
 * The 驾驶舱 of a region: key figures, monthly trend, child regions compared, and distributions, all read
 * from the incremental aggregates, flushed first (a write shows up on the next request; no nightly rebuild).
 */

/**
 * Every key figure is read on each request, so only figures that are cheap at county scale belong here. The
 * family-doctor figures are not key figures: 签约人数 and 签约率 are the 驾驶舱's 家庭医生签约 card, served by
 * GET /dashboard/family-doctor (buildFamilyDoctorDashboard below, one SQL query in the chronic module) and loaded
 * by the page after this one. 规范管理率, 履约率 and the other chronic rates are computed in memory (1.5–2 s for
 * the 70k demo county) and stay in 指标查询, 慢病指标 and the work report.
 */
export const KEY_FIGURE_CODES = [
  'poor_households',
  'poor_persons',
  'illness_poor_households',
  'illness_poor_persons',
  'illness_poor_household_share',
  'monitored_households',
  'monitored_persons',
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

/** The child regions of a region, in code order (the rows of the dashboard's tables). */
function childRegionsOf(db: Kysely<DB>, code: string) {
  return db
    .selectFrom('region')
    .select(['code', 'name'])
    .where('parent_code', '=', code)
    .orderBy('code')
    .execute();
}

export async function buildDashboard(db: Kysely<DB>, region: RegionRow, query: SourceQuery) {
  await flushRegistryStats(db);
  // Figures kept in the registry aggregates are read for every child region in one query; totals are their sums.
  const childLength = CHILD_LENGTH[query.prefix.length] ?? query.prefix.length;
  const statsCodes = [...new Set<string>([...KEY_FIGURE_CODES, ...CHILD_TABLE_CODES])].filter(
    (code) => INDICATOR_SOURCES.get(code)?.statsMetrics,
  );
  const metrics = [
    ...new Set(
      statsCodes.flatMap((code) => {
        const m = INDICATOR_SOURCES.get(code)?.statsMetrics;
        return m ? [m.numerator, ...(m.denominator ? [m.denominator] : [])] : [];
      }),
    ),
  ];
  const counts = await readRegistryCounts(db, { ...query, groupLength: childLength }, metrics);
  const sumOf = (metric: string, groupKey?: string) =>
    groupKey === undefined
      ? [...(counts.get(metric)?.values() ?? [])].reduce((a, b) => a + b, 0)
      : (counts.get(metric)?.get(groupKey) ?? 0);
  const statsValue = (code: string, groupKey?: string) => {
    const definition = getDefinitionOrFail(code);
    const m = INDICATOR_SOURCES.get(code)?.statsMetrics;
    return computeIndicatorValue(definition, {
      numerator: m ? sumOf(m.numerator, groupKey) : 0,
      denominator: m?.denominator ? sumOf(m.denominator, groupKey) : definition.kind === 'ratio' ? 0 : null,
    });
  };

  const keyFigures = [];
  for (const code of KEY_FIGURE_CODES) {
    const definition = getDefinitionOrFail(code);
    const isStats = statsCodes.includes(code);
    const result = isStats ? null : await computeIndicator(db, code, query);
    keyFigures.push({
      code,
      name: definition.name,
      unit: definition.unit,
      kind: definition.kind,
      isAvailable: isStats || (result?.isAvailable ?? false),
      value: isStats ? statsValue(code) : (result?.value ?? null),
    });
  }
  const childRegions = await childRegionsOf(db, region.code);
  const children = [];
  for (const child of childRegions) {
    const figures: Record<string, IndicatorValue | null> = {};
    for (const code of CHILD_TABLE_CODES) {
      figures[code] = statsCodes.includes(code) ? statsValue(code, child.code.slice(0, childLength)) : null;
    }
    children.push({ code: child.code, name: child.name, figures });
  }
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

/**
 * The 家庭医生签约 card of the 驾驶舱: 签约人数, 重点人群人数 and 签约率 of the region and of each child region (all
 * children listed, zeros included), from one grouped SQL query (the chronic module's `signing` definition).
 */
export async function buildFamilyDoctorDashboard(db: Kysely<DB>, region: RegionRow, query: SourceQuery) {
  const childLength = CHILD_LENGTH[query.prefix.length] ?? query.prefix.length;
  const groups = await countSigningByGroup(db, scopeOfSourceQuery(query), query, childLength);
  const countDefinition = getDefinitionOrFail('contracted_persons');
  const rateDefinition = getDefinitionOrFail('contract_rate');
  const figuresOf = (signed: number, keyPersons: number) => ({
    contractedPersons: computeIndicatorValue(countDefinition, { numerator: signed, denominator: null }),
    keyPersons,
    contractRate: computeIndicatorValue(rateDefinition, { numerator: signed, denominator: keyPersons }),
  });
  const byKey = new Map(groups.map((g) => [g.groupKey, g]));
  const childRegions = await childRegionsOf(db, region.code);
  const sum = (pick: (g: (typeof groups)[number]) => number) => groups.reduce((a, g) => a + pick(g), 0);
  return {
    region: { code: region.code, name: region.name, level: region.level },
    from: query.from,
    to: query.to,
    ...figuresOf(
      sum((g) => g.signed),
      sum((g) => g.keyPersons),
    ),
    children: childRegions.map((child) => {
      const g = byKey.get(child.code.slice(0, childLength));
      return { code: child.code, name: child.name, ...figuresOf(g?.signed ?? 0, g?.keyPersons ?? 0) };
    }),
  };
}
