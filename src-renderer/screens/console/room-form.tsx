import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk } from '../../desk/desk-context';
import { Field, FormOutcome, SelectField } from './console-fields';
import { parseOptionalWhole } from './console-input';
import { lastSegmentIn, type FieldErrors } from './console-refusals';
import { useSubmit } from './use-submit';

type Location = QueryResult<'studio.locations'>[number];
type Room = Location['rooms'][number];
const FIELDS = ['locationId', 'name', 'capacity'] as const;
type RoomField = (typeof FIELDS)[number];
const fieldOf = lastSegmentIn(FIELDS);

function check(t: Readonly<Record<RoomField, string>>): FieldErrors<RoomField> {
  const errors: FieldErrors<RoomField> = {};
  if (t.locationId === '') errors.locationId = 'Choose the location.';
  if (t.name.trim() === '') errors.name = 'Enter the room’s name.';
  if (parseOptionalWhole(t.capacity, 1, 1000) === undefined) {
    errors.capacity = 'Leave empty for no limit, or a whole number from 1 to 1000.';
  }
  return errors;
}

/** Adds a room (`room.create`) or changes one (`room.update`): name, capacity, retired. */
export function RoomForm(props: {
  readonly locations: readonly Location[];
  readonly room: (Room & { readonly locationId: string }) | null;
  readonly onDone: () => void;
}) {
  const desk = useDesk();
  const { room } = props;
  const [text, setText] = useState<Readonly<Record<RoomField, string>>>({
    locationId: room?.locationId ?? props.locations[0]?.locationId ?? '',
    name: room?.name ?? '',
    capacity: room?.capacity === null || room === null ? '' : String(room.capacity),
  });
  const submit = useSubmit(fieldOf);
  const label = room ? `Edit room ${room.name}` : 'Add a room';

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    void submit.run(
      () => check(text),
      async () => {
        const capacity = parseOptionalWhole(text.capacity, 1, 1000) ?? null;
        if (room === null) {
          await desk.mutate('room.create', {
            locationId: text.locationId,
            name: text.name.trim(),
            capacity,
          });
          setText((t) => ({ ...t, name: '', capacity: '' }));
          return `Room ${text.name.trim()} added.`;
        }
        const name = text.name.trim();
        if (name === room.name && capacity === room.capacity) return 'Nothing changed.';
        await desk.mutate('room.update', {
          roomId: room.roomId,
          ...(name === room.name ? {} : { name }),
          ...(capacity === room.capacity ? {} : { capacity }),
        });
        return `Room ${name} saved.`;
      },
    );
  };

  return (
    <form className="card" aria-label={label} onSubmit={save} noValidate>
      <h3>{label}</h3>
      {room === null && (
        <SelectField
          label="Room location"
          value={text.locationId}
          options={props.locations.map((l) => [l.locationId, l.name] as const)}
          onChange={(v) => {
            setText((t) => ({ ...t, locationId: v }));
          }}
          error={submit.fieldErrors.locationId}
        />
      )}
      <Field
        label="Room name"
        value={text.name}
        onChange={(v) => {
          setText((t) => ({ ...t, name: v }));
        }}
        error={submit.fieldErrors.name}
      />
      <Field
        label="Room capacity"
        inputMode="numeric"
        hint="Empty: the room sets no limit."
        value={text.capacity}
        onChange={(v) => {
          setText((t) => ({ ...t, capacity: v }));
        }}
        error={submit.fieldErrors.capacity}
      />
      <FormOutcome error={submit.error} done={submit.done} />
      <div className="row">
        <button type="submit" className="primary" disabled={submit.busy}>
          {room ? 'Save room' : 'Add room'}
        </button>
        {room && (
          <button type="button" onClick={props.onDone} disabled={submit.busy}>
            Close
          </button>
        )}
      </div>
    </form>
  );
}
