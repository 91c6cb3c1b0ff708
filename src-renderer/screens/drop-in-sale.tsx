import { useMemo, useState } from 'react';
import type { CheckInTarget } from '../desk/check-in';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import type { SaleTender } from '../desk/operation-shapes';
import { formatMoney } from '../desk/money';
import { ErrorNote } from '../shell/error-note';
import { ModalDialog } from '../shell/modal-dialog';
import { TenderPanel } from '../shell/tender-panel';
import { studioClock } from '../desk/studio-time';

/** What came of the drop-in: the sale's receipt, and whether the check-in went through. */
export interface DropInDone {
  readonly receiptNumber: string;
  readonly checkInError: unknown;
}

/**
 * Sells a member a drop-in for one class and checks them in: the price is the class's
 * drop-in price (`booking.options`), priced with tax by `pos.quote`, paid through the
 * usual tender panel. The `drop_in` sale line books the place; the booking it returns is
 * then checked in. If only the check-in fails the sale stands, and staff check the member
 * in from the roster once the reason (say, a waiver) is dealt with.
 */
export function DropInSale(props: {
  readonly target: CheckInTarget;
  readonly waiverOverrideReason?: string;
  readonly onDone: (done: DropInDone) => void;
  readonly onCancel: () => void;
}) {
  const desk = useDesk();
  const { target } = props;
  // Judged when the dialog opened, so the read is not re-run every render.
  const at = useMemo(() => new Date().toISOString(), []);
  const options = useDeskQuery('booking.options', {
    memberId: target.memberId,
    classId: target.classId,
    at,
  });
  const dropIn = options.data?.options.find((o) => o.method === 'drop_in');
  const price = dropIn?.method === 'drop_in' ? dropIn.price : null;
  const quote = useDeskQuery(
    'pos.quote',
    price === null
      ? null
      : { lines: [{ kind: 'drop_in', classId: target.classId, unitPrice: price }] },
  );
  const currency = quote.data?.currency ?? 'USD';
  const [tendering, setTendering] = useState(false);

  const sell = async (tenders: SaleTender[]) => {
    if (price === null || !quote.data) {
      throw new Error('The drop-in is still being priced; try again in a moment.');
    }
    const sale = await desk.mutate('pos.sale', {
      memberId: target.memberId,
      lines: [{ kind: 'drop_in', classId: target.classId, unitPrice: price }],
      tenders,
    });
    const [bookingId] = sale.bookingIds;
    let checkInError: unknown = null;
    try {
      if (bookingId === undefined) throw new Error('The drop-in sale booked no place.');
      await desk.mutate('booking.checkIn', {
        bookingId,
        ...(props.waiverOverrideReason === undefined
          ? {}
          : { waiverOverrideReason: props.waiverOverrideReason }),
      });
    } catch (failure) {
      checkInError = failure;
    }
    props.onDone({ receiptNumber: sale.receiptNumber, checkInError });
  };

  return (
    <ModalDialog
      className="drop-in-sale"
      label={`Drop-in for ${target.memberName}`}
      canClose={!tendering}
      onClose={props.onCancel}
    >
      <h2>
        Drop-in: {target.memberName} for {target.classTitle},{' '}
        {studioClock(target.timeZone).dateTime(target.classStart)}
      </h2>
      <ErrorNote error={options.error ?? quote.error} />
      {options.data?.full === true && (
        <p className="result warn" role="alert">
          {target.classTitle} is full: a drop-in cannot be sold for it.
        </p>
      )}
      {price !== null && <p>Drop-in price {formatMoney(price, currency)}</p>}
      <TenderPanel
        total={quote.data?.total ?? 0}
        currency={currency}
        disabled={!quote.data || options.data?.full !== false}
        submitLabel="Sell drop-in and check in"
        onSubmit={sell}
        onTenderingChange={setTendering}
      />
      <button type="button" disabled={tendering} onClick={props.onCancel}>
        Cancel
      </button>
    </ModalDialog>
  );
}
