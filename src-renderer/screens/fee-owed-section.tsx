import { useState } from 'react';
import { MANAGER_ROLES } from '../../src-shared/mutations/front-desk/front-desk-roles';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import { formatMoney } from '../desk/money';
import type { OwedFee } from '../desk/operation-shapes';
import { feeKindLabel } from '../desk/status-labels';
import type { StudioClock } from '../desk/studio-time';
import { useStudioTime } from '../desk/use-studio-time';
import { ErrorNote } from '../shell/error-note';
import { TextField } from '../shell/text-field';
import { useAction } from './console/use-action';
import { sendToSell } from './fee-sell-handoff';

/** "Late cancel fee: Vinyasa Flow, Dec 4, 6:00 PM": the fee as the cart and receipt name it. */
export function feeName(fee: OwedFee, clock: StudioClock): string {
  const what = fee.classTitle ? `: ${fee.classTitle}, ${clock.dateTime(fee.startTime)}` : '';
  return `${feeKindLabel(fee.kind)} fee${what}`;
}

/**
 * The late-cancel and no-show fees a member owes (`memberFee.owed`), oldest first: each is
 * collected at the Sell screen (a fee line on the cart, for this member) or, by an owner or
 * a manager, waived with a reason. Shown only when something is owed or was just settled.
 */
export function FeesOwed(props: { readonly memberId: string; readonly memberName: string }) {
  const desk = useDesk();
  const clock = useStudioTime();
  const owed = useDeskQuery('memberFee.owed', { memberId: props.memberId });
  const settings = useDeskQuery('studio.settings', {});
  const currency = settings.data?.currency ?? 'USD';
  const mayWaive = desk.hasRole(...MANAGER_ROLES);
  const [waiving, setWaiving] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const { busy, error, done, run, fail } = useAction();
  const fees = owed.data?.fees ?? [];
  const total = fees.reduce((sum, fee) => sum + fee.amount, 0);
  const settled = done !== null || error !== null || Boolean(owed.error);
  if (fees.length === 0 && !settled) return null;

  const collect = (fee: OwedFee) => {
    void run(() => {
      const name = feeName(fee, clock);
      const refused = sendToSell(
        {
          member: { memberId: props.memberId, name: props.memberName },
          item: { kind: 'fee', feeId: fee.feeId, name, unitPrice: fee.amount },
        },
        fail,
      );
      if (refused !== null) throw new Error(refused);
      return Promise.resolve(`${name} is on the cart at Sell, for ${props.memberName}.`);
    });
  };
  const waive = (fee: OwedFee) => {
    if (reason.trim().length < 3) {
      fail('Give the reason for waiving the fee, in a few words.');
      return;
    }
    void run(async () => {
      await desk.mutate('booking.waiveFee', { feeId: fee.feeId, reason: reason.trim() });
      setWaiving(null);
      setReason('');
      return `${feeName(fee, clock)} is waived.`;
    });
  };

  return (
    <section className="card fees-owed" aria-label="Fees owed">
      <h3>Fees owed{fees.length > 0 ? `: ${formatMoney(total, currency)}` : ''}</h3>
      <ErrorNote error={owed.error} />
      <ErrorNote error={error} />
      {done && (
        <p className="result ok" role="status">
          {done}
        </p>
      )}
      {fees.length === 0 && <p className="hint">Nothing is owed.</p>}
      <ul>
        {fees.map((fee) => {
          const name = feeName(fee, clock);
          return (
            <li key={fee.feeId}>
              {name}: <strong>{formatMoney(fee.amount, currency)}</strong>{' '}
              <small>charged {clock.dateTime(fee.createdAt)}</small>{' '}
              <button
                type="button"
                aria-label={`Collect at Sell: ${name}`}
                disabled={busy}
                onClick={() => {
                  collect(fee);
                }}
              >
                Collect at Sell
              </button>{' '}
              {mayWaive && waiving !== fee.feeId && (
                <button
                  type="button"
                  aria-label={`Waive ${name}`}
                  disabled={busy}
                  onClick={() => {
                    setWaiving(fee.feeId);
                    setReason('');
                  }}
                >
                  Waive
                </button>
              )}
              {mayWaive && waiving === fee.feeId && (
                <span role="group" aria-label={`Waive ${name}`} className="confirm-inline">
                  <TextField
                    label="Reason for waiving"
                    value={reason}
                    onChange={setReason}
                    maxLength={200}
                  />{' '}
                  <button
                    type="button"
                    className="danger"
                    disabled={busy}
                    onClick={() => {
                      waive(fee);
                    }}
                  >
                    Waive fee
                  </button>{' '}
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => {
                      setWaiving(null);
                    }}
                  >
                    Keep fee
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
