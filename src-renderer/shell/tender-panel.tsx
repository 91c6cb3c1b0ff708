import { useEffect, useRef, useState } from 'react';
import type { PaymentsStatus } from '../../src-shared/bridge/desk-methods';
import { useDesk } from '../desk/desk-context';
import { offers, useStudioFeatures } from '../desk/use-studio-features';
import { featureOffReason } from '../../src-shared/features/feature-catalogue';
import type { SaleTender } from '../desk/operation-shapes';
import { centsToInput, formatMoney, parseMoney } from '../desk/money';
import { usePaymentTerminal } from '../desk/payment-context';
import type { TakenPayment } from '../desk/cart';
import type { CollectOutcome } from '../hardware/card-reader/payment-terminal';
import { ErrorNote } from './error-note';
import { METHOD_LABELS, TenderSummary } from './tender-summary';
import { DrawerClosedNote, QuickCash, useCashRefusal } from './quick-cash';
import { ShortcutButton } from './shortcut-button';
import { TextField } from './text-field';

type Method = SaleTender['method'];

/**
 * Split tender: staff add tenders until they cover the total; cash shows the change due.
 * One tap pays cash (exact or a round amount handed over), and Enter adds what was typed.
 * Gift cards are looked up by code (balance shown); card payments go through the reader
 * and are unavailable offline, which is said plainly while the other tenders stay usable.
 * Cash needs this desk's drawer open, which is said before any cash is taken (issue 17).
 * While a card is taken the reader's prompts are shown (and announced), and staff can cancel.
 * The total and the submit button stay in view (a sticky bar); Cancel always works.
 */
