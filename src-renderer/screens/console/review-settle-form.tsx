import { useState } from 'react';
import type { MutationArgs, QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk } from '../../desk/desk-context';
import { centsToInput, formatMoney, parseMoney } from '../../desk/money';
import { Field, FormOutcome, SelectField } from './console-fields';
import { useAction } from './use-action';

type ReviewItem = QueryResult<'review.list'>['items'][number];
type SettleArgs = MutationArgs<'review.resolve'>;
type Action = SettleArgs['action'];

const ACTIONS: readonly (readonly [Action, string])[] = [
  ['write_off', 'Write off'],
  ['charge_member', 'Charge the member'],
  ['refund', 'Record a refund made elsewhere'],
  ['dismiss', 'Dismiss'],
];

/** What the confirmation and the status line say the settlement did. */
const DONE: Record<Action, string> = {
  write_off: 'Written off',
  charge_member: 'Charged to the member',
  refund: 'Refund recorded',
  dismiss: 'Dismissed',
};

interface Typed {
  readonly action: Action;
  readonly amount: string;
  readonly reason: string;
  readonly reference: string;
}

/** The call the typed form makes, or what is missing from it. */
function settlement(item: ReviewItem, typed: Typed): SettleArgs | string {
  const reason = typed.reason.trim();
  const amount = typed.amount.trim() === '' ? undefined : parseMoney(typed.amount);
  if (amount === null) return 'Type the amount as dollars and cents, e.g. 12.50.';
  const reviewItemId = item.reviewItemId;
  const needsReason = typed.action === 'dismiss' || typed.action === 'write_off';
  if (needsReason && reason.length < 3) return 'Give the reason (at least 3 characters).';
  if (typed.action !== 'dismiss' && amount === undefined && item.amount === null) {
    return 'Give the amount settled: this item names none.';
  }
  const withReason = reason === '' ? {} : { reason };
  const withAmount = amount === undefined ? {} : { amount };
  switch (typed.action) {
    case 'dismiss':
      return { reviewItemId, action: 'dismiss', reason };
    case 'write_off':
      return { reviewItemId, action: 'write_off', reason, ...withAmount };
    case 'charge_member':
      if (item.member === null) return 'This item names no member to charge.';
      return { reviewItemId, action: 'charge_member', ...withReason, ...withAmount };
    case 'refund':
      if (typed.reference.trim() === '') return 'Give the refund’s reference.';
      return {
        reviewItemId,
        action: 'refund',
        reference: typed.reference.trim(),
        ...withReason,
        ...withAmount,
      };
  }
}

/**
 * Settles one open review item (`review.resolve`, R16): choose how, give the reason and
 * amount, then confirm. Another desk may have settled it first; the desk then says so.
 */
export function ReviewSettleForm(props: {
  readonly item: ReviewItem;
  readonly currency: string;
  /** The item leaves the open list once settled: the tab keeps the status line. */
  readonly onSettled: (text: string) => void;
}) {
  const { item, currency, onSettled } = props;
  const desk = useDesk();
  const { busy, error, done, run } = useAction();
  const [typed, setTyped] = useState<Typed>({
    action: 'write_off',
    amount: item.amount === null ? '' : centsToInput(item.amount),
    reason: '',
    reference: '',
  });
  const [confirming, setConfirming] = useState<SettleArgs | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (change: Partial<Typed>) => {
    setTyped((t) => ({ ...t, ...change }));
    setConfirming(null);
    setProblem(null);
  };
  const label = `Settle ${item.what}`;

  const review = () => {
    const call = settlement(item, typed);
    if (typeof call === 'string') setProblem(call);
    else setConfirming(call);
  };
  const confirm = (call: SettleArgs) =>
    run(async () => {
      await desk.mutate('review.resolve', call);
      setConfirming(null);
      onSettled(`${DONE[call.action]}: ${item.what}`);
      return null;
    });

  const confirmText = (call: SettleArgs) => {
    const amount = call.action === 'dismiss' ? null : (call.amount ?? item.amount);
    const money = amount === null ? '' : ` ${formatMoney(amount, currency)}`;
    const who = item.member ? ` for ${item.member.name}` : '';
    return `${ACTIONS.find(([a]) => a === call.action)?.[1] ?? call.action}${money}${who}?`;
  };

  return (
    <form
      className="review-settle"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        review();
      }}
    >
      <SelectField
        label="Settle by"
        value={typed.action}
        options={ACTIONS}
        onChange={(action) => {
          set({ action });
        }}
      />
      {typed.action !== 'dismiss' && (
        <Field
          label="Amount"
          inputMode="decimal"
          value={typed.amount}
          onChange={(amount) => {
            set({ amount });
          }}
        />
      )}
      {typed.action === 'refund' && (
        <Field
          label="Refund reference"
          value={typed.reference}
          onChange={(reference) => {
            set({ reference });
          }}
        />
      )}
      <Field
        label={typed.action === 'dismiss' || typed.action === 'write_off' ? 'Reason' : 'Note'}
        value={typed.reason}
        onChange={(reason) => {
          set({ reason });
        }}
      />
      {problem !== null && (
        <p role="alert" className="field-error">
          {problem}
        </p>
      )}
      {confirming === null ? (
        <button type="submit" disabled={busy}>
          Settle…
        </button>
      ) : (
        <div className="row review-confirm" role="group" aria-label="Confirm">
          <span>{confirmText(confirming)}</span>
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void confirm(confirming)}
          >
            Confirm
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setConfirming(null);
            }}
          >
            Back
          </button>
        </div>
      )}
      <FormOutcome error={error} done={done} />
    </form>
  );
}
