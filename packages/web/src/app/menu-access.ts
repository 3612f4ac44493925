import { can, type Permission, type Role } from '@healthaid/domain/access';
import type { ComponentType, ReactNode } from 'react';

/** One entry of the side menu, which is also one lazily loaded route. */
export type TMenuEntry = {
  key: string;
  /** Absolute path, e.g. '/admin/users'. */
  path: string;
  label: string;
  icon: ReactNode;
  /** Needed to see the entry and open the page; undefined = every signed-in user. */
  permission?: Permission;
  /** The page module, loaded on first visit. */
  page: () => Promise<{ default: ComponentType }>;
};

type TMenuAccess = Pick<TMenuEntry, 'path' | 'permission'>;

/** Entries the role may see (the server enforces the same permissions on every call). */
export function filterMenuByRole<T extends TMenuAccess>(entries: readonly T[], role: Role): T[] {
  return entries.filter((entry) => entry.permission === undefined || can(role, entry.permission));
}

function isUnderPath(pathname: string, path: string): boolean {
  if (path === '/') {
    return pathname === '/';
  }
  return pathname === path || pathname.startsWith(`${path}/`);
}

/** The entry whose path is the longest prefix (by whole segments) of `pathname`. */
export function matchMenuEntry<T extends TMenuAccess>(
  entries: readonly T[],
  pathname: string,
): T | undefined {
  let best: T | undefined;
  for (const entry of entries) {
    if (isUnderPath(pathname, entry.path) && (!best || entry.path.length > best.path.length)) {
      best = entry;
    }
  }
  return best;
}
