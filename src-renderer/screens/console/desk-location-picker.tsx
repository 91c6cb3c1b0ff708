import { useState } from 'react';
import { useDeskQuery } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { SelectField } from './console-fields';
import { readDeskLocation, saveDeskLocation } from './desk-location';

/** "This desk's location": a choice of this computer's, kept on this desk only. */
export function DeskLocationPicker() {
  const locations = useDeskQuery('studio.locations', {});
  const [chosen, setChosen] = useState<string>(() => readDeskLocation() ?? '');
  const [saved, setSaved] = useState<string | null>(null);
  const options: [string, string][] = [
    ['', 'Not chosen'],
    ...(locations.data ?? []).map((l): [string, string] => [l.locationId, l.name]),
  ];
  return (
    <section className="card" aria-label="This desk’s location">
      <h3>This desk’s location</h3>
      <p className="hint">Where this computer stands. It is kept on this desk only.</p>
      <ErrorNote error={locations.error} />
      <SelectField
        label="This desk’s location"
        value={chosen}
        options={options}
        onChange={(value) => {
          setChosen(value);
          saveDeskLocation(value === '' ? null : value);
          const name = options.find(([id]) => id === value)?.[1];
          setSaved(value === '' ? 'This desk has no location now.' : `This desk is at ${name}.`);
        }}
      />
      {saved !== null && <p role="status">{saved}</p>}
    </section>
  );
}
