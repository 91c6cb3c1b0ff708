import { useState } from 'react';
import { useDeskQuery } from '../../desk/desk-context';
import { formatMoney } from '../../desk/money';
import { ErrorNote } from '../../shell/error-note';
import { ProductForm } from './product-form';
import { StockForm } from './stock-form';

/** Products (`catalogue.products`): the list, a product's edit or stock, and a new one. */
export function ProductsSection(props: { readonly currency: string }) {
  const products = useDeskQuery('catalogue.products', {});
  const [open, setOpen] = useState<{ readonly id: string; readonly form: 'edit' | 'stock' } | null>(
    null,
  );
  const list = products.data ?? [];
  const chosen = list.find((p) => p.productId === open?.id);
  const close = () => {
    setOpen(null);
  };

  return (
    <div className="columns">
      <section className="card" aria-label="Products">
        <h3>Products</h3>
        <ErrorNote error={products.error} />
        <table className="console-table">
          <thead>
            <tr>
              <th>Product</th>
              <th>Price</th>
              <th>Stock</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.productId} className={p.active ? '' : 'muted'}>
                <td>
                  {p.name}
                  {p.active ? '' : ' (not sold)'}
                </td>
                <td>{formatMoney(p.price, props.currency)}</td>
                <td>{p.stockQuantity ?? '—'}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      setOpen({ id: p.productId, form: 'edit' });
                    }}
                  >
                    Edit {p.name}
                  </button>{' '}
                  {p.stockQuantity !== null && (
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        setOpen({ id: p.productId, form: 'stock' });
                      }}
                    >
                      Stock of {p.name}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div>
        {chosen && open?.form === 'edit' && (
          <ProductForm key={`edit-${chosen.productId}`} product={chosen} onClose={close} />
        )}
        {chosen && open?.form === 'stock' && (
          <StockForm key={`stock-${chosen.productId}`} product={chosen} onClose={close} />
        )}
        <ProductForm product={null} onClose={close} />
      </div>
    </div>
  );
}
