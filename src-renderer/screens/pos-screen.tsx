import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HeldSale } from '../../src-shared/bridge/held-sale-schemas';
import {
  addMembership,
  addPack,
  addProduct,
  fromHeldSale,
  needsMember as cartNeedsMember,
  quoteLines,
  removeLine,
  saleLines,
  setQuantity,
  stockProblem,
  toHeldSale,
  type CartLine,
  type CartMember,
  type SellableProduct,
  type TakenPayment,
} from '../desk/cart';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import type { SaleResult, SaleTender } from '../desk/operation-shapes';
import { formatMoney } from '../desk/money';
import { useHeldSale } from '../desk/use-held-sale';
import { useStudioTime } from '../desk/use-studio-time';
import { ErrorNote } from '../shell/error-note';
import { MemberSearch } from '../shell/member-search';
import { TenderPanel } from '../shell/tender-panel';
import type { Scan } from '../shell/workspace';
import { acceptSellRequests, useSellRequests } from './fee-sell-handoff';
import { ParkedSales, ParkSale } from './parked-sales';
import { CartLines } from './pos-cart-lines';
import { RecentSales } from './recent-sales';
import { SaleReceipt } from './sale-receipt';
import { TextField } from '../shell/text-field';
import { MembershipPlanTiles } from './membership-plan-tiles';
import './pos-layout.css';

const PAYMENT_STARTED =
  'Payment has started for this cart. Remove the tenders taken so far to change it, or cancel the sale; a card already charged stays with the sale and is refunded after it.';

/**
 * The point of sale: catalog grid with search (a scanned shelf barcode adds the product),
 * cart, coupon, a member for packs, split tender, then the receipt to preview and print.
 * The open sale is kept by the desk through a lock, a staff switch and a restart, and can
 * be parked under a label and recalled (issue 17 item 6). Cart and payment sit side by side
 * so "Complete sale" is in view without scrolling.
 */
/** The member field's label: whether the cart needs a member, and for what. */
function memberLabel(cart: readonly CartLine[]): string {
  if (cart.some((l) => l.kind === 'class_pack')) return 'Member (needed for a pack)';
  if (cart.some((l) => l.kind === 'membership')) return 'Member (needed for a membership)';
  if (cart.some((l) => l.kind === 'fee')) return 'Member (who owes the fee)';
  if (cart.some((l) => l.kind === 'appointment')) return 'Member (whose appointment it is)';
  if (cart.some((l) => l.kind === 'review_balance')) return 'Member (who owes the balance)';
  return 'Member (optional)';
}

