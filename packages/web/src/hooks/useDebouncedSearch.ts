import { useRef, useState } from 'react';

/**
 * Options of a server-side search box: `search(text)` asks `load` with the trimmed text once typing has paused
 * for 250 ms; a failed search shows no options.
 */
export function useDebouncedSearch<T>(load: (text: string) => Promise<T[]>) {
  const [options, setOptions] = useState<T[]>([]);
  const [isLoading, setIsLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const search = (text: string) => {
    if (timer.current) {
      clearTimeout(timer.current);
    }
    timer.current = setTimeout(() => {
      setIsLoading(true);
      load(text.trim())
        .then(setOptions)
        .catch(() => setOptions([]))
        .finally(() => setIsLoading(false));
    }, 250);
  };
  return { options, isLoading, search };
}
