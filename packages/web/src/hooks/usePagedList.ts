import { App, type TablePaginationConfig } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError, isSessionExpired } from '../app/api/api-error.ts';
import type { TPage, TPageParams } from '../app/api/types.ts';

export const DEFAULT_PAGE_SIZE = 20;

type TPagedList<TItem, TFilters> = {
  items: TItem[];
  isLoading: boolean;
  filters: TFilters;
  /** Replaces the filters and goes back to page 1. */
  applyFilters: (filters: TFilters) => void;
  /** Fetches the current page again (after a change). */
  reload: () => void;
  /** Ready for antd Table's `pagination` prop. */
  pagination: TablePaginationConfig;
};

/**
 * State of a server-paginated table: filters, page, page size, loading, and the current
 * page of rows. `fetchPage` should be a module-level function (stable identity).
 */
export function usePagedList<TItem, TFilters extends object>(
  fetchPage: (params: TFilters & TPageParams) => Promise<TPage<TItem>>,
  initialFilters: TFilters,
): TPagedList<TItem, TFilters> {
  const { message } = App.useApp();
  const [filters, setFilters] = useState(initialFilters);
  const [paging, setPaging] = useState<TPageParams>({ page: 1, pageSize: DEFAULT_PAGE_SIZE });
  const [result, setResult] = useState<{ items: TItem[]; total: number }>({ items: [], total: 0 });
  const [isLoading, setIsLoading] = useState(false);
  const [reloadCount, setReloadCount] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadCount re-runs the fetch on demand
  useEffect(() => {
    let isCurrent = true;
    setIsLoading(true);
    fetchRef
      .current({ ...filters, ...paging })
      .then((page) => {
        if (isCurrent) {
          setResult({ items: page.items, total: page.total });
        }
      })
      .catch((error: unknown) => {
        if (isCurrent && !isSessionExpired(error)) {
          message.error(describeError(error));
        }
      })
      .finally(() => {
        if (isCurrent) {
          setIsLoading(false);
        }
      });
    return () => {
      isCurrent = false;
    };
  }, [filters, paging, reloadCount, message]);

  const applyFilters = useCallback((next: TFilters) => {
    setFilters(next);
    setPaging((previous) => ({ ...previous, page: 1 }));
  }, []);

  const reload = useCallback(() => setReloadCount((count) => count + 1), []);

  return {
    items: result.items,
    isLoading,
    filters,
    applyFilters,
    reload,
    pagination: {
      current: paging.page,
      pageSize: paging.pageSize,
      total: result.total,
      showSizeChanger: true,
      showTotal: (total) => `共 ${total} 条`,
      onChange: (page, pageSize) => setPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
    },
  };
}
