import { useAsync } from '../../hooks/useAsync.ts';
import { fetchRegionScope, type TRegionScope } from './region-api.ts';

/** The caller's scope region (root of every region picker); null while loading. */
export function useRegionScope(): TRegionScope | null {
  return useAsync(fetchRegionScope, 'scope').data;
}
