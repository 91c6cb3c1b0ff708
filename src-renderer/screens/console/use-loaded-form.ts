import { useCallback, useEffect, useState } from 'react';

/** A form filled from a read, with what it was filled with. */
export interface LoadedForm<T> {
  /** What the form was filled with (or last saved): an edit sends only what differs. */
  readonly base: T | null;
  readonly text: T | null;
  readonly edit: (change: (text: T) => T) => void;
  /** The text now stands (it was saved): it becomes the base. */
  readonly saved: () => void;
}

/**
 * Fills a form from `data` once it arrives, and again when fresh data comes (another desk's
 * change, synced) while staff have changed nothing; a half-made edit is never overwritten.
 * `toText` must be stable (a module's function).
 */
export function useLoadedForm<D, T>(data: D | undefined, toText: (data: D) => T): LoadedForm<T> {
  const [state, setState] = useState<{ readonly base: T; readonly text: T } | null>(null);
  useEffect(() => {
    if (data === undefined) return;
    const fresh = toText(data);
    setState((s) =>
      s === null || JSON.stringify(s.text) === JSON.stringify(s.base)
        ? { base: fresh, text: fresh }
        : s,
    );
  }, [data, toText]);
  const edit = useCallback((change: (text: T) => T) => {
    setState((s) => (s === null ? s : { base: s.base, text: change(s.text) }));
  }, []);
  const saved = useCallback(() => {
    setState((s) => (s === null ? s : { base: s.text, text: s.text }));
  }, []);
  return { base: state?.base ?? null, text: state?.text ?? null, edit, saved };
}
