import { useCallback, useEffect, useState } from 'react';
import type { DeskLocationView } from '../../../src-shared/bridge/desk-methods';
import { useDesk } from '../../desk/desk-context';

export interface DeskLocationState {
  /** undefined while loading; null when this desk has no location chosen. */
  readonly location: DeskLocationView | null | undefined;
  readonly error: unknown;
  /** Sets (or clears, with null) the location in the desk core; rejects when refused. */
  save(locationId: string | null): Promise<DeskLocationView | null>;
}

/**
 * This desk's location: which of the studio's locations this computer stands in. Kept by
 * the desk core in its own folder (a choice per desk, never synced), so it survives a
 * restart and a browser whose storage is wiped; read again whenever the desk's data moves.
 */
export function useDeskLocation(): DeskLocationState {
  const { bridge, dataVersion } = useDesk();
  const [location, setLocation] = useState<DeskLocationView | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let cancelled = false;
    bridge.invoke('deskLocation.get', {}).then(
      (value) => {
        if (!cancelled) setLocation(value);
      },
      (failure: unknown) => {
        if (!cancelled) setError(failure);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [bridge, dataVersion]);
  const save = useCallback(
    async (locationId: string | null) => {
      const saved = await bridge.invoke('deskLocation.set', { locationId });
      setLocation(saved);
      setError(null);
      return saved;
    },
    [bridge],
  );
  return { location, error, save };
}
