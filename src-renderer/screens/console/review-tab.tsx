import { useState } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDeskQuery } from '../../desk/desk-context';
import { formatMoney } from '../../desk/money';
import { useStudioTime } from '../../desk/use-studio-time';
import { ErrorNote } from '../../shell/error-note';
import { ReviewCollectButton } from './review-collect-button';
import { ReviewSettleForm } from './review-settle-form';
import { deskLabel, useDeskNames } from './use-desk-names';
import './review.css';

type ReviewItem = QueryResult<'review.list'>['items'][number];
type Filter = 'open' | 'resolved';

const SETTLED_AS: Record<string, string> = {
  dismiss: 'Dismissed',
  write_off: 'Written off',
  charge_member: 'Charged to the member',
  refund: 'Refunded',
  collect: 'Collected at Sell',
};

/**
 * The studio's review queue (issue 19, PROTOCOL.md R16): what offline desks and the server's
 * jobs got wrong, each with the member, the amount, the desks and staff involved, and the
 * ways to settle it. Read from the synced copy, so it works offline; a settlement made here
 * reaches the server with the desk's next push, and the first to arrive stands.
 */
export function ReviewTab() {
  const [filter, setFilter] = useState<Filter>('open');
  const [before, setBefore] = useState<string | undefined>(undefined);
  const [settled, setSettled] = useState<string | null>(null);
  const page = useDeskQuery('review.list', {
    status: filter,
    limit: 50,
    ...(before === undefined ? {} : { before }),
  });
  const settings = useDeskQuery('studio.settings', {});
  const currency = settings.data?.currency ?? 'USD';
  const items = page.data?.items ?? [];
  const show = (next: Filter) => {
    setFilter(next);
    setBefore(undefined);
  };

  return (
    <section className="card review-tab" aria-label="Review queue">
      <h3>Review queue</h3>
      <p className="hint">
        What offline desks and the server’s jobs got wrong. Settle each: collect the amount from the
        member at Sell, write it off, charge the member, record a refund made elsewhere, or dismiss
        it with a reason.
      </p>
      <div className="row" role="group" aria-label="Show">
        <button
          type="button"
          aria-pressed={filter === 'open'}
          onClick={() => {
            show('open');
          }}
        >
          Open
        </button>
        <button
          type="button"
          aria-pressed={filter === 'resolved'}
          onClick={() => {
            show('resolved');
          }}
        >
          Resolved
        </button>
      </div>
      {settled !== null && (
        <p role="status" className="console-done">
          {settled}
        </p>
      )}
      <ErrorNote error={page.error} />
      {items.length === 0 && !page.loading && (
        <p className="hint">
          {filter === 'open' ? 'Nothing to review.' : 'No review item was settled yet.'}
        </p>
      )}
      <ul className="review-list" aria-label={filter === 'open' ? 'Open items' : 'Resolved items'}>
        {items.map((item) => (
          <li key={item.reviewItemId}>
            <ReviewItemCard item={item} currency={currency} onSettled={setSettled} />
          </li>
        ))}
      </ul>
      <div className="row">
        {before !== undefined && (
          <button
            type="button"
            onClick={() => {
              setBefore(undefined);
            }}
          >
            Newest
          </button>
        )}
        {page.data?.nextBefore != null && (
          <button
            type="button"
            onClick={() => {
              setBefore(page.data?.nextBefore ?? undefined);
            }}
          >
            Older
          </button>
        )}
      </div>
    </section>
  );
}

function ReviewItemCard(props: {
  readonly item: ReviewItem;
  readonly currency: string;
  readonly onSettled: (text: string) => void;
}) {
  const { item, currency } = props;
  const clock = useStudioTime();
  const desks = useDeskNames();
  const money = (cents: number | null) => (cents === null ? '—' : formatMoney(cents, currency));
  const resolution = item.resolution;
  return (
    <article className="review-item" aria-label={item.what}>
      <h4>
        {item.what} <span className="badge warn">{item.kind.replaceAll('_', ' ')}</span>
      </h4>
      {item.message !== null && <p>{item.message}</p>}
      <dl className="review-facts">
        <dt>When</dt>
        <dd>{clock.dateTime(item.createdAt)}</dd>
        <dt>Member</dt>
        <dd>{item.member?.name ?? '—'}</dd>
        <dt>Amount</dt>
        <dd>{money(item.amount)}</dd>
        {item.subject !== null && (
          <>
            <dt>Subject</dt>
            <dd>{item.subject.label ?? item.subject.id}</dd>
          </>
        )}
        <dt>Desks</dt>
        <dd>{item.deviceIds.map((id) => deskLabel(desks, id)).join(', ') || 'The server'}</dd>
        <dt>Staff</dt>
        <dd>{item.staff.map((s) => s.name).join(', ') || '—'}</dd>
      </dl>
      {resolution === null ? (
        <>
          <ReviewCollectButton item={item} currency={currency} />
          <ReviewSettleForm item={item} currency={currency} onSettled={props.onSettled} />
        </>
      ) : (
        <p className="review-resolution">
          <strong>{SETTLED_AS[resolution.action ?? ''] ?? 'Settled'}</strong>
          {resolution.amount !== null && ` ${money(resolution.amount)}`}
          {resolution.reference !== null && `, reference ${resolution.reference}`}
          {resolution.note !== null && ` (${resolution.note})`} by{' '}
          {resolution.resolvedBy?.name ?? 'unknown staff'}
          {resolution.deviceId !== null && ` at ${deskLabel(desks, resolution.deviceId)}`},{' '}
          {clock.dateTime(resolution.resolvedAt)}
        </p>
      )}
    </article>
  );
}
