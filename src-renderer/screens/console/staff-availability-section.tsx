import { useState } from 'react';
import { useDeskQuery } from '../../desk/desk-context';
import { studioClock } from '../../desk/studio-time';
import { ErrorNote } from '../../shell/error-note';
import { addDays } from '../appointments/appointment-words';
import type { StaffChoice } from './appointment-service-form';
import { SelectField } from './console-fields';
import { useDeskLocation } from './desk-location';
import { StaffHoursForm } from './staff-hours-form';
import { StaffTimeOff } from './staff-time-off';

/** How far ahead the time-off list reads. */
const EXCEPTION_DAYS = 180;

/**
 * Choose a staff member and a location (this desk's by default), then edit their weekly
 * hours there and their time off (`appointment.staffAvailability`). The editors are keyed by
 * the pair, so choosing another person never carries half-typed hours across.
 */
export function StaffAvailabilitySection(props: { readonly staff: readonly StaffChoice[] }) {
  const locations = useDeskQuery('studio.locations', {});
  const deskLocationId = useDeskLocation().location?.locationId ?? null;
  const [pickedStaff, setStaffId] = useState<string | null>(null);
  const [pickedLocation, setLocationId] = useState<string | null>(null);
  const staffId = pickedStaff ?? props.staff[0]?.[0] ?? '';
  const staffName = props.staff.find(([id]) => id === staffId)?.[1] ?? '';
  const locationList = locations.data ?? [];
  const location =
    locationList.find((l) => l.locationId === (pickedLocation ?? deskLocationId)) ??
    locationList[0];
  const today = location ? studioClock(location.timeZone).day(new Date()) : null;
  const availability = useDeskQuery(
    'appointment.staffAvailability',
    location && today && staffId !== ''
      ? {
          staffId,
          locationId: location.locationId,
          from: today,
          to: addDays(today, EXCEPTION_DAYS),
        }
      : null,
  );
  const data = availability.data;
  // The read answers for the pair chosen now (not the last pair, still on screen while loading).
  const current =
    data !== undefined && data.staffId === staffId && data.locationId === location?.locationId
      ? data
      : undefined;

  return (
    <section className="staff-availability" aria-label="Staff hours">
      <h3>Staff hours</h3>
      <div className="row">
        {props.staff.length > 0 && (
          <SelectField
            label="Staff member"
            value={staffId}
            options={props.staff}
            onChange={setStaffId}
          />
        )}
        {locationList.length > 0 && location && (
          <SelectField
            label="Location"
            value={location.locationId}
            options={locationList.map((l) => [l.locationId, l.name] as const)}
            onChange={setLocationId}
          />
        )}
        {location && <p className="hint">Times in {location.timeZone}.</p>}
      </div>
      <ErrorNote error={locations.error ?? availability.error} />
      {current && location && today && (
        <div className="columns">
          <StaffHoursForm
            key={`hours-${staffId}-${location.locationId}`}
            staffId={staffId}
            staffName={staffName}
            locationId={location.locationId}
            locationName={location.name}
            hours={current.hours}
          />
          <StaffTimeOff
            key={`off-${staffId}-${location.locationId}`}
            staffId={staffId}
            staffName={staffName}
            locationId={location.locationId}
            today={today}
            exceptions={current.exceptions}
          />
        </div>
      )}
    </section>
  );
}
