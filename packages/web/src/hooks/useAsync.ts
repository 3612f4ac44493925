import { useEffect, useRef, useState } from 'react';

export type TAsyncState<T> = { data: T | null; error: unknown; isLoading: boolean };

/**
 * Runs `load` whenever `key` changes (null = do nothing) and keeps the latest answer;
 * answers to superseded keys are dropped.
 */
export function useAsync<T>(load: () => Promise<T>, key: string | null): TAsyncState<T> {
  const loadRef = useRef(load);
  loadRef.current = load;
  const [state, setState] = useState<TAsyncState<T>>({ data: null, error: null, isLoading: key !== null });

  useEffect(() => {
    if (key === null) {
      setState({ data: null, error: null, isLoading: false });
      return;
    }
    let isCurrent = true;
    setState((previous) => ({ ...previous, error: null, isLoading: true }));
    loadRef
      .current()
      .then((data) => {
        if (isCurrent) {
          setState({ data, error: null, isLoading: false });
        }
      })
      .catch((error: unknown) => {
        if (isCurrent) {
          setState({ data: null, error, isLoading: false });
        }
      });
    return () => {
      isCurrent = false;
    };
  }, [key]);

  return state;
}
