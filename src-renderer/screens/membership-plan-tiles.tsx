import { useState } from 'react';
import { useDeskQuery } from '../desk/desk-context';
import { formatMoney } from '../desk/money';
import type { StudioClock } from '../desk/studio-time';
import { TextField } from '../shell/text-field';

/** What a plan tile adds to the cart. */
export interface PlanChoice {
  readonly planId: string;
  readonly name: string;
  readonly price: number;
}

const INTERVAL_WORDS = {
  week: 'a week',
  month: 'a month',
  year: 'a year',
  one_time: 'once',
} as const;

/**
 * The studio's plans on the Sell screen, like pack tiles: each adds a membership starting on
 * the day chosen here (today unless changed), in the studio's own calendar. Retired plans
 * are not offered; the sale needs a member, as a pack does.
 */
export function MembershipPlanTiles(props: {
  readonly currency: string;
  readonly clock: StudioClock;
  readonly onAdd: (plan: PlanChoice, startDate: string) => void;
}) {
  const plans = useDeskQuery('catalogue.plans', {});
  const [startDate, setStartDate] = useState('');
  const offered = (plans.data ?? []).filter((p) => p.active);
  if (offered.length === 0) return null;
  const start = startDate === '' ? props.clock.day(new Date()) : startDate;
  return (
    <section aria-label="Memberships">
      <TextField label="Membership starts" type="date" value={start} onChange={setStartDate} />
      <div className="product-grid" role="group" aria-label="Membership plans">
        {offered.map((p) => (
          <button
            key={p.planId}
            type="button"
            className="tile pack"
            onClick={() => {
              props.onAdd(
                { planId: p.planId, name: `${p.name} from ${start}`, price: p.price },
                start,
              );
            }}
          >
            <span>{p.name}</span>
            <strong>{formatMoney(p.price, props.currency)}</strong>
            <small>
              {INTERVAL_WORDS[p.interval]}
              {p.classLimit === null ? ', unlimited' : `, ${p.classLimit} classes`}
            </small>
          </button>
        ))}
      </div>
    </section>
  );
}
