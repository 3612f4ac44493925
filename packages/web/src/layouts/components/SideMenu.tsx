import { Menu } from 'antd';
import { useMemo } from 'react';
import { Link, useLocation } from 'react-router';
import { useCurrentUser } from '../../app/auth/useAuth.ts';
import { MENU } from '../../app/menu.tsx';
import { filterMenuByRole, matchMenuEntry } from '../../app/menu-access.ts';
import { REGION_PARAM } from '../../app/region/current-region-context.ts';

/** Menu entries the role may see; links keep the current region. */
export function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const user = useCurrentUser();
  const location = useLocation();
  const entries = useMemo(() => filterMenuByRole(MENU, user.role), [user.role]);
  const selected = matchMenuEntry(entries, location.pathname);
  const region = new URLSearchParams(location.search).get(REGION_PARAM);
  const search = region ? `?${new URLSearchParams({ [REGION_PARAM]: region }).toString()}` : '';

  return (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected.key] : []}
      onClick={onNavigate}
      items={entries.map((entry) => ({
        key: entry.key,
        icon: entry.icon,
        label: <Link to={{ pathname: entry.path, search }}>{entry.label}</Link>,
      }))}
      style={{ borderInlineEnd: 'none' }}
    />
  );
}
