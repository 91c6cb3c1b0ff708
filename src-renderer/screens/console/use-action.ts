import { useCallback, useState } from 'react';

/**
 * One call made outside a field form (cancel a class, retire a room, connect Stripe):
 * whether it runs, its failure, and what it did for a `role="status"` line. Unlike
 * `useSubmit` it has no fields, so every failure is the action's own error.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  /** Runs `work`, whose text (if any) becomes the status line. */
  const run = useCallback(async (work: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await work());
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, done, run, fail: setError };
}
