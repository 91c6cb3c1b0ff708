import { useDesk, useDeskQuery } from '../desk/desk-context';
import { formatMoney } from '../desk/money';
import type { SaleTender } from '../desk/operation-shapes';
import { ErrorNote } from '../shell/error-note';
import { TenderPanel } from '../shell/tender-panel';
import { bookableWhen, type BookableClass } from './book-ahead-classes';

/** The class a drop-in is sold for. */
export type DropInClass = Pick<BookableClass, 'classId' | 'title' | 'startTime' | 'timeZone'>;

/**
 * A drop-in sold for a class ahead of the day, as Today's drop-in is sold (a `drop_in` line
 * of `pos.sale` books the place, priced with tax by `pos.quote`), but without the check-in:
 * the member comes on the day and checks in then. Sold to a waitlisted member, it gives them
 * a free place (the roster's Promote).
 */
export function BookAheadDropIn(props: {
  readonly memberId: string;
  readonly klass: DropInClass;
  readonly price: number;
  readonly submitLabel: string;
  readonly onSold: (receiptNumber: string) => void;
  readonly onTendering: (tendering: boolean) => void;
}) {
  const desk = useDesk();
  const { klass } = props;
  const line = { kind: 'drop_in' as const, classId: klass.classId, unitPrice: props.price };
  const quote = useDeskQuery('pos.quote', { lines: [line] });
  const currency = quote.data?.currency ?? 'USD';

  const sell = async (tenders: SaleTender[]) => {
    if (!quote.data) throw new Error('The drop-in is still being priced; try again in a moment.');
    const sale = await desk.mutate('pos.sale', {
      memberId: props.memberId,
      lines: [line],
      tenders,
    });
    if (sale.bookingIds.length === 0) throw new Error('The drop-in sale booked no place.');
    props.onSold(sale.receiptNumber);
  };

  return (
    <section aria-label="Drop-in sale">
      <p>
        Drop-in for {klass.title}, {bookableWhen(klass)}: {formatMoney(props.price, currency)}{' '}
        before tax.
      </p>
      <ErrorNote error={quote.error} />
      <TenderPanel
        total={quote.data?.total ?? 0}
        currency={currency}
        disabled={!quote.data}
        submitLabel={props.submitLabel}
        onSubmit={sell}
        onTenderingChange={props.onTendering}
      />
    </section>
  );
}
