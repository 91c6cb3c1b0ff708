import { cardName } from '../../src-shared/mutations/front-desk/card-details';
import type { CardPaymentLeft } from '../../src-shared/mutations/front-desk/card-refund-rules';
import type { RefundTender } from '../../src-shared/mutations/front-desk/sale-tenders';
import { formatMoney } from '../desk/money';
import { TextField } from '../shell/text-field';

type OtherWay = 'cash' | 'gift_card';

/**
 * Where a refund goes: cash, store credit, or back to a card that paid the sale (issue 17
 * item 5). To a card, `cardText` is the amount the clerk typed, or null for "as much as the
 * card has left, up to the refund"; the rest goes back the `rest` way.
 */
export type RefundChoice =
  | { readonly to: OtherWay }
  | {
      readonly to: 'card';
      readonly paymentIntentId: string;
      readonly cardText: string | null;
      readonly rest: OtherWay;
    };

export const CASH_REFUND: RefundChoice = { to: 'cash' };

function cardOf(cards: readonly CardPaymentLeft[], choice: RefundChoice) {
  return choice.to === 'card'
    ? cards.find((c) => c.paymentIntentId === choice.paymentIntentId)
    : undefined;
}

/** What goes back to the card: what the clerk typed, else what the card has left; never over `due`. */
function toCard(cards: readonly CardPaymentLeft[], choice: RefundChoice, due: number): number {
  const card = cardOf(cards, choice);
  if (choice.to !== 'card' || card === undefined) return 0;
  const typed = choice.cardText === null ? card.left : Math.round(Number(choice.cardText) * 100);
  return Number.isFinite(typed) ? Math.min(Math.max(typed, 0), due) : 0;
}

/** The tenders of a refund of `due`, as the choice splits it. */
export function refundTenders(
  cards: readonly CardPaymentLeft[],
  choice: RefundChoice,
  due: number,
): RefundTender[] {
  if (due === 0) return [];
  if (choice.to !== 'card') return [{ method: choice.to, amount: due }];
  const card = toCard(cards, choice, due);
  const tenders: RefundTender[] = [];
  if (card > 0) {
    tenders.push({ method: 'card', amount: card, paymentIntentId: choice.paymentIntentId });
  }
  if (due - card > 0) tenders.push({ method: choice.rest, amount: due - card });
  return tenders;
}

const OTHER_WAYS: readonly { readonly value: OtherWay; readonly label: string }[] = [
  { value: 'cash', label: 'Cash' },
  { value: 'gift_card', label: 'Store credit (new gift card)' },
];

function otherWay(value: string): OtherWay {
  return value === 'gift_card' ? 'gift_card' : 'cash';
}

/**
 * How a card that paid is offered: "Back to Visa •••• 4242, $12.00 left of $12.00 paid", so
 * the clerk can tell the customer which card the money goes to. A payment taken before the
 * brand and last 4 were kept is "Card (ending unknown)".
 */
export function cardOptionLabel(card: CardPaymentLeft): string {
  return `Back to ${cardName(card.card)}, ${formatMoney(card.left)} left of ${formatMoney(card.paid)} paid`;
}

/**
 * The "Refund to" choice. Each card that paid the sale and still has money to give back is
 * offered by its brand and last 4 digits, with the amount left on it pre-filled; the desk
 * refuses more than that anyway.
 */
export function RefundToChoice(props: {
  readonly cards: readonly CardPaymentLeft[];
  /** What the refund being prepared gives back, or null while unknown. */
  readonly due: number | null;
  readonly value: RefundChoice;
  readonly onChange: (choice: RefundChoice) => void;
}) {
  const { cards, due, value, onChange } = props;
  const open = cards.filter((c) => c.left > 0);
  const card = cardOf(cards, value);
  const onCard = due === null ? null : toCard(cards, value, due);
  return (
    <>
      <label>
        Refund to
        <select
          value={value.to === 'card' ? `card:${value.paymentIntentId}` : value.to}
          onChange={(e) => {
            const picked = e.target.value;
            const paymentIntentId = picked.startsWith('card:') ? picked.slice(5) : null;
            onChange(
              paymentIntentId === null
                ? { to: otherWay(picked) }
                : { to: 'card', paymentIntentId, cardText: null, rest: 'cash' },
            );
          }}
        >
          {OTHER_WAYS.map((w) => (
            <option key={w.value} value={w.value}>
              {w.label}
            </option>
          ))}
          {open.map((c) => (
            <option key={c.paymentIntentId} value={`card:${c.paymentIntentId}`}>
              {cardOptionLabel(c)}
            </option>
          ))}
        </select>
      </label>
      {value.to === 'card' && card !== undefined && (
        <>
          <TextField
            label="Amount back to the card"
            type="number"
            min={0}
            max={card.left / 100}
            step={0.01}
            value={value.cardText ?? ((onCard ?? card.left) / 100).toFixed(2)}
            onChange={(text) => {
              onChange({ ...value, cardText: text });
            }}
          />
          {due !== null && onCard !== null && due - onCard > 0 && (
            <label>
              The other {formatMoney(due - onCard)} goes back as
              <select
                value={value.rest}
                onChange={(e) => {
                  onChange({ ...value, rest: otherWay(e.target.value) });
                }}
              >
                {OTHER_WAYS.map((w) => (
                  <option key={w.value} value={w.value}>
                    {w.label}
                  </option>
                ))}
              </select>
            </label>
          )}
        </>
      )}
    </>
  );
}
