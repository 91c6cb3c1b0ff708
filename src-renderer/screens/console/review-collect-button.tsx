import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { reviewBalanceName } from '../../../src-shared/mutations/front-desk/review-balance-names';
import { formatMoney } from '../../desk/money';
import { ErrorNote } from '../../shell/error-note';
import { sendToSell } from '../fee-sell-handoff';
import { useAction } from './use-action';

type ReviewItem = QueryResult<'review.list'>['items'][number];

/**
 * The name the cart shows, "Gift card balance owed: GC-ABCD1234", as the receipt will (the
 * desk names the line itself when it sells it). A card's label is "Gift card GC-…", so the
 * kind's name already says the first two words.
 */
function lineName(item: ReviewItem): string {
  const name = reviewBalanceName(item.kind);
  const label = item.subject?.label?.replace(/^Gift card /, '');
  return label ? `${name}: ${label}` : name;
}

/**
 * "Collect at Sell" (R16.4): the open item's amount goes on the Sell screen's cart for its
 * member, paid with any tender, and the sale settles the item as `collect`. Only for an open
 * item naming a member and an amount; the Sell screen refuses it, with the reason shown
 * here, while another member's sale or a payment is under way there.
 */
export function ReviewCollectButton(props: {
  readonly item: ReviewItem;
  readonly currency: string;
}) {
  const { item, currency } = props;
  const { busy, error, done, run, fail } = useAction();
  const member = item.member;
  const amount = item.amount;
  if (member === null || amount === null || amount <= 0 || item.resolution !== null) return null;
  const name = lineName(item);
  const collect = () => {
    void run(() => {
      const refused = sendToSell(
        {
          member: { memberId: member.memberId, name: member.name },
          item: {
            kind: 'review_balance',
            reviewItemId: item.reviewItemId,
            name,
            unitPrice: amount,
          },
        },
        fail,
      );
      if (refused !== null) throw new Error(refused);
      return Promise.resolve(`${name} is on the cart at Sell, for ${member.name}.`);
    });
  };
  return (
    <div className="review-collect">
      <button
        type="button"
        aria-label={`Collect at Sell: ${formatMoney(amount, currency)} from ${member.name}`}
        disabled={busy}
        onClick={collect}
      >
        Collect at Sell
      </button>{' '}
      <small className="hint">
        {formatMoney(amount, currency)} from {member.name}, with cash, card or any tender
      </small>
      <ErrorNote error={error} />
      {done !== null && (
        <p className="result ok" role="status">
          {done}
        </p>
      )}
    </div>
  );
}
