import { useState } from 'react';
import { cardBrandName } from '../../src-shared/mutations/front-desk/card-details';
import type { QueryResult } from '../../src-shared/bridge/desk-operations';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import type { StudioClock } from '../desk/studio-time';
import { useStudioTime } from '../desk/use-studio-time';
import { ErrorNote } from '../shell/error-note';
import { TextField } from '../shell/text-field';

type Membership = QueryResult<'membership.ofMember'>[number];
type Plan = QueryResult<'catalogue.plans'>[number];
type Autopay = QueryResult<'membership.autopay'>[number];

/** "Autopay: Visa •••• 4242": the card a membership renews on (R13.5), as staff may see it. */
function autopayWords(card: Autopay): string {
  const ending = card.cardLast4 === null ? '' : ` •••• ${card.cardLast4}`;
  return `Autopay: ${cardBrandName(card.cardBrand)}${ending}`;
}

const STATE_WORDS: Readonly<Record<Membership['state'], string>> = {
  active: 'Active',
  paused: 'Paused',
  past_due: 'Past due',
  lapsed: 'Lapsed',
  canceled: 'Cancelled',
};

/**
 * The member page's Membership panel (issue 18): each membership's state in words, its
 * period end, visits used of its limit, and what it does at the period end. Desk staff pause
 * and resume; owners and managers cancel and change plan (the roles the mutations hold).
 */
export function MembershipPanel(props: { readonly memberId: string }) {
  const clock = useStudioTime();
  // The instant the page opened: statuses are judged at it (a fresh one each render would
  // re-run the query without end).
  const [at] = useState(() => new Date().toISOString());
  const memberships = useDeskQuery('membership.ofMember', { memberId: props.memberId, at });
  const plans = useDeskQuery('catalogue.plans', {});
  // Which memberships renew on a card saved at the desk (the server writes it, R13.5).
  const autopay = useDeskQuery('membership.autopay', { memberId: props.memberId });
  const list = memberships.data ?? [];
  return (
    <section aria-label="Membership">
      <h3>
        Membership:{' '}
        {list.some((m) => m.state === 'active') ? 'active' : list.length > 0 ? 'lapsed' : 'none'}
      </h3>
      <ErrorNote error={memberships.error} />
      {list.map((m) => (
        <MembershipCard
          key={m.subscriptionId}
          membership={m}
          plans={plans.data ?? []}
          autopay={autopay.data?.find((a) => a.subscriptionId === m.subscriptionId) ?? null}
          clock={clock}
        />
      ))}
    </section>
  );
}

