import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk } from '../../desk/desk-context';
import { centsToInput, parseMoney } from '../../desk/money';
import { CheckField, Field, FormFoot, SelectField } from './console-fields';
import { parseOptionalWhole, textOrNull } from './console-input';
import { lastSegmentIn, type FieldErrors } from './console-refusals';
import { createOrEdit } from './create-or-edit';
import { useSubmit } from './use-submit';
import { useTextForm } from './use-text-form';

type Product = QueryResult<'catalogue.products'>[number];
type TaxCategory = Product['taxCategory'];
const FIELDS = ['name', 'sku', 'barcode', 'price', 'openingStock'] as const;
type ProductField = (typeof FIELDS)[number];
const fieldOf = lastSegmentIn(FIELDS);

const TAX_OPTIONS = [
  ['retail', 'Retail'],
  ['services', 'Services'],
] as const;

function check(t: Readonly<Record<ProductField, string>>): FieldErrors<ProductField> {
  const errors: FieldErrors<ProductField> = {};
  if (t.name.trim() === '') errors.name = 'Enter the product’s name.';
  if (parseMoney(t.price) === null) errors.price = 'An amount such as 12.50.';
  if (parseOptionalWhole(t.openingStock, 0, 1_000_000) === undefined) {
    errors.openingStock = 'Leave empty when stock is not tracked, or a whole number.';
  }
  return errors;
}

/**
 * Adds a product (`product.create`) or edits one (`product.update`). An edit sends only the
 * fields changed, each with the value the form was opened with (`basedOn`): the offline
 * conflict rule tells the owner when another desk changed it first.
 */
export function ProductForm(props: {
  readonly product: Product | null;
  readonly onClose: () => void;
}) {
  const desk = useDesk();
  // What the form was opened with, kept as it was even if a sync refreshes the list.
  const [opened, setOpened] = useState(props.product);
  const submit = useSubmit(fieldOf);
  const { text, setText, bind } = useTextForm<ProductField>(
    {
      name: opened?.name ?? '',
      sku: opened?.sku ?? '',
      barcode: opened?.barcode ?? '',
      price: opened ? centsToInput(opened.price) : '',
      openingStock: '',
    },
    submit.fieldErrors,
  );
  const [taxCategory, setTaxCategory] = useState<TaxCategory>(opened?.taxCategory ?? 'retail');
  const [taxable, setTaxable] = useState(opened?.taxable ?? true);
  const [active, setActive] = useState(opened?.active ?? true);
  const label = opened ? `Edit ${opened.name}` : 'Add a product';

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    void submit.run(
      () => check(text),
      async () => {
        const values = {
          name: text.name.trim(),
          sku: textOrNull(text.sku),
          barcode: textOrNull(text.barcode),
          price: parseMoney(text.price) ?? 0,
          taxCategory,
          taxable,
        };
        return createOrEdit({
          opened,
          values,
          active,
          name: values.name,
          before: (p) => ({
            name: p.name,
            sku: p.sku,
            barcode: p.barcode,
            price: p.price,
            taxCategory: p.taxCategory,
            taxable: p.taxable,
            active: p.active,
          }),
          create: async (v) => {
            await desk.mutate('product.create', {
              ...v,
              openingStock: parseOptionalWhole(text.openingStock, 0, 1_000_000) ?? null,
            });
            setText({ name: '', sku: '', barcode: '', price: '', openingStock: '' });
          },
          update: (p, edit) => desk.mutate('product.update', { productId: p.productId, ...edit }),
          reopen: setOpened,
        });
      },
    );
  };

  return (
    <form className="card" aria-label={label} onSubmit={save} noValidate>
      <h3>{label}</h3>
      <Field label="Product name" {...bind('name')} />
      <Field label="Price" inputMode="decimal" placeholder="12.50" {...bind('price')} />
      <Field label="SKU" {...bind('sku')} />
      <Field label="Barcode" {...bind('barcode')} />
      <SelectField
        label="Tax category"
        value={taxCategory}
        options={TAX_OPTIONS}
        onChange={setTaxCategory}
      />
      <CheckField label="Taxable" checked={taxable} onChange={setTaxable} />
      {opened === null ? (
        <Field
          label="Opening stock"
          inputMode="numeric"
          hint="Empty: stock is not tracked."
          {...bind('openingStock')}
        />
      ) : (
        <CheckField label="On sale" checked={active} onChange={setActive} />
      )}
      <FormFoot
        submit={submit}
        action={opened ? 'Save product' : 'Add product'}
        onClose={opened ? props.onClose : undefined}
      />
    </form>
  );
}
