import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import { formatMoney, parseMoney } from '../desk/money';
import { useStudioTime } from '../desk/use-studio-time';
import { ErrorNote } from '../shell/error-note';
import { ReceiptPreview } from '../shell/receipt-preview';
import { PrintButton } from './sale-receipt';
import { TextField } from '../shell/text-field';
import { useDeskLocation } from './console/desk-location';
import { differenceText, DrawerCloseConfirm, type PendingClose } from './drawer-close-confirm';

const SESSION_KEY = 'studio-desk.drawer-session';

/** This desk's id when the desk reports it with its sync status. */
function deviceIdOf(sync: unknown): string | null {
  if (typeof sync !== 'object' || sync === null || !('deviceId' in sync)) return null;
  return typeof sync.deviceId === 'string' ? sync.deviceId : null;
}

/** Cents from a money field, or a refusal naming the field. */
function moneyIn(text: string, field: string): number {
  const cents = parseMoney(text);
  if (cents === null) throw new Error(`Enter the ${field} as dollars and cents, e.g. 150.00.`);
  return cents;
}

/**
 * The cash drawer of this desk: open with a counted float, pay in and out, open without a
 * sale, the X report mid-shift, and close with the count, which gives the Z report. Each
 * of float, pay in/out and count has its own field, so a figure typed for one is never
 * taken for another; a count that differs from what the drawer should hold asks first.
 */
