import { useMemo } from 'react';
import { useDeskQuery } from './desk-context';
import { studioClock, type StudioClock } from './studio-time';
import { useDeskLocation } from '../screens/console/desk-location';

/**
 * The studio's clock for screens: this desk's location's zone when one is chosen (a studio
 * may span zones, and the desk shows the wall clock of the room it stands in), else the
 * studio's own zone, else its first location's, else (before any loads) the computer's.
 */
export function useStudioTime(): StudioClock {
  const settings = useDeskQuery('studio.settings', {});
  const locations = useDeskQuery('studio.locations', {});
  const deskLocation = useDeskLocation().location;
  const zone =
    deskLocation?.timeZone ??
    settings.data?.timeZone ??
    locations.data?.[0]?.timeZone ??
    Intl.DateTimeFormat().resolvedOptions().timeZone;
  return useMemo(() => studioClock(zone), [zone]);
}
