import { useCallback, useState } from 'react';
import { fieldErrorsOf, type FieldErrors } from './console-refusals';

/** One console form's call: whether it runs, what it said, and each field's message. */
export interface Submit<F extends string> {
  readonly busy: boolean;
  readonly error: unknown;
  /** What the last call that succeeded did, for the form's `role="status"` line. */
  readonly done: string | null;
  readonly fieldErrors: FieldErrors<F>;
  /**
   * Checks the form first (`check` answers a message per field it finds wrong, and nothing
   * is sent while one is); then runs `work`, whose text becomes the status. A refusal of bad
   * input is shown next to its fields, any other failure as the form's error.
   */
  readonly run: (check: () => FieldErrors<F>, work: () => Promise<string>) => Promise<boolean>;
  readonly clear: () => void;
}

export function useSubmit<F extends string>(fieldOf: (path: string) => F | null): Submit<F> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<F>>({});
  const run = useCallback(
    async (check: () => FieldErrors<F>, work: () => Promise<string>) => {
      setError(null);
      setDone(null);
      const local = check();
      setFieldErrors(local);
      if (Object.keys(local).length > 0) return false;
      setBusy(true);
      try {
        setDone(await work());
        return true;
      } catch (failure) {
        const byField = fieldErrorsOf(failure, fieldOf);
        if (byField) setFieldErrors(byField);
        else setError(failure);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [fieldOf],
  );
  const clear = useCallback(() => {
    setError(null);
    setDone(null);
    setFieldErrors({});
  }, []);
  return { busy, error, done, fieldErrors, run, clear };
}
