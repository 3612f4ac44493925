import { createContext } from 'react';
import type { TRegionDetail } from './region-api.ts';

export type TCurrentRegionContext = {
  /** Region the pages work on: the URL's `region` parameter, else the user's own region. */
  regionCode: string;
  /** Details of `regionCode`; null while loading. */
  region: TRegionDetail | null;
  setRegionCode: (code: string) => void;
};

export const CurrentRegionContext = createContext<TCurrentRegionContext | null>(null);

/** Name of the URL search parameter that carries the current region. */
export const REGION_PARAM = 'region';
