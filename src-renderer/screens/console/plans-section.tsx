import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { centsToInput, formatMoney, parseMoney } from '../../desk/money';
import { CatalogueList } from './catalogue-list';
import { CheckField, Field, FormFoot, SelectField } from './console-fields';
import { parseOptionalWhole } from './console-input';
import { lastSegmentIn, type FieldErrors } from './console-refusals';
import { createOrEdit } from './create-or-edit';
import { useSubmit } from './use-submit';
import { useTextForm } from './use-text-form';

type Plan = QueryResult<'catalogue.plans'>[number];
type Interval = Plan['interval'];
const FIELDS = ['name', 'price', 'classLimit'] as const;
type PlanField = (typeof FIELDS)[number];
const fieldOf = lastSegmentIn(FIELDS);

const INTERVALS: readonly (readonly [Interval, string])[] = [
  ['month', 'Monthly'],
  ['week', 'Weekly'],
  ['year', 'Yearly'],
  ['one_time', 'One time'],
];

function check(t: Readonly<Record<PlanField, string>>): FieldErrors<PlanField> {
  const errors: FieldErrors<PlanField> = {};
  if (t.name.trim() === '') errors.name = 'Enter the plan’s name.';
  if (parseMoney(t.price) === null) errors.price = 'An amount such as 99.00.';
  if (parseOptionalWhole(t.classLimit, 1, 1000) === undefined) {
    errors.classLimit = 'Empty for unlimited, or a number from 1 to 1000.';
  }
  return errors;
}

/** Membership plans (`catalogue.plans`, `plan.create`, `plan.update`). */
export function PlansSection(props: { readonly currency: string }) {
  const plans = useDeskQuery('catalogue.plans', {});
  return (
    <CatalogueList
      title="Membership plans"
      rows={plans}
      idOf={(p) => p.planId}
      nameOf={(p) => p.name}
      isActive={(p) => p.active}
      describe={(p) => (
        <>
          {p.name}: {formatMoney(p.price, props.currency)}{' '}
          {INTERVALS.find(([i]) => i === p.interval)?.[1].toLowerCase()},{' '}
          {p.classLimit === null ? 'unlimited classes' : `${p.classLimit} classes`}
          {p.vodEnabled ? ', videos' : ''}
          {p.active ? '' : ' (not sold)'}
        </>
      )}
      form={(p, onClose) => <PlanForm plan={p} onClose={onClose} />}
    />
  );
}

function PlanForm(props: { readonly plan: Plan | null; readonly onClose: () => void }) {
  const desk = useDesk();
  const [opened, setOpened] = useState(props.plan);
  const submit = useSubmit(fieldOf);
  const { text, setText, bind } = useTextForm<PlanField>(
    {
      name: opened?.name ?? '',
      price: opened ? centsToInput(opened.price) : '',
      classLimit: opened === null || opened.classLimit === null ? '' : String(opened.classLimit),
    },
    submit.fieldErrors,
  );
  const [interval, setBilled] = useState<Interval>(opened?.interval ?? 'month');
  const [vodEnabled, setVodEnabled] = useState(opened?.vodEnabled ?? false);
  const [active, setActive] = useState(opened?.active ?? true);
  const label = opened ? `Edit plan ${opened.name}` : 'Add a membership plan';

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    const values = {
      name: text.name.trim(),
      price: parseMoney(text.price) ?? 0,
      interval,
      classLimit: parseOptionalWhole(text.classLimit, 1, 1000) ?? null,
      vodEnabled,
    };
    void submit.run(
      () => check(text),
      () =>
        createOrEdit({
          opened,
          values,
          active,
          name: values.name,
          before: (p) => ({
            name: p.name,
            price: p.price,
            interval: p.interval,
            classLimit: p.classLimit,
            vodEnabled: p.vodEnabled,
            active: p.active,
          }),
          create: async (v) => {
            await desk.mutate('plan.create', v);
            setText({ name: '', price: '', classLimit: '' });
          },
          update: (p, edit) => desk.mutate('plan.update', { planId: p.planId, ...edit }),
          reopen: setOpened,
        }),
    );
  };

  return (
    <form className="card" aria-label={label} onSubmit={save} noValidate>
      <h3>{label}</h3>
      <Field label="Plan name" {...bind('name')} />
      <Field label="Plan price" inputMode="decimal" {...bind('price')} />
      <SelectField label="Billed" value={interval} options={INTERVALS} onChange={setBilled} />
      <Field
        label="Classes per period"
        inputMode="numeric"
        hint="Empty: unlimited."
        {...bind('classLimit')}
      />
      <CheckField
        label="Includes the video library"
        checked={vodEnabled}
        onChange={setVodEnabled}
      />
      {opened && <CheckField label="On sale" checked={active} onChange={setActive} />}
      <FormFoot
        submit={submit}
        action={opened ? 'Save plan' : 'Add plan'}
        onClose={opened ? props.onClose : undefined}
      />
    </form>
  );
}
