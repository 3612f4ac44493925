import {
  chinaDateOf,
  computeIndicatorValue,
  findIndicator,
  INDICATORS,
  type IndicatorDefinition,
  type IndicatorValue,
  type IsoDate,
  maskIdNumber,
  regionScopePrefix,
} from '@healthaid/domain';
import type { Kysely } from 'kysely';
import type { DB, RegionRow } from '../../db/schema.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import type { Actor } from '../auth/actor.ts';
import { findRegionsByCodes } from '../regions/regions.repository.ts';
import { getRegionInScope, parseRegionCodeParam } from '../regions/regions.service.ts';
import { INDICATOR_SOURCES, type MemberPart, type SourceQuery } from './indicator-sources.ts';

export type IndicatorRequest = {
  region?: string | undefined;
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
};

export type ResolvedRequest = { region: RegionRow; query: SourceQuery };

/** Child digits of a region prefix: province 2 → city 4 → county 6 → township 9 → village 12. */
const CHILD_LENGTH: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 12, 12: 12 };

/**
 * Resolves region and period of an indicator request: the region defaults to the caller's own and must lie
 * within it; the period defaults to 1 January of this year (China time) up to today.
 */
export async function resolveIndicatorRequest(
  db: Kysely<DB>,
  actor: Actor,
  request: IndicatorRequest,
  now = new Date(),
): Promise<ResolvedRequest> {
  const region = await getRegionInScope(
    db,
    actor,
    request.region ? parseRegionCodeParam(request.region) : actor.regionCode,
  );
  const today = chinaDateOf(now);
  const to = request.to ?? today;
  const from = request.from ?? `${to.slice(0, 4)}-01-01`;
  if (from > to) {
    throw new AppError('VALIDATION_FAILED', `开始日期 ${from} 晚于结束日期 ${to}`);
  }
  const prefix = regionScopePrefix(region.code);
  return {
    region,
    query: {
      prefix,
      countyCode: prefix.length >= 6 ? prefix.slice(0, 6) : null,
      from,
      to,
      groupLength: prefix.length,
    },
  };
}

export function getDefinitionOrFail(code: string): IndicatorDefinition {
  const definition = findIndicator(code);
  if (!definition) {
    throw notFound(`指标“${code.slice(0, 40)}”`);
  }
  return definition;
}

export type IndicatorResult = {
  definition: IndicatorDefinition;
  /** false when no module supplies this indicator yet: the value is missing, never 0. */
  isAvailable: boolean;
  value: IndicatorValue | null;
};

export async function computeIndicator(
  db: Kysely<DB>,
  code: string,
  query: SourceQuery,
): Promise<IndicatorResult> {
  const definition = getDefinitionOrFail(code);
  const source = INDICATOR_SOURCES.get(code);
  if (!source) {
    return { definition, isAvailable: false, value: null };
  }
  const groups = await source.figures(db, { ...query, groupLength: query.prefix.length });
  const numerator = groups.reduce((sum, g) => sum + g.numerator, 0);
  const denominator =
    definition.kind === 'ratio' ? groups.reduce((sum, g) => sum + (g.denominator ?? 0), 0) : null;
  return {
    definition,
    isAvailable: true,
    value: computeIndicatorValue(definition, { numerator, denominator }),
  };
}

export type ChildFigure = { code: string; name: string; value: IndicatorValue };

/** The indicator for each child region of the query's region (all children listed, zeros included). */
export async function computeIndicatorByChild(
  db: Kysely<DB>,
  code: string,
  region: RegionRow,
  query: SourceQuery,
): Promise<ChildFigure[] | null> {
  const definition = getDefinitionOrFail(code);
  const source = INDICATOR_SOURCES.get(code);
  if (!source) {
    return null;
  }
  const childLength = CHILD_LENGTH[query.prefix.length] ?? query.prefix.length;
  const groups = await source.figures(db, { ...query, groupLength: childLength });
  const children = await db
    .selectFrom('region')
    .select(['code', 'name'])
    .where('parent_code', '=', region.code)
    .orderBy('code')
    .execute();
  const byKey = new Map(groups.map((g) => [g.groupKey, g]));
  return children.map((child) => {
    const g = byKey.get(child.code.slice(0, childLength));
    return {
      code: child.code,
      name: child.name,
      value: computeIndicatorValue(definition, {
        numerator: g?.numerator ?? 0,
        denominator: definition.kind === 'ratio' ? (g?.denominator ?? 0) : null,
      }),
    };
  });
}

export async function listIndicatorMembers(
  db: Kysely<DB>,
  code: string,
  query: SourceQuery,
  part: MemberPart,
  page: { limit: number; offset: number },
) {
  const definition = getDefinitionOrFail(code);
  if (part === 'denominator' && definition.denominator === null) {
    throw new AppError('VALIDATION_FAILED', `指标“${definition.name}”没有分母`);
  }
  const source = INDICATOR_SOURCES.get(code);
  if (!source) {
    throw new AppError('VALIDATION_FAILED', `指标“${definition.name}”暂无数据来源，无法列出明细`);
  }
  const { total, items } = await source.members(db, query, part, page);
  const villages = new Map(
    (await findRegionsByCodes(db, [...new Set(items.map((i) => i.villageCode))])).map((r) => [
      r.code,
      r.name,
    ]),
  );
  return {
    total,
    items: items.map((item) => ({
      ...item,
      idNumber: item.idNumber ? maskIdNumber(item.idNumber) : null,
      villageName: villages.get(item.villageCode) ?? item.villageCode,
    })),
  };
}

export function listDefinitions() {
  return INDICATORS.map((d) => ({ ...d, levels: [...d.levels], isAvailable: INDICATOR_SOURCES.has(d.code) }));
}
