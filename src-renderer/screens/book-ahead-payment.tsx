import { useId, useMemo, useState } from 'react';
import { useDeskQuery, type QueryState } from '../desk/desk-context';
import { formatMoney } from '../desk/money';
import { bookingPaymentLabel } from '../desk/status-labels';
import type { BookingOption, BookingOptions, BookingPaidBy } from '../desk/operation-shapes';
import type { StudioClock } from '../desk/studio-time';

/** A choice's key in the radio group: stable while the options are re-read. */
export function choiceKey(option: BookingOption): string {
  switch (option.method) {
    case 'subscription':
      return `subscription:${option.subscriptionId}`;
    case 'pack':
      return `pack:${option.packId}`;
    case 'drop_in':
      return 'drop_in';
    case 'free':
      return 'free';
  }
}

/** A choice as staff read it: "Class pack, 4 credits left, expires Fri, Jan 8, 2027". */
export function choiceLabel(option: BookingOption, currency: string, clock: StudioClock): string {
  switch (option.method) {
    case 'subscription':
      return `Membership (this period ends ${clock.date(option.until)})`;
    case 'pack': {
      const credits = `${option.remainingCredits} credit${option.remainingCredits === 1 ? '' : 's'} left`;
      return `Class pack, ${credits}${option.expiresAt ? `, expires ${clock.date(option.expiresAt)}` : ''}`;
    }
    case 'drop_in':
      return `Drop-in, ${formatMoney(option.price, currency)}, sold now`;
    case 'free':
      return 'Free';
  }
}

/**
 * How the booking is recorded as paid; null for a drop-in, which is a sale instead. A free
 * place carries staff's reason when the screen asked for one (booking ahead does).
 */
export function paidByOf(option: BookingOption, freeReason?: string): BookingPaidBy | null {
  switch (option.method) {
    case 'subscription':
      return { method: 'subscription', subscriptionId: option.subscriptionId };
    case 'pack':
      return { method: 'pack', packId: option.packId };
    case 'drop_in':
      return null;
    case 'free': {
      const reason = freeReason?.trim();
      return reason ? { method: 'free', reason } : { method: 'free' };
    }
  }
}

/** The word for a payment in a sentence: "paid by pack credit". */
export function paymentWords(option: BookingOption): string {
  switch (option.method) {
    case 'subscription':
      return 'membership';
    case 'pack':
      return 'pack credit';
    case 'drop_in':
      return 'drop-in';
    case 'free':
      return 'free';
  }
}

/**
 * A booking's payment as staff read it in a roster or a member's bookings: "Free — make-up
 * class" when staff gave a reason (issue 18), else the payment's word ("Pack credit").
 */
export function bookedPaymentLabel(paidBy: string | null, freeReason: string | null): string {
  if (paidBy === 'free' && freeReason !== null) return `Free — ${freeReason}`;
  return bookingPaymentLabel(paidBy);
}

export interface PaymentChoiceState {
  readonly options: QueryState<BookingOptions>;
  /** The choices offered: without a drop-in where none can be sold (a waitlist, a promotion). */
  readonly choices: readonly BookingOption[];
  /** The chosen one: staff's pick, else the studio's preferred way. */
  readonly chosen: BookingOption | undefined;
  readonly choose: (key: string) => void;
}

/**
 * The ways a member can pay for a class (`booking.options`, read as of when the dialog
 * opened, as the booking is judged) and staff's pick among them, preselecting the first.
 */
export function usePaymentChoice(
  memberId: string,
  classId: string | null,
  allowDropIn: boolean,
): PaymentChoiceState {
  const at = useMemo(() => new Date().toISOString(), []);
  const options = useDeskQuery(
    'booking.options',
    classId === null ? null : { memberId, classId, at },
  );
  const [picked, setPicked] = useState<string | null>(null);
  // A class with no free place cannot be sold a drop-in: it is waitlist or nothing.
  const dropIn = allowDropIn && options.data?.full === false;
  const current = options.data?.classId === classId ? options.data : undefined;
  const choices = (current?.options ?? []).filter((o) => dropIn || o.method !== 'drop_in');
  const chosen = choices.find((o) => choiceKey(o) === picked) ?? choices[0];
  return { options, choices, chosen, choose: setPicked };
}

/** The payment choices as one radio group, the chosen one checked. */
export function PaymentChoices(props: {
  readonly legend: string;
  readonly state: PaymentChoiceState;
  readonly currency: string;
  readonly clock: StudioClock;
  readonly disabled?: boolean;
}) {
  const name = useId();
  const { choices, chosen, choose } = props.state;
  if (choices.length === 0) return null;
  return (
    <fieldset className="payment-choices">
      <legend>{props.legend}</legend>
      {choices.map((option) => {
        const key = choiceKey(option);
        return (
          <label key={key} className="inline">
            <input
              type="radio"
              name={name}
              value={key}
              checked={chosen !== undefined && choiceKey(chosen) === key}
              disabled={props.disabled}
              onChange={() => {
                choose(key);
              }}
            />
            {choiceLabel(option, props.currency, props.clock)}
          </label>
        );
      })}
    </fieldset>
  );
}
