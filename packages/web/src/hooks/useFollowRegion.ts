import { useEffect } from 'react';

/**
 * Keeps the `region` filter of a paged list on the region chosen in the header's region selector
 * (the list goes back to page 1 when it changes).
 */
export function useFollowRegion<TFilters extends { region?: string }>(
  list: { filters: TFilters; applyFilters: (filters: TFilters) => void },
  regionCode: string,
): void {
  const { filters, applyFilters } = list;
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the region selector only
  useEffect(() => {
    if (regionCode && filters.region !== regionCode) {
      applyFilters({ ...filters, region: regionCode });
    }
  }, [regionCode]);
}
