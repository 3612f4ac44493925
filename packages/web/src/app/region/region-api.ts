import type { TRegionLevel } from '../../locales/zh-CN/labels.ts';
import { api } from '../api/client.ts';

export type TRegionNode = {
  code: string;
  name: string;
  level: TRegionLevel;
  hasChildren: boolean;
};

export type TRegionPathItem = { code: string; name: string; level: TRegionLevel };

export type TRegionDetail = {
  code: string;
  name: string;
  level: TRegionLevel;
  parentCode: string | null;
  /** From the caller's scope root down to this region. */
  path: TRegionPathItem[];
};

export type TRegionScope = { code: string; name: string; level: TRegionLevel; path: TRegionPathItem[] };

/**
 * Region data changes rarely, so answers are memoised per session (cleared on login and
 * logout, because another user may see a different scope). A failed request is forgotten
 * so that it can be retried.
 */
const cache = new Map<string, Promise<unknown>>();

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit) {
    return hit as Promise<T>;
  }
  const promise = load();
  cache.set(key, promise);
  promise.catch(() => cache.delete(key));
  return promise;
}

export function clearRegionCache(): void {
  cache.clear();
}

export function fetchRegionScope(): Promise<TRegionScope> {
  return cached('scope', () => api.get<TRegionScope>('/regions/scope'));
}

export function fetchRegion(code: string): Promise<TRegionDetail> {
  return cached(`region:${code}`, () => api.get<TRegionDetail>(`/regions/${encodeURIComponent(code)}`));
}

export function fetchRegionChildren(code: string): Promise<TRegionNode[]> {
  return cached(`children:${code}`, () =>
    api
      .get<{ items: TRegionNode[] }>(`/regions/${encodeURIComponent(code)}/children`)
      .then((body) => body.items),
  );
}
