import type { IsoDate } from '../calendar/iso-date.ts';
import type { TDiseaseCatalog } from './catalog.schema.ts';
import { catalogSeriesKeyOf } from './resolve-catalog-items.ts';

const REGION_LEVEL_LENGTHS = [2, 4, 6, 9, 12] as const;

/** Significant prefix of a 12-digit region code: '130000000000' → '13', '320900000000' → '3209'. */
export function regionPrefixOf(regionCode: string): string {
  const length = REGION_LEVEL_LENGTHS.find((candidate) => /^0*$/.test(regionCode.slice(candidate)));
  return regionCode.slice(0, length ?? regionCode.length);
}

/** True when a catalogue applies to a person's region: national lists always, local lists within their region. */
export function isCatalogInRegion(catalog: Pick<TDiseaseCatalog, 'regionCode'>, regionCode: string): boolean {
  return catalog.regionCode === undefined || regionCode.startsWith(regionPrefixOf(catalog.regionCode));
}

function isValidOn(catalog: TDiseaseCatalog, date: IsoDate): boolean {
  return catalog.effectiveFrom <= date && (catalog.effectiveTo === undefined || date <= catalog.effectiveTo);
}

/**
 * The version of one series to use on a date: the valid version (effectiveFrom ≤ date ≤ effectiveTo)
 * that took effect last, so a date equal to a new version's effectiveFrom uses the new version.
 * Before the series' first version: with `appliesBeforeFirstVersion` (the default, used for national
 * lists) that first version, because a national list applies to cases already present when it was
 * launched (the verification campaigns checked existing patients 逐户逐人逐病, many diagnosed years
 * earlier); without it, null.
 * Null when the series has expired with no successor.
 */
export function selectSeriesVersionOn(
  series: readonly TDiseaseCatalog[],
  date: IsoDate,
  options: { appliesBeforeFirstVersion?: boolean } = {},
): TDiseaseCatalog | null {
  const byStart = [...series].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  const first = byStart[0];
  if (first === undefined) {
    return null;
  }
  if (date < first.effectiveFrom) {
    return (options.appliesBeforeFirstVersion ?? true) ? first : null;
  }
  return byStart.filter((catalog) => isValidOn(catalog, date)).at(-1) ?? null;
}

/**
 * One catalogue per series (kind + region): the version to use on `date`, see selectSeriesVersionOn.
 * National series apply before their first version; local series (with a regionCode) do not: a
 * local list extends the national one only from its own effective date, before which the national
 * list alone governs.
 */
export function selectCatalogsValidOn(
  catalogs: readonly TDiseaseCatalog[],
  date: IsoDate,
): TDiseaseCatalog[] {
  const series = new Map<string, TDiseaseCatalog[]>();
  for (const catalog of catalogs) {
    const key = catalogSeriesKeyOf(catalog);
    series.set(key, [...(series.get(key) ?? []), catalog]);
  }
  return [...series.values()]
    .map((versions) =>
      selectSeriesVersionOn(versions, date, {
        appliesBeforeFirstVersion: versions[0]?.regionCode === undefined,
      }),
    )
    .filter((catalog): catalog is TDiseaseCatalog => catalog !== null);
}
