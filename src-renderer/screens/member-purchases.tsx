import { useDeskQuery } from '../desk/desk-context';
import { formatMoney } from '../desk/money';
import { useStudioTime } from '../desk/use-studio-time';
import { ErrorNote } from '../shell/error-note';

/** How a tender reads on the profile. */
const METHOD_LABEL: Readonly<Record<string, string>> = {
  cash: 'cash',
  card: 'card',
  gift_card: 'gift card',
  external: 'other',
};

/** How an order's status reads on the profile; a completed sale says nothing more. */
const STATUS_LABEL: Readonly<Record<string, string>> = {
  completed: '',
  open: 'open',
  partially_refunded: 'partly refunded',
  refunded: 'refunded',
  voided: 'voided',
};

/**
 * A member's purchase history (issue 17): each sale newest first, in the studio's time,
 * with its lines, what paid it and what refunds gave back.
 */
export function MemberPurchases(props: { readonly memberId: string }) {
  const clock = useStudioTime();
  const purchases = useDeskQuery('member.purchases', { memberId: props.memberId, limit: 25 });
  const orders = purchases.data ?? [];
  return (
    <section aria-label="Purchases">
      <h3>Purchases</h3>
      <ErrorNote error={purchases.error} />
      {purchases.data && orders.length === 0 && <p className="hint">No purchases yet.</p>}
      <ul className="purchases">
        {orders.map((o) => {
          const status = STATUS_LABEL[o.status] ?? o.status;
          return (
            <li key={o.orderId} aria-label={`Sale ${o.receiptNumber ?? ''}`.trim()}>
              <strong>
                {clock.dateTime(o.at)} · {o.receiptNumber ?? 'no receipt number'} ·{' '}
                {formatMoney(o.total)}
                {status === '' ? '' : ` · ${status}`}
              </strong>
              <ul>
                {o.lines.map((l) => (
                  <li key={l.orderItemId}>
                    {l.quantity} × {l.description} — {formatMoney(l.total)}
                    {l.refundedQuantity > 0 ? ` (${l.refundedQuantity} refunded)` : ''}
                  </li>
                ))}
              </ul>
              <small>
                Paid{' '}
                {o.tenders
                  .map((t) => `${formatMoney(t.amount)} ${METHOD_LABEL[t.method] ?? t.method}`)
                  .join(', ') || 'nothing'}
                {o.refunds.map((r) => (
                  <span key={r.paymentId}>
                    {' '}
                    · refunded {formatMoney(r.amount)} {METHOD_LABEL[r.method] ?? r.method}{' '}
                    {clock.dateTime(r.at)}
                  </span>
                ))}
              </small>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