function MembershipCard(props: {
  readonly membership: Membership;
  readonly plans: readonly Plan[];
  readonly autopay: Autopay | null;
  readonly clock: StudioClock;
}) {
  const { membership: m, clock, plans } = props;
  const desk = useDesk();
  const today = clock.day(new Date());
  const [pauseFrom, setPauseFrom] = useState(today);
  const [pauseTo, setPauseTo] = useState('');
  const [reason, setReason] = useState('');
  const [planId, setPlanId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const manager = desk.hasRole('owner', 'manager');
  const ended = m.state === 'canceled';
  const act = async (work: () => Promise<unknown>, message: string) => {
    setError(null);
    setDone(null);
    try {
      await work();
      setDone(message);
    } catch (failure) {
      setError(failure);
    }
  };
  const planName = (id: string | null) =>
    plans.find((p) => p.planId === id)?.name ?? 'another plan';
  const reasonText = reason.trim() === '' ? 'asked at the desk' : reason.trim();
  return (
    <div aria-label={`Membership ${m.planName}`}>
      <p>
        <strong>{m.planName}</strong> — {STATE_WORDS[m.state]}, period ends{' '}
        {clock.date(m.periodEnd)}
        {m.classLimit === null
          ? ', unlimited classes'
          : `, ${m.visitsUsed} of ${m.classLimit} classes used`}
        {m.pause &&
          ` · paused from ${clock.date(m.pause.startsAt)}${m.pause.endsAt ? ` until ${clock.date(m.pause.endsAt)}` : ' until resumed'}`}
      </p>
      {props.autopay && !ended && <p>{autopayWords(props.autopay)}</p>}
      {props.autopay && !ended && manager && (
        <ActButton
          done="Autopay is off: renewals are paid at the desk."
          work={() =>
            desk.mutate('membership.turnOffAutopay', { subscriptionId: m.subscriptionId })
          }
          act={act}
        >
          Turn off autopay
        </ActButton>
      )}
      {m.scheduled.map((c) => (
        <p key={c.changeId}>
          {c.kind === 'cancel'
            ? `Cancels on ${clock.date(c.effectiveAt)}.`
            : `Moves to ${planName(c.newPlanId)} on ${clock.date(c.effectiveAt)}.`}
        </p>
      ))}
      <ErrorNote error={error} />
      {done && (
        <p className="result ok" role="status">
          {done}
        </p>
      )}
      {!ended && (
        <div className="actions">
          {m.pause ? (
            <ActButton
              done="Membership resumed."
              work={() => desk.mutate('membership.resume', { subscriptionId: m.subscriptionId })}
              act={act}
            >
              Resume
            </ActButton>
          ) : (
            <>
              <TextField label="Pause from" type="date" value={pauseFrom} onChange={setPauseFrom} />
              <TextField
                label="Pause until (last day, optional)"
                type="date"
                value={pauseTo}
                onChange={setPauseTo}
              />
              <ActButton
                done="Membership paused."
                work={() =>
                  desk.mutate('membership.pause', {
                    subscriptionId: m.subscriptionId,
                    startDate: pauseFrom,
                    ...(pauseTo === '' ? {} : { endDate: pauseTo }),
                  })
                }
                act={act}
              >
                Pause
              </ActButton>
            </>
          )}
          {manager && (
            <>
              <TextField label="Reason" value={reason} onChange={setReason} />
              <ActButton
                done="The membership cancels at the end of its period."
                work={() =>
                  desk.mutate('membership.cancel', {
                    subscriptionId: m.subscriptionId,
                    when: 'period_end',
                    reason: reasonText,
                  })
                }
                act={act}
              >
                Cancel at period end
              </ActButton>
              <ActButton
                done="Membership cancelled."
                work={() =>
                  desk.mutate('membership.cancel', {
                    subscriptionId: m.subscriptionId,
                    when: 'now',
                    reason: reasonText,
                  })
                }
                act={act}
              >
                Cancel now
              </ActButton>
              <label>
                Change plan to
                <select
                  value={planId}
                  onChange={(e) => {
                    setPlanId(e.target.value);
                  }}
                >
                  <option value="">Choose a plan</option>
                  {plans
                    .filter((p) => p.active && p.planId !== m.planId)
                    .map((p) => (
                      <option key={p.planId} value={p.planId}>
                        {p.name}
                      </option>
                    ))}
                </select>
              </label>
              <ActButton
                disabled={planId === ''}
                done="The plan changes at the end of this period."
                work={() =>
                  desk.mutate('membership.changePlan', {
                    subscriptionId: m.subscriptionId,
                    planId,
                  })
                }
                act={act}
              >
                Change plan
              </ActButton>
              {m.scheduled.length > 0 && (
                <ActButton
                  done="The change is withdrawn."
                  work={() =>
                    desk.mutate('membership.withdrawChange', {
                      subscriptionId: m.subscriptionId,
                    })
                  }
                  act={act}
                >
                  Withdraw change
                </ActButton>
              )}
            </>
          )}
        </div>
      )}
    </div>
  );
}

/** A membership action: `work` runs through the card's `act`, which shows `done` or the error. */
function ActButton(props: {
  readonly work: () => Promise<unknown>;
  readonly done: string;
  readonly act: (work: () => Promise<unknown>, done: string) => Promise<void>;
  readonly disabled?: boolean;
  readonly children: string;
}) {
  return (
    <button
      type="button"
      disabled={props.disabled}
      onClick={() => void props.act(props.work, props.done)}
    >
      {props.children}
    </button>
  );
}
