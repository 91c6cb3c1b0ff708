import { useEffect, useState } from 'react';
import { useDesk } from '../desk/desk-context';
import { formatMoney } from '../desk/money';
import type { RosterEntry } from '../desk/operation-shapes';

/** Now, moved on every half minute: a class that starts while the roster is open shows it. */
export function useTickingNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, everyMs);
    return () => {
      clearInterval(timer);
    };
  }, [everyMs]);
  return now;
}

/** What marking a no-show costs, said before staff confirm it. */
function noShowCost(entry: RosterEntry, noShowFee: number, currency: string): string {
  if (noShowFee <= 0) return 'The studio charges no no-show fee.';
  // A free place owes no fee (R15.1).
  if (entry.paidBy === 'free') return 'The place was free, so no fee is owed.';
  return `A no-show fee of ${formatMoney(noShowFee, currency)} will be owed.`;
}

/**
 * "No-show" for a booked member who has not checked in once the class has started: asks
 * first, saying the fee, then marks it (`booking.noShow`) and tells what is owed.
 */
export function RosterNoShow(props: {
  readonly entry: RosterEntry;
  readonly noShowFee: number;
  readonly currency: string;
  readonly onDone: (text: string) => void;
  readonly onError: (error: unknown) => void;
}) {
  const desk = useDesk();
  const { entry } = props;
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  const mark = async () => {
    setBusy(true);
    try {
      const result = await desk.mutate('booking.noShow', { bookingId: entry.bookingId });
      setAsking(false);
      props.onDone(
        result.fee
          ? `${entry.name} is marked a no-show: a fee of ${formatMoney(result.fee.amount, props.currency)} is owed.`
          : `${entry.name} is marked a no-show; no fee is owed.`,
      );
    } catch (failure) {
      props.onError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (!asking) {
    return (
      <button
        type="button"
        aria-label={`No-show ${entry.name}`}
        onClick={() => {
          setAsking(true);
        }}
      >
        No-show
      </button>
    );
  }
  return (
    <span
      role="alertdialog"
      aria-label={`Mark ${entry.name} a no-show?`}
      className="confirm-inline"
    >
      Mark {entry.name} a no-show? {noShowCost(entry, props.noShowFee, props.currency)}{' '}
      <button type="button" className="danger" disabled={busy} onClick={() => void mark()}>
        Yes, no-show
      </button>{' '}
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setAsking(false);
        }}
      >
        Keep
      </button>
    </span>
  );
}