export function TenderPanel(props: {
  readonly total: number;
  readonly currency: string;
  readonly disabled?: boolean;
  readonly submitLabel: string;
  readonly onSubmit: (tenders: SaleTender[]) => Promise<void>;
  /** Told whether payment has started, so the cart can be held still meanwhile. */
  readonly onTenderingChange?: (tendering: boolean) => void;
  /** Drops the tenders and the sale; given, a Cancel button that always works is shown. */
  readonly onCancel?: () => void;
  /** Opens the Cash drawer screen, offered when the drawer is closed. */
  readonly onOpenDrawer?: () => void;
  /** Payment taken before the screen was last closed (a lock, a restart): taken up again. */
  readonly restoredPayment?: TakenPayment | null;
  /** Told the payment taken so far, so the screen can keep it through a lock. */
  readonly onPaymentChange?: (payment: TakenPayment | null) => void;
  /**
   * The member a membership in the cart is sold to: the card tender then offers "Save this
   * card for autopay", and the server keeps the card for the membership's renewals
   * (PROTOCOL.md R13.5). Absent or null (no membership line, no member yet): not offered.
   */
  readonly autopayMemberId?: string | null;
}) {
  const desk = useDesk();
  const terminal = usePaymentTerminal();
  const [tenders, setTenders] = useState<SaleTender[]>(() => [
    ...(props.restoredPayment?.tenders ?? []),
  ]);
  /** The total the tenders on screen were taken for. */
  const takenFor = useRef(props.restoredPayment?.total ?? props.total);
  const [method, setMethod] = useState<Method>('cash');
  const [amountText, setAmountText] = useState('');
  const [tenderedText, setTenderedText] = useState('');
  const [code, setCode] = useState('');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  /** A card collect is in progress: `busy` then holds the reader's latest prompt. */
  const [collecting, setCollecting] = useState(false);
  const [canceling, setCanceling] = useState(false);
  const [payments, setPayments] = useState<PaymentsStatus | null>(null);
  /** Cancel was pressed with a card already charged: the next press confirms. */
  const [confirmCancel, setConfirmCancel] = useState(false);
  const cashRefusal = useCashRefusal();
  const features = useStudioFeatures();
  /**
   * The server's idempotency key for one card amount of this sale: a retry after a decline
   * or a cancel reuses its PaymentIntent, while a captured or failed one (its intent may be
   * canceled) lets the next card tender start a new one.
   */
  const checkout = useRef<{
    readonly id: string;
    readonly amount: number;
    readonly saveFor: string | null;
  } | null>(null);
  /** "Save this card for autopay": off until staff tick it with the member's consent. */
  const [saveCard, setSaveCard] = useState(false);
  const autopayMemberId = props.autopayMemberId ?? null;

  const paid = tenders.reduce((sum, t) => sum + t.amount, 0);
  const remaining = Math.max(props.total - paid, 0);
  const change = tenders.reduce(
    (sum, t) => sum + (t.method === 'cash' ? t.tendered - t.amount : 0),
    0,
  );
  const online = desk.sync?.online ?? false;

  useEffect(() => {
    desk.bridge.invoke('payments.status', {}).then(setPayments, () => {
      setPayments({
        available: false,
        reason: 'The desk cannot tell whether card payments work.',
      });
    });
  }, [desk.bridge, online]);
  const { onTenderingChange } = props;
  const tendering = tenders.length > 0;
  useEffect(() => {
    onTenderingChange?.(tendering);
  }, [tendering, onTenderingChange]);
  useEffect(() => {
    // A new total (the cart changed, or its prices did while the desk was locked) starts
    // the tenders over, except a card already charged: that money is taken, so it stays
    // with the sale, to be completed or cancelled and refunded, never silently dropped.
    // A total of 0 is the quote still loading, not a new total.
    if (props.total === takenFor.current || props.total === 0) return;
    takenFor.current = props.total;
    setTenders((taken) => taken.filter((t) => t.method === 'card'));
    setAmountText('');
  }, [props.total]);
  const { onPaymentChange } = props;
  useEffect(() => {
    onPaymentChange?.(tenders.length === 0 ? null : { total: takenFor.current, tenders });
  }, [tenders, onPaymentChange]);

  // A plan without card payments (R19) hides the card tender; one switched on shows it again.
  const cardInPlan = offers(features, 'card_payments');
  const tenderMethods = (Object.keys(METHOD_LABELS) as Method[]).filter(
    (m) => m !== 'card' || cardInPlan,
  );
  const cardUnavailable = !cardInPlan
    ? featureOffReason('card_payments')
    : payments === null
      ? 'Checking the card reader…'
      : !payments.available
        ? (payments.reason ?? 'Card payments are unavailable.')
        : terminal === null
          ? 'No card reader is set up on this desk.'
          : null;

  const take = (tender: SaleTender) => {
    setTenders((t) => [...t, tender]);
    setConfirmCancel(false);
    setAmountText('');
    setTenderedText('');
    setCode('');
    setReference('');
  };

  const add = async () => {
    setError(null);
    const amount = amountText.trim() === '' ? remaining : parseMoney(amountText);
    if (amount === null || amount <= 0) {
      setError(
        new Error(`Enter the amount as dollars and cents, e.g. ${centsToInput(remaining)}.`),
      );
      return;
    }
    if (amount > remaining) {
      setError(new Error(`Only ${formatMoney(remaining, props.currency)} is left to pay.`));
      return;
    }
    try {
      const tender = await makeTender(amount);
      if (tender) take(tender);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const makeTender = async (amount: number): Promise<SaleTender | null> => {
    switch (method) {
      case 'cash': {
        if (cashRefusal !== null) throw new Error(cashRefusal);
        const tendered = tenderedText.trim() === '' ? amount : parseMoney(tenderedText);
        if (tendered === null || tendered < amount) {
          throw new Error('The cash handed over must cover the amount.');
        }
        return { method: 'cash', amount, tendered };
      }
      case 'gift_card': {
        const card = await desk.query('giftCard.balance', { code: code.trim() });
        if (card.status !== 'active') throw new Error(`Gift card ${card.code} is disabled.`);
        if (card.balance < amount) {
          throw new Error(
            `Gift card ${card.code} holds ${formatMoney(card.balance, props.currency)}: take that much from it and the rest another way.`,
          );
        }
        return { method: 'gift_card', amount, giftCardId: card.giftCardId };
      }
      case 'external':
        if (reference.trim() === '')
          throw new Error('Say how it was paid (e.g. "bank transfer 1234").');
        return { method: 'external', amount, reference: reference.trim() };
      case 'card': {
        if (!terminal || cardUnavailable) throw new Error(cardUnavailable ?? 'No card reader.');
        setBusy('Connecting to the card reader…');
        if (!terminal.connectedReader()) {
          const [reader] = await terminal.discoverReaders();
          if (!reader) throw new Error('No card reader was found. Check that it is on.');
          await terminal.connectReader(reader.id);
        }
        // Saving the card or not is part of the intent: a change starts a new checkout.
        const saveFor = saveCard ? autopayMemberId : null;
        if (checkout.current?.amount !== amount || checkout.current.saveFor !== saveFor) {
          checkout.current = { id: crypto.randomUUID(), amount, saveFor };
        }
        setCanceling(false);
        setCollecting(true);
        let outcome: CollectOutcome;
        try {
          outcome = await terminal.collect(
            {
              amount,
              checkoutId: checkout.current.id,
              ...(saveFor === null ? {} : { saveCardFor: { memberId: saveFor } }),
            },
            (message) => {
              setBusy(message);
            },
          );
        } finally {
          setCollecting(false);
        }
        if (outcome.status === 'succeeded' || outcome.status === 'failed') checkout.current = null;
        if (outcome.status !== 'succeeded') throw new Error(outcome.message);
        const { paymentIntentId, card } = outcome;
        // The card's brand and last 4 are kept with the sale, to name it on a refund.
        return { method: 'card', amount, paymentIntentId, ...(card && { card }) };
      }
    }
  };

  const cancel = () => {
    const charged = tenders.filter((t) => t.method === 'card');
    if (charged.length > 0 && !confirmCancel) {
      setConfirmCancel(true);
      return;
    }
    setTenders([]);
    setConfirmCancel(false);
    setError(null);
    checkout.current = null;
    props.onCancel?.();
  };
  const charged = tenders.reduce((sum, t) => sum + (t.method === 'card' ? t.amount : 0), 0);

  const submit = async () => {
    setError(null);
    setBusy('Saving…');
    try {
      await props.onSubmit(tenders);
      setTenders([]);
      checkout.current = null;
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const blocked = props.disabled === true || busy !== null;
  return (
    <section className="tenders" aria-label="Payment">
      <TenderSummary
        tenders={tenders}
        remaining={remaining}
        change={change}
        currency={props.currency}
        onRemove={(index) => {
          setTenders((all) => all.filter((_, j) => j !== index));
        }}
      />
      {remaining > 0 && cashRefusal === null && (
        <QuickCash
          due={remaining}
          currency={props.currency}
          disabled={blocked}
          onCash={(handedOver) => {
            setError(null);
            take({ method: 'cash', amount: remaining, tendered: handedOver });
          }}
        />
      )}
      {remaining > 0 && cashRefusal !== null && (
        <DrawerClosedNote reason={cashRefusal} onOpenDrawer={props.onOpenDrawer} />
      )}
      {remaining > 0 && (
        <form
          onSubmit={(e) => {
            // Enter in any field adds the payment typed: one step, like the button.
            e.preventDefault();
            void add();
          }}
        >
          <fieldset disabled={blocked}>
            <legend>Add a tender</legend>
            <div className="row" role="radiogroup" aria-label="Tender">
              {tenderMethods.map((m) => (
                <label key={m} className="inline">
                  <input
                    type="radio"
                    name="tender-method"
                    checked={method === m}
                    disabled={
                      (m === 'card' && cardUnavailable !== null) ||
                      (m === 'cash' && cashRefusal !== null)
                    }
                    onChange={() => {
                      setMethod(m);
                    }}
                  />
                  {METHOD_LABELS[m]}
                </label>
              ))}
            </div>
            {cardInPlan && cardUnavailable !== null && payments !== null && (
              <p className="hint">Card: {cardUnavailable}</p>
            )}
            <TextField
              label="Amount"
              inputMode="decimal"
              placeholder={centsToInput(remaining)}
              value={amountText}
              onChange={setAmountText}
            />
            {method === 'cash' && cashRefusal === null && (
              <TextField
                label="Cash handed over"
                inputMode="decimal"
                value={tenderedText}
                onChange={setTenderedText}
              />
            )}
            {method === 'gift_card' && (
              <TextField
                label="Gift card code"
                autoComplete="off"
                value={code}
                onChange={setCode}
              />
            )}
            {method === 'external' && (
              <TextField label="Reference" value={reference} onChange={setReference} />
            )}
            {method === 'card' && autopayMemberId !== null && (
              <label className="inline">
                <input
                  type="checkbox"
                  checked={saveCard}
                  onChange={(e) => {
                    setSaveCard(e.target.checked);
                  }}
                />
                Save this card for autopay (the membership renews on it)
              </label>
            )}
            <button type="submit" disabled={method === 'cash' && cashRefusal !== null}>
              Add tender
            </button>
          </fieldset>
        </form>
      )}
      {/* Kept in the page so screen readers announce each prompt as the reader changes it. */}
      <div role="status" aria-label="Card reader" className="reader-messages">
        {collecting ? busy : null}
      </div>
      {collecting && (
        <button
          type="button"
          disabled={canceling}
          onClick={() => {
            setCanceling(true);
            terminal?.cancel().catch(setError);
          }}
        >
          {canceling ? 'Canceling…' : 'Cancel card payment'}
        </button>
      )}
      {busy && !collecting && <p role="status">{busy}</p>}
      <ErrorNote error={error} />
      {confirmCancel && (
        <p className="hint" role="alert">
          {formatMoney(charged, props.currency)} was already charged to a card for this sale.
          Cancelling keeps that charge: the owner refunds it from Stripe. Press Cancel sale again to
          cancel anyway, or complete the sale and refund it from Recent sales.
        </p>
      )}
      <div className="checkout-bar">
        <p className="total">
          Total <strong>{formatMoney(props.total, props.currency)}</strong>
        </p>
        <ShortcutButton
          shortcut="F9"
          className="primary"
          disabled={props.disabled === true || remaining > 0 || busy !== null}
          onClick={() => void submit()}
        >
          {props.submitLabel}
        </ShortcutButton>
        {props.onCancel && (
          <button type="button" disabled={collecting} onClick={cancel}>
            Cancel sale
          </button>
        )}
      </div>
    </section>
  );
}
