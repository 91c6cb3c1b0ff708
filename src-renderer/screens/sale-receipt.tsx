import { useState } from 'react';
import type { PrintableReceipt } from '../../src-shared/bridge/desk-methods';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import { formatMoney } from '../desk/money';
import { ErrorNote } from '../shell/error-note';
import { ReceiptPreview } from '../shell/receipt-preview';

/** Prints a receipt; a printer that fails is reported, and the sale stands regardless. */
export function PrintButton({
  receipt,
  label = 'Print receipt',
}: {
  readonly receipt: PrintableReceipt;
  /** What the button prints, e.g. "Print Z report"; a receipt by default. */
  readonly label?: string;
}) {
  const { bridge } = useDesk();
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  return (
    <span className="print">
      <button
        type="button"
        onClick={() => {
          setError(null);
          setOutcome('Printing…');
          bridge.invoke('printer.print', { receipt }).then(
            (r) => {
              setOutcome(
                r.printed
                  ? 'Printed.'
                  : `Not printed: ${r.message ?? 'unknown reason'}. The sale is saved; reprint later.`,
              );
            },
            (failure: unknown) => {
              setOutcome(null);
              setError(failure);
            },
          );
        }}
      >
        {label}
      </button>
      {outcome && <span role="status">{outcome}</span>}
      <ErrorNote error={error} />
    </span>
  );
}

/** After a sale: change due, the receipt preview, print, and on to the next customer. */
export function SaleReceipt(props: {
  readonly orderId: string;
  readonly changeDue: number;
  readonly currency: string;
  readonly onNewSale: () => void;
}) {
  const receipt = useDeskQuery('receipt.forOrder', { orderId: props.orderId });
  return (
    <section className="sale-done" aria-label="Sale complete">
      <h2>Sale complete</h2>
      {props.changeDue > 0 && (
        <p className="change" role="status">
          Give change: {formatMoney(props.changeDue, props.currency)}
        </p>
      )}
      <ErrorNote error={receipt.error} />
      {receipt.data && <ReceiptPreview document={receipt.data} />}
      <div className="row">
        <PrintButton receipt={{ kind: 'order', orderId: props.orderId }} />
        <button type="button" className="primary" onClick={props.onNewSale}>
          New sale
        </button>
      </div>
    </section>
  );
}