export function DrawerScreen() {
  const desk = useDesk();
  const clock = useStudioTime();
  const deviceId = deviceIdOf(desk.sync);
  const current = useDeskQuery('drawer.current', deviceId === null ? null : { deviceId });
  const deskLocation = useDeskLocation();
  const [remembered, setRemembered] = useState(() => sessionStorage.getItem(SESSION_KEY));
  const [closedId, setClosedId] = useState<string | null>(null);
  const sessionId = deviceId !== null ? (current.data?.sessionId ?? null) : remembered;
  const [float, setFloat] = useState('');
  const [moveAmount, setMoveAmount] = useState('');
  const [reason, setReason] = useState('');
  const [counted, setCounted] = useState('');
  const [pending, setPending] = useState<PendingClose | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const mayClose = desk.hasRole('owner', 'manager');
  const xReport = useDeskQuery('receipt.xReport', sessionId === null ? null : { sessionId });
  const zReport = useDeskQuery(
    'receipt.zReport',
    closedId === null ? null : { sessionId: closedId },
  );

  /** Runs one drawer action; `done` clears the fields the action used. */
  const act = async (work: () => Promise<string | null>, done: () => void = () => undefined) => {
    setError(null);
    setMessage(null);
    setBusy(true);
    try {
      const said = await work();
      setMessage(said);
      done();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const open = (event: SyntheticEvent) => {
    event.preventDefault();
    void act(
      async () => {
        // The session records this desk's location, so its reports and the receipts of the
        // sales taken in it name that location (the desk core answers null for a location
        // since removed).
        const locationId = deskLocation.location?.locationId;
        const opened = await desk.mutate('drawer.open', {
          openingFloat: moneyIn(float, 'opening float'),
          ...(locationId === undefined ? {} : { locationId }),
        });
        sessionStorage.setItem(SESSION_KEY, opened.sessionId);
        setRemembered(opened.sessionId);
        setClosedId(null);
        return 'Drawer open.';
      },
      () => {
        setFloat('');
      },
    );
  };
  const move = (type: 'paid_in' | 'paid_out') =>
    void act(
      async () => {
        const amount = moneyIn(moveAmount, 'amount paid in or out');
        await desk.mutate('drawer.move', { type, amount, reason: reason.trim() });
        return type === 'paid_in' ? 'Cash paid in.' : 'Cash paid out.';
      },
      () => {
        setMoveAmount('');
        setReason('');
      },
    );
  /** Closes the drawer with the count; the Z report then shows. */
  const closeWith = async (countedAmount: number) => {
    const closed = await desk.mutate('drawer.close', { countedAmount });
    sessionStorage.removeItem(SESSION_KEY);
    setRemembered(null);
    setClosedId(closed.sessionId);
    setCounted('');
    setPending(null);
    const currency = xReport.data?.studio.currency ?? 'USD';
    if (closed.variance === 0) return 'Drawer closed. The count matches: no variance.';
    const difference = differenceText({
      counted: countedAmount,
      expected: countedAmount - closed.variance,
      currency,
    });
    return `Drawer closed ${difference} (variance ${formatMoney(closed.variance, currency)}).`;
  };
  const close = (event: SyntheticEvent) => {
    event.preventDefault();
    void act(async () => {
      const countedAmount = moneyIn(counted, 'counted cash');
      if (sessionId === null) throw new Error('This desk has no open drawer to close.');
      // Asked fresh: a sale rung up since the X report was drawn changes what is expected.
      const report = await desk.query('receipt.xReport', { sessionId });
      if (report.expected === countedAmount) return closeWith(countedAmount);
      setPending({
        counted: countedAmount,
        expected: report.expected,
        currency: report.studio.currency,
      });
      return null;
    });
  };
  const noSale = () =>
    void act(async () => {
      const outcome = await desk.bridge.invoke('drawer.noSale', {
        reason: reason.trim() || 'No sale',
      });
      // The no-sale is recorded either way; a drawer that stayed shut is a failure to see.
      if (!outcome.printed) {
        throw new Error(
          `The no-sale is recorded, but the drawer did not open: ${outcome.message ?? 'the printer did not answer'}`,
        );
      }
      return 'Drawer opened (no sale).';
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
          {sessionId === null ? (
            <form onSubmit={open} aria-label="Open the drawer">
              <TextField
                label="Opening float"
                inputMode="decimal"
                value={float}
                onChange={setFloat}
              />
              <p className="hint">Count the float, enter it above, and open the drawer.</p>
              <button type="submit" className="primary" disabled={busy}>
                Open drawer
              </button>
            </form>
          ) : (
            <>
              <fieldset>
                <legend>Pay in or out</legend>
                <TextField
                  label="Pay in/out amount"
                  inputMode="decimal"
                  value={moveAmount}
                  onChange={setMoveAmount}
                />
                <TextField label="Reason" value={reason} onChange={setReason} />
                <div className="row">
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => {
                      move('paid_in');
                    }}
                  >
                    Paid in
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => {
                      move('paid_out');
                    }}
                  >
                    Paid out
                  </button>
                  <button type="button" disabled={busy} onClick={noSale}>
                    No sale
                  </button>
                </div>
              </fieldset>
              {mayClose ? (
                <form onSubmit={close} aria-label="Close the drawer">
                  <fieldset>
                    <legend>Close the drawer</legend>
                    <TextField
                      label="Counted cash"
                      inputMode="decimal"
                      value={counted}
                      onChange={(text) => {
                        setCounted(text);
                        setPending(null);
                      }}
                    />
                    {pending === null ? (
                      <button type="submit" className="primary" disabled={busy}>
                        Close drawer with counted amount
                      </button>
                    ) : (
                      <DrawerCloseConfirm
                        pending={pending}
                        busy={busy}
                        onConfirm={() => void act(() => closeWith(pending.counted))}
                        onCancel={() => {
                          setPending(null);
                          setMessage('The drawer is still open. Count again, then close it.');
                        }}
                      />
                    )}
                  </fieldset>
                </form>
              ) : (
                <p className="hint">Closing the drawer needs an owner or manager.</p>
              )}
            </>
          )}
        </div>
        <div>
          {xReport.data && (
            <section aria-label="X report">
              <h3>X report (opened {clock.dateTime(xReport.data.openedAt)})</h3>
              <ReceiptPreview document={xReport.data} label="X report" />
            </section>
          )}
          {zReport.data && (
            <section aria-label="Z report">
              <h3>Z report (closed {clock.dateTime(zReport.data.closedAt)})</h3>
              <ReceiptPreview document={zReport.data} label="Z report" />
              <PrintButton
                receipt={{ kind: 'drawerReport', sessionId: zReport.data.sessionId }}
                label="Print Z report"
              />
            </section>
          )}
        </div>
      </div>
    </div>
  );
}
