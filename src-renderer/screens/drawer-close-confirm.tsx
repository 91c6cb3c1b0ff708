import { formatMoney } from '../desk/money';

/** A count that differs from what the drawer should hold, waiting for a yes before closing. */
export interface PendingClose {
  readonly counted: number;
  readonly expected: number;
  readonly currency: string;
}

/** "$39.00 short", "$5.00 over": the difference as staff say it. */
export function differenceText(pending: PendingClose): string {
  const variance = pending.counted - pending.expected;
  const amount = formatMoney(Math.abs(variance), pending.currency);
  return variance < 0 ? `${amount} short` : `${amount} over`;
}

/**
 * Asks before a drawer is closed over or short: the Z report fixes the variance for good, and
 * a miscount (a $20 note stuck in the tray) is cheaper to find before than after. Cancel
 * leaves the drawer open and the count in its field to check again.
 */
export function DrawerCloseConfirm(props: {
  readonly pending: PendingClose;
  readonly busy: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  const { pending } = props;
  const difference = differenceText(pending);
  return (
    <div role="alertdialog" aria-label="Confirm drawer close" className="confirm">
      <p>
        Counted {formatMoney(pending.counted, pending.currency)}, expected{' '}
        {formatMoney(pending.expected, pending.currency)}: the drawer is{' '}
        <strong>{difference}</strong>. Count again, or close it with the difference on the Z report?
      </p>
      <div className="row">
        <button type="button" className="danger" disabled={props.busy} onClick={props.onConfirm}>
          Close drawer {difference}
        </button>
        <button type="button" disabled={props.busy} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
