import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk } from '../../desk/desk-context';
import { centsToInput, parseMoney } from '../../desk/money';
import { CheckField, Field, FormFoot } from './console-fields';
import { editOf, parseWhole } from './console-input';
import { lastSegmentIn, type FieldErrors } from './console-refusals';
import { utcToWallClock, wallClockToUtc } from './class-times';
import { ClassPlaceFields } from './class-place-fields';
import { useSubmit } from './use-submit';
import { useTextForm } from './use-text-form';

type StudioClass = QueryResult<'studio.classes'>[number];
type Location = QueryResult<'studio.locations'>[number];

/** What the class form chooses from: places, instructors, plans and packs. */
export interface ClassChoices {
  readonly locations: readonly Location[];
  readonly instructors: readonly (readonly [string, string])[];
  readonly plans: readonly (readonly [string, string])[];
  readonly packs: readonly (readonly [string, string])[];
}

const FIELDS = [
  'title',
  'locationId',
  'roomId',
  'instructorId',
  'startTime',
  'durationMinutes',
  'capacity',
  'dropInPrice',
] as const;
type ClassField = (typeof FIELDS)[number];
const fieldOf = (path: string): ClassField | null =>
  path.startsWith('planIds') || path.startsWith('packDefinitionIds')
    ? null
    : lastSegmentIn(FIELDS)(path);

function zoneOf(choices: ClassChoices, locationId: string): string {
  return (
    choices.locations.find((l) => l.locationId === locationId)?.timeZone ??
    Intl.DateTimeFormat().resolvedOptions().timeZone
  );
}

function check(t: Readonly<Record<ClassField, string>>, zone: string): FieldErrors<ClassField> {
  const errors: FieldErrors<ClassField> = {};
  if (t.title.trim() === '') errors.title = 'Enter the class’s title.';
  if (t.locationId === '') errors.locationId = 'Choose the location.';
  if (wallClockToUtc(t.startTime, zone) === null) errors.startTime = 'Choose the day and time.';
  if (parseWhole(t.durationMinutes, 5, 720) === null) {
    errors.durationMinutes = 'Minutes, from 5 to 720.';
  }
  if (parseWhole(t.capacity, 1, 500) === null) errors.capacity = 'Places, from 1 to 500.';
  if (parseMoney(t.dropInPrice) === null) errors.dropInPrice = 'An amount such as 20.00.';
  return errors;
}

/**
 * Schedules a class (`class.create`) or changes one (`class.update`, only what changed).
 * The start is typed in the location's time zone. With no plan and no pack ticked, any pays.
 */
