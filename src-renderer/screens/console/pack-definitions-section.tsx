import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { centsToInput, formatMoney, parseMoney } from '../../desk/money';
import { CatalogueList } from './catalogue-list';
import { CheckField, Field, FormFoot } from './console-fields';
import { parseOptionalWhole, parseWhole } from './console-input';
import { lastSegmentIn, type FieldErrors } from './console-refusals';
import { createOrEdit } from './create-or-edit';
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
  return (
    <CatalogueList
      title="Class packs"
      rows={packs}
      idOf={(p) => p.packDefinitionId}
      nameOf={(p) => p.name}
      isActive={(p) => p.active}
      describe={(p) => (
        <>
          {p.name}: {p.credits} credits, {formatMoney(p.price, props.currency)}
          {p.validityDays === null ? '' : `, valid ${p.validityDays} days`}
          {p.active ? '' : ' (not sold)'}
        </>
      )}
      form={(p, onClose) => <PackForm pack={p} onClose={onClose} />}
    />
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
    const values = {
      name: text.name.trim(),
      credits: parseWhole(text.credits, 1, 1000) ?? 1,
      price: parseMoney(text.price) ?? 0,
      validityDays: parseOptionalWhole(text.validityDays, 1, 3660) ?? null,
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
            credits: p.credits,
            price: p.price,
            validityDays: p.validityDays,
            active: p.active,
          }),
          create: async (v) => {
            await desk.mutate('pack.define', v);
            setText({ name: '', credits: '', price: '', validityDays: '' });
          },
          update: (p, edit) =>
            desk.mutate('pack.updateDefinition', {
              packDefinitionId: p.packDefinitionId,
              ...edit,
            }),
          reopen: setOpened,
        }),
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
      <FormFoot
        submit={submit}
        action={opened ? 'Save pack' : 'Add pack'}
        onClose={opened ? props.onClose : undefined}
      />
    </form>
  );
}
