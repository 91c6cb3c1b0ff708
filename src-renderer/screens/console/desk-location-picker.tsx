import { useState } from 'react';
import { useDeskQuery } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { SelectField } from './console-fields';
import { useDeskLocation } from './desk-location';

/** "This desk's location": a choice of this computer's, kept by this desk's core only. */
export function DeskLocationPicker() {
  const locations = useDeskQuery('studio.locations', {});
  const deskLocation = useDeskLocation();
  const [saved, setSaved] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const options: [string, string][] = [
    ['', 'Not chosen'],
    ...(locations.data ?? []).map((l): [string, string] => [l.locationId, l.name]),
  ];
  return (
    <section className="card" aria-label="This desk’s location">
      <h3>This desk’s location</h3>
      <p className="hint">
        Where this computer stands: scanned cards check in to today’s classes here. It is kept on
        this desk only.
      </p>
      <ErrorNote error={locations.error ?? deskLocation.error ?? failure} />
      <SelectField
        label="This desk’s location"
        value={deskLocation.location?.locationId ?? ''}
        options={options}
        onChange={(value) => {
          setSaved(null);
          setFailure(null);
          deskLocation.save(value === '' ? null : value).then((location) => {
            setSaved(
              location === null
                ? 'This desk has no location now.'
                : `This desk is at ${location.name}.`,
            );
          }, setFailure);
        }}
      />
      {saved !== null && <p role="status">{saved}</p>}
    </section>
  );
}
