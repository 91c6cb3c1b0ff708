import { useState } from 'react';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import { formatDateTime, formatMoney } from '../desk/money';
import { ErrorNote } from '../shell/error-note';
import { ReceiptPreview } from '../shell/receipt-preview';
import { PrintButton } from './sale-receipt';
import { TextField } from '../shell/text-field';

/**
 * Recent sales for reprints, refunds and voids. Giving money back is an owner or manager
 * task: other staff see why the buttons are missing (the desk refuses them anyway).
 */
export function RecentSales() {
  const desk = useDesk();
  const [receiptNumber, setReceiptNumber] = useState('');
  const orders = useDeskQuery(
    'pos.orders',
    receiptNumber.trim() === ''
      ? { limit: 10 }
      : { receiptNumber: receiptNumber.trim(), limit: 10 },
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [refundTo, setRefundTo] = useState<'cash' | 'gift_card'>('cash');
  const [error, setError] = useState<unknown>(null);
  const [refundId, setRefundId] = useState<string | null>(null);
  const mayRefund = desk.hasRole('owner', 'manager');
  const order = orders.data?.find((o) => o.orderId === chosen);

  const giveBack = async (kind: 'refund' | 'void') => {
    if (!order) return;
    setError(null);
    try {
      const result =
        kind === 'void'
          ? await desk.mutate('pos.void', { orderId: order.orderId, reason: reason.trim() })
          : await desk.mutate('pos.refund', {
              orderId: order.orderId,
              reason: reason.trim(),
              tenders: [{ method: refundTo, amount: order.total }],
            });
      setRefundId(result.refundId);
      setReason('');
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
              }}
            >
              {o.receiptNumber} · {formatMoney(o.total)} · {o.status}
            </button>
            <small>
              {' '}
              {formatDateTime(o.at)}
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
          ) : order.status === 'completed' ? (
            <>
              <TextField label="Reason" value={reason} onChange={setReason} />
              <label>
                Refund to
                <select
                  value={refundTo}
                  onChange={(e) => {
                    setRefundTo(e.target.value === 'gift_card' ? 'gift_card' : 'cash');
                  }}
                >
                  <option value="cash">Cash</option>
                  <option value="gift_card">Store credit (new gift card)</option>
                </select>
              </label>
              <div className="row">
                <button
                  type="button"
                  disabled={reason.trim().length < 3}
                  onClick={() => void giveBack('refund')}
                >
                  Refund whole sale
                </button>
                <button
                  type="button"
                  disabled={reason.trim().length < 3}
                  onClick={() => void giveBack('void')}
                >
                  Void sale
                </button>
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