export function PosScreen(props: {
  readonly scan: Scan | null;
  /** Opens the Cash drawer screen, offered when the drawer is closed. */
  readonly onOpenDrawer?: () => void;
}) {
  const desk = useDesk();
  const clock = useStudioTime();
  const [search, setSearch] = useState('');
  const catalog = useDeskQuery(
    'pos.catalog',
    search.trim() === '' ? {} : { search: search.trim() },
  );
  const [cart, setCart] = useState<readonly CartLine[]>([]);
  const [coupon, setCoupon] = useState('');
  const [member, setMember] = useState<CartMember | null>(null);
  const [sale, setSale] = useState<SaleResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** What changed in a recalled sale since it was parked, for staff to tell the customer. */
  const [recalled, setRecalled] = useState<{ label: string; changes: readonly string[] } | null>(
    null,
  );
  // The screen's own refusals are plain sentences (strings): ErrorNote adds no next step.
  /** Payment has started: the cart (and so the total) stays as the tenders were taken for. */
  const [tendering, setTendering] = useState(false);
  /** Stock as the catalogue last said, by product: a quantity typed above it is refused. */
  const known = useRef(new Map<string, SellableProduct>());
  for (const p of catalog.data?.products ?? []) known.current.set(p.productId, p);

  const editCart = (update: (lines: readonly CartLine[]) => readonly CartLine[]) => {
    if (tendering) {
      setError(PAYMENT_STARTED);
      return;
    }
    setSale(null);
    setError(null);
    setCart(update);
  };
  const add = (product: SellableProduct) => {
    if (tendering) {
      setError(PAYMENT_STARTED);
      return;
    }
    known.current.set(product.productId, product);
    const added = addProduct(cart, product);
    if (added.problem) {
      setError(added.problem);
      return;
    }
    editCart(() => added.cart);
  };
  /** Payment taken so far (kept with the open sale: a card may already be charged). */
  const [payment, setPayment] = useState<TakenPayment | null>(null);
  /** The payment the desk kept when the screen was last closed, for the payment panel. */
  const [restoredPayment, setRestoredPayment] = useState<TakenPayment | null>(null);
  const restore = useCallback((held: HeldSale) => {
    const open = fromHeldSale(held);
    setCart(open.cart);
    setCoupon(open.couponCode);
    setMember(open.member);
    setPayment(open.payment);
    setRestoredPayment(open.payment);
  }, []);
  const held = useHeldSale(toHeldSale(cart, coupon, member, payment), restore);

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
  const needsMember = cartNeedsMember(cart);

  // Fees and appointments handed over from the member page and Appointments (issue 18),
  // taken once the desk has restored the open sale, so a restore never drops them.
  useSellRequests(held.loaded, (requests) => {
    const taken = acceptSellRequests({ cart, member, tendering }, requests);
    if (taken.cart !== cart) {
      setSale(null);
      setCart(taken.cart);
      setMember(taken.member);
    }
    setError(taken.refusals.length === 0 ? null : taken.refusals.map((r) => r.reason).join(' '));
    for (const { request, reason } of taken.refusals) request.refuse(reason);
  });

  const lastScan = useRef(0);
  // The scanner effect runs on scans only; it reaches the current cart rules through this.
  const addRef = useRef(add);
  addRef.current = add;
  useEffect(() => {
    const scan = props.scan;
    if (!scan || scan.seq === lastScan.current) return;
    lastScan.current = scan.seq;
    desk.query('pos.catalog', { search: scan.code }).then((found) => {
      const product = found.products.find((p) => p.productId === found.exactMatch);
      if (!product) {
        setError(`No product has the barcode ${scan.code}. Search for it by name.`);
        return;
      }
      addRef.current(product);
    }, setError);
  }, [props.scan, desk]);

  const clearSale = () => {
    setTendering(false);
    setPayment(null);
    setRestoredPayment(null);
    setCart([]);
    setCoupon('');
    setMember(null);
    setRecalled(null);
  };

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
    clearSale();
  };

  const park = async (label: string) => {
    const open = toHeldSale(cart, coupon, member);
    if (!open) throw new Error('The cart is empty: there is nothing to park.');
    await held.park(label, open);
    clearSale();
  };

  return (
    <div className="pos pos-till">
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
                add(p);
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
                editCart((c) => addPack(c, p));
              }}
            >
              <span>{p.name}</span>
              <strong>{formatMoney(p.price, currency)}</strong>
              <small>{p.credits} credits</small>
            </button>
          ))}
        </div>
        <MembershipPlanTiles
          currency={currency}
          clock={clock}
          onAdd={(plan, startDate) => {
            editCart((c) => addMembership(c, plan, startDate));
          }}
        />
      </div>
      <div className="pos-cart">
        <h2>Cart</h2>
        <ErrorNote error={error} />
        <ErrorNote error={held.error} />
        {recalled && (
          <div className="result" role="status" aria-label="Recalled sale">
            <strong>Recalled “{recalled.label}”.</strong>{' '}
            {recalled.changes.length === 0 ? (
              'Prices are as when it was parked.'
            ) : (
              <ul>
                {recalled.changes.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {/* Only once the desk has said no sale was open, so the hint never flashes over one. */}
        {cart.length === 0 && !sale && held.loaded && (
          <p className="hint">Tap a product or scan its barcode.</p>
        )}
        <CartLines
          cart={cart}
          quote={quote.data}
          currency={currency}
          onQuantity={(key, quantity) => {
            const line = cart.find((l) => l.key === key);
            const product = line?.kind === 'product' ? known.current.get(line.productId) : null;
            const problem = product ? stockProblem(product, quantity) : null;
            if (problem) setError(problem);
            else editCart((c) => setQuantity(c, key, quantity));
          }}
          onRemove={(key) => {
            editCart((c) => removeLine(c, key));
          }}
        />
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
                Member: {member.name}{' '}
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
                label={memberLabel(cart)}
                onChoose={(m) => {
                  const name = `${m.firstName} ${m.lastName}`.trim();
                  setMember({ memberId: m.memberId, name: name === '' ? 'Member' : name });
                }}
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
            <ParkSale
              whyNot={tendering ? 'Payment has started: finish or cancel this sale first.' : null}
              onPark={park}
            />
          </>
        )}
        <ParkedSales
          parked={held.parked}
          clock={clock}
          whyNot={cart.length > 0 ? 'Park or finish the sale on screen to recall another.' : null}
          onRecall={(parked) => {
            setError(null);
            held.recall(parked.parkedSaleId).then((back) => {
              setSale(null);
              if (back.sale) restore(back.sale);
              setRecalled({ label: parked.label, changes: back.changes });
            }, setError);
          }}
        />
      </div>
      <div className="pos-pay">
        {cart.length > 0 && (
          <TenderPanel
            total={quote.data?.total ?? 0}
            currency={currency}
            disabled={!quote.data || (needsMember && member === null)}
            submitLabel="Complete sale"
            onSubmit={complete}
            onTenderingChange={setTendering}
            restoredPayment={restoredPayment}
            onPaymentChange={setPayment}
            autopayMemberId={
              cart.some((l) => l.kind === 'membership') ? (member?.memberId ?? null) : null
            }
            onCancel={clearSale}
            {...(props.onOpenDrawer ? { onOpenDrawer: props.onOpenDrawer } : {})}
          />
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
