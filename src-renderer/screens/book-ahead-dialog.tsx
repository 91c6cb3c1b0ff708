import { useMemo, useState } from 'react';
import { DEFAULT_BOOKING_WINDOW_DAYS } from '../../src-shared/mutations/front-desk/tenant-settings';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import { useStudioTime } from '../desk/use-studio-time';
import { ErrorNote } from '../shell/error-note';
import { ModalDialog } from '../shell/modal-dialog';
import { addDays, dayLabel } from './appointments/appointment-words';
import { BookAheadClasses, bookableWhen, type BookableClass } from './book-ahead-classes';
import { BookAheadDropIn } from './book-ahead-drop-in';
import { FreeReasonField, freeReasonProblem } from './book-ahead-free-reason';
import { paidByOf, PaymentChoices, paymentWords, usePaymentChoice } from './book-ahead-payment';

/**
 * Books a member into a class ahead of the day (issue 18): a day from today to the end of
 * the studio's booking window, a class of that day, and how it is paid (`booking.options`:
 * membership, pack credit, a drop-in sold here, or free). A full class offers its waitlist
 * instead, with the payment taken when the member gets a place.
 */
export function BookAheadDialog(props: {
  readonly memberId: string;
  readonly memberName: string;
  readonly onClose: () => void;
  /** The booking was made: what to tell staff. */
  readonly onBooked: (done: string) => void;
}) {
  const desk = useDesk();
  const clock = useStudioTime();
  const settings = useDeskQuery('studio.settings', {});
  const currency = settings.data?.currency ?? 'USD';
  // One "now" for the dialog: which classes have started, and the first day offered.
  const nowMs = useMemo(() => Date.now(), []);
  const today = clock.day(new Date(nowMs));
  const lastDay = addDays(today, settings.data?.bookingWindowDays ?? DEFAULT_BOOKING_WINDOW_DAYS);
  const [pickedDate, setPickedDate] = useState<string | null>(null);
  const date = pickedDate ?? today;
  const [klass, setKlass] = useState<BookableClass | null>(null);
  const payment = usePaymentChoice(props.memberId, klass?.classId ?? null, true);
  const options = payment.options.data?.classId === klass?.classId ? payment.options.data : null;
  const [selling, setSelling] = useState<{ readonly price: number } | null>(null);
  const [tendering, setTendering] = useState(false);
  const [busy, setBusy] = useState(false);
  // Staff must say why a place is free (issue 18); kept while they try other classes.
  const [freeReason, setFreeReason] = useState('');
  const free = payment.chosen?.method === 'free';
  const reasonMissing = free && freeReasonProblem(freeReason) !== null;
  const [error, setError] = useState<unknown>(null);
  const who = props.memberName;

  const book = async () => {
    const chosen = payment.chosen;
    if (!klass || !options || !chosen) return;
    if (chosen.method === 'drop_in') {
      setSelling({ price: chosen.price });
      return;
    }
    if (reasonMissing) return;
    const paidBy = paidByOf(chosen, freeReason);
    if (!paidBy) return;
    // The confirmation names the reason, so staff see what the owner will read.
    const how =
      paidBy.method === 'free' && paidBy.reason !== undefined
        ? `free — ${paidBy.reason}`
        : paymentWords(chosen);
    setBusy(true);
    setError(null);
    try {
      const result = await desk.mutate('booking.book', {
        classId: klass.classId,
        memberId: props.memberId,
        paidBy,
        waitlist: options.full,
      });
      const what = `${klass.title}, ${bookableWhen(klass)}`;
      if (result.merged) props.onBooked(`${who} was already booked into ${what}.`);
      else if (result.status === 'waitlisted') {
        props.onBooked(
          `${who} is on the waitlist of ${what} (#${result.waitlistPosition ?? '?'}); ${paymentWords(chosen)} pays when a place frees.`,
        );
      } else props.onBooked(`${who} is booked into ${what} (${how}).`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const title = `Book a class for ${who}`;
  return (
    <ModalDialog
      label={title}
      className="book-ahead"
      canClose={!busy && !tendering}
      onClose={props.onClose}
    >
      <h2>{title}</h2>
      {klass && selling ? (
        <>
          <BookAheadDropIn
            memberId={props.memberId}
            klass={klass}
            price={selling.price}
            submitLabel="Sell drop-in and book"
            onTendering={setTendering}
            onSold={(receipt) => {
              props.onBooked(
                `${who} is booked into ${klass.title}, ${bookableWhen(klass)} (drop-in, receipt ${receipt}).`,
              );
            }}
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
        </>
      ) : (
        <>
          <label>
            Day
            <input
              type="date"
              value={date}
              min={today}
              max={lastDay}
              onChange={(e) => {
                const picked = e.target.value;
                // Outside the booking window (typed by hand) the day stays as it was.
                if (picked >= today && picked <= lastDay) setPickedDate(picked);
                setKlass(null);
              }}
            />
          </label>
          <p className="hint">
            Classes up to {dayLabel(lastDay)}: the studio books{' '}
            {settings.data?.bookingWindowDays ?? DEFAULT_BOOKING_WINDOW_DAYS} days ahead.
          </p>
          <BookAheadClasses
            date={date}
            nowMs={nowMs}
            chosenId={klass?.classId ?? null}
            onChoose={(c) => {
              setKlass(c);
              setError(null);
            }}
          />
          <ErrorNote error={payment.options.error} />
          {klass && options?.existingBookingId && (
            <p className="result" role="status">
              {who} is booked into {klass.title} already.
            </p>
          )}
          {klass && options && !options.existingBookingId && (
            <>
              {options.full && (
                <p className="result warn" role="status">
                  {klass.title} is full: {who} can join its waitlist. The payment chosen is taken
                  when a place frees.
                </p>
              )}
              <PaymentChoices
                legend={options.full ? 'Pay when a place frees with' : 'Pay with'}
                state={payment}
                currency={currency}
                clock={clock}
                disabled={busy}
              />
              {free && (
                <FreeReasonField value={freeReason} onChange={setFreeReason} disabled={busy} />
              )}
              <ErrorNote error={error} />
              <button
                type="button"
                className="primary"
                disabled={busy || !payment.chosen || reasonMissing}
                onClick={() => void book()}
              >
                {options.full
                  ? 'Join waitlist'
                  : payment.chosen?.method === 'drop_in'
                    ? 'Sell drop-in'
                    : `Book ${klass.title}`}
              </button>
            </>
          )}
          <button type="button" disabled={busy} onClick={props.onClose}>
            Close
          </button>
        </>
      )}
    </ModalDialog>
  );
}
