import { useState } from 'react';
import { useDesk } from '../desk/desk-context';
import type { QueryResult } from '../../src-shared/bridge/desk-operations';
import type { SaleResult } from '../desk/operation-shapes';
import { formatMoney, parseMoney } from '../desk/money';
import { giftCardEntryLabel, giftCardStatusLabel } from '../desk/status-labels';
import { useStudioTime } from '../desk/use-studio-time';
import { ErrorNote } from '../shell/error-note';
import { TenderPanel } from '../shell/tender-panel';
import { SaleReceipt } from './sale-receipt';
import { TextField } from '../shell/text-field';

type Card = QueryResult<'giftCard.balance'>;

/** Gift cards: sell a new one, reload one, and look up a balance with its history. */
export function GiftCardsScreen() {
  const desk = useDesk();
  const clock = useStudioTime();
  const [amountText, setAmountText] = useState('');
  const [code, setCode] = useState('');
  const [card, setCard] = useState<Card | null>(null);
  const [sold, setSold] = useState<SaleResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const amount = parseMoney(amountText) ?? 0;

  const lookUp = async () => {
    setError(null);
    try {
      setCard(await desk.query('giftCard.balance', { code: code.trim() }));
    } catch (failure) {
      setCard(null);
      setError(failure);
    }
  };

  return (
    <div className="gift-cards columns">
      <section className="card" aria-label="Gift card balance">
        <h2>Balance and reload</h2>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void lookUp();
          }}
        >
          <TextField label="Card code" autoComplete="off" value={code} onChange={setCode} />
          <button type="submit">Look up</button>
        </form>
        <ErrorNote error={error} />
        {card && (
          <div>
            <p role="status" aria-label="Gift card balance result">
              {card.code}: <strong>{formatMoney(card.balance)}</strong> (
              {giftCardStatusLabel(card.status).toLowerCase()})
            </p>
            <table>
              <tbody>
                {card.entries.map((e) => (
                  <tr key={e.entryId}>
                    <td>{clock.dateTime(e.at)}</td>
                    <td>{giftCardEntryLabel(e.type)}</td>
                    <td>{formatMoney(e.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-label="Sell or reload a gift card">
        <h2>{card ? `Reload ${card.code}` : 'Sell a new gift card'}</h2>
        {card && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setCard(null);
            }}
          >
            Sell a new card instead
          </button>
        )}
        <TextField
          label="Gift card amount"
          inputMode="decimal"
          value={amountText}
          onChange={setAmountText}
        />
        {amount > 0 && (
          <TenderPanel
            total={amount}
            currency="USD"
            submitLabel={card ? 'Reload card' : 'Sell gift card'}
            onSubmit={async (tenders) => {
              const result = card
                ? await desk.mutate('giftCard.reload', {
                    giftCardId: card.giftCardId,
                    amount,
                    tenders,
                  })
                : await desk.mutate('giftCard.sell', { amount, tenders });
              setSold(result);
              setAmountText('');
              if (card) setCard(await desk.query('giftCard.balance', { code: card.code }));
            }}
          />
        )}
        {sold && (
          <>
            {sold.giftCards.map((g) => (
              <p
                key={g.giftCardId}
                className="result ok"
                role="status"
                aria-label="New gift card code"
              >
                Gift card code: <strong>{g.code}</strong>
              </p>
            ))}
            <SaleReceipt
              orderId={sold.orderId}
              changeDue={sold.changeDue}
              currency="USD"
              onNewSale={() => {
                setSold(null);
              }}
            />
          </>
        )}
      </section>
    </div>
  );
}
