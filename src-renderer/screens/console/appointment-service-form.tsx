import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk } from '../../desk/desk-context';
import { centsToInput, parseMoney } from '../../desk/money';
import { CheckField, Field, FormFoot } from './console-fields';
import { editOf, parseWhole } from './console-input';
import { lastSegmentIn, type FieldErrors } from './console-refusals';
import { useSubmit } from './use-submit';
import { useTextForm } from './use-text-form';

export type AppointmentService = QueryResult<'appointment.services'>[number];
/** A staff member the form can tick: [memberId, name]. */
export type StaffChoice = readonly [string, string];

const FIELDS = ['title', 'durationMinutes', 'price'] as const;
type ServiceField = (typeof FIELDS)[number];
const fieldOf = lastSegmentIn(FIELDS);

function check(t: Readonly<Record<ServiceField, string>>): FieldErrors<ServiceField> {
  const errors: FieldErrors<ServiceField> = {};
  if (t.title.trim() === '') errors.title = 'Enter the service’s name, such as Private lesson.';
  if (parseWhole(t.durationMinutes, 5, 720) === null) {
    errors.durationMinutes = 'Minutes from 5 to 720, such as 45.';
  }
  if (parseMoney(t.price) === null) errors.price = 'An amount such as 60.00.';
  return errors;
}

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id) => b.includes(id));

/**
 * Adds an appointment service (`appointmentService.create`) or edits one: the changed fields
 * go to `appointmentService.update` with what the form was opened with (`basedOn`, the offline
 * conflict rule), and a changed list of who gives it to `appointmentService.setStaff`.
 */
export function AppointmentServiceForm(props: {
  readonly service: AppointmentService | null;
  readonly staff: readonly StaffChoice[];
  readonly onClose: () => void;
}) {
  const desk = useDesk();
  // What the form was opened with, kept as it was even if a sync refreshes the list.
  const [opened, setOpened] = useState(props.service);
  const submit = useSubmit(fieldOf);
  const { text, setText, bind } = useTextForm<ServiceField>(
    {
      title: opened?.title ?? '',
      durationMinutes: opened ? String(opened.durationMinutes) : '60',
      price: opened ? centsToInput(opened.price) : '',
    },
    submit.fieldErrors,
  );
  const openedStaff = opened?.staff.map((s) => s.staffId) ?? [];
  const [staffIds, setStaffIds] = useState<readonly string[]>(openedStaff);
  const [active, setActive] = useState(opened?.active ?? true);
  const label = opened ? `Edit ${opened.title}` : 'Add an appointment service';
  // Staff no longer on the list (retired) who still give it stay shown, so they can be removed.
  const choices: readonly StaffChoice[] = [
    ...props.staff,
    ...(opened?.staff ?? [])
      .filter((s) => !props.staff.some(([id]) => id === s.staffId))
      .map((s) => [s.staffId, s.name] as const),
  ];

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    void submit.run(
      () => check(text),
      async () => {
        const values = {
          title: text.title.trim(),
          durationMinutes: parseWhole(text.durationMinutes, 5, 720) ?? 0,
          price: parseMoney(text.price) ?? 0,
        };
        if (opened === null) {
          await desk.mutate('appointmentService.create', { ...values, staffIds: [...staffIds] });
          setText({ title: '', durationMinutes: '60', price: '' });
          setStaffIds([]);
          return `${values.title} added.`;
        }
        const before = {
          title: opened.title,
          durationMinutes: opened.durationMinutes,
          price: opened.price,
          active: opened.active,
        };
        const edit = editOf(before, { ...values, active });
        const staffChanged = !sameIds(openedStaff, staffIds);
        if (edit === null && !staffChanged) return 'Nothing changed.';
        if (edit !== null) {
          await desk.mutate('appointmentService.update', { serviceId: opened.serviceId, ...edit });
        }
        if (staffChanged) {
          await desk.mutate('appointmentService.setStaff', {
            serviceId: opened.serviceId,
            staffIds: [...staffIds],
          });
        }
        setOpened({
          ...opened,
          ...values,
          active,
          staff: choices
            .filter(([id]) => staffIds.includes(id))
            .map(([staffId, name]) => ({ staffId, name })),
        });
        return `${values.title} saved.`;
      },
    );
  };

  return (
    <form className="card" aria-label={label} onSubmit={save} noValidate>
      <h3>{label}</h3>
      <Field label="Service name" {...bind('title')} />
      <Field label="Length in minutes" inputMode="numeric" {...bind('durationMinutes')} />
      <Field label="Price" inputMode="decimal" placeholder="60.00" {...bind('price')} />
      <fieldset className="service-givers">
        <legend>Given by</legend>
        {choices.length === 0 && <p className="hint">No staff yet: add them in the Staff tab.</p>}
        {choices.map(([id, name]) => (
          <CheckField
            key={id}
            label={name}
            checked={staffIds.includes(id)}
            onChange={(on) => {
              setStaffIds((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));
            }}
          />
        ))}
      </fieldset>
      {opened !== null && <CheckField label="Offered" checked={active} onChange={setActive} />}
      <FormFoot
        submit={submit}
        action={opened ? 'Save service' : 'Add service'}
        onClose={opened ? props.onClose : undefined}
      />
    </form>
  );
}
