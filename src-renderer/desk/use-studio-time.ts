import { useMemo } from 'react';
import { useDeskQuery } from './desk-context';
import { studioClock, type StudioClock } from './studio-time';

/**
 * The studio's clock for screens: its own time zone when set, else its first location's,
 * else (before either loads or exists) the computer's.
 */
export function useStudioTime(): StudioClock {
  const settings = useDeskQuery('studio.settings', {});
  const locations = useDeskQuery('studio.locations', {});
  const zone =
    settings.data?.timeZone ??
    locations.data?.[0]?.timeZone ??
    Intl.DateTimeFormat().resolvedOptions().timeZone;
  return useMemo(() => studioClock(zone), [zone]);
}
