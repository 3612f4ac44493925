import { App } from 'antd';
import { type ReactNode, useCallback, useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useAsync } from '../../hooks/useAsync.ts';
import { isSessionExpired } from '../api/api-error.ts';
import { CurrentRegionContext, REGION_PARAM, type TCurrentRegionContext } from './current-region-context.ts';
import { fetchRegion } from './region-api.ts';
import { isRegionCode } from './region-tree.ts';

/**
 * The region every page works on, kept in the URL (`?region=...`) so that it survives a
 * reload and can be shared as a link. Defaults to the user's own region; a region the
 * user may not see falls back to the default with a notice.
 */
export function CurrentRegionProvider({
  homeRegionCode,
  children,
}: {
  homeRegionCode: string;
  children: ReactNode;
}) {
  const { message } = App.useApp();
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get(REGION_PARAM);
  const regionCode = isRegionCode(requested) ? requested : homeRegionCode;
  const { data: region, error } = useAsync(() => fetchRegion(regionCode), regionCode);

  const setRegionCode = useCallback(
    (code: string) => {
      setSearchParams((previous) => {
        const next = new URLSearchParams(previous);
        if (code === homeRegionCode) {
          next.delete(REGION_PARAM);
        } else {
          next.set(REGION_PARAM, code);
        }
        return next;
      });
    },
    [homeRegionCode, setSearchParams],
  );

  useEffect(() => {
    if (error && !isSessionExpired(error) && regionCode !== homeRegionCode) {
      message.warning('所选区划不存在或不在您的管辖范围内，已切换到本人所属区划');
      setRegionCode(homeRegionCode);
    }
  }, [error, regionCode, homeRegionCode, setRegionCode, message]);

  const value = useMemo<TCurrentRegionContext>(
    () => ({ regionCode, region: region?.code === regionCode ? region : null, setRegionCode }),
    [regionCode, region, setRegionCode],
  );
  return <CurrentRegionContext.Provider value={value}>{children}</CurrentRegionContext.Provider>;
}
