import { useEffect, useState } from 'react';
import type { CartLine } from '../desk/cart';
import { formatMoney } from '../desk/money';
import type { Quote } from '../desk/operation-shapes';

/**
 * The cart's lines. Each shows its price before discount and tax, as the tiles and the
 * printed receipt do; the discount and the tax are in the totals below (one rule on every
 * surface, so the lines add up to the subtotal).
 */
export function CartLines(props: {
  readonly cart: readonly CartLine[];
  readonly quote: Quote | undefined;
  readonly currency: string;
  readonly onQuantity: (key: string, quantity: number) => void;
  readonly onRemove: (key: string) => void;
}) {
  return (
    <table aria-label="Cart">
      <tbody>
        {props.cart.map((line, i) => {
          const quoted = props.quote?.lines[i];
          const listed =
            line.kind === 'gift_card'
              ? line.amount
              : line.unitPrice * (line.kind === 'product' ? line.quantity : 1);
          return (
            <tr key={line.key}>
              <td>{line.name}</td>
              <td>
                {line.kind === 'product' ? (
                  <QuantityField
                    line={line}
                    onQuantity={(quantity) => {
                      props.onQuantity(line.key, quantity);
                    }}
                    onRemove={() => {
                      props.onRemove(line.key);
                    }}
                  />
                ) : (
                  1
                )}
              </td>
              <td aria-label={`Price of ${line.name}`}>
                {formatMoney(quoted?.amounts?.gross ?? listed, props.currency)}
              </td>
              <td>
                <button
                  type="button"
                  className="link"
                  aria-label={`Remove ${line.name}`}
                  onClick={() => {
                    props.onRemove(line.key);
                  }}
                >
                  ✕
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * A quantity as staff type it. An empty field waits for the new number (a backspace never
 * drops the line); leaving it empty puts the quantity back, and only 0 on leaving removes it.
 */
function QuantityField(props: {
  readonly line: Extract<CartLine, { kind: 'product' }>;
  readonly onQuantity: (quantity: number) => void;
  readonly onRemove: () => void;
}) {
  const { line } = props;
  const [text, setText] = useState(String(line.quantity));
  useEffect(() => {
    setText(String(line.quantity));
  }, [line.quantity]);
  return (
    <input
      type="number"
      min={0}
      max={999}
      aria-label={`Quantity of ${line.name}`}
      value={text}
      onChange={(e) => {
        const typed = e.target.value;
        setText(typed);
        const quantity = Number(typed);
        if (typed.trim() !== '' && Number.isInteger(quantity) && quantity >= 1) {
          props.onQuantity(quantity);
        }
      }}
      onBlur={() => {
        if (text.trim() !== '' && Number(text) === 0) props.onRemove();
        else setText(String(line.quantity));
      }}
    />
  );
}