export function ClassForm(props: {
  readonly klass: StudioClass | null;
  readonly choices: ClassChoices;
  /** This desk's location, where a new class is scheduled unless staff choose another. */
  readonly deskLocationId?: string | null;
  readonly onClose: () => void;
}) {
  const desk = useDesk();
  const { choices } = props;
  const [opened, setOpened] = useState(props.klass);
  const submit = useSubmit(fieldOf);
  // A new class is at this desk's location when it has one, else the first.
  const deskLocation = choices.locations.find((l) => l.locationId === props.deskLocationId);
  const firstLocation =
    opened?.locationId ?? deskLocation?.locationId ?? choices.locations[0]?.locationId ?? '';
  const { text, setText, bind } = useTextForm<ClassField>(
    {
      title: opened?.title ?? '',
      locationId: firstLocation,
      roomId: opened?.roomId ?? '',
      instructorId: opened?.instructorId ?? '',
      startTime: opened ? utcToWallClock(opened.startTime, zoneOf(choices, firstLocation)) : '',
      durationMinutes: String(opened?.durationMinutes ?? 60),
      capacity: String(opened?.capacity ?? 20),
      dropInPrice: centsToInput(opened?.dropInPrice ?? 0),
    },
    submit.fieldErrors,
  );
  const [planIds, setPlanIds] = useState<readonly string[]>(opened?.planIds ?? []);
  const [packIds, setPackIds] = useState<readonly string[]>(opened?.packDefinitionIds ?? []);
  const location = choices.locations.find((l) => l.locationId === text.locationId);
  const zone = zoneOf(choices, text.locationId);
  const rooms = (location?.rooms ?? []).filter((r) => r.active || r.roomId === text.roomId);
  const label = opened ? `Edit class ${opened.title}` : 'Schedule a class';
  const choose = (field: ClassField) => (value: string) => {
    setText((t) => ({ ...t, [field]: value, ...(field === 'locationId' ? { roomId: '' } : {}) }));
  };

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    void submit.run(
      () => check(text, zone),
      async () => {
        const values = {
          title: text.title.trim(),
          locationId: text.locationId,
          roomId: text.roomId === '' ? null : text.roomId,
          instructorId: text.instructorId === '' ? null : text.instructorId,
          startTime: wallClockToUtc(text.startTime, zone) ?? '',
          durationMinutes: parseWhole(text.durationMinutes, 5, 720) ?? 60,
          capacity: parseWhole(text.capacity, 1, 500) ?? 1,
          dropInPrice: parseMoney(text.dropInPrice) ?? 0,
          planIds: [...planIds],
          packDefinitionIds: [...packIds],
        };
        if (opened === null) {
          await desk.mutate('class.create', values);
          setText((t) => ({ ...t, title: '', startTime: '' }));
          return `${values.title} is scheduled.`;
        }
        const before = {
          title: opened.title,
          locationId: opened.locationId,
          roomId: opened.roomId,
          instructorId: opened.instructorId,
          startTime: new Date(opened.startTime).toISOString(),
          durationMinutes: opened.durationMinutes,
          capacity: opened.capacity,
          dropInPrice: opened.dropInPrice,
          planIds: [...opened.planIds].sort(),
          packDefinitionIds: [...opened.packDefinitionIds].sort(),
        };
        const after = {
          ...values,
          planIds: [...values.planIds].sort(),
          packDefinitionIds: [...values.packDefinitionIds].sort(),
        };
        const edit = editOf(before, after);
        if (edit === null) return 'Nothing changed.';
        const result = await desk.mutate('class.update', { classId: opened.classId, ...edit.set });
        if (!result.applied) return `${opened.title} is no longer scheduled: nothing changed.`;
        setOpened({ ...opened, ...values });
        return `${values.title} saved.`;
      },
    );
  };

  const toggle =
    (set: (change: (ids: readonly string[]) => readonly string[]) => void, id: string) =>
    (on: boolean) => {
      set((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));
    };

  return (
    <form className="card" aria-label={label} onSubmit={save} noValidate>
      <h3>{label}</h3>
      <Field label="Class title" {...bind('title')} />
      <ClassPlaceFields
        value={text}
        locations={choices.locations}
        rooms={rooms}
        instructors={choices.instructors}
        onChoose={(field, value) => {
          choose(field)(value);
        }}
        errors={submit.fieldErrors}
      />
      <Field
        label="Starts"
        type="datetime-local"
        hint={`Time at the location (${zone}).`}
        {...bind('startTime')}
      />
      <Field label="Length (minutes)" inputMode="numeric" {...bind('durationMinutes')} />
      <Field label="Places" inputMode="numeric" {...bind('capacity')} />
      <Field label="Drop-in price" inputMode="decimal" {...bind('dropInPrice')} />
      <fieldset>
        <legend>Paid by (none ticked: any plan or pack)</legend>
        {choices.plans.map(([id, name]) => (
          <CheckField
            key={id}
            label={`Plan: ${name}`}
            checked={planIds.includes(id)}
            onChange={toggle(setPlanIds, id)}
          />
        ))}
        {choices.packs.map(([id, name]) => (
          <CheckField
            key={id}
            label={`Pack: ${name}`}
            checked={packIds.includes(id)}
            onChange={toggle(setPackIds, id)}
          />
        ))}
      </fieldset>
      <FormFoot
        submit={submit}
        action={opened ? 'Save class' : 'Schedule class'}
        onClose={opened ? props.onClose : undefined}
      />
    </form>
  );
}
