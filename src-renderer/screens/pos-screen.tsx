import { useEffect, useMemo, useRef, useState } from 'react';
import { addProduct, quoteLines, saleLines, setQuantity, type CartLine } from '../desk/cart';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import type { FoundMember, SaleResult, SaleTender } from '../desk/operation-shapes';
import { formatMoney } from '../desk/money';
import { ErrorNote } from '../shell/error-note';
import { MemberSearch } from '../shell/member-search';
import { TenderPanel } from '../shell/tender-panel';
import type { Scan } from '../shell/workspace';
import { RecentSales } from './recent-sales';
import { SaleReceipt } from './sale-receipt';
import { TextField } from '../shell/text-field';

/**
 * The point of sale: catalog grid with search (a scanned shelf barcode adds the product),
 * cart, coupon, a member for packs, split tender, then the receipt to preview and print.
 */
export function PosScreen(props: { readonly scan: Scan | null }) {
  const desk = useDesk();
  const [search, setSearch] = useState('');
  const catalog = useDeskQuery(
    'pos.catalog',
    search.trim() === '' ? {} : { search: search.trim() },
  );
  const [cart, setCart] = useState<CartLine[]>([]);
  const [coupon, setCoupon] = useState('');
  const [member, setMember] = useState<FoundMember | null>(null);
  const [sale, setSale] = useState<SaleResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** Payment has started: the cart (and so the total) stays as the tenders were taken for. */
  const [tendering, setTendering] = useState(false);
  const editCart = (update: (lines: CartLine[]) => CartLine[]) => {
    if (tendering) {
      setError(
        new Error(
          'Payment has started for this cart. Remove the tenders taken so far to change it; a card already charged stays with the sale and is refunded after it.',
        ),
      );
      return;
    }
    setSale(null);
    setCart(update);
  };
  const quoteArgs = useMemo(
    () =>
      cart.length === 0
        ? null
        : {
            lines: quoteLines(cart),
            ...(coupon.trim() === '' ? {} : { couponCode: coupon.trim() }),
          },
    [cart, coupon],
  );
  const quote = useDeskQuery('pos.quote', quoteArgs);
  const currency = catalog.data?.currency ?? 'USD';
  const needsMember = cart.some((l) => l.kind === 'class_pack');

  const lastScan = useRef(0);
  // The scanner effect runs on scans only; it reaches the current cart rules through this.
  const editCartRef = useRef(editCart);
  editCartRef.current = editCart;
  useEffect(() => {
    const scan = props.scan;
    if (!scan || scan.seq === lastScan.current) return;
    lastScan.current = scan.seq;
    desk.query('pos.catalog', { search: scan.code }).then((found) => {
      const product = found.products.find((p) => p.productId === found.exactMatch);
      if (!product) {
        setError(new Error(`No product has the barcode ${scan.code}. Search for it by name.`));
        return;
      }
      editCartRef.current((c) => addProduct(c, product));
    }, setError);
  }, [props.scan, desk]);

  const complete = async (tenders: SaleTender[]) => {
    if (!quote.data) throw new Error('The cart is still being priced; try again in a moment.');
    if (quote.data.couponProblem) throw new Error(quote.data.couponProblem);
    const prices = quote.data.lines.map((l) => ('unitPrice' in l ? l.unitPrice : undefined));
    const result = await desk.mutate('pos.sale', {
      lines: saleLines(cart, prices),
      tenders,
      ...(member ? { memberId: member.memberId } : {}),
      ...(quote.data.couponCode ? { couponCode: quote.data.couponCode } : {}),
    });
    setSale(result);
    setTendering(false);
    setCart([]);
    setCoupon('');
    setMember(null);
  };

  return (
    <div className="pos">
      <div className="pos-catalog">
        <TextField
          label="Search products"
          type="search"
          placeholder="Name, SKU or barcode"
          value={search}
          onChange={setSearch}
        />
        <ErrorNote error={catalog.error} />
        <div className="product-grid" role="group" aria-label="Products">
          {catalog.data?.products.map((p) => (
            <button
              key={p.productId}
              type="button"
              className="tile"
              onClick={() => {
                editCart((c) => addProduct(c, p));
              }}
            >
              <span>{p.name}</span>
              <strong>{formatMoney(p.price, currency)}</strong>
              <small>{p.stockQuantity === null ? '' : `${p.stockQuantity} in stock`}</small>
            </button>
          ))}
          {catalog.data?.packs.map((p) => (
            <button
              key={p.packDefinitionId}
              type="button"
              className="tile pack"
              onClick={() => {
                editCart((c) => [
                  ...c,
                  {
                    key: `k-${p.packDefinitionId}-${c.length}`,
                    kind: 'class_pack',
                    packDefinitionId: p.packDefinitionId,
                    name: p.name,
                  },
                ]);
              }}
            >
              <span>{p.name}</span>
              <strong>{formatMoney(p.price, currency)}</strong>
              <small>{p.credits} credits</small>
            </button>
          ))}
        </div>
      </div>
      <div className="pos-cart">
        <h2>Cart</h2>
        <ErrorNote error={error} />
        {cart.length === 0 && !sale && <p className="hint">Tap a product or scan its barcode.</p>}
        <table aria-label="Cart">
          <tbody>
            {cart.map((line, i) => {
              const quoted = quote.data?.lines[i];
              return (
                <tr key={line.key}>
                  <td>{line.name}</td>
                  <td>
                    {line.kind === 'product' ? (
                      <input
                        type="number"
                        min={0}
                        max={999}
                        aria-label={`Quantity of ${line.name}`}
                        value={line.quantity}
                        onChange={(e) => {
                          editCart((c) => setQuantity(c, line.key, Number(e.target.value)));
                        }}
                      />
                    ) : (
                      1
                    )}
                  </td>
                  <td>{quoted ? formatMoney(quoted.amounts?.total ?? 0, currency) : '…'}</td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-label={`Remove ${line.name}`}
                      onClick={() => {
                        editCart((c) => c.filter((l) => l.key !== line.key));
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
        {cart.length > 0 && (
          <>
            <label>
              Coupon
              <input
                value={coupon}
                disabled={tendering}
                onChange={(e) => {
                  setCoupon(e.target.value.toUpperCase());
                }}
              />
            </label>
            {quote.data?.couponProblem && <p className="hint">{quote.data.couponProblem}</p>}
            {member ? (
              <p>
                Member: {member.firstName} {member.lastName}{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    setMember(null);
                  }}
                >
                  Change
                </button>
              </p>
            ) : (
              <MemberSearch
                label={needsMember ? 'Member (needed for a pack)' : 'Member (optional)'}
                onChoose={setMember}
              />
            )}
            <ErrorNote error={quote.error} />
            {quote.data && (
              <dl className="totals">
                <dt>Subtotal</dt>
                <dd>{formatMoney(quote.data.subtotal, currency)}</dd>
                <dt>Discount</dt>
                <dd>{formatMoney(quote.data.discount, currency)}</dd>
                <dt>Tax</dt>
                <dd>{formatMoney(quote.data.tax, currency)}</dd>
              </dl>
            )}
            <TenderPanel
              total={quote.data?.total ?? 0}
              currency={currency}
              disabled={!quote.data || (needsMember && member === null)}
              submitLabel="Complete sale"
              onSubmit={complete}
              onTenderingChange={setTendering}
            />
          </>
        )}
        {sale && (
          <SaleReceipt
            orderId={sale.orderId}
            changeDue={sale.changeDue}
            currency={currency}
            onNewSale={() => {
              setSale(null);
            }}
          />
        )}
      </div>
      <RecentSales />
    </div>
  );
}
