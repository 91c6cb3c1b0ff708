import { useState, type ReactNode } from 'react';
import { useDeskQuery } from '../desk/desk-context';
import type { BookingOption, BookingPaidBy } from '../desk/operation-shapes';
import { useStudioTime } from '../desk/use-studio-time';
import { ErrorNote } from '../shell/error-note';
import { ModalDialog } from '../shell/modal-dialog';
import { BookAheadDropIn, type DropInClass } from './book-ahead-drop-in';
import { paidByOf, PaymentChoices, usePaymentChoice } from './book-ahead-payment';

/**
 * Asks how a waitlist place is paid: when a member joins a full class's waitlist (Today) and
 * when a waitlisted member is given a freed place (the roster). The choices are the member's
 * own (`booking.options`: membership, pack credit) or free. A drop-in is a sale of a free
 * place: offered only with `dropIn` (a promotion), and sold here with the tender panel.
 */
export function WaitlistPaymentDialog(props: {
  readonly title: string;
  readonly intro: ReactNode;
  readonly memberId: string;
  readonly classId: string;
  readonly submitLabel: string;
  readonly onSubmit: (paidBy: BookingPaidBy, option: BookingOption) => Promise<void>;
  readonly onClose: () => void;
  /** Offer a drop-in sale for the class (a free place), and what to do once it is sold. */
  readonly dropIn?: {
    readonly klass: DropInClass;
    readonly onSold: (receiptNumber: string) => void;
  };
}) {
  const clock = useStudioTime();
  const settings = useDeskQuery('studio.settings', {});
  const payment = usePaymentChoice(props.memberId, props.classId, props.dropIn !== undefined);
  const [selling, setSelling] = useState<{ readonly price: number } | null>(null);
  const [tendering, setTendering] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    const option = payment.chosen;
    if (option?.method === 'drop_in') {
      setSelling({ price: option.price });
      return;
    }
    const paidBy = option ? paidByOf(option) : null;
    if (!option || !paidBy) return;
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(paidBy, option);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const { dropIn } = props;
  if (dropIn && selling) {
    return (
      <ModalDialog label={props.title} canClose={!tendering} onClose={props.onClose}>
        <h2>{props.title}</h2>
        <BookAheadDropIn
          memberId={props.memberId}
          klass={dropIn.klass}
          price={selling.price}
          submitLabel="Sell drop-in and promote"
          onTendering={setTendering}
          onSold={dropIn.onSold}
        />
        <button
          type="button"
          disabled={tendering}
          onClick={() => {
            setSelling(null);
          }}
        >
          Back
        </button>
      </ModalDialog>
    );
  }
  return (
    <ModalDialog label={props.title} canClose={!busy} onClose={props.onClose}>
      <h2>{props.title}</h2>
      <p>{props.intro}</p>
      <ErrorNote error={payment.options.error} />
      {payment.options.loading && payment.choices.length === 0 && (
        <p className="hint">Reading how they can pay…</p>
      )}
      <PaymentChoices
        legend="Pay with"
        state={payment}
        currency={settings.data?.currency ?? 'USD'}
        clock={clock}
        disabled={busy}
      />
      <ErrorNote error={error} />
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={busy || !payment.chosen}
          onClick={() => void submit()}
        >
          {payment.chosen?.method === 'drop_in' ? 'Sell drop-in' : props.submitLabel}
        </button>
        <button type="button" disabled={busy} onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}
