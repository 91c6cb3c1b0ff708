import { useState } from 'react';
import { refundPart } from '../../src-shared/mutations/front-desk/sale-pricing';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import { formatMoney } from '../desk/money';
import { useStudioTime } from '../desk/use-studio-time';
import { ErrorNote } from '../shell/error-note';
import { ReceiptPreview } from '../shell/receipt-preview';
import { PrintButton } from './sale-receipt';
import { TextField } from '../shell/text-field';
import {
  CASH_REFUND,
  RefundToChoice,
  refundTenders,
  type RefundChoice,
} from './refund-to-card-choice';
import type { QueryResult } from '../../src-shared/bridge/desk-operations';

type RecentOrder = QueryResult<'pos.orders'>[number];

/** What giving back `quantities` (by order item) costs, worked out as the desk's refund does. */
function refundAmount(order: RecentOrder, quantities: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const item of order.items) {
    const quantity = quantities.get(item.orderItemId) ?? 0;
    if (quantity > 0) total += refundPart(item, item.refundedQuantity, quantity).total;
  }
  return total;
}

/**
 * Recent sales for reprints, refunds and voids. Giving money back is an owner or manager
 * task: other staff see why the buttons are missing (the desk refuses them anyway).
 */
export function RecentSales() {
  const desk = useDesk();
  // The studio's wall clock, not the computer's: a sale at 6:05 AM in Denver reads 6:05 AM.
  const clock = useStudioTime();
  const [receiptNumber, setReceiptNumber] = useState('');
  const orders = useDeskQuery(
    'pos.orders',
    receiptNumber.trim() === ''
      ? { limit: 10 }
      : { receiptNumber: receiptNumber.trim(), limit: 10 },
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [refundTo, setRefundTo] = useState<RefundChoice>(CASH_REFUND);
  const [error, setError] = useState<unknown>(null);
  const [refundId, setRefundId] = useState<string | null>(null);
  const mayRefund = desk.hasRole('owner', 'manager');
  /** Units to give back per order item, for a refund of some lines only. */
  const [quantities, setQuantities] = useState<ReadonlyMap<string, number>>(new Map());
  const order = orders.data?.find((o) => o.orderId === chosen);
  const refundable = order?.status === 'completed' || order?.status === 'partially_refunded';
  const remaining = new Map(
    (order?.items ?? []).map((i) => [i.orderItemId, i.quantity - i.refundedQuantity]),
  );
  const chosenLines = [...quantities].filter(([, q]) => q > 0);
  const partAmount = order ? refundAmount(order, quantities) : null;
  const restAmount = order ? refundAmount(order, remaining) : null;

  const giveBack = async (kind: 'refund' | 'void' | 'lines') => {
    if (!order) return;
    setError(null);
    try {
      let result: { refundId: string };
      if (kind === 'void') {
        result = await desk.mutate('pos.void', { orderId: order.orderId, reason: reason.trim() });
      } else {
        // A whole completed sale gives back its total; otherwise the lines' share of it.
        const amount =
          kind === 'refund'
            ? order.status === 'completed'
              ? order.total
              : restAmount
            : partAmount;
        if (amount === null) throw new Error('The sale is still loading; try again in a moment.');
        result = await desk.mutate('pos.refund', {
          orderId: order.orderId,
          reason: reason.trim(),
          ...(kind === 'lines'
            ? { lines: chosenLines.map(([orderItemId, quantity]) => ({ orderItemId, quantity })) }
            : {}),
          tenders: refundTenders(order.cardPayments, refundTo, amount),
        });
      }
      setRefundId(result.refundId);
      setReason('');
      setQuantities(new Map());
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <aside className="recent-sales" aria-label="Recent sales">
      <h2>Recent sales</h2>
      <TextField
        label="Receipt number"
        placeholder="R-XXXX-XXXX"
        value={receiptNumber}
        onChange={setReceiptNumber}
      />
      <ErrorNote error={orders.error} />
      <ul>
        {orders.data?.map((o) => (
          <li key={o.orderId}>
            <button
              type="button"
              className="link"
              aria-pressed={chosen === o.orderId}
              onClick={() => {
                setChosen(o.orderId);
                setRefundId(null);
                setQuantities(new Map());
                setRefundTo(CASH_REFUND);
              }}
            >
              {o.receiptNumber} · {formatMoney(o.total)} · {o.status}
            </button>
            <small>
              {' '}
              {clock.dateTime(o.at)}
              {o.memberName ? ` · ${o.memberName}` : ''}
            </small>
          </li>
        ))}
      </ul>
      {order && (
        <div className="order-actions">
          <ul>
            {order.items.map((i) => (
              <li key={i.orderItemId}>
                {i.quantity} × {i.description} {formatMoney(i.total)}
                {i.refundedQuantity > 0 ? ` (${i.refundedQuantity} refunded)` : ''}
              </li>
            ))}
          </ul>
          <PrintButton receipt={{ kind: 'order', orderId: order.orderId }} />
          {!mayRefund ? (
            <p className="hint">Refunds and voids need an owner or manager: ask one to sign in.</p>
          ) : refundable ? (
            <>
              <fieldset className="refund-lines">
                <legend>Refund some lines</legend>
                {order.items
                  .filter((i) => i.quantity > i.refundedQuantity)
                  .map((i) => (
                    <TextField
                      key={i.orderItemId}
                      label={`Refund quantity of ${i.description}`}
                      type="number"
                      min={0}
                      max={i.quantity - i.refundedQuantity}
                      step={1}
                      value={String(quantities.get(i.orderItemId) ?? 0)}
                      onChange={(text) => {
                        const most = i.quantity - i.refundedQuantity;
                        const n = Math.min(Math.max(Math.trunc(Number(text) || 0), 0), most);
                        setQuantities((q) => new Map(q).set(i.orderItemId, n));
                      }}
                    />
                  ))}
                {chosenLines.length > 0 && (
                  <p aria-label="Refund amount">
                    To give back: {partAmount === null ? '…' : formatMoney(partAmount)}
                  </p>
                )}
              </fieldset>
              <TextField label="Reason" value={reason} onChange={setReason} />
              <RefundToChoice
                cards={order.cardPayments}
                due={
                  chosenLines.length > 0
                    ? partAmount
                    : order.status === 'completed'
                      ? order.total
                      : restAmount
                }
                value={refundTo}
                onChange={setRefundTo}
              />
              <div className="row">
                <button
                  type="button"
                  disabled={
                    reason.trim().length < 3 || chosenLines.length === 0 || partAmount === null
                  }
                  onClick={() => void giveBack('lines')}
                >
                  Refund chosen lines
                </button>
                <button
                  type="button"
                  disabled={reason.trim().length < 3}
                  onClick={() => void giveBack('refund')}
                >
                  {order.status === 'completed' ? 'Refund whole sale' : 'Refund the rest'}
                </button>
                {order.status === 'completed' && (
                  <button
                    type="button"
                    disabled={reason.trim().length < 3}
                    onClick={() => void giveBack('void')}
                  >
                    Void sale
                  </button>
                )}
              </div>
            </>
          ) : (
            <p className="hint">This sale is {order.status}: nothing more to give back.</p>
          )}
          <ErrorNote error={error} />
          {refundId && <RefundReceipt refundId={refundId} />}
        </div>
      )}
    </aside>
  );
}

function RefundReceipt({ refundId }: { readonly refundId: string }) {
  const receipt = useDeskQuery('receipt.forRefund', { refundId });
  return (
    <div>
      <ErrorNote error={receipt.error} />
      {receipt.data && <ReceiptPreview document={receipt.data} label="Refund receipt" />}
      <PrintButton receipt={{ kind: 'refund', refundId }} />
    </div>
  );
}
