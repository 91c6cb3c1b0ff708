import { useState } from 'react';
import type { ParkedSaleView } from '../../src-shared/bridge/held-sale-schemas';
import { ErrorNote } from '../shell/error-note';
import { ShortcutButton } from '../shell/shortcut-button';
import { TextField } from '../shell/text-field';
import type { StudioClock } from '../desk/studio-time';

/**
 * Park the sale on screen under a label, so the desk can serve the next customer, and the
 * list of parked sales to recall one (issue 17 item 6). A sale with payment taken is not
 * parked: its tenders belong to this checkout.
 */
export function ParkSale(props: {
  /** Why the sale cannot be parked now, or null. */
  readonly whyNot: string | null;
  readonly onPark: (label: string) => Promise<void>;
}) {
  const [label, setLabel] = useState('');
  const [error, setError] = useState<unknown>(null);
  return (
    <form
      className="park-sale"
      aria-label="Park sale"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        if (label.trim() === '') {
          setError('Give the sale a label, such as the customer’s name.');
          return;
        }
        props.onPark(label.trim()).then(() => {
          setLabel('');
        }, setError);
      }}
    >
      <TextField
        label="Label"
        placeholder="Customer’s name"
        maxLength={60}
        value={label}
        disabled={props.whyNot !== null}
        onChange={setLabel}
      />
      <ShortcutButton shortcut="F7" type="submit" disabled={props.whyNot !== null}>
        Park sale
      </ShortcutButton>
      {props.whyNot !== null && <p className="hint">{props.whyNot}</p>}
      <ErrorNote error={error} />
    </form>
  );
}

export function ParkedSales(props: {
  readonly parked: readonly ParkedSaleView[];
  readonly clock: StudioClock;
  /** Why nothing can be recalled now (a sale is open), or null. */
  readonly whyNot: string | null;
  readonly onRecall: (parked: ParkedSaleView) => void;
}) {
  if (props.parked.length === 0) return null;
  return (
    <section className="parked-sales" aria-label="Parked sales">
      <h3>Parked sales</h3>
      {props.whyNot !== null && <p className="hint">{props.whyNot}</p>}
      <ul>
        {props.parked.map((p) => (
          <li key={p.parkedSaleId}>
            <strong>{p.label}</strong>{' '}
            <small>
              {p.sale.lines.length} {p.sale.lines.length === 1 ? 'item' : 'items'} · parked{' '}
              {props.clock.time(p.parkedAt)}
              {p.parkedBy ? ` by ${p.parkedBy}` : ''}
            </small>{' '}
            <button
              type="button"
              disabled={props.whyNot !== null}
              onClick={() => {
                props.onRecall(p);
              }}
            >
              Recall {p.label}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
