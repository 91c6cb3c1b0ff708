import { useDesk, useDeskQuery } from '../desk/desk-context';
import { formatMoney } from '../desk/money';
import { ShortcutButton } from './shortcut-button';

/** Bills a customer hands over, in minor units: the next round amounts above what is due. */
const ROUND_AMOUNTS = [500, 1000, 2000, 5000, 10_000];

/**
 * The exact amount, then up to three round amounts above it that a customer is likely to
 * hand over ($20, $50 for $12.34): each a one-tap cash payment.
 */
export function quickCashAmounts(due: number): number[] {
  if (due <= 0) return [];
  // The next multiple of each bill strictly above the amount due (exact is offered first).
  const rounds = ROUND_AMOUNTS.map((step) => (Math.floor(due / step) + 1) * step);
  return [due, ...new Set(rounds)].slice(0, 4);
}

/** One-tap cash: the amount handed over is the button's, the change is shown at once. */
export function QuickCash(props: {
  readonly due: number;
  readonly currency: string;
  readonly disabled: boolean;
  readonly onCash: (handedOver: number) => void;
}) {
  const amounts = quickCashAmounts(props.due);
  return (
    <div className="row quick-cash" role="group" aria-label="Quick cash">
      {amounts.map((amount, i) => {
        const pay = () => {
          props.onCash(amount);
        };
        // The exact amount is the most common cash payment: it has its own key.
        return i === 0 ? (
          <ShortcutButton key={amount} shortcut="F8" disabled={props.disabled} onClick={pay}>
            Exact {formatMoney(amount, props.currency)}
          </ShortcutButton>
        ) : (
          <button key={amount} type="button" disabled={props.disabled} onClick={pay}>
            {formatMoney(amount, props.currency)}
          </button>
        );
      })}
    </div>
  );
}

/**
 * Why this desk cannot take cash now, or null when it can: cash goes through the drawer, so a
 * closed drawer is said before any cash is handed over (issue 17 item 2), not by the refusal
 * of the finished sale. Re-read after every change at the desk, so opening the drawer on its
 * screen lifts it.
 */
export function useCashRefusal(): string | null {
  const { sync } = useDesk();
  const deviceId = sync?.deviceId ?? null;
  const drawer = useDeskQuery('drawer.current', deviceId === null ? null : { deviceId });
  if (deviceId === null || drawer.data === undefined) return null;
  return drawer.data === null ? 'The cash drawer is closed: open it before taking cash.' : null;
}

/** The closed-drawer notice, with the way to the Cash drawer screen where the screen has one. */
export function DrawerClosedNote(props: {
  readonly reason: string;
  readonly onOpenDrawer: (() => void) | undefined;
}) {
  return (
    <p className="hint drawer-closed" role="note" aria-label="Cash drawer closed">
      Cash: {props.reason}{' '}
      {props.onOpenDrawer ? (
        <button type="button" className="link" onClick={props.onOpenDrawer}>
          Go to the Cash drawer screen
        </button>
      ) : (
        'Open it on the Cash drawer screen.'
      )}
    </p>
  );
}
