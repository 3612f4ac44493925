import { countyCodeOf, regionScopePrefix } from '@healthaid/domain';
import type { Actor } from './actor.ts';

/**
 * The rows of personal data a caller may see: those whose village code starts with the caller's scope
 * prefix. For callers at county level or below the county code is fixed too, which lets PostgreSQL (and
 * later Citus) prune to one county. Every repository query of personal data applies this in SQL.
 */
export type DataScope = {
  /** Significant prefix of the caller's region (e.g. '130321100' for a township). */
  villagePrefix: string;
  /** The county of the caller, when the caller works at county level or below. */
  countyCode: string | null;
  /** Hospital clerks are further bound to one institution. */
  institutionCode: string | null;
};

export function dataScopeOf(actor: Pick<Actor, 'regionCode' | 'institutionCode'>): DataScope {
  const prefix = regionScopePrefix(actor.regionCode);
  return {
    villagePrefix: prefix,
    countyCode: prefix.length >= 6 ? countyCodeOf(actor.regionCode) : null,
    institutionCode: actor.institutionCode,
  };
}

/** A LIKE pattern for `village_code LIKE pattern` (the prefix holds only digits: nothing to escape). */
export function villagePattern(scope: DataScope): string {
  return `${scope.villagePrefix}%`;
}

/**
 * Adds the scope to a query over a table with `county_code` and `village_code` columns:
 * `query = applyDataScope(query, scope, 'p')`.
 */
export function applyDataScope<Q extends { where(column: string, op: string, value: unknown): Q }>(
  query: Q,
  scope: DataScope,
  alias?: string,
): Q {
  const col = (name: string) => (alias ? `${alias}.${name}` : name);
  let scoped = query.where(col('village_code'), 'like', villagePattern(scope));
  if (scope.countyCode) {
    scoped = scoped.where(col('county_code'), '=', scope.countyCode);
  }
  return scoped;
}
