import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import { formatDateTime, formatMoney, parseMoney } from '../desk/money';
import { ErrorNote } from '../shell/error-note';
import { ReceiptPreview } from '../shell/receipt-preview';
import { PrintButton } from './sale-receipt';
import { TextField } from '../shell/text-field';

const SESSION_KEY = 'studio-desk.drawer-session';

/** This desk's id when the desk reports it with its sync status. */
function deviceIdOf(sync: unknown): string | null {
  if (typeof sync !== 'object' || sync === null || !('deviceId' in sync)) return null;
  return typeof sync.deviceId === 'string' ? sync.deviceId : null;
}

/**
 * The cash drawer of this desk: open with a counted float, pay in and out, open without a
 * sale, the X report mid-shift, and close with the count, which gives the Z report.
 */
export function DrawerScreen() {
  const desk = useDesk();
  const deviceId = deviceIdOf(desk.sync);
  const current = useDeskQuery('drawer.current', deviceId === null ? null : { deviceId });
  const [remembered, setRemembered] = useState(() => sessionStorage.getItem(SESSION_KEY));
  const [closedId, setClosedId] = useState<string | null>(null);
  const sessionId = deviceId !== null ? (current.data?.sessionId ?? null) : remembered;
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const mayClose = desk.hasRole('owner', 'manager');
  const xReport = useDeskQuery('receipt.xReport', sessionId === null ? null : { sessionId });
  const zReport = useDeskQuery(
    'receipt.zReport',
    closedId === null ? null : { sessionId: closedId },
  );

  const money = (): number => {
    const cents = parseMoney(amount);
    if (cents === null) throw new Error('Enter the amount as dollars and cents, e.g. 150.00.');
    return cents;
  };
  const act = async (work: () => Promise<string>) => {
    setError(null);
    setMessage(null);
    try {
      setMessage(await work());
      setAmount('');
      setReason('');
    } catch (failure) {
      setError(failure);
    }
  };
  const open = (event: SyntheticEvent) => {
    event.preventDefault();
    void act(async () => {
      const opened = await desk.mutate('drawer.open', { openingFloat: money() });
      sessionStorage.setItem(SESSION_KEY, opened.sessionId);
      setRemembered(opened.sessionId);
      setClosedId(null);
      return 'Drawer open.';
    });
  };
  const move = (type: 'paid_in' | 'paid_out') =>
    void act(async () => {
      await desk.mutate('drawer.move', { type, amount: money(), reason: reason.trim() });
      return type === 'paid_in' ? 'Cash paid in.' : 'Cash paid out.';
    });
  const close = () =>
    void act(async () => {
      const closed = await desk.mutate('drawer.close', { countedAmount: money() });
      sessionStorage.removeItem(SESSION_KEY);
      setRemembered(null);
      setClosedId(closed.sessionId);
      return `Drawer closed. Variance ${formatMoney(closed.variance)}.`;
    });
  const noSale = () =>
    void act(async () => {
      const outcome = await desk.bridge.invoke('drawer.noSale', {
        reason: reason.trim() || 'No sale',
      });
      return outcome.printed
        ? 'Drawer opened (no sale).'
        : `No sale recorded; the drawer did not open: ${outcome.message ?? ''}`;
    });

  return (
    <div className="drawer">
      <h2>Cash drawer</h2>
      <ErrorNote error={error ?? current.error} />
      {message && (
        <p className="result ok" role="status">
          {message}
        </p>
      )}
      <div className="columns">
        <div className="card">
          <TextField label="Amount" inputMode="decimal" value={amount} onChange={setAmount} />
          {sessionId === null ? (
            <form onSubmit={open}>
              <p className="hint">Count the float, enter it above, and open the drawer.</p>
              <button type="submit" className="primary">
                Open drawer
              </button>
            </form>
          ) : (
            <>
              <TextField label="Reason" value={reason} onChange={setReason} />
              <div className="row">
                <button
                  type="button"
                  onClick={() => {
                    move('paid_in');
                  }}
                >
                  Paid in
                </button>
                <button
                  type="button"
                  onClick={() => {
                    move('paid_out');
                  }}
                >
                  Paid out
                </button>
                <button type="button" onClick={noSale}>
                  No sale
                </button>
              </div>
              {mayClose ? (
                <button type="button" className="primary" onClick={close}>
                  Close drawer with counted amount
                </button>
              ) : (
                <p className="hint">Closing the drawer needs an owner or manager.</p>
              )}
            </>
          )}
        </div>
        <div>
          {xReport.data && (
            <section aria-label="X report">
              <h3>X report (opened {formatDateTime(xReport.data.openedAt)})</h3>
              <ReceiptPreview document={xReport.data} label="X report" />
            </section>
          )}
          {zReport.data && (
            <section aria-label="Z report">
              <h3>Z report</h3>
              <ReceiptPreview document={zReport.data} label="Z report" />
              <PrintButton receipt={{ kind: 'drawerReport', sessionId: zReport.data.sessionId }} />
            </section>
          )}
        </div>
      </div>
    </div>
  );
}
