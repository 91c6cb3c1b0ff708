import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { SelectField } from './console-fields';

type Location = QueryResult<'studio.locations'>[number];
type Room = Location['rooms'][number];
type PlaceField = 'locationId' | 'roomId' | 'instructorId';

/**
 * Where and with whom a class runs, as the class, series and series-class forms all ask it:
 * the location (left out where it cannot change), its room, and the instructor.
 */
export function ClassPlaceFields(props: {
  readonly value: Readonly<Record<PlaceField, string>>;
  /** The locations to choose from; none when the form keeps the class's location. */
  readonly locations?: readonly Location[];
  readonly rooms: readonly Room[];
  readonly instructors: readonly (readonly [string, string])[];
  readonly onChoose: (field: PlaceField, value: string) => void;
  readonly errors: Partial<Record<PlaceField, string>>;
}) {
  const { value, errors } = props;
  return (
    <>
      {props.locations && (
        <SelectField
          label="Location"
          value={value.locationId}
          options={props.locations.map((l) => [l.locationId, l.name] as const)}
          onChange={(v) => {
            props.onChoose('locationId', v);
          }}
          error={errors.locationId}
        />
      )}
      <SelectField
        label="Room"
        value={value.roomId}
        options={[['', 'No room'], ...props.rooms.map((r) => [r.roomId, r.name] as const)]}
        onChange={(v) => {
          props.onChoose('roomId', v);
        }}
        error={errors.roomId}
      />
      <SelectField
        label="Instructor"
        value={value.instructorId}
        options={[['', 'No instructor yet'], ...props.instructors]}
        onChange={(v) => {
          props.onChoose('instructorId', v);
        }}
        error={errors.instructorId}
      />
    </>
  );
}
