import { useEffect, useRef } from 'react';

/**
 * Polls `load(key)` every `intervalMs` while `key` is not null (e.g. the id of a run the server is still
 * processing) and hands each answer to `onResult`; a failed poll goes to `onError` (or is ignored, and the next
 * tick tries again). Stops when the key becomes null or the component unmounts; a late answer is dropped.
 */
export function usePoll<K, T>(
  key: K | null,
  load: (key: K) => Promise<T>,
  onResult: (value: T) => void,
  onError?: (error: unknown) => void,
  intervalMs = 1000,
): void {
  const latest = useRef({ load, onResult, onError });
  latest.current = { load, onResult, onError };
  useEffect(() => {
    if (key === null) {
      return;
    }
    let isCurrent = true;
    const timer = setInterval(() => {
      latest.current.load(key).then(
        (value) => {
          if (isCurrent) {
            latest.current.onResult(value);
          }
        },
        (error: unknown) => {
          if (isCurrent) {
            latest.current.onError?.(error);
          }
        },
      );
    }, intervalMs);
    return () => {
      isCurrent = false;
      clearInterval(timer);
    };
  }, [key, intervalMs]);
}
