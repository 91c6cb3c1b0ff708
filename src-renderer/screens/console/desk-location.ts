/**
 * This desk's location: which of the studio's locations this computer stands in. A choice
 * per desk, not per studio, so it is kept in this desk's localStorage for now.
 * TODO(issue 16): keep it in the desk core's own settings, beside the printer's.
 */
export const DESK_LOCATION_KEY = 'studio-desk.location';

export function readDeskLocation(): string | null {
  try {
    return window.localStorage.getItem(DESK_LOCATION_KEY);
  } catch {
    return null; // storage refused (a locked-down browser): no location chosen
  }
}

export function saveDeskLocation(locationId: string | null): void {
  if (locationId === null) window.localStorage.removeItem(DESK_LOCATION_KEY);
  else window.localStorage.setItem(DESK_LOCATION_KEY, locationId);
}
