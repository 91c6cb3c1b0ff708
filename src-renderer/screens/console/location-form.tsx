import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk } from '../../desk/desk-context';
import { Field, FormOutcome } from './console-fields';
import { editOf, isTimeZoneName, textOrNull } from './console-input';
import { lastSegmentIn, type FieldErrors } from './console-refusals';
import { useSubmit } from './use-submit';

type Location = QueryResult<'studio.locations'>[number];
const FIELDS = ['name', 'timeZone', 'address', 'phone'] as const;
type LocationField = (typeof FIELDS)[number];
const fieldOf = lastSegmentIn(FIELDS);

function check(t: Readonly<Record<LocationField, string>>): FieldErrors<LocationField> {
  const errors: FieldErrors<LocationField> = {};
  if (t.name.trim() === '') errors.name = 'Enter the location’s name.';
  if (!isTimeZoneName(t.timeZone)) errors.timeZone = 'Enter a time zone such as America/Chicago.';
  if (t.phone.trim() !== '' && t.phone.trim().length < 3) errors.phone = 'At least 3 characters.';
  return errors;
}

/** Adds a location (`location.create`), or changes one (`location.update`, only what changed). */
export function LocationForm(props: {
  readonly location: Location | null;
  readonly onDone: () => void;
}) {
  const desk = useDesk();
  const { location } = props;
  const [text, setText] = useState<Readonly<Record<LocationField, string>>>({
    name: location?.name ?? '',
    timeZone: location?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    address: location?.address ?? '',
    phone: location?.phone ?? '',
  });
  const submit = useSubmit(fieldOf);
  const label = location ? `Edit ${location.name}` : 'Add a location';
  const values = (t: typeof text) => ({
    name: t.name.trim(),
    timeZone: t.timeZone.trim(),
    address: textOrNull(t.address),
    phone: textOrNull(t.phone),
  });

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    void submit.run(
      () => check(text),
      async () => {
        if (location === null) {
          await desk.mutate('location.create', values(text));
          setText({ ...text, name: '', address: '', phone: '' });
          return `${text.name.trim()} added.`;
        }
        const edit = editOf(
          values({
            name: location.name,
            timeZone: location.timeZone,
            address: location.address ?? '',
            phone: location.phone ?? '',
          }),
          values(text),
        );
        if (edit === null) return 'Nothing changed.';
        await desk.mutate('location.update', { locationId: location.locationId, ...edit.set });
        return `${text.name.trim()} saved.`;
      },
    );
  };

  return (
    <form className="card" aria-label={label} onSubmit={save} noValidate>
      <h3>{label}</h3>
      <Field
        label="Location name"
        value={text.name}
        onChange={(v) => {
          setText((t) => ({ ...t, name: v }));
        }}
        error={submit.fieldErrors.name}
      />
      <Field
        label="Location time zone"
        value={text.timeZone}
        onChange={(v) => {
          setText((t) => ({ ...t, timeZone: v }));
        }}
        error={submit.fieldErrors.timeZone}
      />
      <Field
        label="Address"
        value={text.address}
        onChange={(v) => {
          setText((t) => ({ ...t, address: v }));
        }}
        error={submit.fieldErrors.address}
      />
      <Field
        label="Phone"
        type="tel"
        value={text.phone}
        onChange={(v) => {
          setText((t) => ({ ...t, phone: v }));
        }}
        error={submit.fieldErrors.phone}
      />
      <FormOutcome error={submit.error} done={submit.done} />
      <div className="row">
        <button type="submit" className="primary" disabled={submit.busy}>
          {location ? 'Save location' : 'Add location'}
        </button>
        {location && (
          <button type="button" onClick={props.onDone} disabled={submit.busy}>
            Close
          </button>
        )}
      </div>
    </form>
  );
}
