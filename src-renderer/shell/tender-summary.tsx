import type { SaleTender } from '../desk/operation-shapes';
import { formatMoney } from '../desk/money';

export const METHOD_LABELS: Record<SaleTender['method'], string> = {
  cash: 'Cash',
  gift_card: 'Gift card',
  card: 'Card',
  external: 'Other (external)',
};

/**
 * The tenders taken so far, what is left to pay and the change due. A card tender cannot be
 * removed here: the card is charged, so it stays with the sale.
 */
export function TenderSummary(props: {
  readonly tenders: readonly SaleTender[];
  readonly remaining: number;
  readonly change: number;
  readonly currency: string;
  readonly onRemove: (index: number) => void;
}) {
  const money = (minor: number) => formatMoney(minor, props.currency);
  return (
    <>
      <ul aria-label="Tenders">
        {props.tenders.map((t, i) => (
          <li key={i}>
            {METHOD_LABELS[t.method]} {money(t.amount)}
            {t.method === 'cash' && t.tendered > t.amount ? ` (given ${money(t.tendered)})` : ''}
            {t.method !== 'card' && (
              <button
                type="button"
                className="link"
                onClick={() => {
                  props.onRemove(i);
                }}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      <p aria-label="Remaining to pay">Left to pay: {money(props.remaining)}</p>
      {props.change > 0 && (
        <p className="change" role="status" aria-label="Change due">
          Change due: {money(props.change)}
        </p>
      )}
    </>
  );
}
