import { applyDataScope, type DataScope } from '../auth/data-scope.ts';

/**
 * The rows of chronic-disease data a caller may see. A village doctor on family-doctor teams sees the
 * villages his teams serve (within his county) besides his own; those exact villages are `villageCodes`,
 * on top of the region prefix of `DataScope` (the smallest region holding them). Everyone else has
 * `villageCodes: null` and the plain region scope.
 *
 * Every query of the chronic module applies this through `applyChronicScope`, never `applyDataScope`
 * directly (chronic-data-scope.test.ts checks it), so a query can never forget the village list.
 */
export type ChronicScope = DataScope & { villageCodes: readonly string[] | null };

/** The plain region scope (no village list), e.g. for a region the caller chose. */
export function regionChronicScope(scope: DataScope): ChronicScope {
  return { ...scope, villageCodes: null };
}

/**
 * Adds the scope to a query over a table with `county_code` and `village_code` columns:
 * `village_code LIKE prefix% AND county_code = …` and either the same prefix as a range on the column or
 * `village_code IN (…)`.
 */
export function applyChronicScope<Q extends { where(column: string, op: string, value: unknown): Q }>(
  query: Q,
  scope: ChronicScope,
  alias?: string,
): Q {
  const scoped = applyDataScope(query, scope, alias);
  const column = alias ? `${alias}.village_code` : 'village_code';
  if (scope.villageCodes === null) {
    // `village_code LIKE '…%'` compares the char(12) column as text, which no index on it serves; the same
    // bounds as a range on the column itself let the (county_code, village_code, …) indexes do the work.
    return scope.villagePrefix.length >= 12
      ? scoped
      : scoped
          .where(column, '>=', scope.villagePrefix.padEnd(12, '0'))
          .where(column, '<=', scope.villagePrefix.padEnd(12, '9'));
  }
  // An empty list matches nothing (`IN ()` is not valid SQL, a code no village has is).
  const codes = scope.villageCodes.length > 0 ? [...scope.villageCodes] : ['-'];
  return scoped.where(column, 'in', codes);
}
