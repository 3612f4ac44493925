import { useContext } from 'react';
import { CurrentRegionContext, type TCurrentRegionContext } from './current-region-context.ts';

export function useCurrentRegion(): TCurrentRegionContext {
  const context = useContext(CurrentRegionContext);
  if (!context) {
    throw new Error('useCurrentRegion must be used inside <CurrentRegionProvider>');
  }
  return context;
}
