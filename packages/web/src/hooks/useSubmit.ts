import { useCallback, useRef, useState } from 'react';
import { describeError } from '../app/api/api-error.ts';

/**
 * Runs a form action with a busy flag and keeps the Chinese message of its failure for
 * display next to the form (session expiry is handled globally by the API client).
 */
export function useSubmit<TArgs extends unknown[]>(
  action: (...args: TArgs) => Promise<void>,
): { submit: (...args: TArgs) => Promise<void>; isSubmitting: boolean; error: string | null } {
  const actionRef = useRef(action);
  actionRef.current = action;
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = useCallback(async (...args: TArgs) => {
    setIsSubmitting(true);
    setError(null);
    try {
      await actionRef.current(...args);
    } catch (cause) {
      setError(describeError(cause));
    } finally {
      setIsSubmitting(false);
    }
  }, []);

  return { submit, isSubmitting, error };
}
