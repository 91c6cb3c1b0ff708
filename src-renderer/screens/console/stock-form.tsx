import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk } from '../../desk/desk-context';
import { Field, FormOutcome, SelectField } from './console-fields';
import { parseWhole } from './console-input';
import { lastSegmentIn, type FieldErrors } from './console-refusals';
import { useSubmit } from './use-submit';
import { useTextForm } from './use-text-form';

type Product = QueryResult<'catalogue.products'>[number];
type StockAction = 'receive' | 'count' | 'adjust';
const FIELDS = ['quantity', 'counted', 'note'] as const;
type StockField = (typeof FIELDS)[number];
const fieldOf = lastSegmentIn(FIELDS);

const ACTIONS = [
  ['receive', 'Receive a delivery'],
  ['count', 'Record a shelf count'],
  ['adjust', 'Adjust (damaged, lost, found)'],
] as const;

/** Stock of one tracked product: a delivery, a count, or an adjustment with its reason. */
export function StockForm(props: { readonly product: Product; readonly onClose: () => void }) {
  const desk = useDesk();
  const { product } = props;
  const [action, setAction] = useState<StockAction>('receive');
  const submit = useSubmit(fieldOf);
  const { text, setText, bind } = useTextForm<StockField>(
    { quantity: '', counted: '', note: '' },
    submit.fieldErrors,
  );

  const check = (): FieldErrors<StockField> => {
    const errors: FieldErrors<StockField> = {};
    if (action === 'receive' && parseWhole(text.quantity, 1, 1_000_000) === null) {
      errors.quantity = 'A whole number of units, at least 1.';
    }
    if (action === 'count' && parseWhole(text.counted, 0, 1_000_000) === null) {
      errors.counted = 'The units on the shelf, a whole number.';
    }
    if (action === 'adjust') {
      const units = parseWhole(text.quantity, -1_000_000, 1_000_000);
      if (units === null || units === 0) errors.quantity = 'A whole number such as -2 or 3.';
      if (text.note.trim().length < 3) errors.note = 'Say why, in a few words.';
    }
    return errors;
  };

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    void submit.run(check, async () => {
      const productId = product.productId;
      setText({ quantity: '', counted: '', note: '' });
      if (action === 'receive') {
        const quantity = parseWhole(text.quantity, 1, 1_000_000) ?? 0;
        const r = await desk.mutate('stock.receive', { productId, quantity });
        return `${quantity} received: ${r.stockQuantity} of ${product.name} in stock.`;
      }
      if (action === 'count') {
        const counted = parseWhole(text.counted, 0, 1_000_000) ?? 0;
        const r = await desk.mutate('stock.count', { productId, counted });
        return `Counted ${counted} of ${product.name} (${r.difference >= 0 ? '+' : ''}${r.difference}).`;
      }
      const quantity = parseWhole(text.quantity, -1_000_000, 1_000_000) ?? 0;
      const r = await desk.mutate('stock.adjust', { productId, quantity, note: text.note.trim() });
      return `Adjusted by ${quantity}: ${r.stockQuantity} of ${product.name} in stock.`;
    });
  };

  const label = `Stock of ${product.name}`;
  return (
    <form className="card" aria-label={label} onSubmit={save} noValidate>
      <h3>{label}</h3>
      <p>{product.stockQuantity} in stock.</p>
      <SelectField label="Stock change" value={action} options={ACTIONS} onChange={setAction} />
      {action === 'count' ? (
        <Field label="Units counted" inputMode="numeric" {...bind('counted')} />
      ) : (
        <Field
          label={action === 'receive' ? 'Units received' : 'Units to add (negative to remove)'}
          inputMode="numeric"
          {...bind('quantity')}
        />
      )}
      {action === 'adjust' && <Field label="Reason" {...bind('note')} />}
      <FormOutcome error={submit.error} done={submit.done} />
      <div className="row">
        <button type="submit" className="primary" disabled={submit.busy}>
          Record stock change
        </button>
        <button type="button" onClick={props.onClose} disabled={submit.busy}>
          Close
        </button>
      </div>
    </form>
  );
}
