import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { centsToInput, formatMoney, parseMoney } from '../../desk/money';
import { ErrorNote } from '../../shell/error-note';
import { CheckField, Field, FormOutcome, SelectField } from './console-fields';
import { editOf, parseOptionalWhole } from './console-input';
import { lastSegmentIn, type FieldErrors } from './console-refusals';
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
  const [editing, setEditing] = useState<string | null>(null);
  const chosen = plans.data?.find((p) => p.planId === editing);
  return (
    <div className="columns">
      <section className="card" aria-label="Membership plans">
        <h3>Membership plans</h3>
        <ErrorNote error={plans.error} />
        <ul className="console-list">
          {plans.data?.map((p) => (
            <li key={p.planId} className={p.active ? '' : 'muted'}>
              {p.name}: {formatMoney(p.price, props.currency)}{' '}
              {INTERVALS.find(([i]) => i === p.interval)?.[1].toLowerCase()},{' '}
              {p.classLimit === null ? 'unlimited classes' : `${p.classLimit} classes`}
              {p.vodEnabled ? ', videos' : ''}
              {p.active ? '' : ' (not sold)'}{' '}
              <button
                type="button"
                className="link"
                onClick={() => {
                  setEditing(p.planId);
                }}
              >
                Edit {p.name}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <div>
        {chosen && (
          <PlanForm
            key={chosen.planId}
            plan={chosen}
            onClose={() => {
              setEditing(null);
            }}
          />
        )}
        <PlanForm plan={null} onClose={() => undefined} />
      </div>
    </div>
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
    void submit.run(
      () => check(text),
      async () => {
        const values = {
          name: text.name.trim(),
          price: parseMoney(text.price) ?? 0,
          interval,
          classLimit: parseOptionalWhole(text.classLimit, 1, 1000) ?? null,
          vodEnabled,
        };
        if (opened === null) {
          await desk.mutate('plan.create', values);
          setText({ name: '', price: '', classLimit: '' });
          return `${values.name} added.`;
        }
        const edit = editOf(
          {
            name: opened.name,
            price: opened.price,
            interval: opened.interval,
            classLimit: opened.classLimit,
            vodEnabled: opened.vodEnabled,
            active: opened.active,
          },
          { ...values, active },
        );
        if (edit === null) return 'Nothing changed.';
        await desk.mutate('plan.update', { planId: opened.planId, ...edit });
        setOpened({ ...opened, ...edit.set });
        return `${values.name} saved.`;
      },
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
      <FormOutcome error={submit.error} done={submit.done} />
      <div className="row">
        <button type="submit" className="primary" disabled={submit.busy}>
          {opened ? 'Save plan' : 'Add plan'}
        </button>
        {opened && (
          <button type="button" onClick={props.onClose} disabled={submit.busy}>
            Close
          </button>
        )}
      </div>
    </form>
  );
}
