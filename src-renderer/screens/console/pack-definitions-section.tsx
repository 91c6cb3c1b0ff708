import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { centsToInput, formatMoney, parseMoney } from '../../desk/money';
import { ErrorNote } from '../../shell/error-note';
import { CheckField, Field, FormOutcome } from './console-fields';
import { editOf, parseOptionalWhole, parseWhole } from './console-input';
import { lastSegmentIn, type FieldErrors } from './console-refusals';
import { useSubmit } from './use-submit';
import { useTextForm } from './use-text-form';

type Pack = QueryResult<'catalogue.packs'>[number];
const FIELDS = ['name', 'credits', 'price', 'validityDays'] as const;
type PackField = (typeof FIELDS)[number];
const fieldOf = lastSegmentIn(FIELDS);

function check(t: Readonly<Record<PackField, string>>): FieldErrors<PackField> {
  const errors: FieldErrors<PackField> = {};
  if (t.name.trim() === '') errors.name = 'Enter the pack’s name.';
  if (parseWhole(t.credits, 1, 1000) === null) errors.credits = 'A whole number from 1 to 1000.';
  if (parseMoney(t.price) === null) errors.price = 'An amount such as 120.00.';
  if (parseOptionalWhole(t.validityDays, 1, 3660) === undefined) {
    errors.validityDays = 'Empty for no expiry, or days from 1 to 3660.';
  }
  return errors;
}

/** Class pack definitions (`catalogue.packs`, `pack.define`, `pack.updateDefinition`). */
export function PackDefinitionsSection(props: { readonly currency: string }) {
  const packs = useDeskQuery('catalogue.packs', {});
  const [editing, setEditing] = useState<string | null>(null);
  const chosen = packs.data?.find((p) => p.packDefinitionId === editing);
  return (
    <div className="columns">
      <section className="card" aria-label="Class packs">
        <h3>Class packs</h3>
        <ErrorNote error={packs.error} />
        <ul className="console-list">
          {packs.data?.map((p) => (
            <li key={p.packDefinitionId} className={p.active ? '' : 'muted'}>
              {p.name}: {p.credits} credits, {formatMoney(p.price, props.currency)}
              {p.validityDays === null ? '' : `, valid ${p.validityDays} days`}
              {p.active ? '' : ' (not sold)'}{' '}
              <button
                type="button"
                className="link"
                onClick={() => {
                  setEditing(p.packDefinitionId);
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
          <PackForm
            key={chosen.packDefinitionId}
            pack={chosen}
            onClose={() => {
              setEditing(null);
            }}
          />
        )}
        <PackForm pack={null} onClose={() => undefined} />
      </div>
    </div>
  );
}

function PackForm(props: { readonly pack: Pack | null; readonly onClose: () => void }) {
  const desk = useDesk();
  const [opened, setOpened] = useState(props.pack);
  const submit = useSubmit(fieldOf);
  const { text, setText, bind } = useTextForm<PackField>(
    {
      name: opened?.name ?? '',
      credits: opened ? String(opened.credits) : '',
      price: opened ? centsToInput(opened.price) : '',
      validityDays:
        opened === null || opened.validityDays === null ? '' : String(opened.validityDays),
    },
    submit.fieldErrors,
  );
  const [active, setActive] = useState(opened?.active ?? true);
  const label = opened ? `Edit pack ${opened.name}` : 'Add a class pack';

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    void submit.run(
      () => check(text),
      async () => {
        const values = {
          name: text.name.trim(),
          credits: parseWhole(text.credits, 1, 1000) ?? 1,
          price: parseMoney(text.price) ?? 0,
          validityDays: parseOptionalWhole(text.validityDays, 1, 3660) ?? null,
        };
        if (opened === null) {
          await desk.mutate('pack.define', values);
          setText({ name: '', credits: '', price: '', validityDays: '' });
          return `${values.name} added.`;
        }
        const edit = editOf(
          {
            name: opened.name,
            credits: opened.credits,
            price: opened.price,
            validityDays: opened.validityDays,
            active: opened.active,
          },
          { ...values, active },
        );
        if (edit === null) return 'Nothing changed.';
        await desk.mutate('pack.updateDefinition', {
          packDefinitionId: opened.packDefinitionId,
          ...edit,
        });
        setOpened({ ...opened, ...edit.set });
        return `${values.name} saved.`;
      },
    );
  };

  return (
    <form className="card" aria-label={label} onSubmit={save} noValidate>
      <h3>{label}</h3>
      <Field label="Pack name" {...bind('name')} />
      <Field label="Credits" inputMode="numeric" {...bind('credits')} />
      <Field label="Pack price" inputMode="decimal" {...bind('price')} />
      <Field
        label="Valid for (days)"
        inputMode="numeric"
        hint="Empty: never expires."
        {...bind('validityDays')}
      />
      {opened && <CheckField label="On sale" checked={active} onChange={setActive} />}
      <FormOutcome error={submit.error} done={submit.done} />
      <div className="row">
        <button type="submit" className="primary" disabled={submit.busy}>
          {opened ? 'Save pack' : 'Add pack'}
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
